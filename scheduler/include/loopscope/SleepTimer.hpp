// The timer of asyncio.sleep(delay > 0), one per timed sleep.
#pragma once

#include "loopscope/Future.hpp"
#include "loopscope/Handle.hpp"

namespace loopscope {

/// Sets the sleep's future to its result unless the future is already done (CPython's
/// futures._set_result_unless_cancelled), like the equivalent std::function would, but
/// without its heap-allocated closure: a future reference and a Value do not fit
/// std::function's inline buffer, and timed sleeps are the loop's most frequent timers.
class SleepTimer final : public TimerHandle {
public:
    SleepTimer(double when, std::uint64_t seq, Ref<Future> fut, Value result)
        : TimerHandle(when, seq), fut_(std::move(fut)), result_(std::move(result)) {}
    void run() override;

private:
    void dropCallback() noexcept override;

    Ref<Future> fut_;
    Value result_;
};

} // namespace loopscope
