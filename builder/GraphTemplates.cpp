// Lists the template files with the title their description gives them.
#include "GraphTemplates.hpp"

#include <loopscope/graph/GraphLoader.hpp>

#include <QDir>

namespace loopscope::builder {

QString templatesDir() {
    return QStringLiteral(LOOPSCOPE_TEMPLATES_DIR);
}

QList<GraphTemplate> graphTemplates(const QString& dir) {
    QList<GraphTemplate> out;
    const QString suffix =
        QString::fromLatin1(graph::kGraphSuffix.data(), qsizetype(graph::kGraphSuffix.size()));
    for (const QFileInfo& info :
         QDir(dir).entryInfoList({QLatin1Char('*') + suffix}, QDir::Files, QDir::Name)) {
        GraphTemplate t;
        t.path = info.filePath();
        std::string error;
        if (const auto g = graph::loadGraph(t.path.toStdString(), &error))
            t.description = QString::fromStdString(g->description);
        const qsizetype colon = t.description.indexOf(QLatin1Char(':'));
        t.title = colon > 0 ? t.description.left(colon) : info.fileName().chopped(suffix.size());
        out << t;
    }
    return out;
}

} // namespace loopscope::builder
