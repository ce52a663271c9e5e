// Work the window must not wait for (reading a big trace, exporting a picture) runs on Qt's
// global thread pool; its result comes back on the UI thread.
#pragma once

#include <loopscope/Trace.hpp>

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>
#include <type_traits>
#include <utility>

namespace loopscope::gui {

/// Runs `work()` on the global thread pool, then `done(result)` on `context`'s thread. If
/// `context` is destroyed first, `done` is dropped (the work still runs to its end, so it
/// must own what it uses).
template <class Work, class Done>
void runInBackground(QObject* context, Work work, Done done) {
    using Result = std::invoke_result_t<Work>;
    auto* watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcher<Result>::finished, context,
                     [watcher, done = std::move(done)]() mutable {
                         Result result = watcher->result();
                         watcher->deleteLater();
                         done(std::move(result));
                     });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

/// A trace file read: the trace, or nullptr and why.
struct TraceRead {
    std::shared_ptr<Trace> trace;
    QString error;
};

/// Reads a loopscope-trace file (meant for runInBackground's work).
TraceRead readTraceFile(const QString& path);

} // namespace loopscope::gui
