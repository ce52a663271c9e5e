// Starting the interpreter, the watchdog, and running one script.
#include "ScriptRunner.hpp"

#include "CoreModule.hpp"
#include "EmbeddedLib.hpp"
#include "PyBridge.hpp"

#include <loopscope/Loop.hpp>

#include <pybind11/embed.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <pthread.h>
#include <cstdlib>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#if defined(__SANITIZE_ADDRESS__)
// The interpreter is deliberately never finalized (see runScript), so everything CPython
// allocated is still there at exit; LeakSanitizer would report all of it.
extern "C" __attribute__((visibility("default"))) const char* __lsan_default_suppressions() {
    return "leak:libpython3.11.so\n";
}
extern "C" __attribute__((visibility("default"))) const char* __lsan_default_options() {
    return "print_suppressions=0"; // stderr is part of what the run command promises
}
#endif

namespace loopscope::py {

namespace {

using Clock = std::chrono::steady_clock;

/// Interrupts Python code that keeps the loop from making progress for too long: the
/// exception is raised in the main thread at its next bytecode boundary.
class Watchdog {
public:
    explicit Watchdog(double seconds)
        : limit_(std::chrono::duration<double>(seconds)), mainThread_(pthread_self()) {
        if (seconds > 0)
            thread_ = std::thread([this] { watch(); });
    }
    ~Watchdog() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        if (thread_.joinable())
            thread_.join();
    }

private:
    void watch() {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!stop_) {
            wake_.wait_for(lock, std::chrono::milliseconds(50));
            const auto now = Clock::now();
            const auto since = [&](const std::atomic<std::int64_t>& ticks) {
                return now - Clock::time_point(Clock::duration(ticks.load()));
            };
            const char* reason = nullptr;
            if (since(progress().stepStarted) > limit_)
                reason = "Python code ran too long without yielding to the event loop";
            else if (since(progress().clockMoved) > limit_)
                reason = "virtual time stood still while tasks kept running (a loop of "
                         "sleep(0) or of callbacks that never ends?)";
            if (reason) {
                // Counted from now again, so code that swallows the interrupt gets another.
                progress().reset(now.time_since_epoch().count());
                setWatchdogReason(reason);
                // CPython 3.11 arms its eval breaker for pending calls and signals only when
                // asked from the main thread, so the signal is sent to that thread; the
                // handler of _loopscope_boot raises WatchdogTimeout in the stuck code.
                pthread_kill(mainThread_, SIGUSR2);
            }
        }
    }
    std::chrono::duration<double> limit_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    pthread_t mainThread_;
    std::thread thread_;
};

/// Reads the whole file; on failure returns false with the OS's reason in `error`.
bool readFile(const std::string& path, std::string& out, std::string& error) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        error = std::strerror(EISDIR);
        return false;
    }
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::strerror(errno ? errno : ENOENT);
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    if (in.bad()) {
        error = std::strerror(errno ? errno : EIO);
        return false;
    }
    return true;
}

void startInterpreter(const std::string& path) {
    PyPreConfig pre;
    PyPreConfig_InitIsolatedConfig(&pre);
    pre.utf8_mode = 1;
    Py_PreInitialize(&pre);

    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.site_import = 0;     // nothing from site-packages: aiohttp is ours
    config.use_hash_seed = 1;   // set and dict-of-str orders repeat from run to run
    config.hash_seed = 0;
    config.install_signal_handlers = 0;
    config.write_bytecode = 0;
    config.parse_argv = 0;
    std::wstring wpath(path.begin(), path.end());
    wchar_t* argv[] = {wpath.data()};
    PyConfig_SetArgv(&config, 1, argv);
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status))
        Py_ExitStatusException(status);
}

/// Makes the modules of python/lib importable: a finder ahead of everything on sys.path.
void installEmbeddedModules() {
    pyb::dict sources;
    for (std::size_t i = 0; i < kEmbeddedModuleCount; ++i) {
        const EmbeddedModule& m = kEmbeddedModules[i];
        sources[pyb::str(m.name)] = pyb::make_tuple(pyb::str(m.path), m.isPackage, pyb::str(m.source));
    }
    pyb::dict scope;
    scope["SOURCES"] = sources;
    pyb::exec(R"(
import sys, importlib.abc, importlib.util

class EmbeddedFinder(importlib.abc.MetaPathFinder, importlib.abc.InspectLoader):
    """Finds loopscope's own modules (asyncio, aiohttp, loopscope) compiled into the binary."""
    def find_spec(self, name, path=None, target=None):
        entry = SOURCES.get(name)
        if entry is None:
            return None
        spec = importlib.util.spec_from_loader(name, self, origin="<loopscope>/" + entry[0],
                                               is_package=entry[1])
        spec.has_location = False
        return spec
    def get_source(self, name):
        return SOURCES[name][2]
    def get_code(self, name):
        path, _, source = SOURCES[name]
        return compile(source, "<loopscope>/" + path, "exec", dont_inherit=True)
    def is_package(self, name):
        return SOURCES[name][1]

for name in [n for n in sys.modules if n == "asyncio" or n.startswith("asyncio.")]:
    del sys.modules[name]
sys.meta_path.insert(0, EmbeddedFinder())
)",
              scope);
}

} // namespace

/// The result of the run so far, with the trace's status set from `status`.
ScriptResult collect(Loop& loop, std::string status) {
    loop.recordEndOfRunDiagnostics(RunStatus::Ok); // tasks left by run_until_complete
    ScriptResult result;
    result.status = std::move(status);
    result.endTime = loop.time();
    result.trace = loop.takeTrace();
    Trace& t = result.trace;
    if (result.status == "ok") {
        t.status = RunStatus::Ok;
    } else if (result.status.rfind("exception:", 0) == 0) {
        t.status = RunStatus::Exception;
        t.statusDetail = result.status.substr(10);
    } else if (result.status == "deadlock") {
        t.status = RunStatus::Deadlock;
    } else if (result.status == "horizon") {
        t.status = RunStatus::Horizon;
    } else {
        t.status = RunStatus::Interrupted;
    }
    pyb::module_ sys = pyb::module_::import("sys");
    sys.attr("stderr").attr("flush")();
    return result;
}

int runScript(const ScriptOptions& options) {
    std::string source;
    std::string error;
    if (!readFile(options.path, source, error)) {
        ScriptResult result;
        result.status = "error";
        result.error = error;
        return options.onEnd(result);
    }
    startInterpreter(options.path);

    LoopOptions loopOptions;
    loopOptions.horizon = options.horizon;
    loopOptions.interventions = options.interventions;
    // Deliberately never destroyed: Python objects made by the script (a module-level Lock)
    // refer to it until the process ends, and the interpreter is not finalized.
    Loop* loop = new Loop(loopOptions);
    setSessionLoop(loop);
    setOutputSink(options.onLine);
    progress().reset(Clock::now().time_since_epoch().count());

    installEmbeddedModules();
    pyb::module_ boot = pyb::module_::import("_loopscope_boot");
    // `loopscope test` runs each scenario with this set, so that a failed assert is
    // reported with its operands' values (CPython 3.11 does not rewrite asserts).
    if (const char* explain = std::getenv("LOOPSCOPE_EXPLAIN_ASSERTS"); explain && *explain)
        pyb::module_::import("loopscope.trace").attr("_explain_failed_asserts")(boot, options.path);
    Watchdog watchdog(options.watchdogSeconds);
    setStopHandler([&](const std::string& runStatus) {
        std::string status = boot.attr("stopped")(runStatus).cast<std::string>();
        std::_Exit(options.onEnd(collect(*loop, status)));
    });
    std::string status = boot.attr("run_script")(options.path, source).cast<std::string>();
    return options.onEnd(collect(*loop, status));
}

} // namespace loopscope::py
