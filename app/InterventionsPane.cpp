// The interventions dock: a list, a Remove button, and the file beside the scenario.
#include "InterventionsPane.hpp"

#include <loopscope/graph/InterventionsFile.hpp>

#include <QFile>
#include <QFileInfo>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace loopscope::gui {

namespace {

QString besideScenario(const QString& scenarioPath) {
    return scenarioPath.isEmpty() ? QString()
                                  : QString::fromStdString(graph::interventionsPathFor(
                                        scenarioPath.toStdString()));
}

} // namespace

InterventionsPane::InterventionsPane(QWidget* parent) : QWidget(parent) {
    view_ = new QListWidget;
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->installEventFilter(this);
    view_->setToolTip(tr("Cancellations you injected: right-click a task in the timeline, "
                         "Cancel here. Delete removes the selected one."));
    remove_ = new QPushButton(tr("Remove"));
    remove_->setEnabled(false);
    connect(remove_, &QPushButton::clicked, this, [this] { removeAt(view_->currentRow()); });
    connect(view_, &QListWidget::currentRowChanged, this,
            [this](int row) { remove_->setEnabled(row >= 0); });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(view_);
    layout->addWidget(remove_, 0, Qt::AlignRight);
}

QString InterventionsPane::describe(const Intervention& in) {
    QString text = tr("cancel %1").arg(QString::fromStdString(in.task));
    if (in.occurrence > 0)
        text += QStringLiteral(" (#%1)").arg(in.occurrence);
    text += tr(" at %1 s").arg(QString::number(in.time, 'g', 12));
    if (in.message)
        text += QStringLiteral(": ") + QString::fromStdString(*in.message);
    return text;
}

bool InterventionsPane::openScenario(const QString& scenarioPath, QString* error) {
    file_ = besideScenario(scenarioPath);
    list_.clear();
    unreadable_ = false;
    bool ok = true;
    if (!file_.isEmpty() && QFileInfo(file_).isFile()) {
        std::string why;
        std::optional<std::vector<Intervention>> read =
            graph::loadInterventions(file_.toStdString(), &why);
        ok = read.has_value();
        unreadable_ = !ok;
        if (ok)
            list_ = std::move(*read);
        else if (error)
            *error = QString::fromStdString(why);
    }
    refresh();
    return ok;
}

bool InterventionsPane::moveScenario(const QString& scenarioPath, QString* error) {
    const QString target = besideScenario(scenarioPath);
    const bool keepUnreadable = unreadable_ && target == file_;
    file_ = target;
    if (file_.isEmpty() || keepUnreadable) // a file that could not be read stays the user's
        return true;
    unreadable_ = false;
    if (list_.empty()) {
        // Saved over a scenario that had interventions: none now, so no file, or `run`
        // would apply the old ones to what the window showed without them.
        QFile file(file_);
        if (!file.exists() || file.remove())
            return true;
        if (error)
            *error = file.errorString();
        return false;
    }
    std::string why;
    if (graph::saveInterventions(file_.toStdString(), list_, &why))
        return true;
    if (error)
        *error = QString::fromStdString(why);
    return false;
}

void InterventionsPane::add(const Intervention& intervention) {
    list_.push_back(intervention);
    refresh();
    view_->setCurrentRow(int(list_.size()) - 1);
    save();
    emit changed();
}

void InterventionsPane::removeAt(int index) {
    if (index < 0 || std::size_t(index) >= list_.size())
        return;
    list_.erase(list_.begin() + index);
    refresh();
    save();
    emit changed();
}

void InterventionsPane::refresh() {
    view_->clear();
    for (const Intervention& in : list_)
        view_->addItem(describe(in));
    remove_->setEnabled(view_->currentRow() >= 0);
}

void InterventionsPane::save() {
    if (file_.isEmpty())
        return; // an unsaved buffer: the list lives in memory until the scenario is saved
    if (list_.empty()) { // no file for no interventions, as for a scenario never given any
        QFile file(file_);
        if (file.exists() && !file.remove())
            emit saveFailed(tr("Cannot remove %1: %2").arg(file_, file.errorString()));
        return;
    }
    std::string why;
    if (!graph::saveInterventions(file_.toStdString(), list_, &why))
        emit saveFailed(QString::fromStdString(why));
}

bool InterventionsPane::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Delete || key->key() == Qt::Key_Backspace) &&
            view_->currentRow() >= 0) {
            removeAt(view_->currentRow());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace loopscope::gui
