// The exit statuses shared by every subcommand that runs a scenario or a script.
#pragma once

#include <string>

namespace loopscope::cli {

enum Exit { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitHorizon = 3 };

/// The exit status for a script's end status (ok, exception:T, deadlock, horizon, watchdog,
/// error: the script could not be read).
inline int exitCodeFor(const std::string& status) {
    if (status == "ok")
        return ExitOk;
    if (status == "horizon")
        return ExitHorizon;
    if (status == "error")
        return ExitUsage;
    return ExitFailed;
}

} // namespace loopscope::cli
