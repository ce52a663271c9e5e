// Slab carving for the small-object pool.
#include "loopscope/SmallObjectPool.hpp"

#include "loopscope/BlockPrefetcher.hpp"
#include "loopscope/ChunkedVector.hpp" // PrefetcherDelete, startPrefetcher
#include "loopscope/HugePageAllocator.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>

namespace loopscope::detail {

thread_local constinit PoolState t_pool{};

namespace {
constexpr std::size_t kSlabBytes = std::size_t(2) << 20;
// Each slab starts with a link to the previous one; the rest (16-byte aligned) is carved.
constexpr std::size_t kSlabHeader = 16;

// Every slab of every thread, linked from a global: slabs are never freed, and once only
// free lists point into them a leak checker (LeakSanitizer) would report them as leaked.
// Trivially destructible, so it is still there when the leak check runs at exit.
constinit std::atomic<void*> g_slabs{nullptr};

// Once a thread has carved half of its first slab it runs something big: from then on its
// next slab is allocated and faulted in ahead, on a helper thread (see BlockPrefetcher.hpp).
// The pointer is trivially destructible, so a pool allocation from a later thread-local or
// static destructor still finds it (null once the guard has run, and never started again).
thread_local BlockPrefetcher* t_slabPrefetcher = nullptr;
thread_local bool t_exiting = false;
// Carving past this point starts the prefetcher (null: before the first slab, and once tried).
thread_local char* t_prefetchMark = nullptr;
struct SlabPrefetcherGuard {
    ~SlabPrefetcherGuard() {
        PrefetcherDelete{}(t_slabPrefetcher);
        t_slabPrefetcher = nullptr;
        t_exiting = true;
    }
};
thread_local SlabPrefetcherGuard t_slabPrefetcherGuard;

// A 2 MiB slab aligned to a huge page, so it is backed by one page fault instead of 512.
char* newSlab() {
    void* p = t_slabPrefetcher ? t_slabPrefetcher->take() : nullptr;
    if (!p)
        p = allocateHugePages(kSlabBytes);
    if (!t_pool.end) // this thread's first slab
        t_prefetchMark = static_cast<char*>(p) + kSlabBytes / 2;
    void* head = g_slabs.load(std::memory_order_relaxed);
    do {
        *static_cast<void**>(p) = head;
    } while (!g_slabs.compare_exchange_weak(head, p, std::memory_order_release,
                                            std::memory_order_relaxed));
    char* carve = static_cast<char*>(p) + kSlabHeader;
    LOOPSCOPE_POOL_POISON(carve, kSlabBytes - kSlabHeader);
    return carve;
}
} // namespace

void* poolCarve(std::size_t cls) {
    const std::size_t bytes = (cls + 1) * kPoolGranule;
    // A block whose size is a multiple of 32 or 64 bytes is aligned to that, up to a cache
    // line: a 64-byte future then takes one cache line, not two.
    const std::size_t align = std::min<std::size_t>(bytes & (~bytes + 1), 64);
    const auto padding = [&] {
        return (align - reinterpret_cast<std::uintptr_t>(t_pool.next) % align) % align;
    };
    if (static_cast<std::size_t>(t_pool.end - t_pool.next) < padding() + bytes) {
        // The tail of the old slab (under kPoolMaxBytes) is left unused.
        t_pool.next = newSlab();
        t_pool.end = t_pool.next + (kSlabBytes - kSlabHeader);
    }
    t_pool.next += padding(); // the gap (under 64 bytes) is left unused
    void* p = t_pool.next;
    t_pool.next += bytes;
    LOOPSCOPE_POOL_UNPOISON(p, bytes);
    if (t_prefetchMark && t_pool.next >= t_prefetchMark) {
        t_prefetchMark = nullptr;
        if (!t_exiting) {
            (void)&t_slabPrefetcherGuard; // registers its destructor for this thread
            t_slabPrefetcher = startPrefetcher(kSlabBytes);
        }
    }
    return p;
}

} // namespace loopscope::detail
