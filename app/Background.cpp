#include "Background.hpp"

#include <loopscope/TraceJson.hpp>

namespace loopscope::gui {

TraceRead readTraceFile(const QString& path) {
    auto trace = std::make_shared<Trace>();
    std::string error;
    if (!loadTraceJson(path.toStdString(), *trace, &error))
        return {nullptr, QString::fromStdString(error)};
    return {std::move(trace), {}};
}

} // namespace loopscope::gui
