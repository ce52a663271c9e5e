// A thread-local allocator for the scheduler's small, short-lived objects: futures, tasks,
// timer handles, coroutine frames, callback lists. A run with tens of thousands of tasks
// allocates and frees millions of them. Two costs dominated with plain malloc: glibc's
// _int_malloc for sizes its tcache does not hold, and page faults on fresh 4 KiB heap pages
// (about 10 us each on a VM, against a fraction of that per 4 KiB for a 2 MiB huge page).
// The pool serves 16-byte size classes from 2 MiB huge-page slabs and recycles freed blocks
// through per-class free lists.
//
// Slabs are never returned: an object may be freed on another thread than the one that
// allocated it (its block then joins that thread's free list), and a thread's slabs may
// still hold live objects when it exits. The memory kept is the peak in use, which is what
// the next run needs anyway.
#pragma once

#include <cstddef>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
// Freed blocks are poisoned so that AddressSanitizer still reports a use after free.
#define LOOPSCOPE_POOL_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define LOOPSCOPE_POOL_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define LOOPSCOPE_POOL_POISON(p, n) ((void)(p), (void)(n))
#define LOOPSCOPE_POOL_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace loopscope::detail {

inline constexpr std::size_t kPoolGranule = 16;
/// Larger requests go to ::operator new: they are rare (big coroutine frames, long lists).
inline constexpr std::size_t kPoolMaxBytes = 1024;
inline constexpr std::size_t kPoolClasses = kPoolMaxBytes / kPoolGranule;

struct PoolBlock {
    PoolBlock* next;
};

/// Per-thread state. Zero-initialised, so it needs no thread_local initialisation guard.
struct PoolState {
    PoolBlock* free[kPoolClasses];
    char* next; // the uncarved rest of the current slab
    char* end;
};
extern thread_local constinit PoolState t_pool;

/// Carves a block of size class `cls` from the current slab, starting a new slab if needed.
void* poolCarve(std::size_t cls);

inline std::size_t poolClass(std::size_t bytes) noexcept {
    return (bytes + kPoolGranule - 1) / kPoolGranule - 1;
}

inline void* poolAllocate(std::size_t bytes) {
    if (bytes == 0 || bytes > kPoolMaxBytes)
        return ::operator new(bytes);
    const std::size_t cls = poolClass(bytes);
    PoolBlock* b = t_pool.free[cls];
    if (!b)
        return poolCarve(cls);
    LOOPSCOPE_POOL_UNPOISON(b, (cls + 1) * kPoolGranule);
    t_pool.free[cls] = b->next;
    return b;
}

/// `bytes` must be the size given to poolAllocate.
inline void poolDeallocate(void* p, std::size_t bytes) noexcept {
    if (!p)
        return;
    if (bytes == 0 || bytes > kPoolMaxBytes) {
        ::operator delete(p);
        return;
    }
    const std::size_t cls = poolClass(bytes);
    PoolBlock* b = static_cast<PoolBlock*>(p);
    b->next = t_pool.free[cls];
    t_pool.free[cls] = b;
    LOOPSCOPE_POOL_POISON(b, (cls + 1) * kPoolGranule);
}

/// A standard allocator over the pool, for the scheduler's small containers.
template <class T>
class PoolAllocator {
public:
    using value_type = T;
    PoolAllocator() noexcept = default;
    template <class U>
    PoolAllocator(const PoolAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(poolAllocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { poolDeallocate(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const PoolAllocator<U>&) const noexcept {
        return true;
    }
};

} // namespace loopscope::detail
