// Built-in scenarios written as C++ coroutines on the core, mirroring the tutorial's
// examples. `loopscope demo` runs them until the Python front-end can run the scripts.
#pragma once

#include <loopscope/Co.hpp>

#include <string>
#include <vector>

namespace loopscope::demo {

struct DemoScenario {
    std::string name;
    std::string description;
    Co<void> (*main)();
};

/// Every demo, in tutorial order.
const std::vector<DemoScenario>& scenarios();

} // namespace loopscope::demo
