// Acceptance, bad input end to end: the citytwin executable as a
// user runs it. A missing file, a raster without georeferencing, a DEM in a
// CRS PROJ cannot use, a truncated project and a project from a newer
// version: each exits non-zero with a message saying what is wrong, and no
// file on disk changes.
#include "CliRunner.h"
#include "TestData.h"
#include "test_acceptance_Suites.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <sqlite3.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtTest>

#include <memory>

using namespace citytwin::test;

namespace {

using Run = CliRun;

Run runCitytwin(const QStringList& args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GDAL_PAM_ENABLED"), QStringLiteral("NO"));
    return citytwin::test::runCitytwin(args, 120000, env);
}

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A 16 x 16 Float32 GeoTIFF (a small DEM); `georeferenced` false writes
/// neither geotransform nor CRS. `crs`: anything OGRSpatialReference reads.
bool writeDem(const QString& path, bool georeferenced, const char* crs, const double* geoTransform)
{
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (!driver) return false;
    std::unique_ptr<GDALDataset> ds(driver->Create(path.toUtf8().constData(), 16, 16, 1, GDT_Float32, nullptr));
    if (!ds) return false;
    std::vector<float> heights(16 * 16);
    for (size_t i = 0; i < heights.size(); ++i) heights[i] = float(10 + i % 16);
    if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 16, 16, heights.data(), 16, 16, GDT_Float32, 0, 0, nullptr)
        != CE_None)
        return false;
    if (georeferenced) {
        double gt[6];
        std::copy(geoTransform, geoTransform + 6, gt);
        if (ds->SetGeoTransform(gt) != CE_None) return false;
        OGRSpatialReference srs;
        if (srs.SetFromUserInput(crs) != OGRERR_NONE || ds->SetSpatialRef(&srs) != CE_None) return false;
    }
    return true;
}

const double kBostonDegrees[6] = {-71.06, 0.0005, 0, 42.36, 0, -0.0005};
const double kMetres[6] = {1000, 10, 0, 2000, 0, -10};

} // namespace

class TestAcceptanceBadInput : public QObject {
    Q_OBJECT

    QString m_dir;
    QString m_project; ///< a good project with one small layer

    QString path(const QString& name) const { return QDir(m_dir).filePath(name); }

    /// A project copied to `name`, for one test to damage.
    QString copyOfProject(const QString& name) const
    {
        const QString p = path(name);
        QFile::remove(p);
        return QFile::copy(m_project, p) ? p : QString();
    }

    /// `render P` refuses `damaged` with a message containing `expected`
    /// and leaves it byte for byte as it was.
    void checkRenderRefuses(const QString& damaged, const QString& expected)
    {
        const QByteArray before = fileBytes(damaged);
        QVERIFY(!before.isEmpty());
        const QString out = path(QStringLiteral("never.png"));
        QFile::remove(out);
        const Run r = runCitytwin({QStringLiteral("render"), QStringLiteral("--size"), QStringLiteral("160x90"),
                                   QStringLiteral("--out"), out, damaged});
        qInfo("render %s: exit %d: %s", qPrintable(QFileInfo(damaged).fileName()), r.exitCode, qPrintable(r.err.trimmed()));
        QVERIFY2(r.exitCode > 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(damaged), qPrintable(r.err));
        QVERIFY2(r.err.contains(expected, Qt::CaseInsensitive), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
        QVERIFY2(fileBytes(damaged) == before, "the project file changed");
        QVERIFY(!QFile::exists(damaged + QStringLiteral("-journal")));
        QVERIFY(!QFile::exists(damaged + QStringLiteral("-wal")));
    }

private slots:
    void initTestCase()
    {
        m_dir = testOutDir(QStringLiteral("acceptance/bad-input"));
        for (const QString& f : QDir(m_dir).entryList(QDir::Files)) QFile::remove(path(f));
        // One small building in Boston, as GeoJSON.
        const QString geojson = path(QStringLiteral("one_building.geojson"));
        QFile f(geojson);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"stories":3},
"geometry":{"type":"Polygon","coordinates":[[[-71.0590,42.3565],[-71.0580,42.3565],[-71.0580,42.3572],
[-71.0590,42.3572],[-71.0590,42.3565]]]}}]})");
        f.close();
        m_project = path(QStringLiteral("good.citytwin"));
        const Run r = runCitytwin({QStringLiteral("import"), QStringLiteral("--project"), m_project, geojson});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // The good project renders.
        const QString png = path(QStringLiteral("good.png"));
        const Run rendered = runCitytwin({QStringLiteral("render"), QStringLiteral("--size"),
                                          QStringLiteral("160x90"), QStringLiteral("--out"), png, m_project});
        QVERIFY2(rendered.exitCode == 0, qPrintable(rendered.err));
        QVERIFY(QFile::exists(png));
    }

    /// `citytwin import --project P INPUT` with an unreadable INPUT: non-zero
    /// exit, a message naming the input and saying why, P as it was (or not
    /// created).
    void importRefusesBadInput_data()
    {
        QTest::addColumn<QString>("input");    // file name in the test folder, or an absolute path
        QTest::addColumn<QString>("why");      // expected in the message
        QTest::addColumn<bool>("projectExists");
        QTest::newRow("missing file") << QStringLiteral("/nonexistent/nowhere.tif") << QString() << true;
        QTest::newRow("missing file, new project") << QStringLiteral("/nonexistent/nowhere.tif") << QString() << false;
        QTest::newRow("raster without georeferencing") << QStringLiteral("no_georef.tif")
                                                        << QStringLiteral("georeferenc") << true;
        QTest::newRow("raster without georeferencing, new project")
            << QStringLiteral("no_georef.tif") << QStringLiteral("georeferenc") << false;
        QTest::newRow("DEM in an engineering CRS") << QStringLiteral("local_crs.tif") << QStringLiteral("PROJ") << true;
        QTest::newRow("DEM on Mars") << QStringLiteral("mars_crs.tif") << QStringLiteral("PROJ") << true;
    }
    void importRefusesBadInput()
    {
        QFETCH(QString, input);
        QFETCH(QString, why);
        QFETCH(bool, projectExists);
        if (!input.startsWith('/')) {
            input = path(input);
            QFile::remove(input);
            if (input.endsWith(QStringLiteral("no_georef.tif")))
                QVERIFY(writeDem(input, false, nullptr, nullptr));
            else if (input.endsWith(QStringLiteral("local_crs.tif")))
                QVERIFY(writeDem(input, true, R"(LOCAL_CS["site grid",UNIT["metre",1],AXIS["X",EAST],AXIS["Y",NORTH]])",
                                 kMetres));
            else
                QVERIFY(writeDem(input, true, "IAU_2015:49900", kBostonDegrees));
        }
        const QString project = projectExists ? copyOfProject(QStringLiteral("import_target.citytwin"))
                                              : path(QStringLiteral("never_created.citytwin"));
        if (!projectExists) QFile::remove(project);
        QVERIFY(!project.isEmpty());
        const QByteArray before = fileBytes(project);

        const Run r = runCitytwin({QStringLiteral("import"), QStringLiteral("--project"), project, input});
        qInfo("import %s: exit %d: %s", qPrintable(QFileInfo(input).fileName()), r.exitCode, qPrintable(r.err.trimmed()));
        QVERIFY2(r.exitCode > 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(input), qPrintable(r.err));
        if (!why.isEmpty()) QVERIFY2(r.err.contains(why, Qt::CaseInsensitive), qPrintable(r.err));
        if (projectExists) QVERIFY2(fileBytes(project) == before, "the project file changed");
        else QVERIFY2(!QFile::exists(project), "a project was created");
        QVERIFY(!QFile::exists(project + QStringLiteral(".saving")));
        QVERIFY(!QFile::exists(input + QStringLiteral(".aux.xml")));
    }

    /// A project cut off in the middle.
    void renderRefusesTruncatedProject()
    {
        const QString p = copyOfProject(QStringLiteral("truncated.citytwin"));
        QVERIFY(!p.isEmpty());
        QFile f(p);
        const qint64 size = f.size();
        QVERIFY2(size >= 4096 * 3, qPrintable(QString::number(size)));
        QVERIFY(f.resize(size / 2));
        checkRenderRefuses(p, QStringLiteral("damaged or truncated"));
    }

    /// A project written by a newer CityTwin (format 99).
    void renderRefusesFutureVersion()
    {
        const QString p = copyOfProject(QStringLiteral("future.citytwin"));
        QVERIFY(!p.isEmpty());
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open_v2(p.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        const int rc = sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        QCOMPARE(rc, SQLITE_OK);
        checkRenderRefuses(p, QStringLiteral("newer CityTwin"));
        // Importing into it is refused the same way.
        const QByteArray before = fileBytes(p);
        const Run r = runCitytwin({QStringLiteral("import"), QStringLiteral("--project"), p,
                                   path(QStringLiteral("one_building.geojson"))});
        QVERIFY2(r.exitCode > 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("newer CityTwin")), qPrintable(r.err));
        QVERIFY(fileBytes(p) == before);
    }
};

int citytwin::test::runAcceptanceBadInputTests(int argc, char** argv)
{
    TestAcceptanceBadInput t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_acceptance_BadInput.moc"
