// The interventions dock: the cancellations the user injected into the scenario ("Cancel
// here" on a task row), one per line with the task, its time and its message, and Remove
// (the button or the Delete key). The list belongs to the scenario: it is read from and
// written to NAME.interventions.json beside it, or kept in memory for an unsaved buffer.
#pragma once

#include <loopscope/Intervention.hpp>

#include <QString>
#include <QWidget>

#include <vector>

class QListWidget;
class QPushButton;

namespace loopscope::gui {

class InterventionsPane : public QWidget {
    Q_OBJECT
public:
    explicit InterventionsPane(QWidget* parent = nullptr);

    /// Makes the list that of `scenarioPath` (empty: an unsaved buffer, no list): read from
    /// the file beside it when there is one. False, with *error saying where and what, when
    /// that file is wrong (the list is then empty).
    bool openScenario(const QString& scenarioPath, QString* error);
    /// The scenario was saved as `scenarioPath`: the list goes with it (saved beside it,
    /// when there is one to save). False, with *error, when it could not be written.
    bool moveScenario(const QString& scenarioPath, QString* error);

    const std::vector<Intervention>& interventions() const { return list_; }
    /// The file beside the scenario (empty for an unsaved buffer).
    QString file() const { return file_; }

    /// Appends an intervention, saves, and emits changed().
    void add(const Intervention& intervention);
    /// Removes the intervention at `index`, saves, and emits changed().
    void removeAt(int index);

    QListWidget* list() const { return view_; }
    QPushButton* removeButton() const { return remove_; }

    /// "cancel worker (#2) at 1.234 s: message", as the list shows it.
    static QString describe(const Intervention& intervention);

signals:
    /// The user added or removed an intervention (the file, if any, is already saved).
    void changed();
    /// The file could not be saved (the list in memory still changed).
    void saveFailed(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refresh();
    void save();

    std::vector<Intervention> list_;
    QString file_;
    bool unreadable_ = false; ///< file_ is there but could not be read: left as it is
    QListWidget* view_ = nullptr;
    QPushButton* remove_ = nullptr;
};

} // namespace loopscope::gui
