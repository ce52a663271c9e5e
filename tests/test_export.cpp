// `loopscope export` as a user meets it: the real binary runs a bundled example and writes
// PNG, SVG and PDF files; the PNG is read back pixel by pixel, at the places the timeline's
// own geometry says the states are.
#include "ProcessSupport.hpp"
#include "StatePalette.hpp"
#include "TimelineGeometry.hpp"

#include <loopscope/TraceJson.hpp>

#include <QImage>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

using Result = loopscope::test::ProcessResult;
using loopscope::test::runLoopscope;

QString example(const char* name) {
    return QStringLiteral(LOOPSCOPE_EXAMPLES "/") + QLatin1String(name);
}

QString hex(QRgb c) { return QColor(c).name(); }

/// The centre y of the row whose label starts with `prefix`, or -1.
double rowCentre(const TimelineGeometry& g, const QString& prefix) {
    for (const TimelineRow& r : g.layout.rows())
        if (r.label.startsWith(prefix))
            return r.top + r.height / 2;
    return -1;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void pngShowsStatesWhereTheGeometrySays_data();
    void pngShowsStatesWhereTheGeometrySays();
    void svgIsXmlWithTheNamesAndChineseText();
    void pdfIsAPdf();
    void exportsASavedTrace();
    void exportsATaskGraph();
    void deadlockedRunStillExports();
    void badOutputs_data();
    void badOutputs();
    void windowScreenshotUnderXvfb();

private:
    QTemporaryDir dir_;
    Trace semaphore_; ///< 10_semaphore.py's trace, as `run --trace` saved it
};

void TestExport::initTestCase() {
    QVERIFY(dir_.isValid());
    const Result r = runLoopscope({"run", example("10_semaphore.py"), "--trace",
                                dir_.filePath("sem.json")});
    QCOMPARE(r.exitCode, 0);
    std::string error;
    QVERIFY2(loadTraceJson(dir_.filePath("sem.json").toStdString(), semaphore_, &error),
             error.c_str());
}

void TestExport::pngShowsStatesWhereTheGeometrySays_data() {
    QTest::addColumn<QString>("theme");
    QTest::addColumn<int>("width");
    QTest::newRow("light, 1000 px") << "light" << 1000;
    QTest::newRow("dark, 640 px") << "dark" << 640;
    QTest::newRow("light, default width") << "light" << 0;
}

void TestExport::pngShowsStatesWhereTheGeometrySays() {
    QFETCH(QString, theme);
    QFETCH(int, width);
    const QString png = dir_.filePath(QStringLiteral("sem-%1-%2.png").arg(theme).arg(width));
    QStringList args = {"export", example("10_semaphore.py"), "-o", png, "--theme", theme};
    if (width)
        args << "--width" << QString::number(width);
    const Result r = runLoopscope(args);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.contains("wrote"));
    // The script's own lines still reach stdout, as with `run`.
    QVERIFY(r.out.contains(QString::fromUtf8("任务 0 开始")));

    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), width ? width : 1600);

    // The same layout the exporter made (any title takes the same room).
    TimelineView view;
    view.width = width ? width : 1600;
    view.theme = theme == "dark" ? Theme::Dark : Theme::Light;
    view.title = QStringLiteral("title");
    const TimelineGeometry g = TimelineGeometry::build(semaphore_, view);
    QCOMPARE(image.height(), g.size.height());

    // Task-2 sleeps 0..2 s holding a permit; Task-5 waits for one until 2 s.
    const int sleeper = int(rowCentre(g, "Task-2 "));
    const int waiter = int(rowCentre(g, "Task-5 "));
    QVERIFY(sleeper > 0 && waiter > 0);
    const int atOne = int(g.axis.xOf(1.0));
    QCOMPARE(hex(image.pixel(atOne, sleeper)),
             segmentColor(TaskState::Waiting, WaitKind::Sleep, view.theme).name());
    QCOMPARE(hex(image.pixel(atOne, waiter)),
             segmentColor(TaskState::Waiting, WaitKind::Semaphore, view.theme).name());
    // After Task-2 ended at 2 s its row is background (away from grid lines).
    const int after = int(g.axis.xOf(3.3));
    for (const Tick& t : g.ticks)
        QVERIFY(std::abs(t.x - after) > 2);
    QCOMPARE(hex(image.pixel(after, sleeper)), TimelineColors::of(view.theme).background.name());

    // Task-2's creation tick at t=0, in the text colour.
    QCOMPARE(hex(image.pixel(int(std::floor(g.axis.xOf(0))), sleeper)),
             TimelineColors::of(view.theme).text.name());

    // Cause arrows (main creates every task): each shaft and head shows a translucent arrow
    // colour over what is under it, so none of those pixels is an opaque colour of the table.
    const TimelineColors c = TimelineColors::of(view.theme);
    QSet<QRgb> opaque = {c.background.rgb(), c.separator.rgb(), c.grid.rgb(), c.axis.rgb()};
    for (const QColor& bar : g.palette)
        opaque.insert(bar.rgb());
    QVERIFY(g.arrows.all().size() >= 10);
    for (const CauseArrow& a : g.arrows.all()) {
        const int shaft = int((a.fromY + a.toY) / 2);
        const int head = int(a.toY) + (a.toY > a.fromY ? -2 : 2);
        QVERIFY2(!opaque.contains(image.pixel(a.x, shaft)),
                 qPrintable(QString("no arrow at x=%1 y=%2").arg(a.x).arg(shaft)));
        QVERIFY2(!opaque.contains(image.pixel(a.x, head)),
                 qPrintable(QString("no arrow head at x=%1 y=%2").arg(a.x).arg(head)));
    }
}

void TestExport::svgIsXmlWithTheNamesAndChineseText() {
    const QString svg = dir_.filePath("gather.svg");
    const Result r = runLoopscope({"export", example("04_gather.py"), "-o", svg});
    QCOMPARE(r.exitCode, 0);
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString text;
    // A line that changes font (Latin, then CJK) is written as one <text> per font run, so
    // the runs are joined back together.
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == u"text")
            text += xml.readElementText();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    for (const char* name : {"Task-1 main", "Task-2 fetch", "Task-4 fetch", "waiting: sleep"})
        QVERIFY2(text.contains(QLatin1String(name)), name);
    // fetch("url1", 2) returns "url1 的数据": shown after Task-2's end marker.
    QVERIFY(text.contains(QString::fromUtf8("'url1 的数据'")));
    QVERIFY(text.contains(QString::fromUtf8("04_gather.py")));
}

void TestExport::pdfIsAPdf() {
    const QString pdf = dir_.filePath("sem.pdf");
    const Result r = runLoopscope({"export", example("10_semaphore.py"), "-o", pdf});
    QCOMPARE(r.exitCode, 0);
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    QVERIFY(file.size() > 1000);
}

void TestExport::exportsASavedTrace() {
    const QString png = dir_.filePath("from-json.png");
    const Result r = runLoopscope({"export", dir_.filePath("sem.json"), "-o", png, "--width", "800",
                                "--from", "1", "--to", "5"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QString()); // nothing ran
    QCOMPARE(QImage(png).width(), 800);
}

// A task graph exports like a script: run on the core, its lines on stdout, the picture
// and the trace formats written.
void TestExport::exportsATaskGraph() {
    const QString graph =
        QStringLiteral(LOOPSCOPE_GRAPHS "/02_bounded_semaphore.lsgraph.json");
    const QString png = dir_.filePath("graph.png");
    Result r = runLoopscope({"export", graph, "-o", png, "--width", "700"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("job_a in\n"));
    QCOMPARE(QImage(png).width(), 700);
    const QString csv = dir_.filePath("graph.csv");
    r = runLoopscope({"export", graph, "-o", csv});
    QCOMPARE(r.exitCode, 0);
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("job_c,waiting,semaphore slots,0,1\n"));
}

void TestExport::deadlockedRunStillExports() {
    const QString png = dir_.filePath("queue.png");
    const Result r = runLoopscope({"export", example("11_queue.py"), "-o", png});
    QCOMPARE(r.exitCode, 1); // as `run` exits for a deadlock
    QVERIFY(r.err.contains("deadlock"));
    QVERIFY(!QImage(png).isNull());
}

void TestExport::badOutputs_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString script = example("04_gather.py");
    QTest::newRow("unknown suffix") << QStringList{"export", script, "-o", "out.txt"}
                                    << "unknown file type '.txt'";
    QTest::newRow("no suffix") << QStringList{"export", script, "-o", "out"}
                               << "unknown file type '(none)'";
    QTest::newRow("no such folder")
        << QStringList{"export", script, "-o", "/nonexistent-loopscope/out.png"}
        << "cannot write '/nonexistent-loopscope/out.png'";
    QTest::newRow("no output") << QStringList{"export", script} << "-o OUT.png";
    QTest::newRow("no source") << QStringList{"export", "-o", "x.png"} << "which script";
    QTest::newRow("missing script") << QStringList{"export", "missing.py", "-o", "x.png"}
                                    << "cannot read 'missing.py'";
    QTest::newRow("bad trace file") << QStringList{"export", script + ".json", "-o", "x.png"}
                                    << "cannot read the trace";
    QTest::newRow("width too small") << QStringList{"export", script, "-o", "x.png", "--width", "5"}
                                     << "--width takes 200 to 20000 pixels";
    QTest::newRow("bad theme") << QStringList{"export", script, "-o", "x.png", "--theme", "pink"}
                               << "--theme is light or dark";
    QTest::newRow("empty range")
        << QStringList{"export", script, "-o", "x.png", "--from", "2", "--to", "1"}
        << "--to must be after --from";
}

void TestExport::badOutputs() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QProcess p;
    p.setWorkingDirectory(dir_.path());
    p.start(QStringLiteral(LOOPSCOPE_BIN), args);
    QVERIFY(p.waitForFinished(60000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY(!QFile::exists(dir_.filePath("x.png")));
}

QTEST_MAIN(TestExport)
/// Smoke test of the real window on a real X server: `loopscope screenshot` opens the
/// example in the window, runs it, and saves a picture of the window once the run ended.
void TestExport::windowScreenshotUnderXvfb() {
    const QString xvfbRun = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
    if (xvfbRun.isEmpty())
        QSKIP("xvfb-run is not installed");
    const QString png = dir_.filePath("window.png");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "xcb");
    env.remove("DISPLAY");
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(xvfbRun, {"-a", "-s", "-screen 0 1600x1000x24", QStringLiteral(LOOPSCOPE_BIN),
                      "screenshot", example("10_semaphore.py"), "-o", png, "--size", "1200x800"});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1200, 800));
    // The timeline in the window shows the semaphore wait somewhere.
    const QRgb wait = segmentColor(TaskState::Waiting, WaitKind::Semaphore, Theme::Light).rgb();
    bool found = false;
    for (int y = 0; y < image.height() && !found; y += 2)
        for (int x = 0; x < image.width() && !found; x += 2)
            found = image.pixel(x, y) == wait;
    QVERIFY2(found, "no pixel in the semaphore-wait colour");
}

#include "test_export.moc"
