// Rendering of Values for the trace.
#include "loopscope/Value.hpp"

#include <cstdio>
#include <cstdint>

namespace loopscope {

namespace {
ValueFormatter g_formatter = nullptr;

std::string formatDouble(double d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    // Shortest round-trip form, like Python's repr(float).
    for (int precision = 1; precision <= 17; ++precision) {
        char shortBuf[64];
        std::snprintf(shortBuf, sizeof shortBuf, "%.*g", precision, d);
        if (std::strtod(shortBuf, nullptr) == d) {
            std::string s = shortBuf;
            if (s.find_first_of(".eEn") == std::string::npos)
                s += ".0";
            return s;
        }
    }
    return buf;
}
} // namespace

void setValueFormatter(ValueFormatter formatter) { g_formatter = formatter; }

std::string formatValue(const Value& v) {
    if (!v.has_value())
        return "None";
    if (g_formatter) {
        bool handled = false;
        std::string s = g_formatter(v, handled);
        if (handled)
            return s;
    }
    if (auto p = std::any_cast<int>(&v))
        return std::to_string(*p);
    if (auto p = std::any_cast<long>(&v))
        return std::to_string(*p);
    if (auto p = std::any_cast<long long>(&v))
        return std::to_string(*p);
    if (auto p = std::any_cast<std::int64_t>(&v))
        return std::to_string(*p);
    if (auto p = std::any_cast<bool>(&v))
        return *p ? "True" : "False";
    if (auto p = std::any_cast<double>(&v))
        return formatDouble(*p);
    if (auto p = std::any_cast<std::string>(&v))
        return "'" + *p + "'";
    if (auto p = std::any_cast<const char*>(&v))
        return std::string("'") + *p + "'";
    if (auto p = std::any_cast<std::exception_ptr>(&v)) {
        ExceptionInfo info = describeException(*p);
        return info.type + "(" + (info.message.empty() ? "" : "'" + info.message + "'") + ")";
    }
    if (auto p = std::any_cast<ValueList>(&v)) {
        std::string s = "[";
        for (std::size_t i = 0; i < p->size(); ++i)
            s += (i ? ", " : "") + formatValue((*p)[i]);
        return s + "]";
    }
    return std::string("<") + v.type().name() + ">";
}

} // namespace loopscope
