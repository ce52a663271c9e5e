// asyncio.sleep's timer callback.
#include "loopscope/SleepTimer.hpp"

namespace loopscope {

void SleepTimer::run() {
    if (fut_ && !fut_->done())
        fut_->setResult(result_);
}

void SleepTimer::dropCallback() noexcept {
    fut_ = nullptr;
    result_.reset();
}

} // namespace loopscope
