// The builder: a tree of the graph's resources, tasks and steps with a toolbar to add,
// remove and reorder them, undo and redo, and a property editor for the selected item. Every
// change goes through the GraphDocument's undo stack; the tree is rebuilt from the document
// on each change, keeping the selection.
#pragma once

#include "GraphEdits.hpp"
#include "ItemRef.hpp"

#include <QWidget>

#include <functional>
#include <vector>

class QAction;
class QLabel;
class QMenu;
class QSplitter;
class QToolBar;
class QTreeWidget;
class QTreeWidgetItem;
class QVBoxLayout;

namespace loopscope::builder {

class GraphDocument;
class GraphView;

class BuilderPanel : public QWidget {
    Q_OBJECT
  public:
    explicit BuilderPanel(GraphDocument* document, QWidget* parent = nullptr);

    GraphDocument* document() const { return doc_; }
    QTreeWidget* tree() const { return tree_; }
    /// The selected item (Kind::None when a heading or nothing is selected).
    ItemRef selected() const { return selected_; }
    /// Selects `ref` in the tree (the property editor follows), after committing the text
    /// being typed for the item selected until now.
    void select(const ItemRef& ref);
    /// Commits the text typed in a field of the property editor that has not been committed
    /// yet (the field still has the focus): before saving, running or leaving the item.
    void commitPendingEdit();

    /// The graph as a diagram under the properties: follows the document, shows the
    /// selection, and a click on a node selects it.
    GraphView* graphView() const { return graphView_; }

    /// The builder's toolbar (the window adds its graph actions to it: Show as Python).
    QToolBar* toolBar() const { return toolBar_; }
    QAction* addTaskAction() const { return addTask_; }
    QAction* removeAction() const { return remove_; }
    QAction* moveUpAction() const { return moveUp_; }
    QAction* moveDownAction() const { return moveDown_; }
    QAction* undoAction() const { return undo_; }
    QAction* redoAction() const { return redo_; }
    /// One action per step kind (data: int(StepKind)) / resource type (data: int(ResourceKind)).
    QMenu* addStepMenu() const { return stepMenu_; }
    QMenu* addResourceMenu() const { return resourceMenu_; }

    /// The property editor's widget for `field` of the selected item, or nullptr.
    QWidget* editorFor(Field field) const;
    /// What the last refused edit said (empty after a successful one).
    QLabel* messageLabel() const { return message_; }

  signals:
    void selectionChanged(const loopscope::builder::ItemRef& ref);

  protected:
    /// A press on a toolbar button commits the field being typed in first: the buttons take
    /// no focus, so the field would otherwise commit later, to whatever is selected then.
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void createActions();
    void rebuildTree();
    void addSteps(QTreeWidgetItem* parent, int task, const std::vector<graph::Step>& steps,
                  std::vector<StepHop> path, bool handler);
    QTreeWidgetItem* addItem(QTreeWidgetItem* parent, const QString& text, const ItemRef& ref);
    void onTreeSelection();
    /// Rebuilds the form when the selected item's fields changed, else refreshes the values.
    void updateProperties();
    void rebuildProperties();
    void refreshProperties();
    void addEditor(Field field);
    /// Applies an editor's value; a refused edit puts the editor back.
    void commit(Field field, const QVariant& value);
    void updateActions();
    void showSelectionInGraphView();
    void afterEdit(bool ok, const ItemRef& select);

    GraphDocument* doc_;
    QTreeWidget* tree_;
    QWidget* formHolder_;     ///< in the scroll area; holds form_
    QWidget* form_ = nullptr; ///< the property editor of the selected item
    QLabel* message_;
    QSplitter* splitter_;
    GraphView* graphView_;
    QToolBar* toolBar_;
    QAction* addTask_ = nullptr;
    QAction* remove_ = nullptr;
    QAction* moveUp_ = nullptr;
    QAction* moveDown_ = nullptr;
    QAction* undo_ = nullptr;
    QAction* redo_ = nullptr;
    QMenu* stepMenu_ = nullptr;
    QMenu* resourceMenu_ = nullptr;

    ItemRef selected_;
    std::vector<ItemRef> refs_; ///< the tree items' refs, by their Qt::UserRole index
    bool rebuilding_ = false;
    QString formSignature_; ///< what the form was built for
    struct Editor {
        Field field;
        QWidget* widget;
        std::function<void(const QVariant&)> show; ///< puts a value in the widget
    };
    std::vector<Editor> editors_;
};

} // namespace loopscope::builder
