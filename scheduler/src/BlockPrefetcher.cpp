// The helper thread of BlockPrefetcher.
#include "loopscope/BlockPrefetcher.hpp"

#include "loopscope/ChunkedVector.hpp"
#include "loopscope/HugePageAllocator.hpp"

#include <atomic>
#include <cstdlib>
#include <new>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace loopscope::detail {

namespace {
/// Blocks handed over by helpers, and helpers started, in this process (tests look at them).
std::atomic<std::size_t> g_prefetched{0};
std::atomic<std::size_t> g_started{0};

/// Faults in every page of [p, p + bytes): one system call where the kernel has it (Linux
/// 5.14), else a write to each 4 KiB page (a huge-page block takes one fault per 2 MiB).
void faultIn(void* p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    if (madvise(p, bytes, MADV_POPULATE_WRITE) == 0)
        return;
#endif
    auto* bytesPtr = static_cast<volatile char*>(p);
    for (std::size_t i = 0; i < bytes; i += 4096)
        bytesPtr[i] = 0;
}
} // namespace

BlockPrefetcher::BlockPrefetcher(std::size_t bytes)
    : bytes_(bytes), pid_(getpid()), thread_([this] { run(); }) {
    g_started.fetch_add(1, std::memory_order_relaxed);
}

bool BlockPrefetcher::helperAlive() const noexcept {
    // A forked child has another pid, whichever way it was made (fork, _Fork, clone).
    return getpid() == pid_;
}

std::size_t prefetchedBlocks() noexcept { return g_prefetched.load(std::memory_order_relaxed); }

std::size_t prefetchersStarted() noexcept { return g_started.load(std::memory_order_relaxed); }

BlockPrefetcher::~BlockPrefetcher() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
    std::free(ready_);
}

void* BlockPrefetcher::take() {
    if (!helperAlive())
        return nullptr;
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return ready_ || failed_; });
    failed_ = false;
    void* p = ready_;
    ready_ = nullptr;
    wanted_ = true;
    lock.unlock();
    cv_.notify_all();
    if (p)
        g_prefetched.fetch_add(1, std::memory_order_relaxed);
    return p;
}

void BlockPrefetcher::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        cv_.wait(lock, [this] { return stop_ || wanted_; });
        if (stop_)
            return;
        wanted_ = false;
        lock.unlock();
        void* p = nullptr;
        try {
            p = allocateHugePages(bytes_);
            faultIn(p, bytes_);
        } catch (const std::bad_alloc&) {
            p = nullptr;
        }
        lock.lock();
        if (p)
            ready_ = p;
        else
            failed_ = true;
        cv_.notify_all();
    }
}

BlockPrefetcher* startPrefetcher(std::size_t bytes) noexcept {
    try {
        return new BlockPrefetcher(bytes);
    } catch (...) { // no thread to be had (a process or memory limit): allocate in place
        return nullptr;
    }
}

void* takePrefetched(BlockPrefetcher& prefetcher) { return prefetcher.take(); }

void PrefetcherDelete::operator()(BlockPrefetcher* p) const noexcept {
    if (p && p->helperAlive())
        delete p;
    // else: a forked child's copy, leaked (see BlockPrefetcher.hpp)
}

} // namespace loopscope::detail
