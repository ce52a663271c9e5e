// The editor after Qt's code-editor example: the gutter is a child widget in the viewport
// margin, painted by the editor, which knows where each block is.
#include "ScriptEditor.hpp"

#include "PythonHighlighter.hpp"

#include <QFontDatabase>
#include <QHash>
#include <QHelpEvent>
#include <QToolTip>
#include <QPaintEvent>
#include <QPainter>
#include <QTextBlock>

#include <algorithm>

namespace loopscope::gui {

namespace {

constexpr int kMarkerColumn = 12; // the gutter's strip for problem dots

/// The gutter: a plain widget that asks the editor to paint it.
class Gutter : public QWidget {
public:
    explicit Gutter(ScriptEditor* editor) : QWidget(editor), editor_(editor) {}
    QSize sizeHint() const override { return {editor_->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* e) override { editor_->paintGutter(e); }
    bool event(QEvent* e) override {
        if (e->type() != QEvent::ToolTip)
            return QWidget::event(e);
        const auto* help = static_cast<QHelpEvent*>(e);
        const QString text = editor_->markerText(editor_->lineAtY(help->pos().y()));
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }

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
    // An edit makes the last run's markers stale. (Re-highlighting changes formats only,
    // with as many characters "added" as "removed".)
    connect(document(), &QTextDocument::contentsChange, this, [this](int, int removed, int added) {
        if (removed != added && !markers_.isEmpty())
            setMarkers({});
    });
    updateGutterWidth();
    highlightCurrentLine();
}

bool ScriptEditor::isDark() const { return palette().color(QPalette::Base).lightness() < 128; }

int ScriptEditor::gutterWidth() const {
    int digits = 1;
    for (int n = std::max(1, blockCount()); n >= 10; n /= 10)
        ++digits;
    // Room for a marker's dot on the left, then the numbers.
    return kMarkerColumn + 10 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(digits, 3);
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

QColor ScriptEditor::markerColor(bool error) const {
    if (isDark())
        return error ? QColor(0xff, 0x6b, 0x6b) : QColor(0xff, 0xb0, 0x3b);
    return error ? QColor(0xd0, 0x10, 0x10) : QColor(0xd9, 0x7a, 0x00);
}

void ScriptEditor::highlightCurrentLine() {
    QTextEdit::ExtraSelection line;
    const QColor base = palette().color(QPalette::Base);
    line.format.setBackground(isDark() ? base.lighter(130) : QColor(0xfd, 0xf6, 0xd8));
    line.format.setProperty(QTextFormat::FullWidthSelection, true);
    line.cursor = textCursor();
    line.cursor.clearSelection();
    QList<QTextEdit::ExtraSelection> all{line};
    // Each marker: a wavy underline from its column (or the line's indent) to the line's end.
    for (const Marker& m : markers_) {
        const QTextBlock block = document()->findBlockByNumber(m.line - 1);
        if (!block.isValid())
            continue;
        const QString text = block.text();
        int from = m.column - 1;
        if (m.column <= 0) {
            from = 0;
            while (from < text.size() && text[from].isSpace())
                ++from;
        }
        if (text.isEmpty())
            continue; // nothing to underline; the gutter's dot still shows it
        from = std::max(0, std::min(from, int(text.size()) - 1));
        QTextEdit::ExtraSelection squiggle;
        squiggle.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        squiggle.format.setUnderlineColor(markerColor(m.error));
        squiggle.cursor = QTextCursor(block);
        squiggle.cursor.setPosition(block.position() + from);
        squiggle.cursor.setPosition(block.position() + std::max(from + 1, int(text.size())),
                                    QTextCursor::KeepAnchor);
        all << squiggle;
    }
    setExtraSelections(all);
}

void ScriptEditor::setMarkers(const QList<Marker>& markers) {
    // One marker per line (a run can report the same line thousands of times): an error if
    // any is, the first few messages, and how many more there were.
    constexpr int kMessagesPerLine = 5;
    markers_.clear();
    QHash<int, int> indexOfLine, countOfLine;
    for (const Marker& m : markers) {
        const int n = ++countOfLine[m.line];
        const auto it = indexOfLine.constFind(m.line);
        if (it == indexOfLine.cend()) {
            indexOfLine.insert(m.line, int(markers_.size()));
            markers_ << m;
            continue;
        }
        Marker& kept = markers_[*it];
        kept.error = kept.error || m.error;
        if (n <= kMessagesPerLine)
            kept.message += QLatin1Char('\n') + m.message;
    }
    for (Marker& m : markers_)
        if (countOfLine[m.line] > kMessagesPerLine)
            m.message += tr("\n… and %n more", nullptr, countOfLine[m.line] - kMessagesPerLine);
    highlightCurrentLine();
    gutter_->update();
}

QString ScriptEditor::markerText(int line) const {
    QStringList texts;
    for (const Marker& m : markers_)
        if (m.line == line)
            texts << m.message;
    return texts.join(QLatin1Char('\n'));
}

int ScriptEditor::lineAtY(int y) const {
    QTextBlock block = firstVisibleBlock();
    double top = blockBoundingGeometry(block).translated(contentOffset()).top();
    while (block.isValid()) {
        const double bottom = top + blockBoundingRect(block).height();
        if (y >= top && y < bottom)
            return block.blockNumber() + 1;
        top = bottom;
        block = block.next();
    }
    return 0;
}

bool ScriptEditor::viewportEvent(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(e);
        const QString text = markerText(lineAtY(help->pos().y()));
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QPlainTextEdit::viewportEvent(e);
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
            // A dot for a problem at the line: red for an error, orange for a warning.
            int worst = 0; // 0 none, 1 warning, 2 error
            for (const Marker& m : markers_)
                if (m.line == block.blockNumber() + 1)
                    worst = std::max(worst, m.error ? 2 : 1);
            if (worst) {
                p.save();
                p.setRenderHint(QPainter::Antialiasing, true);
                p.setPen(Qt::NoPen);
                p.setBrush(markerColor(worst == 2));
                const int d = std::min(8, fontMetrics().height() - 4);
                p.drawEllipse(QRectF(2, top + (fontMetrics().height() - d) / 2.0, d, d));
                p.restore();
            }
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
