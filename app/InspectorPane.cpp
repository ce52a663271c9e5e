// The inspector dock's two trees, refilled from InspectorModel::at on every cursor move.
#include "InspectorPane.hpp"

#include <QHeaderView>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace loopscope::gui {

namespace {

QString fromStd(const std::string& s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

QTreeWidget* makeTree(const QStringList& headers) {
    auto* tree = new QTreeWidget;
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(false);
    tree->setUniformRowHeights(true); // thousands of tasks stay cheap to lay out
    tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    return tree;
}

/// Makes `tree` have exactly `n` top-level rows, reusing the existing ones.
void resizeRows(QTreeWidget* tree, int n) {
    while (tree->topLevelItemCount() > n)
        delete tree->takeTopLevelItem(tree->topLevelItemCount() - 1);
    QList<QTreeWidgetItem*> added;
    for (int i = tree->topLevelItemCount(); i < n; ++i)
        added << new QTreeWidgetItem;
    tree->addTopLevelItems(added);
}

/// Sets the texts of one row, touching only the cells that change (no needless repaints).
void setRow(QTreeWidgetItem* item, const QStringList& texts) {
    for (int c = 0; c < texts.size(); ++c)
        if (item->text(c) != texts[c])
            item->setText(c, texts[c]);
}

QString taskState(const ui::TaskView& v) {
    if (v.finished)
        return QStringLiteral("done: ") + fromStd(v.outcomeText);
    QString s = fromStd(std::string(nameOf(v.state)));
    if (v.state == TaskState::Waiting)
        s += QStringLiteral(" on ") + fromStd(ui::describeWait(v));
    return s;
}

QString taskNames(const Trace& trace, const std::vector<TaskId>& ids) {
    QStringList names;
    for (TaskId id : ids)
        names << (id < trace.tasks.size() ? fromStd(trace.tasks[id].name) : QStringLiteral("?"));
    return names.join(QStringLiteral(", "));
}

} // namespace

InspectorPane::InspectorPane(QWidget* parent) : QWidget(parent) {
    tasks_ = makeTree({tr("Task"), tr("State"), tr("Coroutine")});
    tasks_->setObjectName(QStringLiteral("inspectorTasks"));
    resources_ = makeTree({tr("Resource"), tr("Value"), tr("Holders"), tr("Waiters")});
    resources_->setObjectName(QStringLiteral("inspectorResources"));
    // The user's choice of row, by mouse or keys (showSelection's own changes are blocked).
    connect(tasks_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        selected_ = item ? TaskId(item->data(0, Qt::UserRole).toUInt()) : kNone;
        emit taskSelected(selected_);
    });
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(tasks_);
    split->addWidget(resources_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
}

InspectorPane::~InspectorPane() = default;

void InspectorPane::setTrace(const Trace* trace) {
    model_ = trace ? std::make_unique<ui::InspectorModel>(*trace) : nullptr;
    selected_ = kNone;
    tasks_->clear();
    resources_->clear();
}

void InspectorPane::selectTask(TaskId task) {
    selected_ = task;
    showSelection();
}

void InspectorPane::showSelection() {
    QTreeWidgetItem* current = nullptr;
    for (int i = 0; i < tasks_->topLevelItemCount() && selected_ != kNone; ++i)
        if (tasks_->topLevelItem(i)->data(0, Qt::UserRole).toUInt() == selected_)
            current = tasks_->topLevelItem(i);
    if (current == tasks_->currentItem())
        return;
    const QSignalBlocker block(tasks_);
    tasks_->setCurrentItem(current);
    if (current)
        tasks_->scrollToItem(current);
}

void InspectorPane::showAt(double t) {
    if (!model_)
        return;
    const ui::InspectorState st = model_->at(t);
    const Trace& trace = model_->trace();
    resizeRows(tasks_, int(st.tasks.size()));
    for (int i = 0; i < int(st.tasks.size()); ++i) {
        const ui::TaskView& v = st.tasks[std::size_t(i)];
        QTreeWidgetItem* item = tasks_->topLevelItem(i);
        setRow(item, {fromStd(v.name), taskState(v), fromStd(v.coroutine)});
        item->setData(0, Qt::UserRole, v.id);
    }
    showSelection();
    resizeRows(resources_, int(st.resources.size()));
    for (int i = 0; i < int(st.resources.size()); ++i) {
        const ui::ResourceView& v = st.resources[std::size_t(i)];
        setRow(resources_->topLevelItem(i),
               {fromStd(v.name), fromStd(v.valueText), taskNames(trace, v.holders),
                taskNames(trace, v.waiters)});
    }
}

} // namespace loopscope::gui
