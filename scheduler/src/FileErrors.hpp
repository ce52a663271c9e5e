// Error messages of the trace file functions, which report failures as text in an optional
// `std::string* error` rather than throwing (a bad file is an expected outcome for them).
#pragma once

#include <string>
#include <system_error>
#include <utility>

namespace loopscope::detail {

/// The text for errno value `err`, quoted after the file name in the messages.
inline std::string osError(int err) {
    return std::generic_category().message(err);
}

/// Stores `message` for the caller, if it asked for one; false, so that a failing function
/// can end with `return setError(error, ...)`.
inline bool setError(std::string* error, std::string message) {
    if (error)
        *error = std::move(message);
    return false;
}

} // namespace loopscope::detail
