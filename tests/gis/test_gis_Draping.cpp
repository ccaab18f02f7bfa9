#include "test_gis_Suites.h"
#include "test_gis_AnalyticElevation.h"
#include "test_gis_Helpers.h"

#include "citytwin/gis/Draping.h"
#include "citytwin/gis/LayerSpec.h"

#include <QtTest>

#include <cmath>

using namespace citytwin::gis;
using namespace citytwin::test;

Q_DECLARE_METATYPE(citytwin::gis::LineString)
Q_DECLARE_METATYPE(citytwin::gis::Polygon)
Q_DECLARE_METATYPE(citytwin::gis::AttributeList)
Q_DECLARE_METATYPE(citytwin::gis::LineWidthRule)

namespace {

Ring square(double x, double y, double s) { return {{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}}; }
Ring reversed(Ring r) { std::reverse(r.begin(), r.end()); return r; }

MeshChunk chunkAt(double x, double y)
{
    MeshChunk c;
    c.origin = {x, y, 0};
    return c;
}

/// Every triangle counter-clockwise from +z with normals up, every vertex of `id`.
void checkFlatUp(const MeshChunk& c, uint32_t id)
{
    QCOMPARE(c.positions.size(), 3 * c.vertexCount());
    QCOMPARE(c.normals.size(), 3 * c.vertexCount());
    for (size_t v = 0; v < c.vertexCount(); ++v) {
        QCOMPARE(c.normals[3 * v + 2], 1.0f);
        QCOMPARE(c.featureIds[v], id);
    }
    for (size_t t = 0; t < c.triangleCount(); ++t) QVERIFY2(trianglePlanArea(c, t) > 0, "clockwise triangle");
}

/// Largest distance of a vertex from the segment a-b (plan).
double maxDistanceFromSegment(const MeshChunk& c, DVec2 a, DVec2 b)
{
    double worst = 0;
    for (size_t v = 0; v < c.vertexCount(); ++v) {
        const DVec3 p = vertexOf(c, uint32_t(v));
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
        worst = std::max(worst, std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy)));
    }
    return worst;
}

} // namespace

class DrapingTest : public QObject {
    Q_OBJECT
private slots:
    // Flat ribbons: 2 triangles per segment, plan area = centre-line length ×
    // width (mitred joins neither gap nor overlap at moderate angles).
    void ribbon_data()
    {
        QTest::addColumn<LineString>("line");
        QTest::addColumn<double>("width");
        QTest::addColumn<int>("triangles");
        QTest::addColumn<double>("area");
        const double x = 500000, y = 5000000; // UTM-sized coordinates
        QTest::newRow("straight 100 m, 6 m wide") << LineString{{x, y}, {x + 100, y}} << 6.0 << 2 << 600.0;
        QTest::newRow("diagonal 50 m, 2 m wide") << LineString{{x, y}, {x + 30, y + 40}} << 2.0 << 2 << 100.0;
        QTest::newRow("repeated points dropped") << LineString{{x, y}, {x, y}, {x + 50, y}, {x + 50, y}} << 6.0 << 2
                                                 << 300.0;
        QTest::newRow("L turn 200 m, 4 m wide") << LineString{{x, y}, {x + 100, y}, {x + 100, y + 100}} << 4.0 << 4
                                                << 800.0;
        QTest::newRow("zigzag 3 segments of 50 m")
            << LineString{{x, y}, {x + 30, y + 40}, {x + 60, y}, {x + 90, y + 40}} << 2.0 << 6 << 300.0;
        QTest::newRow("closed ring 4 x 40 m, 2 m wide")
            << LineString{{x, y}, {x + 40, y}, {x + 40, y + 40}, {x, y + 40}, {x, y}} << 2.0 << 8 << 320.0;
        QTest::newRow("single point: nothing") << LineString{{x, y}} << 6.0 << 0 << 0.0;
        QTest::newRow("zero width: nothing") << LineString{{x, y}, {x + 10, y}} << 0.0 << 0 << 0.0;
    }
    void ribbon()
    {
        QFETCH(LineString, line);
        QFETCH(double, width);
        QFETCH(int, triangles);
        QFETCH(double, area);
        MeshChunk c = chunkAt(500250, 5000250);
        const size_t added = appendRibbon(line, width, nullptr, DrapeOptions{}, 7, c);
        QCOMPARE(int(added), triangles);
        QCOMPARE(int(c.triangleCount()), triangles);
        checkFlatUp(c, 7);
        QVERIFY2(std::abs(planArea(c) - area) < 0.01, qPrintable(QString::number(planArea(c))));
        for (size_t v = 0; v < c.vertexCount(); ++v)
            QCOMPARE(c.positions[3 * v + 2], float(DrapeOptions{}.liftMeters));
    }

    void ribbonWidth()
    {
        // A 100 m ribbon 6 m wide: every vertex exactly 3 m from the centre line.
        MeshChunk c = chunkAt(0, 0);
        appendRibbon({{0, 0}, {100, 0}}, 6.0, nullptr, {}, 0, c);
        QCOMPARE(maxDistanceFromSegment(c, {0, 0}, {100, 0}), 3.0);
        for (size_t v = 0; v < c.vertexCount(); ++v) QCOMPARE(std::abs(c.positions[3 * v + 1]), 3.0f);
    }

    void lineWidth_data()
    {
        QTest::addColumn<LineWidthRule>("rule");
        QTest::addColumn<AttributeList>("attributes");
        QTest::addColumn<double>("width");
        const LineWidthRule d = LineWidthRule::defaults();
        LineWidthRule custom;
        custom.widthAttribute = "";
        custom.categoryAttribute = "STTYPE";
        custom.categoryWidths = {{"ST", 8}, {"AVE", 12}};
        custom.defaultWidthMeters = 5;
        QTest::newRow("width attribute wins") << d << AttributeList{{"width", "7.5"}, {"highway", "motorway"}} << 7.5;
        QTest::newRow("width with unit") << d << AttributeList{{"width", "3 m"}} << 3.0;
        QTest::newRow("highway motorway") << d << AttributeList{{"highway", "motorway"}} << 16.0;
        QTest::newRow("highway footway") << d << AttributeList{{"highway", "footway"}} << 2.0;
        QTest::newRow("bad width, category") << d << AttributeList{{"width", "wide"}, {"highway", "service"}} << 4.0;
        QTest::newRow("zero width, category") << d << AttributeList{{"width", "0"}, {"highway", "primary"}} << 12.0;
        QTest::newRow("highway in other_tags")
            << d << AttributeList{{"other_tags", "\"highway\"=>\"secondary\",\"lit\"=>\"yes\""}} << 10.0;
        QTest::newRow("width in other_tags")
            << d << AttributeList{{"highway", "primary"}, {"other_tags", "\"width\"=>\"9\""}} << 9.0;
        QTest::newRow("unknown class: default") << d << AttributeList{{"highway", "raceway"}} << 6.0;
        QTest::newRow("no attributes: default") << d << AttributeList{} << 6.0;
        QTest::newRow("custom table ST") << custom << AttributeList{{"STTYPE", "ST"}} << 8.0;
        QTest::newRow("custom table AVE") << custom << AttributeList{{"STTYPE", "AVE"}, {"width", "3"}} << 12.0;
        QTest::newRow("custom default") << custom << AttributeList{{"STTYPE", "WAY"}} << 5.0;
    }
    void lineWidth()
    {
        QFETCH(LineWidthRule, rule);
        QFETCH(AttributeList, attributes);
        QFETCH(double, width);
        QCOMPARE(evaluateLineWidth(rule, attributes), width);
    }

    // Flat areas: triangles cover exactly the polygon (holes left open).
    void area_data()
    {
        QTest::addColumn<Polygon>("polygon");
        QTest::addColumn<double>("area");
        QTest::addColumn<int>("flatTriangles");
        const double x = 155000, y = 463000;
        const Ring l{{x, y}, {x + 20, y}, {x + 20, y + 10}, {x + 10, y + 10}, {x + 10, y + 20}, {x, y + 20}};
        QTest::newRow("square 100 m") << Polygon{{square(x, y, 100)}} << 10000.0 << 2;
        QTest::newRow("square with 20 m hole") << Polygon{{square(x, y, 100), reversed(square(x + 40, y + 40, 20))}}
                                               << 9600.0 << 8;
        QTest::newRow("hole given counter-clockwise")
            << Polygon{{reversed(square(x, y, 100)), square(x + 10, y + 10, 20)}} << 9600.0 << 8;
        QTest::newRow("L shape") << Polygon{{l}} << 300.0 << 4;
        QTest::newRow("two holes") << Polygon{{square(x, y, 300), reversed(square(x + 20, y + 20, 50)),
                                               reversed(square(x + 150, y + 150, 100))}}
                                   << 90000.0 - 2500 - 10000 << 14;
    }
    void area()
    {
        QFETCH(Polygon, polygon);
        QFETCH(double, area);
        QFETCH(int, flatTriangles);
        DrapeOptions opt;
        opt.liftMeters = DrapeOptions::kAreaLiftMeters;
        MeshChunk flat = chunkAt(155250, 463250);
        QCOMPARE(int(appendDrapedPolygon(polygon, nullptr, opt, 3, flat)), flatTriangles);
        checkFlatUp(flat, 3);
        QVERIFY(std::abs(planArea(flat) - area) < 1e-3);
        for (size_t v = 0; v < flat.vertexCount(); ++v) QCOMPARE(flat.positions[3 * v + 2], 0.15f);

        // Draped on a slope: cut on the 20 m grid, same plan area, every vertex
        // 0.15 m above the ground, no edge longer than a grid cell's diagonal.
        Extent2 box;
        box.add(150000, 460000);
        box.add(160000, 470000);
        auto ground = AnalyticElevation::plane(0.01, 0.02, 5, 155000, 463000, box);
        MeshChunk draped = chunkAt(155250, 463250);
        QVERIFY(appendDrapedPolygon(polygon, ground.get(), opt, 3, draped) >= size_t(flatTriangles));
        checkFlatUp(draped, 3);
        QVERIFY2(std::abs(planArea(draped) - area) < 1e-3, qPrintable(QString::number(planArea(draped))));
        for (size_t v = 0; v < draped.vertexCount(); ++v) {
            const DVec3 p = vertexOf(draped, uint32_t(v));
            QVERIFY(std::abs(p.z - ground->at(p.x, p.y) - 0.15) < 0.01);
        }
        for (size_t i = 0; i < draped.indices.size(); ++i) {
            const DVec3 a = vertexOf(draped, draped.indices[i]);
            const DVec3 b = vertexOf(draped, draped.indices[i - i % 3 + (i + 1) % 3]);
            QVERIFY(std::hypot(a.x - b.x, a.y - b.y) <= 20 * std::sqrt(2.0) + 1e-6);
        }
    }

    // Ribbons follow a hill: vertices at most 0.5 m above a curved ground, and
    // long segments are split so the ribbon bends with it.
    void drapedRibbon_data()
    {
        QTest::addColumn<int>("model");
        QTest::newRow("plane z = 0.01x + 5") << 0;
        QTest::newRow("hill z = 40 sin(x / 150)") << 1;
    }
    void drapedRibbon()
    {
        QFETCH(int, model);
        Extent2 box;
        box.add(-5000, -5000);
        box.add(5000, 5000);
        auto ground = model == 0 ? AnalyticElevation::plane(0.01, 0, 5, 0, 0, box)
                                 : std::make_shared<AnalyticElevation>(
                                       [](double x, double) { return 40 * std::sin(x / 150); }, box);
        MeshChunk c = chunkAt(250, 250);
        const size_t tris = appendRibbon({{0, 0}, {1000, 0}, {1000, 600}}, 6.0, ground.get(), {}, 1, c);
        QCOMPARE(tris, size_t(2 * (50 + 30))); // 20 m pieces: 50 + 30 segments
        checkFlatUp(c, 1);
        QVERIFY(std::abs(planArea(c) - 1600 * 6.0) < 0.01);
        for (size_t v = 0; v < c.vertexCount(); ++v) {
            const DVec3 p = vertexOf(c, uint32_t(v));
            const double above = p.z - ground->at(p.x, p.y);
            QVERIFY2(above >= 0 && above <= 0.5, qPrintable(QStringLiteral("%1 m above").arg(above)));
        }
        // Mid-segment points between vertices stay close to the ground too.
        for (size_t t = 0; t < c.triangleCount(); ++t) {
            const DVec3 a = vertexOf(c, c.indices[3 * t]), b = vertexOf(c, c.indices[3 * t + 1]);
            const double mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
            QVERIFY(std::abs((a.z + b.z) / 2 - ground->at(mx, my)) < 1.0);
        }
    }

    void midpoint()
    {
        QCOMPARE(lineMidpoint({{{0, 0}, {100, 0}, {100, 100}}}), (DVec2{100, 0}));
        QCOMPARE(lineMidpoint({{{0, 0}, {10, 0}}, {{50, 0}, {50, 30}}}), (DVec2{50, 10}));
        QCOMPARE(lineMidpoint({{{5, 5}}}), (DVec2{5, 5}));
    }
};

int runDrapingTest(int argc, char** argv)
{
    DrapingTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_Draping.moc"
