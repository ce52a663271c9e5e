// Python syntax colouring for the script editor: keywords (async/await stand out), builtins,
// strings (including triple-quoted ones across lines), comments, numbers and decorators.
#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <vector>

namespace loopscope::gui {

class PythonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit PythonHighlighter(QTextDocument* document, bool dark = false);

    /// Switches the colours between a light and a dark editor background.
    void setDark(bool dark);

protected:
    void highlightBlock(const QString& text) override;

private:
    struct Rule {
        QRegularExpression pattern;
        QTextCharFormat format;
    };
    /// Block states: 0 normal, 1 inside ''' ... ''', 2 inside """ ... """.
    enum State { Normal = 0, InSingleTriple = 1, InDoubleTriple = 2 };

    void buildRules(bool dark);
    /// Colours triple-quoted strings from `start`; returns where normal text resumes.
    int highlightTripleFrom(const QString& text, int start, State state);

    std::vector<Rule> rules_;
    QTextCharFormat string_, comment_;
};

} // namespace loopscope::gui
