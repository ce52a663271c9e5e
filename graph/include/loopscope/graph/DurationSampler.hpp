// Draws the durations of a graph's run: one std::mt19937_64 seeded with the file's seed, and
// mappings of our own (std::uniform_real_distribution's output differs between libraries).
#pragma once

#include "loopscope/graph/Graph.hpp"

#include <cstdint>
#include <random>

namespace loopscope::graph {

class DurationSampler {
  public:
    explicit DurationSampler(std::uint64_t seed) : engine_(seed) {}
    /// A fixed duration as is (drawing nothing); a random one from the next engine output.
    double draw(const Duration& d);
    /// The next number in [0, 1): the top 53 bits of one engine output.
    double unit() { return double(engine_() >> 11) * 0x1.0p-53; }

  private:
    std::mt19937_64 engine_;
};

} // namespace loopscope::graph
