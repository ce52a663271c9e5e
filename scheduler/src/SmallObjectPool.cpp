// Slab carving for the small-object pool.
#include "loopscope/SmallObjectPool.hpp"

#include <cstdlib>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace loopscope::detail {

thread_local constinit PoolState t_pool{};

namespace {
constexpr std::size_t kSlabBytes = std::size_t(2) << 20;

// A 2 MiB slab aligned to a huge page, so it is backed by one page fault instead of 512.
char* newSlab() {
    void* p = std::aligned_alloc(kSlabBytes, kSlabBytes);
    if (!p)
        throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(p, kSlabBytes, MADV_HUGEPAGE);
#endif
    LOOPSCOPE_POOL_POISON(p, kSlabBytes);
    return static_cast<char*>(p);
}
} // namespace

void* poolCarve(std::size_t cls) {
    const std::size_t bytes = (cls + 1) * kPoolGranule;
    if (static_cast<std::size_t>(t_pool.end - t_pool.next) < bytes) {
        // The tail of the old slab (under kPoolMaxBytes) is left unused.
        t_pool.next = newSlab();
        t_pool.end = t_pool.next + kSlabBytes;
    }
    void* p = t_pool.next;
    t_pool.next += bytes;
    LOOPSCOPE_POOL_UNPOISON(p, bytes);
    return p;
}

} // namespace loopscope::detail
