// `loopscope test PATH...`: each scenario runs in a child `loopscope run --timestamps`
// (the embedded interpreter runs one script per process, and a scenario that hangs or
// crashes must not take the others down); its end line, output, stderr and trace decide.
#include "TestCommand.hpp"

#include "ExitStatus.hpp"
#include "InterventionsOption.hpp"

#include <loopscope/TraceJson.hpp>
#include <loopscope/graph/GraphLoader.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTimer>
#include <QXmlStreamWriter>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

using namespace loopscope;
using namespace loopscope::cli;

namespace {

struct TestOptions {
    QStringList paths;
    bool update = false;
    QString junit;
    int jobs = 1;
    double timeout = 30; ///< wall-clock seconds per scenario (also the run's watchdog)
    QString horizon;     ///< passed to run as given; empty: run's default
    InterventionsChoice interventions; ///< passed to run as given
};

/// One scenario file and what its header declares.
struct Scenario {
    QString path;
    QString name;  ///< path relative to the folder given, without ".py"
    QString suite; ///< JUnit classname: the folder given and subfolders, dotted
    QString expect = QStringLiteral("ok");
    QString headerError;
};

/// How one scenario went.
struct Verdict {
    enum Kind { Pass, Updated, Fail, Error }; // Error: it crashed, hung or could not run
    Kind kind = Fail;
    QString reason;  ///< the FAIL line's reason
    QString details; ///< the child's stderr, for JUnit
    QString endTime; ///< "3.000" as the run printed it
    qsizetype tasks = -1;
    double seconds = 0; ///< wall clock
};

/// What a child run left behind.
struct RunOutput {
    bool timedOut = false;
    bool crashed = false;
    int exitCode = 0; ///< its exit status, or the signal that ended it (crashed)
    QString out;
    QString err;
    QString tracePath;
    double seconds = 0;
};

void usageError(const char* fmt, const char* arg) {
    std::fprintf(stderr, "loopscope test: ");
    std::fprintf(stderr, fmt, arg);
    std::fprintf(stderr, "\nusage: loopscope test PATH... [--update] [--junit FILE] [-j N] "
                         "[--timeout SECONDS] [--horizon SECONDS]\n"
                         "                      [--interventions FILE | --no-interventions]\n");
}

bool parseOptions(int argc, char** argv, TestOptions& o) {
    for (int i = 0; i < argc; ++i) {
        const QString a = QString::fromLocal8Bit(argv[i]);
        const bool takesValue = a == "--junit" || a == "-j" || a == "--timeout" || a == "--horizon";
        if (takesValue && i + 1 >= argc) {
            usageError("%s needs a value", argv[i]);
            return false;
        }
        bool ok = true;
        if (o.interventions.parse("test", argc, argv, i, ok)) {
            if (!ok)
                return false;
        } else if (a == "--update") {
            o.update = true;
        } else if (a == "--junit") {
            o.junit = QString::fromLocal8Bit(argv[++i]);
        } else if (a == "-j" || (a.startsWith("-j") && a.size() > 2)) {
            const QString n = a == "-j" ? QString::fromLocal8Bit(argv[++i]) : a.mid(2);
            o.jobs = n.toInt(&ok);
            ok = ok && o.jobs >= 1;
        } else if (a == "--timeout") {
            o.timeout = QString::fromLocal8Bit(argv[++i]).toDouble(&ok);
            ok = ok && o.timeout > 0;
        } else if (a == "--horizon") {
            o.horizon = QString::fromLocal8Bit(argv[++i]);
            const double horizon = o.horizon.toDouble(&ok);
            ok = ok && horizon > 0;
        } else if (a.startsWith('-')) {
            usageError("unknown option '%s'", argv[i]);
            return false;
        } else {
            o.paths << a;
        }
        if (!ok) {
            usageError("bad value '%s'", argv[i]);
            return false;
        }
    }
    if (o.paths.isEmpty()) {
        usageError("%s", "which scenarios? (a .py or .lsgraph.json file, or a folder of them)");
        return false;
    }
    return true;
}

bool isValidStatus(const QString& s) {
    static const QRegularExpression re(
        QStringLiteral("^(ok|deadlock|horizon|watchdog|exception:[A-Za-z_][A-Za-z0-9_]*)$"));
    return re.match(s).hasMatch();
}

/// Reads `# expect: STATUS` from the comments (and blank lines) that open the file; a task
/// graph's from its "expect" member (a graph that does not load fails when it runs).
void readHeader(Scenario& s) {
    if (graph::isGraphPath(s.path.toStdString())) {
        std::string error;
        const std::optional<graph::Graph> g = graph::loadGraph(s.path.toStdString(), &error);
        if (g && !g->expect.empty())
            s.expect = QString::fromStdString(g->expect);
        return;
    }
    QFile f(s.path);
    if (!f.open(QIODevice::ReadOnly)) {
        s.headerError = QStringLiteral("cannot read: ") + f.errorString();
        return;
    }
    static const QRegularExpression expectLine(QStringLiteral("^#\\s*expect:\\s*(.*?)\\s*$"));
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (!line.isEmpty() && !line.startsWith('#'))
            return;
        const auto m = expectLine.match(line);
        if (!m.hasMatch())
            continue;
        s.expect = m.captured(1);
        if (!isValidStatus(s.expect))
            s.headerError = QStringLiteral("bad '# expect:' header '%1' (use ok, deadlock, "
                                           "horizon, watchdog or exception:TYPE)")
                                .arg(s.expect);
    }
}

/// A scenario's path without its suffix: ".py", or ".lsgraph.json" for a task graph.
QString stem(const QString& path) {
    static const QString graph = QStringLiteral(".lsgraph.json");
    if (path.endsWith(graph)) // exactly as run tells a graph (isGraphPath)
        return path.left(path.size() - graph.size());
    return path.endsWith(QStringLiteral(".py")) ? path.left(path.size() - 3) : path;
}

Scenario scenario(const QString& path, const QString& name, const QString& suite) {
    Scenario s;
    s.path = path;
    s.name = name;
    s.suite = suite;
    return s;
}

/// The scenarios under the given paths, sorted by path, each once.
std::optional<std::vector<Scenario>> findScenarios(const QStringList& paths) {
    std::vector<Scenario> found;
    for (const QString& root : paths) {
        const QFileInfo info(root);
        if (info.isFile()) {
            found.push_back(scenario(root, stem(info.fileName()), info.dir().dirName()));
            continue;
        }
        if (!info.isDir()) {
            usageError("no such file or folder '%s'", root.toLocal8Bit().constData());
            return std::nullopt;
        }
        const QDir dir(root);
        QDirIterator it(root, {QStringLiteral("*.py"), QStringLiteral("*.lsgraph.json")},
                        QDir::Files | QDir::CaseSensitive, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString name = stem(dir.relativeFilePath(path));
            QString suite = QFileInfo(dir.absolutePath()).fileName();
            const QString sub = QFileInfo(name).path();
            if (sub != ".")
                suite += '.' + QString(sub).replace('/', '.');
            found.push_back(scenario(path, name, suite));
        }
    }
    std::sort(found.begin(), found.end(),
              [](const Scenario& a, const Scenario& b) { return a.path < b.path; });
    found.erase(std::unique(found.begin(), found.end(),
                            [](const Scenario& a, const Scenario& b) {
                                return QFileInfo(a.path).canonicalFilePath() ==
                                       QFileInfo(b.path).canonicalFilePath();
                            }),
                found.end());
    for (Scenario& s : found)
        readHeader(s);
    return found;
}

QString goldenPath(const QString& scenario) { return stem(scenario) + QStringLiteral(".expected"); }

/// The first line of `err` that starts with `prefix`, without it; empty if none.
QString lineAfter(const QString& err, const QString& prefix) {
    for (const QString& line : err.split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size());
    return {};
}

/// "uncaught ValueError: bad input (line 7)" from the traceback of an uncaught `type`: its
/// last line names the exception, the last frame in the scenario `path` says where.
QString uncaught(const QString& type, const QString& path, const QString& err) {
    QString what = type, where;
    const QString frame = QStringLiteral("  File \"%1\", line ").arg(path);
    for (const QString& line : err.split('\n')) {
        if (line.startsWith(frame))
            where = QStringLiteral(" (line %1)").arg(line.mid(frame.size()).section(',', 0, 0));
        else if (line == type || line.startsWith(type + QStringLiteral(": ")))
            what = line;
    }
    return QStringLiteral("uncaught ") + what + where;
}

/// Why the scenario at `path` ended with `status`, from what it wrote to stderr.
QString statusReason(const QString& status, const QString& path, const QString& err) {
    if (status.startsWith(QStringLiteral("exception:"))) {
        const QString assertion = lineAfter(err, QStringLiteral("loopscope: assertion failed at "));
        if (!assertion.isEmpty())
            return QStringLiteral("assertion failed at ") + assertion;
        return uncaught(status.mid(10), path, err);
    }
    for (const char* prefix :
         {"loopscope: deadlock ", "loopscope: watchdog: ", "loopscope: run stopped "}) {
        const QString rest = lineAfter(err, QString::fromLatin1(prefix));
        if (!rest.isEmpty())
            return QString::fromLatin1(prefix + std::strlen("loopscope: ")) + rest;
    }
    return QStringLiteral("ended with status ") + status;
}

/// The first difference between the golden text and the run's, or empty if none.
QString goldenDifference(const QString& expected, const QString& actual) {
    const QStringList want = expected.split('\n'), got = actual.split('\n');
    for (qsizetype i = 0; i < std::max(want.size(), got.size()); ++i) {
        const QString w = i < want.size() ? '"' + want[i] + '"' : QStringLiteral("(end)");
        const QString g = i < got.size() ? '"' + got[i] + '"' : QStringLiteral("(end)");
        if (w != g)
            return QStringLiteral("golden output differs at line %1: expected %2, got %3")
                .arg(i + 1)
                .arg(w, g);
    }
    return {};
}

/// Rewrites `path` whole or not at all.
bool writeAtomically(const QString& path, const QByteArray& data, QString* error) {
    QSaveFile f(path);
    if (f.open(QIODevice::WriteOnly) && f.write(data) == data.size() && f.commit())
        return true;
    *error = QStringLiteral("cannot write '%1': %2").arg(path, f.errorString());
    return false;
}

/// Why a run that did not get to print its end line failed: it hung, crashed or exited.
QString abnormalEnd(const RunOutput& run) {
    if (run.timedOut)
        return QStringLiteral("hung: still running after %1 s of wall-clock time, killed")
            .arg(run.seconds, 0, 'f', 1);
    if (run.crashed)
        return QStringLiteral("crashed (signal %1: %2)")
            .arg(run.exitCode)
            .arg(QString::fromLocal8Bit(strsignal(run.exitCode)));
    const QString firstErr = run.err.section('\n', 0, 0);
    return QStringLiteral("ended without a status line (exit status %1)%2")
        .arg(run.exitCode)
        .arg(firstErr.isEmpty() ? QString() : ": " + firstErr);
}

/// Why a run that ended with `status` did not end as the scenario expects; empty if it did.
QString unexpectedEnd(const Scenario& s, const QString& status, const QString& err) {
    if (status == s.expect)
        return {};
    if (s.expect == "ok")
        return statusReason(status, s.path, err);
    if (status == "ok")
        return QStringLiteral("expected %1, ended ok").arg(s.expect);
    return QStringLiteral("expected %1, got %2").arg(s.expect, statusReason(status, s.path, err));
}

/// Compares the run's output with the scenario's golden file, if it has one, or rewrites
/// the file (`update`); returns why that failed, or empty.
QString checkGolden(const Scenario& s, const QString& out, bool update) {
    QString reason;
    const QString golden = goldenPath(s.path);
    if (update)
        writeAtomically(golden, out.toUtf8(), &reason);
    else if (QFile f(golden); f.open(QIODevice::ReadOnly))
        reason = goldenDifference(QString::fromUtf8(f.readAll()), out);
    return reason;
}

/// A failed assert in a task nobody awaited: the run ends ok, with only a diagnostic, but
/// the check failed all the same. Returns why, or empty.
QString lostAssertion(const Trace& trace) {
    for (const TaskInfo& t : trace.tasks) {
        if (t.outcome != Outcome::Exception || t.errorType != "AssertionError" || t.errorRetrieved)
            continue;
        QString reason = QStringLiteral("assertion failed in task %1, which nobody awaited")
                             .arg(QString::fromStdString(t.name));
        if (!t.errorMessage.empty())
            reason += QStringLiteral(": ") + QString::fromStdString(t.errorMessage);
        return reason;
    }
    return {};
}

Verdict judge(const Scenario& s, const RunOutput& run, bool update) {
    static const QRegularExpression endLine(
        QStringLiteral("(?:^|\\n)# end t=(\\S+) status=(\\S+)\\n$"));
    const auto end = endLine.match(run.out);
    Verdict v;
    v.details = run.err;
    v.seconds = run.seconds;
    if (run.timedOut || run.crashed || !end.hasMatch()) {
        v.kind = Verdict::Error;
        v.reason = abnormalEnd(run);
        return v;
    }
    v.endTime = end.captured(1);
    Trace trace;
    if (loadTraceJson(run.tracePath.toStdString(), trace, nullptr))
        v.tasks = qsizetype(trace.tasks.size());
    v.reason = unexpectedEnd(s, end.captured(2), run.err);
    if (v.reason.isEmpty())
        v.reason = lostAssertion(trace);
    if (v.reason.isEmpty())
        v.reason = checkGolden(s, run.out, update);
    if (!v.reason.isEmpty())
        return v; // Verdict::Fail
    v.kind = update ? Verdict::Updated : Verdict::Pass;
    return v;
}

void printVerdict(const Scenario& s, const Verdict& v) {
    QString line;
    if (v.kind == Verdict::Pass || v.kind == Verdict::Updated) {
        line = (v.kind == Verdict::Pass ? QStringLiteral("PASS ") : QStringLiteral("UPDATED ")) +
               s.name + QStringLiteral(" (t=") + v.endTime;
        if (v.tasks >= 0)
            line += QStringLiteral(", %1 task%2").arg(v.tasks).arg(v.tasks == 1 ? "" : "s");
        line += ')';
    } else {
        line = QStringLiteral("FAIL ") + s.name + QStringLiteral(": ") + v.reason;
    }
    std::printf("%s\n", line.toUtf8().constData());
    std::fflush(stdout);
}

/// `text` with the control characters XML 1.0 cannot hold replaced by U+FFFD.
QString xmlSafe(QString text) {
    for (QChar& c : text)
        if (c.unicode() < 0x20 && c != '\n' && c != '\t' && c != '\r')
            c = QChar::ReplacementCharacter;
    return text;
}

bool writeJUnit(const QString& path, const std::vector<Scenario>& scenarios,
                const std::vector<Verdict>& verdicts) {
    QByteArray xml;
    QXmlStreamWriter w(&xml);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    int failures = 0, errors = 0;
    double total = 0;
    for (const Verdict& v : verdicts) {
        failures += v.kind == Verdict::Fail;
        errors += v.kind == Verdict::Error;
        total += v.seconds;
    }
    const auto seconds = [](double s) { return QString::number(s, 'f', 3); };
    w.writeStartElement(QStringLiteral("testsuites"));
    w.writeStartElement(QStringLiteral("testsuite"));
    w.writeAttribute(QStringLiteral("name"), QStringLiteral("loopscope"));
    w.writeAttribute(QStringLiteral("tests"), QString::number(verdicts.size()));
    w.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    w.writeAttribute(QStringLiteral("errors"), QString::number(errors));
    w.writeAttribute(QStringLiteral("skipped"), QStringLiteral("0"));
    w.writeAttribute(QStringLiteral("time"), seconds(total));
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        const Verdict& v = verdicts[i];
        w.writeStartElement(QStringLiteral("testcase"));
        w.writeAttribute(QStringLiteral("classname"), scenarios[i].suite);
        w.writeAttribute(QStringLiteral("name"), scenarios[i].name);
        w.writeAttribute(QStringLiteral("time"), seconds(v.seconds));
        if (v.kind == Verdict::Fail || v.kind == Verdict::Error) {
            const bool error = v.kind == Verdict::Error;
            w.writeStartElement(error ? QStringLiteral("error") : QStringLiteral("failure"));
            w.writeAttribute(QStringLiteral("message"), xmlSafe(v.reason));
            w.writeAttribute(QStringLiteral("type"),
                             error ? QStringLiteral("error") : QStringLiteral("failure"));
            w.writeCharacters(xmlSafe(v.details));
            w.writeEndElement();
        }
        w.writeEndElement();
    }
    w.writeEndDocument();
    QString error;
    if (writeAtomically(path, xml, &error))
        return true;
    std::fprintf(stderr, "loopscope test: %s\n", error.toLocal8Bit().constData());
    return false;
}

/// Runs the scenarios as up to `jobs` child processes at once and prints each verdict in
/// path order as soon as those before it are known.
class Runner {
  public:
    Runner(const TestOptions& options, const std::vector<Scenario>& scenarios)
        : options_(options), scenarios_(scenarios), verdicts_(scenarios.size()) {}

    /// Runs everything; returns the verdicts in scenario order.
    std::vector<Verdict> run() {
        QEventLoop loop;
        done_ = [&loop] { loop.quit(); };
        for (int i = 0; i < options_.jobs; ++i)
            startNext();
        if (printed_ < scenarios_.size())
            loop.exec();
        std::vector<Verdict> out;
        for (auto& v : verdicts_)
            out.push_back(*v);
        return out;
    }

  private:
    void startNext() {
        while (next_ < scenarios_.size()) {
            const std::size_t i = next_++;
            const Scenario& s = scenarios_[i];
            if (s.headerError.isEmpty()) {
                start(i);
                return;
            }
            Verdict v;
            v.reason = s.headerError;
            finish(i, v);
        }
    }

    /// One scenario's child process, the timer that kills it if it hangs, and its clock.
    /// Kept until the runner ends: a QProcess must not be deleted in its own signal.
    struct Child {
        QProcess process;
        QTimer killer;
        QElapsedTimer clock;
        bool timedOut = false;
        QString tracePath;
    };

    QStringList runArguments(const Scenario& s, const QString& tracePath) const {
        QStringList args = {QStringLiteral("run"),
                            s.path,
                            QStringLiteral("--timestamps"),
                            QStringLiteral("--trace"),
                            tracePath,
                            QStringLiteral("--timeout"),
                            QString::number(options_.timeout)};
        if (!options_.horizon.isEmpty())
            args << QStringLiteral("--horizon") << options_.horizon;
        for (const std::string& a : options_.interventions.arguments())
            args << QString::fromStdString(a);
        return args;
    }

    void start(std::size_t i) {
        children_.push_back(std::make_unique<Child>());
        Child* c = children_.back().get();
        c->tracePath = tmp_.filePath(QStringLiteral("%1.json").arg(i));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LOOPSCOPE_EXPLAIN_ASSERTS"), QStringLiteral("1"));
        c->process.setProcessEnvironment(env);
        // The run's watchdog stops Python code stuck for --timeout and says where; the kill,
        // a little later, is for whatever the watchdog cannot stop.
        c->killer.setSingleShot(true);
        c->killer.setInterval(int((options_.timeout * 1.5 + 3) * 1000));
        QObject::connect(&c->killer, &QTimer::timeout, [c] {
            c->timedOut = true;
            c->process.kill();
        });
        QObject::connect(&c->process, &QProcess::finished,
                         [this, i, c](int code, QProcess::ExitStatus status) {
                             collect(i, *c, code, status == QProcess::CrashExit);
                         });
        QObject::connect(
            &c->process, &QProcess::errorOccurred, [this, i, c](QProcess::ProcessError e) {
                if (e != QProcess::FailedToStart)
                    return; // the others end in finished()
                Verdict v;
                v.kind = Verdict::Error;
                v.reason = QStringLiteral("cannot start loopscope: ") + c->process.errorString();
                finish(i, v);
                startNext();
            });
        c->clock.start();
        c->killer.start();
        c->process.start(QCoreApplication::applicationFilePath(),
                         runArguments(scenarios_[i], c->tracePath));
    }

    void collect(std::size_t i, Child& c, int exitCode, bool crashed) {
        c.killer.stop();
        RunOutput r;
        r.seconds = c.clock.elapsed() / 1000.0;
        r.timedOut = c.timedOut;
        r.crashed = crashed;
        r.exitCode = exitCode;
        r.out = QString::fromUtf8(c.process.readAllStandardOutput());
        r.err = QString::fromUtf8(c.process.readAllStandardError());
        r.tracePath = c.tracePath;
        finish(i, judge(scenarios_[i], r, options_.update));
        startNext();
    }

    void finish(std::size_t i, Verdict v) {
        verdicts_[i] = std::move(v);
        while (printed_ < scenarios_.size() && verdicts_[printed_]) {
            printVerdict(scenarios_[printed_], *verdicts_[printed_]);
            ++printed_;
        }
        if (printed_ == scenarios_.size() && done_)
            done_();
    }

    const TestOptions& options_;
    const std::vector<Scenario>& scenarios_;
    std::vector<std::optional<Verdict>> verdicts_;
    std::size_t next_ = 0;
    std::size_t printed_ = 0;
    QTemporaryDir tmp_;
    std::vector<std::unique_ptr<Child>> children_;
    std::function<void()> done_;
};

} // namespace

int testCommand(char* argv0, int argc, char** argv) {
    TestOptions options;
    if (!parseOptions(argc, argv, options))
        return ExitUsage;
    int qargc = 1;
    char* qargv[] = {argv0, nullptr};
    QCoreApplication app(qargc, qargv);
    const auto scenarios = findScenarios(options.paths);
    if (!scenarios)
        return ExitUsage;
    if (scenarios->empty()) {
        usageError("%s", "no scenarios (*.py, *.lsgraph.json) found");
        return ExitUsage;
    }
    const std::vector<Verdict> verdicts = Runner(options, *scenarios).run();
    const auto passed = std::count_if(verdicts.begin(), verdicts.end(), [](const Verdict& v) {
        return v.kind == Verdict::Pass || v.kind == Verdict::Updated;
    });
    const auto failed = qsizetype(verdicts.size()) - passed;
    std::printf("%lld passed, %lld failed\n", (long long)passed, (long long)failed);
    std::fflush(stdout);
    if (!options.junit.isEmpty() && !writeJUnit(options.junit, *scenarios, verdicts))
        return ExitUsage;
    return failed == 0 ? ExitOk : ExitFailed;
}
