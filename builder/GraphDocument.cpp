// Edits as whole-graph snapshots: graphs are small (a few dozen steps), so a command holding
// the graph before and after is simpler than one inverse per kind of edit, and cannot get an
// inverse wrong.
#include "GraphDocument.hpp"

#include <loopscope/graph/GraphLoader.hpp>
#include <loopscope/graph/GraphWriter.hpp>

#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUndoCommand>
#include <QUndoStack>

namespace loopscope::builder {

/// An edit: the graph before and after. Commands with a merge key (a field of an item) merge
/// with the next one of the same key.
class GraphCommand : public QUndoCommand {
  public:
    GraphCommand(GraphDocument* doc, const QString& text, graph::Graph before, graph::Graph after,
                 QString mergeKey)
        : QUndoCommand(text), doc_(doc), before_(std::move(before)), after_(std::move(after)),
          mergeKey_(std::move(mergeKey)) {}

    void undo() override { doc_->apply(before_); }
    void redo() override { doc_->apply(after_); }
    int id() const override { return mergeKey_.isEmpty() ? -1 : 1; }
    bool mergeWith(const QUndoCommand* other) override {
        const auto* next = static_cast<const GraphCommand*>(other);
        if (next->mergeKey_ != mergeKey_)
            return false;
        after_ = next->after_;
        // Back where it started: the command undoes nothing, so it goes (Qt 6 drops it).
        setObsolete(graph::sameGraph(before_, after_));
        return true;
    }

  private:
    GraphDocument* doc_;
    graph::Graph before_;
    graph::Graph after_;
    QString mergeKey_;
};

GraphDocument::GraphDocument(QObject* parent) : QObject(parent), undo_(new QUndoStack(this)) {
    connect(undo_, &QUndoStack::cleanChanged, this,
            [this] { emit modifiedChanged(isModified()); }); // a restored graph stays modified
    graph::TaskSpec t;
    t.name = "task_1";
    graph_.tasks.push_back(t);
}

bool GraphDocument::isModified() const {
    return restored_ || !undo_->isClean();
}

QString GraphDocument::check(const graph::Graph& g, graph::Graph* normalised) {
    std::string error;
    std::optional<graph::Graph> back = graph::parseGraph(graph::graphJson(g), "", &error);
    if (back) {
        if (normalised) {
            back->path = g.path;
            *normalised = std::move(*back);
        }
        return {};
    }
    // ":LINE:COL: where: what": the position is in the text written just now, not the user's.
    static const QRegularExpression position(QStringLiteral("^:\\d+:\\d+: "));
    return QString::fromStdString(error).remove(position);
}

bool GraphDocument::load(const QString& path, QString* error) {
    std::string why;
    std::optional<graph::Graph> g = graph::loadGraph(path.toStdString(), &why);
    if (!g) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    graph_ = std::move(*g);
    undo_->clear();
    restored_ = false;
    path_ = QFileInfo(path).absoluteFilePath();
    emit filePathChanged(path_);
    emit modifiedChanged(false);
    emit changed();
    return true;
}

void GraphDocument::reset(graph::Graph g) {
    g.path.clear();
    graph_ = std::move(g);
    undo_->clear();
    restored_ = false;
    path_.clear();
    emit filePathChanged(path_);
    emit modifiedChanged(false);
    emit changed();
}

void GraphDocument::restore(graph::Graph g, const QString& path) {
    path_ = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    g.path = path_.toStdString();
    graph_ = std::move(g);
    undo_->clear();
    restored_ = true;
    emit filePathChanged(path_);
    emit modifiedChanged(true);
    emit changed();
}

bool GraphDocument::save(const QString& path, QString* error) {
    const std::string text = graph::graphJson(graph_);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), qint64(text.size())) < 0 ||
        !f.commit()) {
        if (error)
            *error = tr("Cannot save %1: %2").arg(path, f.errorString());
        return false;
    }
    path_ = QFileInfo(path).absoluteFilePath();
    graph_.path = path_.toStdString();
    undo_->setClean();
    if (restored_) {
        restored_ = false;
        emit modifiedChanged(false);
    }
    emit filePathChanged(path_);
    return true;
}

void GraphDocument::apply(const graph::Graph& g) {
    graph_ = g;
    applying_ = true; // what changed() sets off must not push an edit mid-undo/redo
    emit changed();
    applying_ = false;
}

bool GraphDocument::refuse(const QString& message) {
    lastError_ = message;
    emit editRefused(message);
    return false;
}

bool GraphDocument::edit(const QString& text, const Edit& edit, const QString& mergeKey) {
    if (applying_) // an editor reacting to an undo, redo or edit being shown: not an edit
        return false;
    graph::Graph after = graph_;
    if (const std::string why = edit(after); !why.empty())
        return refuse(QString::fromStdString(why));
    graph::Graph normalised;
    if (const QString why = check(after, &normalised); !why.isEmpty())
        return refuse(why);
    if (graph::sameGraph(normalised, graph_))
        return true; // nothing changed: no undo step
    undo_->push(new GraphCommand(this, text, graph_, std::move(normalised), mergeKey));
    return true;
}

bool GraphDocument::addTask(ItemRef* select) {
    return edit(tr("Add task"), [select](graph::Graph& g) { return builder::addTask(g, select); });
}

bool GraphDocument::addResource(ResourceKind kind, ItemRef* select) {
    const QString name = QString::fromLatin1(nameOf(kind).data(), qsizetype(nameOf(kind).size()));
    return edit(tr("Add %1").arg(name),
                [kind, select](graph::Graph& g) { return builder::addResource(g, kind, select); });
}

bool GraphDocument::addStep(const ItemRef& selected, graph::StepKind kind, ItemRef* select) {
    const std::string_view key = graph::stepKey(kind);
    return edit(tr("Add %1 step").arg(QString::fromLatin1(key.data(), qsizetype(key.size()))),
                [&](graph::Graph& g) { return builder::addStep(g, selected, kind, select); });
}

bool GraphDocument::removeItem(const ItemRef& ref) {
    return edit(tr("Remove %1").arg(QString::fromStdString(placeOf(graph_, ref))),
                [&](graph::Graph& g) { return builder::removeItem(g, ref); });
}

bool GraphDocument::moveItem(const ItemRef& ref, int delta, ItemRef* select) {
    return edit(delta < 0 ? tr("Move up") : tr("Move down"),
                [&](graph::Graph& g) { return builder::moveItem(g, ref, delta, select); });
}

bool GraphDocument::setField(const ItemRef& ref, Field field, const QVariant& value) {
    const QString place = QString::fromStdString(placeOf(graph_, ref));
    const QString name = QString::fromLatin1(fieldName(field));
    return edit(
        tr("Set %1 of %2").arg(name, place),
        [&](graph::Graph& g) { return builder::setField(g, ref, field, value); },
        place + QLatin1Char('/') + name);
}

} // namespace loopscope::builder
