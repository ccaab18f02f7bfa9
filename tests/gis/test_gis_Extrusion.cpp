#include "test_gis_Suites.h"
#include "test_gis_Helpers.h"

#include "citytwin/gis/Extrusion.h"
#include "citytwin/gis/Triangulation.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace citytwin::gis;
using citytwin::test::insideFootprint;

Q_DECLARE_METATYPE(citytwin::gis::MultiPolygon)

namespace {

Ring square(double x, double y, double s) { return {{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}}; }
Ring reversed(Ring r) { std::reverse(r.begin(), r.end()); return r; }

double footprintArea(const MultiPolygon& mp)
{
    double a = 0;
    for (const auto& p : mp.polygons)
        for (size_t r = 0; r < p.rings.size(); ++r) a += (r == 0 ? 1 : -1) * std::abs(signedArea(p.rings[r]));
    return a;
}

} // namespace

class ExtrusionTest : public QObject {
    Q_OBJECT
private slots:
    // Counts: walls = 2 per ring edge; roof = n + 2h - 2 per polygon
    // (n points over all its rings, h holes).
    void counts_data()
    {
        QTest::addColumn<MultiPolygon>("footprint");
        QTest::addColumn<int>("walls");
        QTest::addColumn<int>("roof");
        const Ring l{{0, 0}, {20, 0}, {20, 10}, {10, 10}, {10, 20}, {0, 20}};
        const Ring u{{0, 0}, {30, 0}, {30, 20}, {20, 20}, {20, 8}, {10, 8}, {10, 20}, {0, 20}};
        Ring comb{{0, 0}, {50, 0}};
        for (int t = 4; t >= 0; --t) {
            comb.push_back({t * 10.0 + 10, 20});
            comb.push_back({t * 10.0 + 5, 20});
            comb.push_back({t * 10.0 + 5, 5});
            comb.push_back({t * 10.0, 5});
        }
        QTest::newRow("square: 8 + 2 = 10") << MultiPolygon{{Polygon{{square(0, 0, 10)}}}} << 8 << 2;
        QTest::newRow("square clockwise input") << MultiPolygon{{Polygon{{reversed(square(0, 0, 10))}}}} << 8 << 2;
        QTest::newRow("L-shape: 12 + 4 = 16") << MultiPolygon{{Polygon{{l}}}} << 12 << 4;
        QTest::newRow("U-shape: 16 + 6 = 22") << MultiPolygon{{Polygon{{u}}}} << 16 << 6;
        QTest::newRow("square with hole: 16 + 8 = 24")
            << MultiPolygon{{Polygon{{square(0, 0, 30), reversed(square(10, 10, 10))}}}} << 16 << 8;
        QTest::newRow("hole with wrong orientation")
            << MultiPolygon{{Polygon{{reversed(square(0, 0, 30)), square(10, 10, 10)}}}} << 16 << 8;
        QTest::newRow("two holes: 24 + 14 = 38")
            << MultiPolygon{{Polygon{{square(0, 0, 40), reversed(square(5, 5, 10)), reversed(square(25, 20, 10))}}}}
            << 24 << 14;
        QTest::newRow("multipolygon: 2 squares = 20")
            << MultiPolygon{{Polygon{{square(0, 0, 10)}}, Polygon{{square(20, 0, 10)}}}} << 16 << 4;
        QTest::newRow("comb (concave, 5 teeth)") << MultiPolygon{{Polygon{{comb}}}} << int(comb.size()) * 2
                                                   << int(comb.size()) - 2;
        QTest::newRow("UTM coordinates with hole")
            << MultiPolygon{{Polygon{{square(330000, 4690000, 30), reversed(square(330010, 4690010, 10))}}}} << 16 << 8;
    }
    void counts()
    {
        QFETCH(MultiPolygon, footprint);
        QFETCH(int, walls);
        QFETCH(int, roof);
        MeshChunk chunk;
        const DVec2 c = footprint.polygons[0].rings[0][0];
        chunk.origin = {c.x, c.y, 0};
        const size_t added = extrudeFootprint(footprint, 0, 12, 7, chunk);
        QCOMPARE(int(added), walls + roof);
        QCOMPARE(int(chunk.triangleCount()), walls + roof);
        QVERIFY(std::all_of(chunk.featureIds.begin(), chunk.featureIds.end(), [](uint32_t id) { return id == 7; }));

        int wallTriangles = 0, roofTriangles = 0;
        double roofArea = 0;
        for (size_t t = 0; t < chunk.indices.size(); t += 3) {
            const uint32_t i0 = chunk.indices[t], i1 = chunk.indices[t + 1], i2 = chunk.indices[t + 2];
            auto pos = [&](uint32_t i, int k) { return double(chunk.positions[3 * i + k]); };
            const double ux = pos(i1, 0) - pos(i0, 0), uy = pos(i1, 1) - pos(i0, 1), uz = pos(i1, 2) - pos(i0, 2);
            const double vx = pos(i2, 0) - pos(i0, 0), vy = pos(i2, 1) - pos(i0, 1), vz = pos(i2, 2) - pos(i0, 2);
            const double cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
            // Flat shading: a triangle's normal is its provoking (last) vertex's.
            const float* n = &chunk.normals[3 * i2];
            // Counter-clockwise seen from outside: the winding agrees with the normal.
            QVERIFY(cx * n[0] + cy * n[1] + cz * n[2] >= 0);
            // ...and is the triangle's own: walls would look rounded with a neighbour's.
            const double len = std::sqrt(cx * cx + cy * cy + cz * cz);
            QVERIFY2((cx * n[0] + cy * n[1] + cz * n[2]) > 0.9999 * len,
                     qPrintable(QString("triangle %1 is not lit by its own normal").arg(t / 3)));
            if (n[2] > 0.5f) {
                ++roofTriangles;
                roofArea += cz / 2;
                continue;
            }
            ++wallTriangles;
            // Outward: a step along the normal from the wall's middle leaves the footprint.
            const double mx = chunk.origin.x + (pos(i0, 0) + pos(i1, 0) + pos(i2, 0)) / 3;
            const double my = chunk.origin.y + (pos(i0, 1) + pos(i1, 1) + pos(i2, 1)) / 3;
            QVERIFY(!insideFootprint(footprint, mx + 0.05 * n[0], my + 0.05 * n[1]));
            QVERIFY(insideFootprint(footprint, mx - 0.05 * n[0], my - 0.05 * n[1]));
        }
        QCOMPARE(wallTriangles, walls);
        QCOMPARE(roofTriangles, roof);
        // Walls share their corners: two vertices per ring point, and the roof one.
        size_t points = 0;
        for (const Polygon& p : footprint.polygons)
            for (const Ring& r : p.rings) points += r.size();
        QCOMPARE(chunk.vertexCount(), 3 * points);
        // The roof covers the footprint exactly once (holes left open).
        QVERIFY2(std::abs(roofArea - footprintArea(footprint)) < 1e-2,
                 qPrintable(QString("%1 vs %2").arg(roofArea).arg(footprintArea(footprint))));
        for (size_t v = 0; v < chunk.vertexCount(); ++v) {
            const float* n = &chunk.normals[3 * v];
            QVERIFY(std::abs(std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]) - 1.0) < 1e-5);
        }
    }

    void degenerateInputTerminates()
    {
        std::vector<uint32_t> idx;
        // Collinear points, a spike and a self-touching ring: any result, no hang.
        triangulatePolygon(Polygon{{Ring{{0, 0}, {5, 0}, {10, 0}, {10, 10}, {10, 5}, {10, 10}, {0, 10}}}}, idx);
        triangulatePolygon(Polygon{{Ring{{0, 0}, {10, 0}, {0, 10}, {10, 10}}}}, idx);
        triangulatePolygon(Polygon{{Ring{{0, 0}, {1, 1}}}}, idx);
        QVERIFY(idx.size() % 3 == 0);
    }

    // Appending many features to one tile chunk must grow its arrays
    // geometrically: an exact reserve per append copied the whole chunk for
    // every feature (quadratic; most of a 1M-building import).
    // A feature's span inside a batch's shared arrays appends exactly as its
    // own mesh would: same floats, indices shifted onto the chunk.
    void appendMeshSpanEqualsOwnMesh()
    {
        MeshChunk arena, own;
        const MultiPolygon a{{Polygon{{square(0, 0, 10)}}}}, b{{Polygon{{square(20, 5, 7)}}}};
        QVERIFY(extrudeFootprint(a, 0, 10, 0, arena) > 0);
        const MeshSpan span{arena.vertexCount(), 0, arena.indices.size(), 0};
        QVERIFY(extrudeFootprint(b, 2, 30, 0, arena) > 0);
        const MeshSpan second{span.firstVertex, arena.vertexCount() - span.firstVertex, span.firstIndex,
                              arena.indices.size() - span.firstIndex};
        QVERIFY(extrudeFootprint(a, 0, 5, 0, arena) > 0); // a third one after it
        QVERIFY(extrudeFootprint(b, 2, 30, 0, own) > 0);

        MeshChunk viaSpan, viaOwn;
        QVERIFY(extrudeFootprint(a, 0, 10, 0, viaSpan) > 0); // the chunk already holds something
        QVERIFY(extrudeFootprint(a, 0, 10, 0, viaOwn) > 0);
        appendMesh(arena, second, 7, viaSpan);
        appendMesh(own, 7, viaOwn);
        QVERIFY(viaSpan.positions == viaOwn.positions);
        QVERIFY(viaSpan.normals == viaOwn.normals);
        QVERIFY(viaSpan.featureIds == viaOwn.featureIds);
        QVERIFY(viaSpan.indices == viaOwn.indices);
        QCOMPARE(viaSpan.featureIds.back(), 7u);
    }

    void appendMeshGrowsGeometrically()
    {
        MeshChunk part;
        QVERIFY(extrudeFootprint(MultiPolygon{{Polygon{{square(0, 0, 10)}}}}, 0, 10, 0, part) > 0);
        MeshChunk chunk;
        int reallocations = 0;
        const int features = 2000;
        for (int i = 0; i < features; ++i) {
            const size_t before = chunk.indices.capacity();
            appendMesh(part, static_cast<uint32_t>(i), chunk);
            if (chunk.indices.capacity() != before) ++reallocations;
        }
        QCOMPARE(chunk.indices.size(), part.indices.size() * features);
        QCOMPARE(chunk.indices[part.indices.size()], part.indices[0] + static_cast<uint32_t>(part.vertexCount()));
        QCOMPARE(chunk.featureIds.back(), static_cast<uint32_t>(features - 1));
        QVERIFY2(reallocations < 40, qPrintable(QString::number(reallocations)));
    }
};

int runExtrusionTest(int argc, char** argv)
{
    ExtrusionTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_Extrusion.moc"
