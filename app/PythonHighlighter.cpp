// Regular-expression rules applied in order, then strings and comments on top, so that a
// keyword inside a string or after a '#' is coloured as the string or the comment.
#include "PythonHighlighter.hpp"

#include <algorithm>
#include <iterator>

namespace loopscope::gui {

namespace {

QTextCharFormat charFormat(const QColor& color, bool bold = false, bool italic = false) {
    QTextCharFormat f;
    f.setForeground(color);
    if (bold)
        f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
}

const char* const kKeywords[] = {
    "False", "None",  "True",   "and",    "as",     "assert", "break",  "class",
    "continue", "def", "del",   "elif",   "else",   "except", "finally", "for",
    "from",  "global", "if",    "import", "in",     "is",     "lambda", "nonlocal",
    "not",   "or",    "pass",   "raise",  "return", "try",    "while",  "with",   "yield"};

const char* const kBuiltins[] = {"print", "range", "len", "list", "dict", "set", "tuple",
                                 "str", "int", "float", "isinstance", "enumerate", "zip",
                                 "super", "self", "Exception", "ValueError", "TypeError"};

QString wordsPattern(const char* const* begin, const char* const* end) {
    QStringList words;
    for (auto w = begin; w != end; ++w)
        words << QLatin1String(*w);
    return QStringLiteral("\\b(?:%1)\\b").arg(words.join('|'));
}

// One-line strings, with an optional prefix (f, r, b...), escapes honoured.
const QRegularExpression kString(QStringLiteral(
    R"((?<![A-Za-z0-9_])[rRbBuUfF]{0,2}(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'))"));
const QRegularExpression kComment(QStringLiteral("#[^\\n]*"));

} // namespace

PythonHighlighter::PythonHighlighter(QTextDocument* document, bool dark)
    : QSyntaxHighlighter(document) {
    buildRules(dark);
}

void PythonHighlighter::setDark(bool dark) {
    buildRules(dark);
    rehighlight();
}

void PythonHighlighter::buildRules(bool dark) {
    rules_.clear();
    const QColor keyword = dark ? QColor(0xc6, 0x78, 0xdd) : QColor(0x00, 0x33, 0xb3);
    const QColor async = dark ? QColor(0xff, 0x8f, 0x40) : QColor(0xb0, 0x3a, 0x00);
    const QColor builtin = dark ? QColor(0x56, 0xb6, 0xc2) : QColor(0x00, 0x70, 0x80);
    const QColor number = dark ? QColor(0xd1, 0x9a, 0x66) : QColor(0x17, 0x50, 0xeb);
    const QColor deco = dark ? QColor(0xe5, 0xc0, 0x7b) : QColor(0x9e, 0x88, 0x0d);
    rules_.push_back({QRegularExpression(wordsPattern(std::begin(kKeywords), std::end(kKeywords))),
                      charFormat(keyword, true)});
    rules_.push_back({QRegularExpression(wordsPattern(std::begin(kBuiltins), std::end(kBuiltins))),
                      charFormat(builtin)});
    rules_.push_back({QRegularExpression(QStringLiteral("\\b(?:async|await)\\b")),
                      charFormat(async, true)});
    rules_.push_back({QRegularExpression(QStringLiteral(
                          "\\b(?:0[xX][0-9a-fA-F_]+|\\d[\\d_]*\\.?[\\d_]*(?:[eE][+-]?\\d+)?j?)\\b")),
                      charFormat(number)});
    rules_.push_back({QRegularExpression(QStringLiteral("^\\s*@[\\w.]+")), charFormat(deco)});
    string_ = charFormat(dark ? QColor(0x98, 0xc3, 0x79) : QColor(0x06, 0x7d, 0x17));
    comment_ = charFormat(dark ? QColor(0x7f, 0x84, 0x8e) : QColor(0x8c, 0x8c, 0x8c), false, true);
}

void PythonHighlighter::highlightBlock(const QString& text) {
    for (const Rule& rule : rules_)
        for (auto it = rule.pattern.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), rule.format);
        }
    setCurrentBlockState(Normal);
    int pos = 0;
    const State carried = State(std::max(0, previousBlockState()));
    if (carried != Normal) {
        pos = highlightTripleFrom(text, 0, carried);
        if (pos < 0)
            return;
    }
    // Left to right, so that whichever of string, triple string or comment opens first wins.
    while (pos < text.size()) {
        const int triple1 = int(text.indexOf(QLatin1String("'''"), pos));
        const int triple2 = int(text.indexOf(QLatin1String("\"\"\""), pos));
        const auto s = kString.match(text, pos);
        const auto c = kComment.match(text, pos);
        int best = int(text.size()), kind = 0;
        auto consider = [&](int at, int k) {
            if (at >= 0 && at < best) {
                best = at;
                kind = k;
            }
        };
        consider(triple1, 1);
        consider(triple2, 2);
        consider(s.hasMatch() ? int(s.capturedStart()) : -1, 3);
        consider(c.hasMatch() ? int(c.capturedStart()) : -1, 4);
        if (kind == 0)
            break;
        if (kind == 1 || kind == 2) {
            pos = highlightTripleFrom(text, best + 3, kind == 1 ? InSingleTriple : InDoubleTriple);
            setFormat(best, 3, string_);
            if (pos < 0)
                return;
        } else if (kind == 3) {
            setFormat(best, int(s.capturedLength()), string_);
            pos = best + int(s.capturedLength());
        } else {
            setFormat(best, int(text.size()) - best, comment_);
            break;
        }
    }
}

int PythonHighlighter::highlightTripleFrom(const QString& text, int start, State state) {
    const QLatin1String quote(state == InSingleTriple ? "'''" : "\"\"\"");
    const int end = int(text.indexOf(quote, start));
    if (end < 0) {
        setFormat(start, int(text.size()) - start, string_);
        setCurrentBlockState(state);
        return -1;
    }
    setFormat(start, end + 3 - start, string_);
    return end + 3;
}

} // namespace loopscope::gui
