// Counting completions of a set of futures.
#include "loopscope/CompletionWatch.hpp"

namespace loopscope {

void CompletionWatch::reserve(std::size_t n) {
    watched_.reserve(n);
    seen_.reserve(n);
}

bool CompletionWatch::add(const Ref<Future>& fut) {
    if (!seen_.insert(fut.get()).second)
        return false;
    // The callback holds the watch alive until every future reported or detach().
    Ref<CompletionWatch> self(this);
    CallbackId id = fut->addDoneCallback([self](Future& f) {
        if (self->detached_)
            return;
        ++self->finished_;
        self->onDone_(f, *self);
    });
    watched_.push_back({fut, id});
    return true;
}

void CompletionWatch::detach() {
    detached_ = true;
    for (Entry& e : watched_)
        if (!e.fut->done())
            e.fut->removeDoneCallback(e.id);
}

std::vector<Ref<Future>> CompletionWatch::futures() const {
    std::vector<Ref<Future>> out;
    out.reserve(watched_.size());
    for (const Entry& e : watched_)
        out.push_back(e.fut);
    return out;
}

} // namespace loopscope
