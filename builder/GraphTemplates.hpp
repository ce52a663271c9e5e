// The graphs "New Graph from Template" starts from: resources/graphs/templates/*.lsgraph.json,
// read at run time so that adding one needs no rebuild.
#pragma once

#include <QList>
#include <QString>

namespace loopscope::builder {

struct GraphTemplate {
    QString path;
    QString title;       ///< the description up to its first ':' ("Fan-out/gather")
    QString description; ///< the whole description
};

/// The bundled templates folder.
QString templatesDir();
/// The templates in `dir`, in file name order; a file whose description cannot be read is
/// listed by its file name (opening it will say what is wrong).
QList<GraphTemplate> graphTemplates(const QString& dir = templatesDir());

} // namespace loopscope::builder
