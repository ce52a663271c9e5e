// The type-erased value that crosses the core: task results, future results, queue items.
#pragma once

#include <any>
#include <exception>
#include <string>
#include <vector>

namespace loopscope {

/// Any result a future can hold. An empty Value is Python's None.
using Value = std::any;
/// The list value produced by gather(): one Value per argument, in argument order.
using ValueList = std::vector<Value>;

/// Reads a Value as T; throws TypeError naming both types when it holds something else.
template <class T>
T valueAs(const Value& v);

/// A short human-readable rendering of a value for the trace ("3", "'text'", "[1, 2]", "None").
/// Front-ends that put their own objects in Values register a formatter for them.
std::string formatValue(const Value& v);
using ValueFormatter = std::string (*)(const Value& v, bool& handled);
void setValueFormatter(ValueFormatter formatter);

} // namespace loopscope

#include "loopscope/Errors.hpp"

template <class T>
T loopscope::valueAs(const Value& v) {
    if (const T* p = std::any_cast<T>(&v))
        return *p;
    throw TypeError(std::string("expected a value of type ") + typeid(T).name() + ", got " +
                    (v.has_value() ? v.type().name() : "None"));
}
