// An intervention: the user cancels a task at a chosen virtual time, as if the script had
// done loop.call_at(time, task.cancel) before anything else ran. The run is deterministic,
// so re-running with the same interventions gives the same result.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace loopscope {

struct Intervention {
    double time = 0;            ///< virtual time in seconds when the cancellation is asked
    std::string task;           ///< the task's name (Task-N or the name it was given)
    std::size_t occurrence = 0; ///< which task of that name, in creation order (0: the first)
    std::optional<std::string> message; ///< the cancel message (Task.cancel(msg))

    bool operator==(const Intervention&) const = default;
};

} // namespace loopscope
