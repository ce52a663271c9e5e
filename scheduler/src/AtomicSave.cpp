// The atomic save of AtomicSave.hpp: a temporary file written through an unbuffered stream that
// keeps the OS's error, synced, then renamed.
#include "AtomicSave.hpp"

#include "FileErrors.hpp"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <new>
#include <ostream>
#include <streambuf>
#include <system_error>
#if __has_include(<unistd.h>)
#include <unistd.h>
#define LOOPSCOPE_HAVE_FSYNC 1
#endif

namespace loopscope::detail {
namespace {

/// An unbuffered streambuf over a C FILE (the trace writers buffer already) that keeps the
/// first OS error, which the stream itself would reduce to a badbit.
class FileBuf : public std::streambuf {
  public:
    explicit FileBuf(std::FILE* f) : f_(f) {}
    int error() const { return error_; }

  protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        errno = 0;
        const std::size_t done = std::fwrite(s, 1, static_cast<std::size_t>(n), f_);
        if (done < static_cast<std::size_t>(n) && !error_)
            error_ = errno ? errno : EIO;
        return static_cast<std::streamsize>(done);
    }
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof()))
            return traits_type::not_eof(c);
        const char ch = traits_type::to_char_type(c);
        return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
    }

  private:
    std::FILE* f_;
    int error_ = 0;
};

/// Writes into `f` with `write`, flushes it to disk and closes it; 0, or the first OS error met.
int writeAndClose(const std::function<void(std::ostream&)>& write, std::FILE* f) {
    std::setvbuf(f, nullptr, _IONBF, 0);
    FileBuf buf(f);
    std::ostream out(&buf);
    int err = 0;
    try {
        write(out);
        err = buf.error() ? buf.error() : (out ? 0 : EIO);
    } catch (const std::bad_alloc&) {
        err = ENOMEM;
    }
    errno = 0;
    if (!err && std::fflush(f) != 0)
        err = errno ? errno : EIO;
#ifdef LOOPSCOPE_HAVE_FSYNC
    // The data must be on disk before the rename, or a crash right after it could leave an
    // empty file under the final name.
    if (!err && ::fsync(fileno(f)) != 0)
        err = errno;
#endif
    errno = 0;
    if (std::fclose(f) != 0 && !err)
        err = errno ? errno : EIO;
    return err;
}

} // namespace

bool saveAtomically(const std::string& path, const std::function<void(std::ostream&)>& write,
                    std::string* error) {
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f)
        return setError(error, "cannot create '" + tmp + "': " + osError(errno));
    if (const int err = writeAndClose(write, f)) {
        std::remove(tmp.c_str());
        return setError(error, "cannot write '" + tmp + "': " + osError(err));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        return setError(error, "cannot rename '" + tmp + "' to '" + path + "': " + ec.message());
    }
    return true;
}

} // namespace loopscope::detail
