// The `_loopscope` embedded module: what the Python side needs from the runner.
#pragma once

#include <functional>
#include <string>

namespace loopscope {
class Loop;
}

namespace loopscope::py {

/// The loop every object of this interpreter belongs to (one per script run).
void setSessionLoop(Loop* loop);

/// Receives each line the script prints, with its virtual time, as it is printed.
using OutputSink = std::function<void(double time, const std::string& line)>;
void setOutputSink(OutputSink sink);

/// Called when a run ends without an outcome (deadlock, horizon, watchdog) with that status.
/// Under CPython such a program would hang for ever, so no code of the script may run after
/// it (not even its finally blocks): the handler ends the process.
using StopHandler = std::function<void(const std::string& status)>;
void setStopHandler(StopHandler handler);

} // namespace loopscope::py
