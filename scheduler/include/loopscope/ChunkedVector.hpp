// An append-only sequence stored in fixed-size blocks: growth never copies what is stored,
// so a trace of millions of records never needs twice its size while it grows.
#pragma once

#include "loopscope/HugePageAllocator.hpp"

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace loopscope {

namespace detail {
/// A block of raw memory for trace records. Large blocks go on huge pages: one page fault
/// per 2 MiB instead of 512 (page faults were half the time of recording a
/// million-step trace on this kind of machine).
inline void* allocateTraceBlock(std::size_t bytes, bool large) {
    if (large)
        return allocateHugePages(bytes);
    void* p = std::malloc(bytes);
    if (!p)
        throw std::bad_alloc();
    return p;
}
struct FreeBlock {
    void operator()(void* p) const noexcept { std::free(p); }
};

/// Prepares large blocks ahead on a helper thread (BlockPrefetcher.hpp); null when no
/// thread could be started (the owner then allocates in place).
class BlockPrefetcher;
BlockPrefetcher* startPrefetcher(std::size_t bytes) noexcept;
/// The next prepared block, or null if the helper could not allocate one.
void* takePrefetched(BlockPrefetcher& prefetcher);
struct PrefetcherDelete {
    void operator()(BlockPrefetcher* p) const noexcept;
};
} // namespace detail

/// The number of records per block of a ChunkedVector<T>: a power of two (the index
/// arithmetic is shifts and masks) that fills whole huge pages: 2 MiB of 32-byte records,
/// 6 MiB of 24-byte ones.
template <class T>
inline constexpr std::size_t kChunkRecords =
    detail::kHugePageBytes / (sizeof(T) & (~sizeof(T) + 1));

/// Records are trivially copyable. The first block is small (about 64 KiB), so a small trace
/// costs little; the blocks after it are huge-page blocks. Once a sequence fills half of its
/// first large block it is growing big: from then on the block after the current one is
/// allocated and faulted in ahead, on a helper thread (see BlockPrefetcher.hpp), until
/// finishGrowth(). (A run that stops before that starts no thread.)
template <class T, std::size_t BlockSize = kChunkRecords<T>>
class ChunkedVector {
    static_assert(std::is_trivially_copyable_v<T>);
    static_assert(BlockSize * sizeof(T) % detail::kHugePageBytes == 0);

public:
    /// Records in the first block and in each block after it.
    static constexpr std::size_t kFirst = (std::size_t(64) << 10) / sizeof(T);
    static constexpr std::size_t kBlock = BlockSize;

    ChunkedVector() = default;
    ChunkedVector(ChunkedVector&& o) noexcept { *this = std::move(o); }
    ChunkedVector& operator=(ChunkedVector&& o) noexcept {
        blocks_ = std::move(o.blocks_);
        prefetcher_ = std::move(o.prefetcher_);
        size_ = std::exchange(o.size_, 0);
        next_ = std::exchange(o.next_, nullptr);
        end_ = std::exchange(o.end_, nullptr);
        blockEnd_ = std::exchange(o.blockEnd_, nullptr);
        o.blocks_.clear();
        return *this;
    }

    /// The sequence is complete: stops preparing blocks ahead and frees one prepared but not
    /// used. (Appending again is allowed; it is as fast, and starts the helper again.)
    void finishGrowth() noexcept { prefetcher_.reset(); }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    T& operator[](std::size_t i) noexcept { return *slot(i); }
    const T& operator[](std::size_t i) const noexcept { return *slot(i); }
    T& back() noexcept { return (*this)[size_ - 1]; }

    T& push_back(const T& value) {
        if (next_ == end_)
            grow();
        ++size_;
        T& slot = *next_++;
        slot = value;
        return slot;
    }

    template <class F>
    void forEach(F&& f) const {
        for (std::size_t i = 0; i < size_; ++i)
            f((*this)[i]);
    }

    /// Bytes held, for memory accounting in benchmarks.
    std::size_t capacityBytes() const noexcept {
        return blocks_.empty() ? 0 : (kFirst + (blocks_.size() - 1) * BlockSize) * sizeof(T);
    }

private:
    [[gnu::noinline]] void grow() {
        if (next_ != blockEnd_) {
            // Half of the first large block is filled: the sequence is growing big.
            end_ = blockEnd_;
            startPrefetching();
            return;
        }
        const bool large = !blocks_.empty();
        const std::size_t n = large ? BlockSize : kFirst;
        if (blocks_.size() == blocks_.capacity()) // so that nothing throws once a block is held
            blocks_.reserve(blocks_.empty() ? 8 : 2 * blocks_.size());
        void* p = nullptr;
        if (prefetcher_)
            p = detail::takePrefetched(*prefetcher_);
        if (!p)
            p = detail::allocateTraceBlock(n * sizeof(T), large);
        blocks_.emplace_back(static_cast<T*>(p));
        next_ = blocks_.back().get();
        blockEnd_ = next_ + n;
        end_ = blockEnd_;
        if (blocks_.size() == 2)
            end_ = next_ + n / 2; // push_back calls grow() there: see above
        else if (blocks_.size() > 2)
            startPrefetching(); // again, after finishGrowth()
    }
    void startPrefetching() {
        if (!prefetcher_)
            prefetcher_.reset(detail::startPrefetcher(BlockSize * sizeof(T)));
    }

    T* slot(std::size_t i) const noexcept {
        if (i < kFirst)
            return blocks_[0].get() + i;
        i -= kFirst;
        return blocks_[1 + i / BlockSize].get() + i % BlockSize;
    }

    std::vector<std::unique_ptr<T[], detail::FreeBlock>> blocks_;
    std::unique_ptr<detail::BlockPrefetcher, detail::PrefetcherDelete> prefetcher_;
    std::size_t size_ = 0;
    T* next_ = nullptr; // the free slot of the current block
    T* end_ = nullptr; // where push_back calls grow(): blockEnd_, or half-way (see grow())
    T* blockEnd_ = nullptr;
};

} // namespace loopscope
