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

} // namespace loopscope::py
