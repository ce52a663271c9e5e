// The editor after Qt's code-editor example: the gutter is a child widget in the viewport
// margin, painted by the editor, which knows where each block is.
#include "ScriptEditor.hpp"

#include "PythonHighlighter.hpp"

#include <QFontDatabase>
#include <QPaintEvent>
#include <QPainter>
#include <QTextBlock>

#include <algorithm>

namespace loopscope::gui {

namespace {

/// The gutter: a plain widget that asks the editor to paint it.
class Gutter : public QWidget {
public:
    explicit Gutter(ScriptEditor* editor) : QWidget(editor), editor_(editor) {}
    QSize sizeHint() const override { return {editor_->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* e) override { editor_->paintGutter(e); }

private:
    ScriptEditor* editor_;
};

} // namespace

ScriptEditor::ScriptEditor(QWidget* parent) : QPlainTextEdit(parent) {
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSize(std::max(10, mono.pointSize()));
    setFont(mono);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
    gutter_ = new Gutter(this);
    highlighter_ = new PythonHighlighter(document(), isDark());
    connect(this, &QPlainTextEdit::blockCountChanged, this, &ScriptEditor::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &ScriptEditor::updateGutter);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this,
            &ScriptEditor::highlightCurrentLine);
    updateGutterWidth();
    highlightCurrentLine();
}

bool ScriptEditor::isDark() const { return palette().color(QPalette::Base).lightness() < 128; }

int ScriptEditor::gutterWidth() const {
    int digits = 1;
    for (int n = std::max(1, blockCount()); n >= 10; n /= 10)
        ++digits;
    return 10 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(digits, 3);
}

void ScriptEditor::updateGutterWidth() { setViewportMargins(gutterWidth(), 0, 0, 0); }

void ScriptEditor::updateGutter(const QRect& rect, int dy) {
    if (dy)
        gutter_->scroll(0, dy);
    else
        gutter_->update(0, rect.y(), gutter_->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateGutterWidth();
}

void ScriptEditor::resizeEvent(QResizeEvent* e) {
    QPlainTextEdit::resizeEvent(e);
    const QRect r = contentsRect();
    gutter_->setGeometry(QRect(r.left(), r.top(), gutterWidth(), r.height()));
}

void ScriptEditor::changeEvent(QEvent* e) {
    QPlainTextEdit::changeEvent(e);
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::ApplicationPaletteChange) {
        highlighter_->setDark(isDark());
        highlightCurrentLine();
    }
}

void ScriptEditor::highlightCurrentLine() {
    QTextEdit::ExtraSelection line;
    const QColor base = palette().color(QPalette::Base);
    line.format.setBackground(isDark() ? base.lighter(130) : QColor(0xfd, 0xf6, 0xd8));
    line.format.setProperty(QTextFormat::FullWidthSelection, true);
    line.cursor = textCursor();
    line.cursor.clearSelection();
    setExtraSelections({line});
}

void ScriptEditor::goToLine(int line) {
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    setTextCursor(QTextCursor(block));
    centerCursor();
    setFocus();
}

void ScriptEditor::paintGutter(QPaintEvent* e) {
    QPainter p(gutter_);
    const QColor base = palette().color(QPalette::Base);
    p.fillRect(e->rect(), isDark() ? base.lighter(115) : base.darker(104));
    const int current = textCursor().blockNumber();
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= e->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        if (block.isVisible() && top + height >= e->rect().top()) {
            p.setPen(block.blockNumber() == current ? palette().color(QPalette::Text)
                                                    : palette().color(QPalette::PlaceholderText));
            p.drawText(0, top, gutter_->width() - 5, fontMetrics().height(), Qt::AlignRight,
                       QString::number(block.blockNumber() + 1));
        }
        top += height;
        block = block.next();
    }
}

} // namespace loopscope::gui
