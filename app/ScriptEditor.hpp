// The script editor: a plain-text editor for Python with a line-number gutter, the current
// line highlighted and syntax colouring (PythonHighlighter).
#pragma once

#include <QPlainTextEdit>

namespace loopscope::gui {

class PythonHighlighter;

class ScriptEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit ScriptEditor(QWidget* parent = nullptr);

    /// The gutter's width for the current number of lines.
    int gutterWidth() const;
    /// Draws the gutter; called by the gutter widget's paintEvent.
    void paintGutter(QPaintEvent* event);
    /// Puts the cursor at the start of line `line` (1-based) and shows it.
    void goToLine(int line);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    bool isDark() const;
    void updateGutterWidth();
    void updateGutter(const QRect& rect, int dy);
    void highlightCurrentLine();

    QWidget* gutter_ = nullptr;
    PythonHighlighter* highlighter_ = nullptr;
};

} // namespace loopscope::gui
