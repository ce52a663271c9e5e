// Describing and classifying exceptions carried as exception_ptr.
#include "loopscope/Errors.hpp"

namespace loopscope {

ExceptionInfo describeException(const std::exception_ptr& e) {
    if (!e)
        return {};
    try {
        std::rethrow_exception(e);
    } catch (const BaseException& ex) {
        return {ex.typeName(), ex.message()};
    } catch (const std::exception& ex) {
        return {"std::exception", ex.what()};
    } catch (...) {
        return {"unknown", {}};
    }
}

bool isCancelledError(const std::exception_ptr& e) {
    if (!e)
        return false;
    try {
        std::rethrow_exception(e);
    } catch (const CancelledError&) {
        return true;
    } catch (...) {
        return false;
    }
}

bool isOrdinaryException(const std::exception_ptr& e) {
    if (!e)
        return false;
    try {
        std::rethrow_exception(e);
    } catch (const Exception&) {
        return true;
    } catch (const BaseException&) {
        return false;
    } catch (...) {
        return true; // foreign C++ exceptions behave like ordinary errors
    }
}

} // namespace loopscope
