// The names the trace files give the trace's enums: nameOf() from TraceTypes, and the
// diagnostic kinds, which have none there. Shared by the native writer and reader and the
// Chrome export, so that the formats cannot spell a value two ways.
#pragma once

#include "loopscope/Trace.hpp"

#include <string_view>
#include <type_traits>
#include <vector>

namespace loopscope::detail {

/// The value of the native file's "format" field.
constexpr std::string_view kTraceJsonFormat = "loopscope-trace";

/// Diagnostic kinds have no nameOf() in TraceTypes; "blocked" and "never-retrieved" are the
/// names the Python front-end already uses for them.
inline std::string_view diagnosticKindName(Diagnostic::Kind k) {
    switch (k) {
    case Diagnostic::Kind::Deadlock: return "deadlock";
    case Diagnostic::Kind::ExceptionNeverRetrieved: return "never-retrieved";
    case Diagnostic::Kind::PendingAtExit: return "pending-at-exit";
    case Diagnostic::Kind::BlockedLoop: return "blocked";
    case Diagnostic::Kind::Horizon: return "horizon";
    case Diagnostic::Kind::Other: return "other";
    }
    return "?";
}

template <class E>
std::string_view nameOfAny(E e) {
    if constexpr (std::is_same_v<E, Diagnostic::Kind>)
        return diagnosticKindName(e);
    else
        return nameOf(e);
}

/// The names of E's values by value, up to the first value nameOf() does not know ("?").
/// Derived from nameOf() rather than listed again, so that a value added to an enum and to
/// its nameOf() is readable without touching the reader.
template <class E>
const std::vector<std::string_view>& enumNames() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> v;
        for (int i = 0; i < 256 && nameOfAny(static_cast<E>(i)) != "?"; ++i)
            v.push_back(nameOfAny(static_cast<E>(i)));
        return v;
    }();
    return names;
}

} // namespace loopscope::detail
