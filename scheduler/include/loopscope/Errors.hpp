// The exception hierarchy of the core, shaped like Python's so that a front-end can map each
// class to its CPython counterpart and C++ scenarios catch what asyncio code would catch.
#pragma once

#include <exception>
#include <string>
#include <vector>

namespace loopscope {

/// Root of every exception the core raises or carries (Python's BaseException).
/// Deliberately not a std::exception: CancelledError must not be caught by "catch everything
/// ordinary" handlers, as `except Exception` does not catch it in Python.
class BaseException {
public:
    explicit BaseException(std::string message = {}) : message_(std::move(message)) {}
    virtual ~BaseException() = default;
    /// The Python-style class name, e.g. "CancelledError"; used by the trace and messages.
    virtual const char* typeName() const noexcept { return "BaseException"; }
    const std::string& message() const noexcept { return message_; }

private:
    std::string message_;
};

#define LOOPSCOPE_EXCEPTION(Name, Base)                                                            \
    class Name : public Base {                                                                     \
    public:                                                                                        \
        using Base::Base;                                                                          \
        const char* typeName() const noexcept override { return #Name; }                          \
    };

/// asyncio.CancelledError: a BaseException, as in Python 3.8+.
LOOPSCOPE_EXCEPTION(CancelledError, BaseException)
/// Python's Exception: everything an ordinary handler catches.
LOOPSCOPE_EXCEPTION(Exception, BaseException)
LOOPSCOPE_EXCEPTION(RuntimeError, Exception)
/// Python's RecursionError: raised where CPython would hit its recursion limit (a cycle of
/// cancellations, see Task::cancel).
LOOPSCOPE_EXCEPTION(RecursionError, RuntimeError)
LOOPSCOPE_EXCEPTION(ValueError, Exception)
LOOPSCOPE_EXCEPTION(TypeError, Exception)
LOOPSCOPE_EXCEPTION(KeyError, Exception)
/// asyncio.InvalidStateError: misuse of a future (result() before done, set twice).
LOOPSCOPE_EXCEPTION(InvalidStateError, Exception)
/// The builtin TimeoutError (asyncio.TimeoutError is an alias of it since 3.11).
LOOPSCOPE_EXCEPTION(TimeoutError, Exception)
LOOPSCOPE_EXCEPTION(QueueEmpty, Exception)
LOOPSCOPE_EXCEPTION(QueueFull, Exception)

#undef LOOPSCOPE_EXCEPTION

/// BaseExceptionGroup as raised by TaskGroup: a message and the collected errors in order.
class BaseExceptionGroup : public BaseException {
public:
    BaseExceptionGroup(std::string message, std::vector<std::exception_ptr> errors)
        : BaseException(std::move(message)), errors_(std::move(errors)) {}
    const char* typeName() const noexcept override { return "BaseExceptionGroup"; }
    const std::vector<std::exception_ptr>& exceptions() const noexcept { return errors_; }

private:
    std::vector<std::exception_ptr> errors_;
};

/// ExceptionGroup: the group used when every member is an Exception (Python picks the class
/// the same way when BaseExceptionGroup(...) is constructed).
class ExceptionGroup : public BaseExceptionGroup {
public:
    using BaseExceptionGroup::BaseExceptionGroup;
    const char* typeName() const noexcept override { return "ExceptionGroup"; }
};

/// Type name and message of any exception_ptr, for the trace and diagnostics.
struct ExceptionInfo {
    std::string type;
    std::string message;
};
ExceptionInfo describeException(const std::exception_ptr& e);

/// True when `e` holds a CancelledError.
bool isCancelledError(const std::exception_ptr& e);
/// True when `e` holds a Python-style Exception (not a bare BaseException such as CancelledError).
bool isOrdinaryException(const std::exception_ptr& e);

} // namespace loopscope
