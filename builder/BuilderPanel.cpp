// The builder panel. The tree and the form are views of the document: they are refreshed
// from it after every change (an edit here, an undo, a load), never patched by hand.
#include "BuilderPanel.hpp"

#include "GraphDocument.hpp"
#include "GraphView.hpp"

#include <loopscope/graph/GraphLoader.hpp>

#include <QAction>
#include <QCheckBox>
#include <QChildEvent>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>
#include <tuple>

namespace loopscope::builder {

using graph::Duration;
using graph::Graph;
using graph::Step;
using graph::StepKind;

namespace {

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString seconds(double s) {
    return QString::number(s, 'g', 6) + QStringLiteral(" s");
}

QString durationText(const Duration& d) {
    switch (d.kind) {
    case Duration::Kind::Fixed:
        return seconds(d.a);
    case Duration::Kind::Uniform:
        return QStringLiteral("uniform %1–%2").arg(QString::number(d.a, 'g', 6), seconds(d.b));
    case Duration::Kind::Exponential:
        return QStringLiteral("exponential, mean %1").arg(seconds(d.a));
    }
    return {};
}

QString taskNames(const Graph& g, const std::vector<int>& tasks) {
    QStringList names;
    for (int t : tasks)
        names << qs(g.tasks[std::size_t(t)].name);
    return names.join(QStringLiteral(", "));
}

/// The tree's line for a step: its key and what it acts on.
QString stepLabel(const Graph& g, const Step& s) {
    const QString key = qs(graph::stepKey(s.kind));
    const QString resource =
        s.resource >= 0 ? qs(g.resources[std::size_t(s.resource)].name) : QString();
    const QString timeout =
        s.timeout ? QStringLiteral(", timeout ") + durationText(*s.timeout) : QString();
    auto quoted = [](const std::string& t) { return QLatin1Char('"') + qs(t) + QLatin1Char('"'); };
    switch (s.kind) {
    case StepKind::Print:
        return key + QLatin1Char(' ') + quoted(s.text);
    case StepKind::Sleep:
    case StepKind::Block:
        return key + QLatin1Char(' ') + durationText(s.duration);
    case StepKind::IO:
        return key + QLatin1Char(' ') + durationText(s.duration) +
               (s.text.empty() ? QString() : QLatin1Char(' ') + quoted(s.text));
    case StepKind::Put:
        return key + QLatin1Char(' ') + resource +
               (s.hasItem ? QLatin1Char(' ') + quoted(s.text) : QString());
    case StepKind::Hold:
    case StepKind::WaitEvent:
    case StepKind::Set:
    case StepKind::Clear:
    case StepKind::Get:
    case StepKind::TaskDone:
    case StepKind::Join:
        return key + QLatin1Char(' ') + resource;
    case StepKind::Create:
    case StepKind::Await:
    case StepKind::Shield:
    case StepKind::Cancel:
        return key + QLatin1Char(' ') + taskNames(g, s.tasks);
    case StepKind::Gather:
        return key + QStringLiteral(" [") + taskNames(g, s.tasks) + QLatin1Char(']') +
               (s.returnExceptions ? QStringLiteral(", return_exceptions") : QString());
    case StepKind::Wait:
        return key + QStringLiteral(" [") + taskNames(g, s.tasks) + QStringLiteral("] ") +
               qs(nameOf(s.mode)) + timeout;
    case StepKind::AsCompleted:
        return key + QStringLiteral(" [") + taskNames(g, s.tasks) + QLatin1Char(']') + timeout;
    case StepKind::WaitFor:
        return key + QLatin1Char(' ') +
               (s.tasks.empty() ? QStringLiteral("steps") : taskNames(g, s.tasks)) +
               (s.timeout ? timeout : QStringLiteral(", no timeout"));
    case StepKind::Raise:
        return key + QLatin1Char(' ') + qs(s.type) +
               (s.text.empty() ? QString() : QLatin1Char(' ') + quoted(s.text));
    case StepKind::Repeat:
        return key + QStringLiteral(" %1×").arg(s.count);
    case StepKind::Try:
        return key;
    }
    return key;
}

QString resourceLabel(const graph::ResourceSpec& r) {
    QString text = qs(r.name) + QStringLiteral(" — ") + qs(nameOf(r.kind));
    if (isSemaphore(r.kind))
        text += QStringLiteral("(%1)").arg(r.value);
    else if (r.kind == ResourceKind::Queue)
        text += QStringLiteral("(maxsize=%1)").arg(r.value);
    return text;
}

/// The form's label for `field` of a step of `kind` (Text means a message, a label or an item).
QString fieldLabel(Field field, const Step* step) {
    const int kind = step ? int(step->kind) : -1;
    switch (field) {
    case Field::Text:
        if (kind == int(StepKind::IO))
            return QObject::tr("Label");
        if (kind == int(StepKind::Put))
            return QObject::tr("Item");
        return QObject::tr("Message");
    case Field::Capacity:
        return QObject::tr("Capacity");
    case Field::HasItem:
        return QObject::tr("With an item");
    case Field::HasTimeout:
        return QObject::tr("Timeout");
    case Field::TimeoutA:
        return QObject::tr("Timeout (s)");
    case Field::TimeoutB:
        return QObject::tr("Timeout high (s)");
    case Field::DurationA:
        return QObject::tr("Duration (s)");
    case Field::DurationB:
        return QObject::tr("Duration high (s)");
    case Field::Start:
        return QObject::tr("Start (s)");
    case Field::ExceptionType:
        return kind == int(StepKind::Raise) ? QObject::tr("Raises") : QObject::tr("Catches");
    default:
        break;
    }
    QString name = QString::fromLatin1(fieldName(field));
    name[0] = name[0].toUpper();
    return name;
}

} // namespace

BuilderPanel::BuilderPanel(GraphDocument* document, QWidget* parent)
    : QWidget(parent), doc_(document) {
    tree_ = new QTreeWidget;
    tree_->setHeaderHidden(true);
    tree_->setObjectName(QStringLiteral("builderTree"));
    formHolder_ = new QWidget;
    auto* holderLayout = new QVBoxLayout(formHolder_);
    holderLayout->setContentsMargins(0, 0, 0, 0);
    holderLayout->addStretch();
    auto* scroll = new QScrollArea;
    scroll->setWidget(formHolder_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    message_ = new QLabel;
    message_->setWordWrap(true);
    message_->setStyleSheet(QStringLiteral("color: #c0392b"));
    message_->setVisible(false);

    // The graph as a diagram, kept in step with the document and the tree's selection.
    graphView_ = new GraphView;
    graphView_->setFocusPolicy(Qt::ClickFocus); // a click ends the typing in a field first
    graphView_->setObjectName(QStringLiteral("graphView"));
    graphView_->setGraph(doc_->graph());
    connect(graphView_, &GraphView::taskClicked, this, [this](int i) { select(ItemRef::task(i)); });
    connect(graphView_, &GraphView::resourceClicked, this,
            [this](int i) { select(ItemRef::resource(i)); });

    splitter_ = new QSplitter(Qt::Vertical);
    splitter_->addWidget(tree_);
    splitter_->addWidget(scroll);
    splitter_->addWidget(graphView_);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);
    splitter_->setStretchFactor(2, 3);
    splitter_->setSizes({300, 200, 260});

    createActions();
    auto* bar = toolBar_ = new QToolBar;
    bar->installEventFilter(this); // and on each button as it is added (eventFilter)
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(addTask_);
    auto addMenuButton = [bar](const QString& text, QMenu* menu) {
        auto* button = new QToolButton;
        button->setText(text);
        button->setMenu(menu);
        button->setPopupMode(QToolButton::InstantPopup);
        bar->addWidget(button);
        return button;
    };
    addMenuButton(tr("+ Step"), stepMenu_)
        ->setToolTip(tr(
            "Add a step: into the selected task, hold, repeat or try, or after the selected step"));
    addMenuButton(tr("+ Resource"), resourceMenu_)->setToolTip(tr("Add a resource"));
    bar->addAction(remove_);
    bar->addAction(moveUp_);
    bar->addAction(moveDown_);
    bar->addSeparator();
    bar->addAction(undo_);
    bar->addAction(redo_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(bar);
    layout->addWidget(splitter_, 1);
    layout->addWidget(message_);

    tree_->addAction(remove_);
    connect(tree_, &QTreeWidget::itemSelectionChanged, this, &BuilderPanel::onTreeSelection);
    connect(doc_, &GraphDocument::changed, this, [this] {
        message_->setVisible(false);
        message_->clear();
        graphView_->setGraph(doc_->graph());
        rebuildTree();
        showSelectionInGraphView(); // the tree may have lost the selected item
        updateProperties();
        updateActions();
    });
    connect(doc_, &GraphDocument::editRefused, this, [this](const QString& why) {
        message_->setText(why);
        message_->setVisible(true);
    });
    rebuildTree();
    updateProperties();
    updateActions();
}

void BuilderPanel::createActions() {
    // Short texts so that the whole toolbar fits the editor's width; the tooltips say more.
    addTask_ = new QAction(tr("+ Task"), this);
    addTask_->setToolTip(tr("Add a task (main starts it at t=0)"));
    connect(addTask_, &QAction::triggered, this, [this] {
        ItemRef added;
        afterEdit(doc_->addTask(&added), added);
    });
    stepMenu_ = new QMenu(tr("Add Step"), this);
    for (StepKind kind : stepKinds()) {
        QAction* a = stepMenu_->addAction(qs(graph::stepKey(kind)));
        a->setData(int(kind));
        connect(a, &QAction::triggered, this, [this, kind] {
            ItemRef added;
            afterEdit(doc_->addStep(selected_, kind, &added), added);
        });
    }
    resourceMenu_ = new QMenu(tr("Add Resource"), this);
    for (ResourceKind kind :
         {ResourceKind::Lock, ResourceKind::Semaphore, ResourceKind::BoundedSemaphore,
          ResourceKind::Event, ResourceKind::Condition, ResourceKind::Queue}) {
        QAction* a = resourceMenu_->addAction(qs(nameOf(kind)));
        a->setData(int(kind));
        connect(a, &QAction::triggered, this, [this, kind] {
            ItemRef added;
            afterEdit(doc_->addResource(kind, &added), added);
        });
    }
    remove_ = new QAction(tr("Remove"), this);
    remove_->setShortcut(QKeySequence::Delete);
    remove_->setShortcutContext(Qt::WidgetShortcut); // the tree's: a line edit keeps its Delete
    connect(remove_, &QAction::triggered, this, [this] {
        const ItemRef gone = selected_;
        // The item before it, or its task, is selected next.
        ItemRef next = gone;
        if (gone.kind == ItemRef::Kind::Step) {
            if (gone.path.back().index > 0)
                --next.path.back().index;
            else if (gone.path.size() > 1)
                next.path.pop_back();
            else
                next = ItemRef::task(gone.index);
        } else {
            next.index = std::max(0, gone.index - 1);
        }
        afterEdit(doc_->removeItem(gone), next);
    });
    remove_->setToolTip(tr("Remove the selected resource, task or step (Delete)"));
    moveUp_ = new QAction(tr("↑"), this);
    moveUp_->setToolTip(tr("Move the selected item up"));
    moveDown_ = new QAction(tr("↓"), this);
    moveDown_->setToolTip(tr("Move the selected item down"));
    for (auto [action, delta] : {std::pair{moveUp_, -1}, std::pair{moveDown_, +1}})
        connect(action, &QAction::triggered, this, [this, delta = delta] {
            ItemRef moved;
            afterEdit(doc_->moveItem(selected_, delta, &moved), moved);
        });
    // Fixed texts (the stack's own actions grow with the command's text); the tooltip names
    // the edit.
    QUndoStack* stack = doc_->undoStack();
    undo_ = new QAction(tr("Undo"), this);
    redo_ = new QAction(tr("Redo"), this);
    for (auto [action, key, undo] : {std::tuple{undo_, QKeySequence::Undo, true},
                                     std::tuple{redo_, QKeySequence::Redo, false}}) {
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setEnabled(false);
        connect(action, &QAction::triggered, stack, undo ? &QUndoStack::undo : &QUndoStack::redo);
        connect(stack, undo ? &QUndoStack::canUndoChanged : &QUndoStack::canRedoChanged, action,
                &QAction::setEnabled);
        connect(stack, undo ? &QUndoStack::undoTextChanged : &QUndoStack::redoTextChanged, action,
                [action, undo](const QString& text) {
                    action->setToolTip((undo ? tr("Undo %1") : tr("Redo %1")).arg(text));
                });
    }
    addActions({undo_, redo_});
}

void BuilderPanel::afterEdit(bool ok, const ItemRef& select) {
    if (ok)
        this->select(select);
}

void BuilderPanel::updateActions() {
    const bool item = selected_.kind == ItemRef::Kind::Resource ||
                      selected_.kind == ItemRef::Kind::Task ||
                      selected_.kind == ItemRef::Kind::Step;
    remove_->setEnabled(item);
    moveUp_->setEnabled(item);
    moveDown_->setEnabled(item);
    const bool inTask = selected_.kind == ItemRef::Kind::Task ||
                        selected_.kind == ItemRef::Kind::Step ||
                        selected_.kind == ItemRef::Kind::Handler;
    for (QAction* a : stepMenu_->actions())
        a->setEnabled(inTask);
}

QTreeWidgetItem* BuilderPanel::addItem(QTreeWidgetItem* parent, const QString& text,
                                       const ItemRef& ref) {
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree_);
    item->setText(0, text);
    item->setData(0, Qt::UserRole, int(refs_.size()));
    refs_.push_back(ref);
    return item;
}

void BuilderPanel::addSteps(QTreeWidgetItem* parent, int task, const std::vector<Step>& steps,
                            std::vector<StepHop> path, bool handler) {
    const Graph& g = doc_->graph();
    for (std::size_t i = 0; i < steps.size(); ++i) {
        std::vector<StepHop> here = path;
        here.push_back({int(i), handler});
        const Step& s = steps[i];
        QTreeWidgetItem* item = addItem(parent, stepLabel(g, s), ItemRef::step(task, here));
        addSteps(item, task, s.steps, here, false);
        if (s.kind == StepKind::Try) {
            QTreeWidgetItem* except =
                addItem(item, QStringLiteral("except ") + qs(s.type), ItemRef::handler(task, here));
            addSteps(except, task, s.handler, here, true);
        }
    }
}

void BuilderPanel::rebuildTree() {
    rebuilding_ = true;
    tree_->clear();
    refs_.clear();
    const Graph& g = doc_->graph();
    addItem(nullptr, tr("Graph settings"), ItemRef::graph());
    QTreeWidgetItem* resources = addItem(nullptr, tr("Resources"), {});
    for (std::size_t i = 0; i < g.resources.size(); ++i)
        addItem(resources, resourceLabel(g.resources[i]), ItemRef::resource(int(i)));
    QTreeWidgetItem* tasks = addItem(nullptr, tr("Tasks"), {});
    for (std::size_t i = 0; i < g.tasks.size(); ++i) {
        const graph::TaskSpec& t = g.tasks[i];
        QString label = qs(t.name);
        if (t.createdByStep)
            label += tr(" (created by a step)");
        else if (t.start > 0)
            label += tr(" (starts at %1)").arg(seconds(t.start));
        QTreeWidgetItem* item = addItem(tasks, label, ItemRef::task(int(i)));
        addSteps(item, int(i), t.steps, {}, false);
    }
    tree_->expandAll();
    // The same item stays selected (by place); if it is gone, nothing is.
    QTreeWidgetItem* keep = nullptr;
    for (QTreeWidgetItemIterator it(tree_); *it && !keep; ++it)
        if (refs_[std::size_t((*it)->data(0, Qt::UserRole).toInt())] == selected_ &&
            selected_.kind != ItemRef::Kind::None)
            keep = *it;
    if (keep) {
        keep->setSelected(true);
        tree_->setCurrentItem(keep);
    } else {
        selected_ = {};
    }
    rebuilding_ = false;
}

bool BuilderPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == toolBar_ && event->type() == QEvent::ChildAdded)
        static_cast<QChildEvent*>(event)->child()->installEventFilter(this);
    else if (watched != toolBar_ && event->type() == QEvent::MouseButtonPress)
        commitPendingEdit();
    return QWidget::eventFilter(watched, event);
}

void BuilderPanel::commitPendingEdit() {
    // Collected first: a commit can rebuild the form (a renamed task changes the choices).
    std::vector<std::pair<Field, QString>> pending;
    for (const Editor& e : editors_)
        if (auto* line = qobject_cast<QLineEdit*>(e.widget); line && line->isModified()) {
            line->setModified(false);
            pending.emplace_back(e.field, line->text());
        }
    for (const auto& [field, text] : pending)
        commit(field, text);
}

void BuilderPanel::select(const ItemRef& ref) {
    commitPendingEdit(); // for the item selected until now, not for `ref`
    for (QTreeWidgetItemIterator it(tree_); *it; ++it)
        if (refs_[std::size_t((*it)->data(0, Qt::UserRole).toInt())] == ref) {
            tree_->setCurrentItem(*it); // onTreeSelection follows
            (*it)->setSelected(true);
            return;
        }
}

void BuilderPanel::onTreeSelection() {
    if (rebuilding_)
        return;
    const QList<QTreeWidgetItem*> items = tree_->selectedItems();
    const ItemRef ref = items.isEmpty()
                            ? ItemRef{}
                            : refs_[std::size_t(items.front()->data(0, Qt::UserRole).toInt())];
    if (ref == selected_)
        return;
    selected_ = ref;
    updateProperties();
    updateActions();
    showSelectionInGraphView();
    emit selectionChanged(selected_);
}

void BuilderPanel::showSelectionInGraphView() {
    // A step shows its task; the graph's settings and headings show nothing.
    if (selected_.kind == ItemRef::Kind::Resource)
        graphView_->setSelectedResource(selected_.index);
    else if (selected_.kind == ItemRef::Kind::Task || selected_.kind == ItemRef::Kind::Step ||
             selected_.kind == ItemRef::Kind::Handler)
        graphView_->setSelectedTask(selected_.index);
    else
        graphView_->setSelectedTask(-1);
}

QWidget* BuilderPanel::editorFor(Field field) const {
    for (const Editor& e : editors_)
        if (e.field == field)
            return e.widget;
    return nullptr;
}

void BuilderPanel::updateProperties() {
    // The form is rebuilt only when what it shows changes shape (another item, another set
    // of fields, other names to choose from): a spin box being dragged keeps its focus.
    const Graph& g = doc_->graph();
    QString signature = QString::fromStdString(placeOf(g, selected_)) + QLatin1Char('|');
    for (Field f : fieldsOf(g, selected_))
        signature += QString::number(int(f)) + QLatin1Char(',');
    for (const auto& t : g.tasks)
        signature += QLatin1Char('|') + qs(t.name);
    for (const auto& r : g.resources)
        signature += QLatin1Char('|') + qs(r.name) + qs(nameOf(r.kind));
    if (signature != formSignature_) {
        formSignature_ = signature;
        rebuildProperties();
    }
    refreshProperties();
}

void BuilderPanel::rebuildProperties() {
    // The old editors say nothing more: hiding the form takes the focus from a field being
    // typed in, and what it would commit belongs to the item the form was built for.
    for (const Editor& e : editors_)
        disconnect(e.widget, nullptr, this, nullptr);
    editors_.clear();
    // The old form may be the sender of the edit that got here: it goes later, not now.
    if (form_) {
        form_->hide();
        form_->deleteLater();
    }
    form_ = new QWidget;
    static_cast<QVBoxLayout*>(formHolder_->layout())->insertWidget(0, form_);
    auto* layout = new QFormLayout(form_);
    const Graph& g = doc_->graph();
    QString title;
    if (selected_.kind == ItemRef::Kind::None)
        title = tr("Select an item to edit it");
    else if (const Step* s = stepAt(g, selected_))
        title = tr("%1 step").arg(qs(graph::stepKey(s->kind)));
    else if (selected_.kind == ItemRef::Kind::Handler)
        title = tr("except handler");
    else if (selected_.kind == ItemRef::Kind::Resource)
        title = tr("Resource");
    else if (selected_.kind == ItemRef::Kind::Task)
        title = tr("Task");
    else
        title = tr("Graph");
    auto* heading = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()));
    layout->addRow(heading);
    for (Field f : fieldsOf(g, selected_))
        addEditor(f);
}

void BuilderPanel::refreshProperties() {
    const Graph& g = doc_->graph();
    for (const Editor& e : editors_) {
        const QSignalBlocker block(e.widget);
        e.show(fieldValue(g, selected_, e.field));
    }
}

void BuilderPanel::commit(Field field, const QVariant& value) {
    if (!doc_->setField(selected_, field, value))
        refreshProperties(); // refused: the editor shows the document's value again
}

void BuilderPanel::addEditor(Field field) {
    auto* layout = static_cast<QFormLayout*>(form_->layout());
    const Graph& g = doc_->graph();
    const Step* step = stepAt(g, selected_);
    if (!step && selected_.kind == ItemRef::Kind::Handler) {
        ItemRef tryStep = selected_;
        tryStep.kind = ItemRef::Kind::Step;
        step = stepAt(g, tryStep);
    }
    const int self = selected_.kind == ItemRef::Kind::Step ? selected_.index : -1;
    QWidget* widget = nullptr;
    std::function<void(const QVariant&)> show;

    auto lineEdit = [&] {
        auto* e = new QLineEdit;
        connect(e, &QLineEdit::editingFinished, this, [this, e, field] {
            if (e->isModified())
                commit(field, e->text());
            e->setModified(false);
        });
        show = [e](const QVariant& v) { e->setText(v.toString()); };
        widget = e;
    };
    auto doubleBox = [&](double max, int decimals, double step) {
        auto* e = new QDoubleSpinBox;
        e->setRange(0, max);
        e->setDecimals(decimals);
        e->setSingleStep(step);
        e->setKeyboardTracking(false);
        connect(e, &QDoubleSpinBox::valueChanged, this,
                [this, field](double v) { commit(field, v); });
        show = [e](const QVariant& v) { e->setValue(v.toDouble()); };
        widget = e;
    };
    auto intBox = [&] {
        auto* e = new QSpinBox;
        e->setRange(0, 1000000);
        e->setKeyboardTracking(false);
        connect(e, &QSpinBox::valueChanged, this, [this, field](int v) { commit(field, v); });
        show = [e](const QVariant& v) { e->setValue(v.toInt()); };
        widget = e;
    };
    auto checkBox = [&] {
        auto* e = new QCheckBox;
        connect(e, &QCheckBox::toggled, this, [this, field](bool on) { commit(field, on); });
        show = [e](const QVariant& v) { e->setChecked(v.toBool()); };
        widget = e;
    };
    // A combo box of `items` (shown text, committed value).
    auto comboBox = [&](const QList<std::pair<QString, QString>>& items) {
        auto* e = new QComboBox;
        for (const auto& [text, value] : items)
            e->addItem(text, value);
        connect(e, &QComboBox::activated, this,
                [this, e, field](int i) { commit(field, e->itemData(i)); });
        show = [e](const QVariant& v) { e->setCurrentIndex(e->findData(v.toString())); };
        widget = e;
    };
    auto same = [](const QStringList& names) {
        QList<std::pair<QString, QString>> items;
        for (const QString& n : names)
            items.append({n, n});
        return items;
    };
    QStringList otherTasks;
    for (std::size_t i = 0; i < g.tasks.size(); ++i)
        if (int(i) != self)
            otherTasks << qs(g.tasks[i].name);

    switch (field) {
    case Field::Description:
    case Field::Name:
    case Field::Text:
    case Field::ExceptionType:
        lineEdit();
        break;
    case Field::Seed:
        doubleBox(9007199254740992.0, 0, 1);
        break;
    case Field::Start:
    case Field::DurationA:
    case Field::DurationB:
    case Field::TimeoutA:
    case Field::TimeoutB:
        doubleBox(1e6, 3, 0.1);
        break;
    case Field::Capacity:
    case Field::Count:
        intBox();
        break;
    case Field::ReturnExceptions:
    case Field::HasItem:
    case Field::HasTimeout:
        checkBox();
        break;
    case Field::ResourceType:
        comboBox(same({"Lock", "Semaphore", "BoundedSemaphore", "Event", "Condition", "Queue"}));
        break;
    case Field::DurationKind:
    case Field::TimeoutKind:
        comboBox(same({"fixed", "uniform", "exponential"}));
        break;
    case Field::Mode:
        comboBox(same({"ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"}));
        break;
    case Field::Lock: {
        QList<std::pair<QString, QString>> items{{tr("(a lock of its own)"), QString()}};
        for (const auto& r : g.resources)
            if (r.kind == ResourceKind::Lock)
                items.append({qs(r.name), qs(r.name)});
        comboBox(items);
        break;
    }
    case Field::Resource: {
        QStringList names;
        for (const auto& r : g.resources)
            names << qs(r.name);
        comboBox(same(names));
        break;
    }
    case Field::Task:
        comboBox(same(otherTasks));
        break;
    case Field::Tasks: {
        auto* e = new QListWidget;
        for (const QString& name : otherTasks) {
            auto* item = new QListWidgetItem(name, e);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
        }
        e->setMaximumHeight(e->sizeHintForRow(0) * std::min(6, int(otherTasks.size()) + 1) + 4);
        connect(e, &QListWidget::itemChanged, this, [this, e, field] {
            QStringList checked;
            for (int i = 0; i < e->count(); ++i)
                if (e->item(i)->checkState() == Qt::Checked)
                    checked << e->item(i)->text();
            commit(field, checked);
        });
        show = [e](const QVariant& v) {
            const QStringList names = v.toStringList();
            for (int i = 0; i < e->count(); ++i)
                e->item(i)->setCheckState(names.contains(e->item(i)->text()) ? Qt::Checked
                                                                             : Qt::Unchecked);
        };
        widget = e;
        break;
    }
    }
    widget->setObjectName(QString::fromLatin1(fieldName(field)));
    layout->addRow(fieldLabel(field, step), widget);
    editors_.push_back({field, widget, show});
}

} // namespace loopscope::builder
