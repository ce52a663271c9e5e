// Runs an ordinary asyncio script on the core: starts the embedded interpreter, puts
// loopscope's asyncio in place of CPython's, executes the script as __main__ and returns
// how it ended with the trace. One script per process: the interpreter is not torn down.
#pragma once

#include <loopscope/Intervention.hpp>
#include <loopscope/Trace.hpp>

#include <functional>
#include <string>
#include <vector>

namespace loopscope::py {

struct ScriptResult;

/// Each printed line as it is printed: virtual time and text.
using LineSink = std::function<void(double time, const std::string& line)>;
/// Reports the end of the run; returns the process exit status.
using EndHandler = std::function<int(const ScriptResult& result)>;

struct ScriptOptions {
    std::string path;
    LineSink onLine;
    EndHandler onEnd;
    /// Virtual-time horizon: a run that would pass it stops with status `horizon`.
    double horizon = 3600;
    /// Wall-clock seconds Python code may run without the loop making progress.
    double watchdogSeconds = 10;
    /// Cancellations the user injects into the run (see Intervention.hpp).
    std::vector<Intervention> interventions;
};

struct ScriptResult {
    /// ok, exception:TypeName, deadlock, horizon or watchdog; `error` when the script could
    /// not be read.
    std::string status;
    std::string error; ///< why the script could not be read (status `error`)
    Trace trace;
    double endTime = 0;
};

/// Runs the script once and returns what onEnd returns. Messages about the run (syntax
/// errors, tracebacks, warnings) go to stderr as they happen; diagnostics are also in the
/// trace. A run that ends without an outcome (deadlock, horizon, watchdog) ends the process
/// right after onEnd, with its value as exit status: the script's own code (finally blocks)
/// must not run on, since under CPython the program would hang for ever.
int runScript(const ScriptOptions& options);

} // namespace loopscope::py
