// An append-only sequence stored in fixed-size blocks: growth never copies what is stored,
// so a trace of millions of records never needs twice its size while it grows.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace loopscope {

template <class T, std::size_t BlockSize = 8192>
class ChunkedVector {
public:
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    T& operator[](std::size_t i) noexcept { return blocks_[i / BlockSize][i % BlockSize]; }
    const T& operator[](std::size_t i) const noexcept {
        return blocks_[i / BlockSize][i % BlockSize];
    }
    T& back() noexcept { return (*this)[size_ - 1]; }

    T& push_back(const T& value) {
        if (size_ % BlockSize == 0 && size_ / BlockSize == blocks_.size())
            blocks_.push_back(std::make_unique<T[]>(BlockSize));
        T& slot = (*this)[size_++];
        slot = value;
        return slot;
    }

    template <class F>
    void forEach(F&& f) const {
        for (std::size_t i = 0; i < size_; ++i)
            f((*this)[i]);
    }

    /// Bytes held, for memory accounting in benchmarks.
    std::size_t capacityBytes() const noexcept { return blocks_.size() * BlockSize * sizeof(T); }

private:
    std::vector<std::unique_ptr<T[]>> blocks_;
    std::size_t size_ = 0;
};

} // namespace loopscope
