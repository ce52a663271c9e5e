// Handles returned by call_soon / call_later / call_at: a callback that can be cancelled
// before it runs (CPython's events.Handle and events.TimerHandle).
#pragma once

#include "loopscope/Ref.hpp"

#include <cstdint>
#include <functional>

namespace loopscope {

class Handle : public RefCounted {
public:
    explicit Handle(std::function<void()> fn) : fn_(std::move(fn)) {}
    /// Prevents the callback from running; harmless after it ran.
    void cancel() noexcept {
        cancelled_ = true;
        fn_ = nullptr; // releases what the callback holds
    }
    bool cancelled() const noexcept { return cancelled_; }
    void run() {
        if (fn_)
            fn_();
    }

private:
    std::function<void()> fn_;
    bool cancelled_ = false;
};

/// A handle with a deadline. Timers are ordered by (when, sequence): equal deadlines fire in
/// the order they were set.
class TimerHandle : public Handle {
public:
    TimerHandle(double when, std::uint64_t seq, std::function<void()> fn)
        : Handle(std::move(fn)), when_(when), seq_(seq) {}
    double when() const noexcept { return when_; }
    std::uint64_t sequence() const noexcept { return seq_; }

private:
    double when_;
    std::uint64_t seq_;
};

} // namespace loopscope
