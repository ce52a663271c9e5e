// Saving a file so that a crash or a full disk never leaves half of it: every trace format
// (native, Chrome, CSV) is saved through here.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

namespace loopscope::detail {

/// Writes `path` with `write`: into `path + ".tmp"`, flushed to disk, then renamed over `path`,
/// so that `path` holds the old file or the whole new one. On failure the temporary file is
/// removed and `*error` (if given) names the file and the OS error. `write` need not check
/// the stream: the first OS error it met, or bad_alloc, is what gets reported.
bool saveAtomically(const std::string& path, const std::function<void(std::ostream&)>& write,
                    std::string* error);

} // namespace loopscope::detail
