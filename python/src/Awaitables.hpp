// The awaitables a Python coroutine meets on every step: asyncio.sleep, Future.__await__ and
// core C++ coroutines awaited from Python. They are plain CPython types (not pybind11
// classes) because they sit on the hottest path: finishing one must not cost a C++
// exception or an instance-registry update, only what CPython's own awaitables cost.
#pragma once

#include "PyBridge.hpp"

#include <loopscope/Driver.hpp>
#include <loopscope/Future.hpp>

#include <functional>
#include <memory>

namespace loopscope::py {

/// Converts a core coroutine's result for Python.
using ResultConverter = std::function<pyb::object(const Value&)>;

/// Creates the types and adds `sleep` and the type objects to `module`.
void addAwaitables(pyb::module_& module);

/// Future.__await__: yields the future while it is pending, then returns its result.
pyb::object makeFutureIter(Ref<Future> fut);
/// A core coroutine awaited from Python; `owner` is kept alive while it runs.
pyb::object makeCoAwait(std::unique_ptr<Driver> driver, ResultConverter convert,
                        pyb::object owner);

/// The core future that a yielded object stands for (a sleep's timer future), or null.
Future* sleepFuture(PyObject* yielded);

} // namespace loopscope::py
