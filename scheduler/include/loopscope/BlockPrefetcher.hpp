// Fresh memory for a growing trace or pool, made ready on a helper thread. A big run's trace
// and small-object pool grow by tens of megabytes, and on a VM the kernel's zeroing of fresh
// pages on first touch was a third of the time of such a run: the loop stopped at each new
// block until the kernel had faulted in every page of it. A prefetcher allocates and faults
// in the next block while the loop fills the current one, so on a machine with a second
// core the loop finds it ready. Nothing it does is seen by the run: it only prepares memory.
//
// After a fork() the child has no helper thread: a prefetcher made before the fork then
// hands out nothing (its owner allocates in place, as without one), and it is leaked, not
// destroyed (its mutex and condition variable may be held by the thread the child lacks).
// Own one through PrefetcherDelete, which does that.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace loopscope::detail {

class BlockPrefetcher {
public:
    /// Starts preparing the first block of `bytes` (a multiple of the huge page size).
    explicit BlockPrefetcher(std::size_t bytes);
    /// Stops the helper and frees a block it prepared that nobody took. Only where
    /// helperAlive() (PrefetcherDelete checks).
    ~BlockPrefetcher();
    BlockPrefetcher(const BlockPrefetcher&) = delete;
    BlockPrefetcher& operator=(const BlockPrefetcher&) = delete;

    /// The prepared block (waiting for it if it is not ready yet), already faulted in, or
    /// null if the helper could not allocate it or this is a forked child; starts preparing
    /// the next one. Release it with std::free.
    void* take();

    /// False in a process forked after this prefetcher was made.
    bool helperAlive() const noexcept;

private:
    void run();

    const std::size_t bytes_;
    const int pid_; // the process the helper runs in
    std::mutex mutex_;
    std::condition_variable cv_;
    void* ready_ = nullptr;
    bool wanted_ = true; // the helper should prepare a block
    bool failed_ = false;
    bool stop_ = false;
    std::thread thread_; // last: started once the state above is set
};

/// How many blocks helpers have handed over in this process (for tests).
std::size_t prefetchedBlocks() noexcept;
/// How many prefetchers (helper threads) were started in this process (for tests).
std::size_t prefetchersStarted() noexcept;

} // namespace loopscope::detail
