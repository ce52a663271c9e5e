// Duration sampling: uniform is LOW + (HIGH - LOW) * u, exponential is -MEAN * log(1 - u).
#include "loopscope/graph/DurationSampler.hpp"

#include <cmath>

namespace loopscope::graph {

double DurationSampler::draw(const Duration& d) {
    switch (d.kind) {
    case Duration::Kind::Fixed:
        return d.a;
    case Duration::Kind::Uniform:
        return d.a + (d.b - d.a) * unit();
    case Duration::Kind::Exponential:
        return -d.a * std::log1p(-unit());
    }
    return d.a;
}

} // namespace loopscope::graph
