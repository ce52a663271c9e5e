// Intrusive, single-threaded reference counting for the scheduler's shared objects
// (futures, tasks, handles). Non-atomic on purpose: a loop and everything it owns live on one thread.
#pragma once

#include "loopscope/SmallObjectPool.hpp"

#include <cstdint>
#include <utility>

namespace loopscope {

/// Base of every reference-counted core object. The count starts at zero; the first Ref owns it.
class RefCounted {
public:
    RefCounted() = default;
    RefCounted(const RefCounted&) = delete;
    RefCounted& operator=(const RefCounted&) = delete;
    virtual ~RefCounted() = default;

    // Every future, task and handle lives in the small-object pool: a run creates and drops
    // one or more of them per await. The virtual destructor hands the most-derived size to
    // the sized delete.
    static void* operator new(std::size_t bytes) { return detail::poolAllocate(bytes); }
    static void operator delete(void* p, std::size_t bytes) noexcept {
        detail::poolDeallocate(p, bytes);
    }
    // Over-aligned subclasses need more than the pool's 16-byte alignment.
    static void* operator new(std::size_t bytes, std::align_val_t al) {
        return ::operator new(bytes, al);
    }
    static void operator delete(void* p, std::size_t bytes, std::align_val_t al) noexcept {
        ::operator delete(p, bytes, al);
    }

    void retain() const noexcept { ++refs_; }
    void release() const noexcept {
        if (--refs_ == 0)
            delete this;
    }
    std::uint32_t refCount() const noexcept { return refs_; }

private:
    mutable std::uint32_t refs_ = 0;
};

/// Owning pointer to a RefCounted object; copying shares ownership.
template <class T>
class Ref {
public:
    Ref() noexcept = default;
    Ref(std::nullptr_t) noexcept {}
    Ref(T* p) noexcept : p_(p) {
        if (p_)
            p_->retain();
    }
    Ref(const Ref& o) noexcept : Ref(o.p_) {}
    Ref(Ref&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    template <class U>
    Ref(const Ref<U>& o) noexcept : Ref(o.get()) {}
    template <class U>
    Ref(Ref<U>&& o) noexcept : p_(o.leak()) {}
    ~Ref() {
        if (p_)
            p_->release();
    }
    Ref& operator=(Ref o) noexcept {
        std::swap(p_, o.p_);
        return *this;
    }

    /// Takes over a reference the caller already holds (no retain).
    static Ref adopt(T* p) noexcept {
        Ref r;
        r.p_ = p;
        return r;
    }
    /// Gives the reference up without releasing it (see adopt).
    T* leak() noexcept { return std::exchange(p_, nullptr); }

    T* get() const noexcept { return p_; }
    T* operator->() const noexcept { return p_; }
    T& operator*() const noexcept { return *p_; }
    explicit operator bool() const noexcept { return p_ != nullptr; }
    friend bool operator==(const Ref& a, const Ref& b) noexcept { return a.p_ == b.p_; }

private:
    T* p_ = nullptr;
};

template <class T, class... Args>
Ref<T> makeRef(Args&&... args) {
    return Ref<T>(new T(std::forward<Args>(args)...));
}

} // namespace loopscope
