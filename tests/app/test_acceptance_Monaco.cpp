// Acceptance, Monaco: the OSM extract as themed layers on the
// SRTM terrain. Every building stands on the DEM (checked against the raw
// .hgt read independently with GDAL), and a view from the sea shows the hills.
#include "TestData.h"
#include "test_acceptance_Suites.h"
#include "test_acceptance_Support.h"

#include "core/LayerLoader.h"

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/HeightRule.h"

#include <gdal_priv.h>

#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>
#include <optional>

using namespace citytwin;
using namespace citytwin::test;

namespace {

constexpr int kWidth = 480;
constexpr int kHeight = 270;
/// From the sea south of Monaco, looking north at the town and the hills behind.
constexpr const char* kCamera = "7.4246,43.7300,4000,0,-5";

/// The .hgt as GDAL reads it, sampled bilinearly between posts.
struct RawDem {
    int width = 0, height = 0;
    double gt[6] = {};
    std::vector<float> heights; // row 0 = north

    bool load(const std::string& path)
    {
        GDALAllRegister();
        std::unique_ptr<GDALDataset> ds(GDALDataset::FromHandle(
            GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
        if (!ds || ds->GetGeoTransform(gt) != CE_None) return false;
        width = ds->GetRasterXSize();
        height = ds->GetRasterYSize();
        heights.resize(size_t(width) * size_t(height));
        return ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, width, height, heights.data(), width, height,
                                              GDT_Float32, 0, 0, nullptr) == CE_None;
    }
    float post(int c, int r) const
    {
        return heights[size_t(std::clamp(r, 0, height - 1)) * size_t(width) + size_t(std::clamp(c, 0, width - 1))];
    }
    static bool isVoid(float h) { return !(h > -1000.0f); } // SRTM voids are -32768
    /// Bilinear between the posts, which sit at pixel centres; nothing next to a void.
    std::optional<double> at(double lon, double lat) const
    {
        const double fx = (lon - gt[0]) / gt[1] - 0.5, fy = (lat - gt[3]) / gt[5] - 0.5;
        const int c = int(std::floor(fx)), r = int(std::floor(fy));
        const double u = fx - c, v = fy - r;
        const float h00 = post(c, r), h10 = post(c + 1, r), h01 = post(c, r + 1), h11 = post(c + 1, r + 1);
        if (isVoid(h00) || isVoid(h10) || isVoid(h01) || isVoid(h11)) return std::nullopt;
        return (h00 * (1 - u) + h10 * u) * (1 - v) + (h01 * (1 - u) + h11 * u) * v;
    }
};

struct Edge {
    gis::DVec2 a, b;
};

/// Even-odd rule over a footprint's edges (outer rings and holes alike).
bool inside(const std::vector<Edge>& edges, double x, double y)
{
    bool in = false;
    for (const Edge& e : edges)
        if ((e.a.y > y) != (e.b.y > y) && x < (e.b.x - e.a.x) * (y - e.a.y) / (e.b.y - e.a.y) + e.a.x) in = !in;
    return in;
}

/// Lowest height of the raw DEM surface (bilinear between posts) over a
/// footprint given by its edges in lon/lat: at its vertices, densely along
/// its edges, and at the posts inside it (a bilinear surface has no interior
/// minimum between posts). Nothing when the footprint touches a DEM void.
std::optional<double> lowestUnder(const RawDem& dem, const std::vector<Edge>& edges)
{
    double lowest = std::numeric_limits<double>::max();
    gis::Extent2 box;
    const double step = std::abs(dem.gt[1]) / 10; // about 8 m
    for (const Edge& e : edges) {
        box.add(e.a.x, e.a.y);
        const int n = 1 + int(std::hypot(e.b.x - e.a.x, e.b.y - e.a.y) / step);
        for (int i = 0; i <= n; ++i) {
            const double t = double(i) / n;
            const auto h = dem.at(e.a.x + (e.b.x - e.a.x) * t, e.a.y + (e.b.y - e.a.y) * t);
            if (!h) return std::nullopt;
            lowest = std::min(lowest, *h);
        }
    }
    const int c0 = int(std::floor((box.minX - dem.gt[0]) / dem.gt[1] - 0.5));
    const int c1 = int(std::ceil((box.maxX - dem.gt[0]) / dem.gt[1] - 0.5));
    const int r0 = int(std::floor((box.maxY - dem.gt[3]) / dem.gt[5] - 0.5));
    const int r1 = int(std::ceil((box.minY - dem.gt[3]) / dem.gt[5] - 0.5));
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) {
            const double lon = dem.gt[0] + (c + 0.5) * dem.gt[1], lat = dem.gt[3] + (r + 0.5) * dem.gt[5];
            if (!inside(edges, lon, lat)) continue;
            if (RawDem::isVoid(dem.post(c, r))) return std::nullopt;
            lowest = std::min(lowest, double(dem.post(c, r)));
        }
    return lowest;
}

/// Lowest height of the drawn terrain (the scene grid the tiles are cut
/// from, samples at multiples of `spacing`) under a footprint given by its
/// edges in the scene CRS: at its vertices and at the grid samples inside.
std::optional<double> lowestDrawnUnder(const gis::ElevationModel& em, double spacing, const std::vector<Edge>& edges)
{
    double lowest = std::numeric_limits<double>::max();
    bool any = false;
    gis::Extent2 box;
    for (const Edge& e : edges)
        for (const gis::DVec2& p : {e.a, e.b}) {
            box.add(p.x, p.y);
            if (auto h = em.drawnHeightAt(p.x, p.y)) { lowest = std::min(lowest, *h); any = true; }
        }
    if (box.empty()) return std::nullopt;
    for (double y = std::ceil(box.minY / spacing) * spacing; y <= box.maxY; y += spacing)
        for (double x = std::ceil(box.minX / spacing) * spacing; x <= box.maxX; x += spacing)
            if (inside(edges, x, y))
                if (auto h = em.drawnHeightAt(x, y)) { lowest = std::min(lowest, *h); any = true; }
    if (!any) return std::nullopt;
    return lowest;
}

/// What the building mesh says of one feature.
struct Footprint {
    double lowestZ = std::numeric_limits<double>::max();
    std::vector<Edge> edges; ///< wall bottoms, scene CRS
};

/// Footprints recovered from the chunks: walls are quads (bottom a, bottom b,
/// top b, top a) with horizontal normals; roofs have normal +z.
std::map<uint32_t, Footprint> footprintsOf(const gis::ImportedLayer& layer)
{
    std::map<uint32_t, Footprint> out;
    for (const gis::MeshChunk& c : layer.chunks) {
        auto z = [&](uint32_t i) { return c.origin.z + c.positions[i * 3 + 2]; };
        auto xy = [&](uint32_t i) {
            return gis::DVec2{c.origin.x + c.positions[i * 3], c.origin.y + c.positions[i * 3 + 1]};
        };
        for (size_t v = 0; v < c.vertexCount(); ++v) {
            Footprint& f = out[c.featureIds[v]];
            f.lowestZ = std::min(f.lowestZ, z(uint32_t(v)));
        }
        // A wall (flat shaded: its provoking, last vertex's normal is
        // horizontal) has one triangle with two vertices at its foot: an edge.
        for (size_t t = 0; t + 2 < c.indices.size(); t += 3) {
            const uint32_t* tri = &c.indices[t];
            if (c.normals[tri[2] * 3 + 2] != 0.0f) continue;
            const double low = std::min({z(tri[0]), z(tri[1]), z(tri[2])});
            std::vector<uint32_t> foot;
            for (int k = 0; k < 3; ++k)
                if (z(tri[k]) == low) foot.push_back(tri[k]);
            if (foot.size() == 2) out[c.featureIds[tri[0]]].edges.push_back({xy(foot[0]), xy(foot[1])});
        }
    }
    return out;
}

double minHeightOf(const gis::FeatureRecord& f)
{
    std::optional<std::string> text;
    for (const auto& [key, value] : f.attributes) {
        if (key == "min_height") text = value;
        else if (key == "other_tags" && !text) text = gis::otherTagsValue(value, "min_height");
    }
    const auto v = text ? gis::parseNumberInText(*text) : std::nullopt;
    return v && *v > 0 && *v < f.heightMeters ? *v : 0.0;
}

} // namespace

class TestAcceptanceMonaco : public QObject {
    Q_OBJECT

    std::unique_ptr<LoadedProject> m_loaded;
    std::string m_terrainName, m_buildingsName;
    std::unique_ptr<render::OffscreenRenderer> m_renderer;
    render::CameraView m_view;
    QString m_demPath;

private slots:
    void initTestCase()
    {
        CITYTWIN_SHARED_DATA(pbf, "monaco/monaco.osm.pbf");
        CITYTWIN_SHARED_DATA(zip, "monaco/N43E007.hgt.zip");
        m_demPath = QStringLiteral("/vsizip/") + zip + QStringLiteral("/N43E007.hgt");

        const auto themes = app::specsForInput(pbf.toStdString());
        QCOMPARE(themes.size(), size_t(5));
        const gis::LayerSpec terrain = specFor(m_demPath);
        QCOMPARE(terrain.kind, gis::LayerKind::Terrain);
        m_terrainName = terrain.name;

        data::Project project;
        project.layers.push_back(projectLayer(terrain));
        for (const auto& spec : themes) {
            project.layers.push_back(projectLayer(spec));
            if (spec.kind == gis::LayerKind::Buildings) m_buildingsName = spec.name;
        }
        QVERIFY(!m_buildingsName.empty());

        QElapsedTimer timer;
        timer.start();
        m_loaded = loadProject(project);
        QCOMPARE(m_loaded->failures, 0);
        qInfo("monaco: project loaded in %lld ms", timer.elapsed());

        auto view = render::parseCameraArgument(kCamera, *m_loaded->frame);
        QVERIFY2(view.ok(), view.firstError().c_str());
        m_view = *view;
        auto renderer = render::OffscreenRenderer::create(kWidth, kHeight);
        QVERIFY2(renderer.ok(), renderer.firstError().c_str());
        m_renderer = renderer.takeValue();
    }

    void cleanupTestCase()
    {
        m_renderer.reset();
        m_loaded.reset();
    }

    void themedLayers_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("minFeatures");
        QTest::newRow("buildings") << int(gis::LayerKind::Buildings) << 10000;
        QTest::newRow("roads") << int(gis::LayerKind::Lines) << 1000;
        QTest::newRow("points") << int(gis::LayerKind::Points) << 100;
        QTest::newRow("areas") << int(gis::LayerKind::Areas) << 10;
    }
    void themedLayers()
    {
        QFETCH(int, kind);
        QFETCH(int, minFeatures);
        int64_t features = 0;
        for (const auto& entry : m_loaded->stack->layers()) {
            QVERIFY2(!entry.failed, entry.spec.name.c_str());
            if (entry.loaded->vector && int(entry.loaded->kind) == kind) {
                features += entry.loaded->stats.featuresBuilt;
                QVERIFY2(entry.loaded->onTerrain, entry.spec.name.c_str());
            }
        }
        QVERIFY2(features >= minFeatures, qPrintable(QString::number(features)));
    }

    /// Every building's base is the lowest DEM height under its footprint:
    /// baseMeters is within 1 m of the raw SRTM heights (bilinear at the
    /// footprint's vertices, posts inside it). The mesh's lowest vertex is at
    /// most baseMeters (+ OSM min_height); without min_height the walls reach
    /// down to the drawn terrain (the coarser grid) where that lies lower, so
    /// no building floats above the visible ground, and no deeper.
    void everyBuildingStandsOnTheDem()
    {
        RawDem dem;
        QVERIFY2(dem.load(m_demPath.toStdString()), qPrintable(m_demPath));
        const app::LayerEntry* entry = m_loaded->layer(m_buildingsName);
        QVERIFY(entry && entry->loaded && entry->loaded->vector);
        const gis::ImportedLayer& layer = *entry->loaded->vector;
        auto toLonLat = gis::CrsTransformer::create(m_loaded->frame->crsDefinition, "EPSG:4326");
        QVERIFY2(toLonLat.ok(), toLonLat.firstError().c_str());

        const auto footprints = footprintsOf(layer);
        QCOMPARE(footprints.size(), layer.features.size());
        const gis::TerrainLayer& terrain = *m_loaded->layer(m_terrainName)->loaded->terrain;
        QVERIFY(terrain.elevation && !terrain.tiles.empty());
        const double gridSpacing = terrain.tiles.front().spacingMeters;
        // Mesh bottom: above base (+ min_height), below the drawn ground
        // (floating), below both by more than 0.5 m (too deep).
        double meshAboveBase = 0, meshFloating = 0, meshTooDeep = 0, worstMesh = 0;
        int foundations = 0;
        double worstDem = 0, sumDem = 0;
        int overHalf = 0, failures = 0, onVoid = 0;
        std::vector<double> errors;
        QString firstFailure;
        for (const auto& [index, fp] : footprints) {
            const gis::FeatureRecord& f = layer.features[index];
            const double minHeight = minHeightOf(f);
            const double bottom = f.baseMeters + minHeight;
            meshAboveBase = std::max(meshAboveBase, fp.lowestZ - bottom);
            if (const auto drawn = lowestDrawnUnder(*terrain.elevation, gridSpacing, fp.edges)) {
                meshTooDeep = std::max(meshTooDeep, std::min(bottom, *drawn) - fp.lowestZ);
                if (minHeight == 0) {
                    meshFloating = std::max(meshFloating, fp.lowestZ - *drawn);
                    const double expected = std::min(bottom, *drawn);
                    worstMesh = std::max(worstMesh, std::abs(fp.lowestZ - expected));
                    foundations += *drawn < bottom - 0.01 ? 1 : 0;
                } else {
                    worstMesh = std::max(worstMesh, std::abs(fp.lowestZ - bottom));
                }
            }

            std::vector<Edge> lonLat = fp.edges;
            for (Edge& e : lonLat)
                QVERIFY(toLonLat->transform(e.a.x, e.a.y) && toLonLat->transform(e.b.x, e.b.y));
            const std::optional<double> low = lowestUnder(dem, lonLat);
            if (!low) { ++onVoid; continue; }
            const double lowest = *low;
            const double error = std::abs(f.baseMeters - lowest);
            errors.push_back(error);
            worstDem = std::max(worstDem, error);
            sumDem += error;
            overHalf += error > 0.5 ? 1 : 0;
            if (error > 1.0 && failures++ == 0)
                firstFailure = QStringLiteral("FID %1 at %2,%3: base %4 m, DEM lowest %5 m")
                                   .arg(f.sourceFid).arg(f.centroid.x, 0, 'f', 1).arg(f.centroid.y, 0, 'f', 1)
                                   .arg(f.baseMeters).arg(lowest);
        }
        std::sort(errors.begin(), errors.end());
        auto percentile = [&](double q) { return errors.empty() ? 0.0 : errors[size_t(q * double(errors.size() - 1))]; };
        qInfo("monaco: mesh bottom: max %.4f m above base (+min_height), max %.4f m above the drawn terrain, max "
              "%.4f m below both, max %.4f m off min(base, drawn); %d foundations reach down to the drawn terrain",
              meshAboveBase, meshFloating, meshTooDeep, worstMesh, foundations);
        qInfo("monaco: %zu buildings (%d on SRTM voids, not compared); mesh bottom vs expected max %.4f m; base vs "
              "raw DEM: median %.3f m, p95 %.3f m, p99 %.3f m, max %.3f m, mean %.3f m; %d over 0.5 m, %d over 1 m",
              footprints.size(), onVoid, worstMesh, percentile(0.5), percentile(0.95), percentile(0.99), worstDem,
              sumDem / double(errors.size()), overHalf, failures);
        QVERIFY(onVoid < int(footprints.size()) / 100);
        {
            // Where bases are off, the cause shows here: how far the terrain
            // model (resampled onto the scene grid) is from the raw posts.
            const auto& em = *m_loaded->layer(m_terrainName)->loaded->terrain->elevation;
            auto toScene = gis::CrsTransformer::create("EPSG:4326", m_loaded->frame->crsDefinition);
            std::vector<double> d, drawnD;
            for (int r = 0; r < dem.height; ++r)
                for (int c = 0; c < dem.width; ++c) {
                    double lon = dem.gt[0] + (c + 0.5) * dem.gt[1], lat = dem.gt[3] + (r + 0.5) * dem.gt[5];
                    if (lon < 7.35 || lon > 7.50 || lat < 43.70 || lat > 43.78) continue;
                    if (RawDem::isVoid(dem.post(c, r))) continue;
                    toScene->transform(lon, lat);
                    if (auto h = em.heightAt(lon, lat)) d.push_back(std::abs(*h - dem.post(c, r)));
                    if (auto h = em.drawnHeightAt(lon, lat)) drawnD.push_back(std::abs(*h - dem.post(c, r)));
                }
            std::sort(d.begin(), d.end());
            std::sort(drawnD.begin(), drawnD.end());
            QVERIFY(!d.empty() && !drawnD.empty());
            qInfo("monaco: elevation model vs raw SRTM posts (7.35-7.50 E, 43.70-43.78 N): %zu posts, median %.2f m, "
                  "p95 %.2f m, max %.2f m", d.size(), d[d.size() / 2], d[d.size() * 95 / 100], d.back());
            qInfo("monaco: drawn terrain (scene grid) vs raw SRTM posts: %zu posts, median %.2f m, p95 %.2f m, "
                  "max %.2f m", drawnD.size(), drawnD[drawnD.size() / 2], drawnD[drawnD.size() * 95 / 100],
                  drawnD.back());
        }
        QVERIFY2(meshAboveBase <= 0.01, qPrintable(QString::number(meshAboveBase)));
        QVERIFY2(meshFloating <= 0.05, qPrintable(QString::number(meshFloating)));
        QVERIFY2(meshTooDeep <= 0.5, qPrintable(QString::number(meshTooDeep)));
        QVERIFY2(failures == 0, qPrintable(QStringLiteral("%1 buildings off by more than 1 m; first: %2")
                                               .arg(failures).arg(firstFailure)));
    }

    /// From the sea the hills rise above the horizon of a flat ground.
    void renderShowsTheHills()
    {
        QElapsedTimer timer;
        timer.start();
        const render::RgbaImage hills = m_renderer->renderComplete(*m_loaded->scene, m_view);
        qInfo("monaco: terrain render %lld ms", timer.elapsed());
        m_loaded->setState(m_terrainName, [](app::LayerState& s) { s.visible = false; });
        const render::RgbaImage flat = m_renderer->renderComplete(*m_loaded->scene, m_view);
        m_loaded->setState(m_terrainName, [](app::LayerState& s) { s.visible = true; });
        saveOutput(hills, QStringLiteral("monaco_hills"));
        saveOutput(flat, QStringLiteral("monaco_flat"));

        // Upper third: above the flat horizon (the view looks 5 degrees down
        // with a 30 degree field of view).
        const int rows = kHeight / 3, pixels = rows * kWidth;
        auto land = [](const Rgba& p) { return !isSky(p, 10); };
        const int hillPixels = countPixels(hills, land, 0, rows);
        const int flatPixels = countPixels(flat, land, 0, rows);
        const int changed = differingPixels(hills, flat, 12);
        qInfo("monaco: upper third non-sky pixels: terrain %d, flat %d of %d; %d pixels differ", hillPixels,
              flatPixels, pixels, changed);
        QVERIFY2(hillPixels > pixels / 5, qPrintable(QString::number(hillPixels)));
        QVERIFY2(hillPixels > 3 * flatPixels, qPrintable(QStringLiteral("%1 vs %2").arg(hillPixels).arg(flatPixels)));
        // The hills change at least a quarter of the upper third. (Below the
        // horizon the flat ground and the terrain at sea level look alike.)
        QVERIFY2(changed > pixels / 4, qPrintable(QString::number(changed)));
        const QString message = compareWithReference(hills, QStringLiteral("monaco_hills"), 16, kWidth * kHeight / 100);
        QVERIFY2(message.isEmpty(), qPrintable(message));
        // Below the horizon both show ground: the terrain, or the flat ground
        // when the terrain is hidden (never the sky colour).
        const int skyBelowHills = countPixels(hills, [](const Rgba& p) { return isSky(p, 3); }, kHeight * 2 / 3);
        const int skyBelowFlat = countPixels(flat, [](const Rgba& p) { return isSky(p, 3); }, kHeight * 2 / 3);
        qInfo("monaco: sky-coloured pixels in the lower third: terrain %d, terrain hidden %d", skyBelowHills, skyBelowFlat);
        QCOMPARE(skyBelowHills, 0);
        QVERIFY2(skyBelowFlat < kWidth * kHeight / 100, qPrintable(QString::number(skyBelowFlat)));
    }
};

int citytwin::test::runAcceptanceMonacoTests(int argc, char** argv)
{
    TestAcceptanceMonaco t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_acceptance_Monaco.moc"
