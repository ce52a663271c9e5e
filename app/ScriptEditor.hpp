// The script editor: a plain-text editor for Python with a line-number gutter, the current
// line highlighted, syntax colouring (PythonHighlighter) and problem markers (a wavy
// underline, a dot in the gutter and the message as the line's tooltip).
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

    /// A problem the last run found at a line of the script.
    struct Marker {
        int line = 0;   ///< 1-based
        int column = 0; ///< 1-based where it points; 0: the line's text from its indent
        QString message;
        bool error = true; ///< false: a warning
    };
    /// Shows `markers` until the next call or until the text is edited; markers at the same
    /// line become one (its messages joined, the first few of them).
    void setMarkers(const QList<Marker>& markers);
    const QList<Marker>& markers() const { return markers_; }
    /// The messages of the markers at `line`, one per line; empty when there are none.
    QString markerText(int line) const;
    /// The 1-based line at y in the viewport's (and the gutter's) coordinates, or 0.
    int lineAtY(int y) const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    bool isDark() const;
    void updateGutterWidth();
    void updateGutter(const QRect& rect, int dy);
    void highlightCurrentLine();
    QColor markerColor(bool error) const;

    QList<Marker> markers_;
    QWidget* gutter_ = nullptr;
    PythonHighlighter* highlighter_ = nullptr;
};

} // namespace loopscope::gui
