// The Python modules compiled into the executable (python/lib), found by the embedded
// interpreter before anything on sys.path.
#pragma once

#include <cstddef>

namespace loopscope::py {

struct EmbeddedModule {
    const char* name;   ///< dotted module name ("asyncio", "loopscope.network")
    const char* path;   ///< path under python/lib, for tracebacks
    bool isPackage;
    const char* source;
};

extern const EmbeddedModule kEmbeddedModules[];
extern const std::size_t kEmbeddedModuleCount;

} // namespace loopscope::py
