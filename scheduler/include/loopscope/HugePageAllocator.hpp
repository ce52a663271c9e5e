// Memory for buffers that grow to megabytes in a big run: trace blocks, the trace's task
// table, the ready queue, the loop's task list. Fresh memory is paid for in page faults, and
// on a VM a 4 KiB fault costs ~10 us: a 20,000-task run spent more time faulting in these
// buffers than scheduling. A 2 MiB-aligned block marked for transparent huge pages is backed
// by one fault per 2 MiB instead of 512.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace loopscope::detail {

inline constexpr std::size_t kHugePageBytes = std::size_t(2) << 20;

/// `bytes` rounded up to whole huge pages, 2 MiB-aligned, marked for huge pages. Release with
/// std::free.
inline void* allocateHugePages(std::size_t bytes) {
    bytes = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    void* p = std::aligned_alloc(kHugePageBytes, bytes);
    if (!p)
        throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return p;
}

/// A standard allocator that puts buffers of 512 KiB and more on huge pages (below that the
/// rounding would waste more than it saves) and smaller ones in operator new.
template <class T>
class HugePageAllocator {
public:
    using value_type = T;
    static constexpr std::size_t kThresholdBytes = std::size_t(512) << 10;

    HugePageAllocator() noexcept = default;
    template <class U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes >= kThresholdBytes)
            return static_cast<T*>(allocateHugePages(bytes));
        return static_cast<T*>(::operator new(bytes));
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) >= kThresholdBytes)
            std::free(p);
        else
            ::operator delete(p);
    }
    template <class U>
    bool operator==(const HugePageAllocator<U>&) const noexcept {
        return true;
    }
};

} // namespace loopscope::detail
