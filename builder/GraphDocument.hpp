// One task graph being edited: the Graph, its undo stack, its file and whether it has unsaved
// edits. Every edit is a QUndoCommand holding the graph before and after, applied only when
// the result is a valid graph (it is written and read back, as a save and a load would), so an
// edit is either refused with a message and changes nothing, or done whole.
#pragma once

#include "GraphEdits.hpp"
#include "ItemRef.hpp"

#include <loopscope/graph/Graph.hpp>

#include <QObject>
#include <QString>

class QUndoStack;

namespace loopscope::builder {

class GraphDocument : public QObject {
    Q_OBJECT
  public:
    explicit GraphDocument(QObject* parent = nullptr);

    const graph::Graph& graph() const { return graph_; }
    QUndoStack* undoStack() const { return undo_; }
    /// The file Save writes; empty for a new graph (from a template).
    QString filePath() const { return path_; }
    /// True when there are edits since the last load or save (the undo stack is not clean).
    bool isModified() const;

    /// Reads a graph file; on failure says why ("FILE:LINE:COL: where: what") and keeps the
    /// document as it was. Clears the undo history.
    bool load(const QString& path, QString* error);
    /// Starts over with `g` (a template's graph): untitled, no history, not modified.
    void reset(graph::Graph g);
    /// Takes `g` back from an autosave after a crash: unsaved edits of the file at `path`
    /// (empty: untitled), modified until saved, with no undo history.
    void restore(graph::Graph g, const QString& path);
    /// Writes the graph to `path` atomically; it becomes the document's file.
    bool save(const QString& path, QString* error);

    // The edits. Each returns true when done (changed() has been emitted), or false after
    // emitting editRefused with why; `select`, when given, receives the item to select
    // after the edit (the new or moved item).
    bool addTask(ItemRef* select = nullptr);
    bool addResource(ResourceKind kind, ItemRef* select = nullptr);
    bool addStep(const ItemRef& selected, graph::StepKind kind, ItemRef* select = nullptr);
    bool removeItem(const ItemRef& ref);
    bool moveItem(const ItemRef& ref, int delta, ItemRef* select = nullptr);
    /// Consecutive changes of the same field of the same item merge into one undo step (a
    /// spin box being dragged).
    bool setField(const ItemRef& ref, Field field, const QVariant& value);

    /// The message of the last refused edit.
    QString lastError() const { return lastError_; }

    /// Checks `g` as the loader would; empty when valid, else "where: what" (the place in the
    /// document, without a file position: the user edits a tree, not the text).
    static QString check(const graph::Graph& g, graph::Graph* normalised = nullptr);

  signals:
    /// The graph changed: an edit, an undo or redo, a load or a reset.
    void changed();
    void editRefused(const QString& message);
    void modifiedChanged(bool modified);
    void filePathChanged(const QString& path);

  private:
    friend class GraphCommand;
    /// Makes `g` the graph (the commands' undo and redo).
    void apply(const graph::Graph& g);
    using Edit = std::function<std::string(graph::Graph&)>;
    /// Runs `edit` on a copy, checks it and pushes it as a command named `text`.
    bool edit(const QString& text, const Edit& edit, const QString& mergeKey = {});
    bool refuse(const QString& message);

    graph::Graph graph_;
    QUndoStack* undo_;
    QString path_;
    QString lastError_;
    bool restored_ = false; ///< restore()d and not saved since: modified, with a clean stack
    bool applying_ = false; ///< in apply(): changed() is being emitted for a command
};

} // namespace loopscope::builder
