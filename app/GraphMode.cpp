// What-if runs: at most one run on the pool at a time; changes made meanwhile are coalesced
// into one more run when it ends, and the ended run, stale by then, is dropped.
#include "GraphMode.hpp"

#include "Background.hpp"

#include <BuilderPanel.hpp>
#include <GraphDocument.hpp>
#include <TimelineView.hpp>

#include <loopscope/Errors.hpp>
#include <loopscope/graph/GraphRunner.hpp>

#include <utility>

namespace loopscope::gui {

namespace {

/// The horizon of a what-if run, as `loopscope run`'s default: a graph that never ends
/// stops there instead of keeping a pool thread busy.
constexpr double kHorizon = 3600;
/// And its event budget: nested repeats can ask for 10^12 steps at one virtual instant,
/// which no horizon stops; a what-if run ends (status "budget") within a second or two.
constexpr std::uint64_t kEventBudget = 5'000'000; // the 1,000-task benchmark needs a fraction

struct SimulationResult {
    RunResult result;
    std::shared_ptr<const Trace> trace;
};

} // namespace

GraphMode::GraphMode(TimelineView* timeline, QObject* parent)
    : QObject(parent), timeline_(timeline), doc_(new builder::GraphDocument(this)),
      panel_(new builder::BuilderPanel(doc_)) {
    connect(doc_, &builder::GraphDocument::changed, this, [this] {
        if (active_)
            simulate();
    });
}

GraphMode::~GraphMode() {
    if (panel_ && !panel_->parent())
        delete panel_;
}

void GraphMode::activate() {
    previous_.reset();
    last_.reset();
    if (!active_) {
        active_ = true;
        emit activeChanged(true);
    }
}

void GraphMode::deactivate() {
    if (!active_)
        return;
    active_ = false;
    pending_ = false;
    previous_.reset();
    last_.reset();
    timeline_->setGhostTrace(nullptr);
    emit activeChanged(false);
}

bool GraphMode::open(const QString& path, QString* error) {
    if (!doc_->load(path, error))
        return false;
    activate();
    return true;
}

bool GraphMode::restore(const QString& autosave, const QString& originalPath, QString* error) {
    builder::GraphDocument scratch;
    if (!scratch.load(autosave, error))
        return false;
    doc_->restore(scratch.graph(), originalPath);
    activate();
    return true;
}

bool GraphMode::openTemplate(const QString& path, QString* error) {
    builder::GraphDocument scratch;
    if (!scratch.load(path, error))
        return false;
    doc_->reset(scratch.graph());
    activate();
    return true;
}

bool GraphMode::save(const QString& path, QString* error) {
    return doc_->save(path, error);
}

void GraphMode::simulate() {
    if (running_) {
        pending_ = true;
        return;
    }
    start();
}

void GraphMode::start() {
    running_ = true;
    pending_ = false;
    graph::Graph g = doc_->graph(); // the run owns its copy: the document goes on changing
    runInBackground(
        this,
        [g = std::move(g), interventions = interventions_] {
            LoopOptions options;
            options.horizon = kHorizon;
            options.eventBudget = kEventBudget;
            options.interventions = interventions;
            graph::GraphRun r = graph::runGraph(g, options);
            return SimulationResult{std::move(r.result),
                                    std::make_shared<const Trace>(std::move(r.trace))};
        },
        [this](SimulationResult r) {
            running_ = false;
            if (!active_)
                return;
            if (pending_) { // the graph changed during the run: this one is stale
                start();
                return;
            }
            previous_ = last_;
            last_ = r.trace;
            emit simulated(r.trace, ghost(), statusOf(r.result), stderrOf(r.result, *r.trace));
        });
}

void GraphMode::setCompare(bool on) {
    compare_ = on;
    timeline_->setGhostTrace(ghost());
}

std::shared_ptr<const Trace> GraphMode::ghost() const {
    return compare_ && active_ ? previous_ : nullptr;
}

QString GraphMode::statusOf(const RunResult& r) {
    const std::string_view name = nameOf(r.status);
    QString status = QString::fromLatin1(name.data(), qsizetype(name.size()));
    if (r.status == RunStatus::Exception)
        status += QLatin1Char(':') + QString::fromStdString(describeException(r.error).type);
    return status;
}

QString GraphMode::stderrOf(const RunResult& r, const Trace& trace) {
    QString out;
    for (const Diagnostic& d : trace.diagnostics)
        out +=
            QStringLiteral("loopscope: ") + QString::fromStdString(d.message) + QLatin1Char('\n');
    if (r.status == RunStatus::Exception) {
        const ExceptionInfo e = describeException(r.error);
        out += QString::fromStdString(e.type) +
               (e.message.empty() ? QString()
                                  : QStringLiteral(": ") + QString::fromStdString(e.message)) +
               QLatin1Char('\n');
    }
    return out;
}

} // namespace loopscope::gui
