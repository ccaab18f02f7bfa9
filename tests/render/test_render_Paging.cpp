// Paged building layers: full-detail tiles read from a TileSource on the
// scene's loader thread when the level of detail (or a pick) needs them, and
// dropped when the memory budget sends them away. What a user notices: the
// same picture as a layer held in memory, memory within the budget while
// flying, exact picks, a broken tile that neither crashes nor hides the rest.
#include "RenderTestSupport.h"
#include "test_render_Suites.h"
#include "TestData.h"

#include "citytwin/render/CityScene.h"
#include "citytwin/render/OffscreenRenderer.h"
#include "citytwin/render/PagedTiles.h"

#include <osg/Geometry>
#include <osg/NodeVisitor>
#include <osg/observer_ptr>

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace citytwin;
using namespace citytwin::test;

namespace {

/// Tiles of a generated city served from memory, as the tile cache serves
/// them: by (key, part) in stored order; counts loads; can fail one tile
/// and be slow.
class MemoryTileSource : public render::TileSource {
public:
    explicit MemoryTileSource(const std::vector<gis::MeshChunk>& chunks) {
        std::map<gis::TileKey, int32_t> parts;
        for (const gis::MeshChunk& c : chunks) {
            const int32_t part = parts[c.tile]++;
            m_tiles[{c.tile, part}] = c;
            render::PagedTileInfo info;
            info.key = c.tile;
            info.part = part;
            info.vertexCount = int64_t(c.vertexCount());
            info.triangleCount = int64_t(c.triangleCount());
            info.boxMin = {1e300, 1e300, 1e300};
            info.boxMax = {-1e300, -1e300, -1e300};
            for (size_t i = 0; i + 2 < c.positions.size(); i += 3) {
                const double p[3] = {c.origin.x + c.positions[i], c.origin.y + c.positions[i + 1],
                                     c.origin.z + c.positions[i + 2]};
                info.boxMin = {std::min(info.boxMin.x, p[0]), std::min(info.boxMin.y, p[1]),
                               std::min(info.boxMin.z, p[2])};
                info.boxMax = {std::max(info.boxMax.x, p[0]), std::max(info.boxMax.y, p[1]),
                               std::max(info.boxMax.z, p[2])};
            }
            m_index.push_back(info);
        }
    }
    gis::Result<gis::MeshChunk> load(const gis::TileKey& key, int32_t part) override {
        std::lock_guard lock(m_mutex);
        ++loads;
        if (delayMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        if (failing && key == *failing) return gis::Result<gis::MeshChunk>::failure("checksum mismatch in tile blob");
        auto it = m_tiles.find({key, part});
        if (it == m_tiles.end()) return gis::Result<gis::MeshChunk>::failure("no such tile");
        return it->second;
    }
    const std::vector<render::PagedTileInfo>& index() const { return m_index; }

    std::atomic<int> loads{0};
    std::atomic<int> delayMs{0};
    std::optional<gis::TileKey> failing;

private:
    std::mutex m_mutex;
    std::map<std::pair<gis::TileKey, int32_t>, gis::MeshChunk> m_tiles;
    std::vector<render::PagedTileInfo> m_index;
};

/// What a reopened project has of a layer before any tile is read: its
/// records, extent and height, no meshes.
gis::ImportedLayer withoutChunks(const gis::ImportedLayer& layer) {
    gis::ImportedLayer records = layer;
    records.chunks.clear();
    return records;
}

/// Live tile geometries ("tile" drawables) under a node.
std::vector<osg::Geometry*> tileGeometries(osg::Node* root) {
    struct Visitor : osg::NodeVisitor {
        Visitor() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
        void apply(osg::Geometry& g) override {
            if (g.getName() == "tile") found.push_back(&g);
        }
        std::vector<osg::Geometry*> found;
    } v;
    root->accept(v);
    return v.found;
}

/// Counts warnings that contain `needle` while alive.
class WarningCounter {
public:
    explicit WarningCounter(const char* needle) {
        s_needle = needle;
        s_count = 0;
        m_previous = qInstallMessageHandler(&WarningCounter::handle);
        s_previous = m_previous;
    }
    ~WarningCounter() { qInstallMessageHandler(m_previous); }
    int count() const { return s_count; }

private:
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message) {
        if (type == QtWarningMsg && message.contains(QLatin1String(s_needle))) ++s_count;
        if (s_previous) s_previous(type, context, message);
    }
    QtMessageHandler m_previous = nullptr;
    static inline const char* s_needle = "";
    static inline std::atomic<int> s_count{0};
    static inline QtMessageHandler s_previous = nullptr;
};

} // namespace

class TestRenderPaging : public QObject {
    Q_OBJECT
    static constexpr int kWidth = 640, kHeight = 360;
    std::unique_ptr<render::OffscreenRenderer> m_renderer;
    gis::ImportedLayer m_city;                       // 6 x 6 tiles, 9,216 buildings
    std::shared_ptr<render::PreparedLayer> m_inMemory; // prepareLayer() of it
    std::vector<gis::MeshChunk> m_coarse;            // lodCoarseChunks() of that

    std::shared_ptr<render::PreparedLayer> paged(const std::shared_ptr<MemoryTileSource>& source) const {
        return render::prepareLayerPaged(withoutChunks(m_city), source->index(), m_coarse, source);
    }
    render::CameraView wholeCity() const {
        return render::fitCamera(m_city.extent, m_city.maxHeightMeters, double(kWidth) / kHeight);
    }
    /// Standing in a street, looking along it towards the horizon.
    static render::CameraView streetView() {
        render::CameraView v;
        v.target = {1200, 1000, 10};
        v.rangeMeters = 220;
        v.pitchDeg = -8;
        v.headingDeg = 35;
        return v;
    }
    render::RgbaImage inMemoryImage(const render::CameraView& view) {
        render::CityScene scene;
        scene.addLayer(m_inMemory);
        return m_renderer->renderComplete(scene, view);
    }
    /// Picks a 16 x 9 grid over `view` in `scene` (drawing a frame before
    /// each) and checks each against `reference`; returns the hits, appends
    /// the pick times to `ms`.
    int checkPickGrid(render::CityScene& scene, render::CityScene& reference, const render::CameraView& view,
                      render::LayerId refId, std::vector<double>& ms) {
        osg::ref_ptr<osg::Camera> camera = cameraOf(view, kWidth, kHeight);
        int hits = 0;
        for (int gy = 0; gy < 9; ++gy)
            for (int gx = 0; gx < 16; ++gx) {
                const double x = (gx + 0.5) * kWidth / 16, y = (gy + 0.5) * kHeight / 9;
                m_renderer->measureFrames(scene, view, 1);
                QElapsedTimer timer;
                timer.start();
                const auto hit = scene.pick(*camera, x, y);
                ms.push_back(double(timer.nsecsElapsed()) / 1e6);
                const auto expected = reference.pick(*camera, x, y);
                const QString where = QStringLiteral("grid %1,%2").arg(gx).arg(gy);
                if (bool(hit) != bool(expected)) QTest::qFail(qPrintable(where + ": hit differs"), __FILE__, __LINE__);
                if (!hit || !expected) continue;
                ++hits;
                if (expected->layer != refId || hit->featureIndex != expected->featureIndex ||
                    (osg::Vec3d(hit->point.x, hit->point.y, hit->point.z) -
                     osg::Vec3d(expected->point.x, expected->point.y, expected->point.z)).length() >= 0.01)
                    QTest::qFail(qPrintable(where + QStringLiteral(": feature %1, expected %2")
                                                        .arg(hit->featureIndex).arg(expected->featureIndex)),
                                 __FILE__, __LINE__);
            }
        return hits;
    }
    void checkSame(const render::RgbaImage& expected, const render::RgbaImage& actual, const QString& name) {
        const ImageComparison cmp = compareImages(expected, actual, 2);
        if (cmp.mismatched < 0 || cmp.mismatched > 10) {
            const QString dir = testOutDir("render");
            render::writePng(actual, (dir + "/" + name + "_actual.png").toStdString());
            render::writePng(expected, (dir + "/" + name + "_expected.png").toStdString());
            render::writePng(cmp.diff, (dir + "/" + name + "_diff.png").toStdString());
        }
        QVERIFY2(cmp.mismatched >= 0 && cmp.mismatched <= 10,
                 qPrintable(QStringLiteral("%1: %2 pixels differ").arg(name).arg(cmp.mismatched)));
    }

private slots:
    void initTestCase() {
        auto r = render::OffscreenRenderer::create(kWidth, kHeight);
        QVERIFY2(r.ok(), r.firstError().c_str());
        m_renderer = r.takeValue();
        m_city = syntheticCity(6);
        m_inMemory = render::prepareLayer(m_city);
        m_coarse = render::lodCoarseChunks(*m_inMemory);
    }

    void coarseChunksRoundTrip() {
        const render::PreparedLodInfo info = render::preparedLodInfo(*m_inMemory);
        QVERIFY(!m_coarse.empty());
        QCOMPARE(int(m_coarse.size()), info.cells); // every cell of this city keeps a mesh
        int64_t triangles = 0;
        for (const gis::MeshChunk& c : m_coarse) {
            QVERIFY(c.tile.level >= 1);
            triangles += int64_t(c.triangleCount());
        }
        QCOMPARE(triangles, info.coarseTriangles);

        auto source = std::make_shared<MemoryTileSource>(m_city.chunks);
        auto layer = paged(source);
        QVERIFY(layer);
        QCOMPARE(source->loads.load(), 0); // nothing full-detail is read to open it
        const render::PreparedLodInfo pagedInfo = render::preparedLodInfo(*layer);
        QCOMPARE(pagedInfo.levels, info.levels);
        QCOMPARE(pagedInfo.cells, info.cells);
        QCOMPARE(pagedInfo.coarseTriangles, info.coarseTriangles);
        QCOMPARE(pagedInfo.coarseBytes, info.coarseBytes);
        QCOMPARE(pagedInfo.fullTriangles, info.fullTriangles);
        QCOMPARE(pagedInfo.fullBytes, info.fullBytes);
        QCOMPARE(render::preparedTileCount(*layer), render::preparedTileCount(*m_inMemory));
        QCOMPARE(render::preparedFeatureCount(*layer), render::preparedFeatureCount(*m_inMemory));
        const std::vector<gis::MeshChunk> again = render::lodCoarseChunks(*layer);
        QCOMPARE(again.size(), m_coarse.size());
        for (size_t i = 0; i < again.size(); ++i)
            QVERIFY2(again[i] == m_coarse[i], qPrintable(QStringLiteral("cell %1:%2,%3")
                                                             .arg(again[i].tile.level)
                                                             .arg(again[i].tile.x)
                                                             .arg(again[i].tile.y)));
    }

    /// Coarse meshes of the fine levels may stay in the source too: the
    /// layer opens with the coarsest ones only, a far view reads none of the
    /// others, and every view looks as the layer held in memory.
    void fineCoarseLevelsLoadWhenDrawn() {
        std::vector<gis::MeshChunk> served = m_city.chunks, held;
        for (const gis::MeshChunk& c : m_coarse) {
            if (c.tile.level <= render::kPagedCoarseMaxLevel) served.push_back(c);
            else held.push_back(c);
        }
        QVERIFY(held.size() >= 1 && held.size() < m_coarse.size());
        auto source = std::make_shared<MemoryTileSource>(served);
        auto layer = render::prepareLayerPaged(withoutChunks(m_city), source->index(), held, source);
        QCOMPARE(source->loads.load(), 0); // the root is held: nothing read to open it
        const render::PreparedLodInfo info = render::preparedLodInfo(*layer);
        const render::PreparedLodInfo full = render::preparedLodInfo(*m_inMemory);
        QCOMPARE(info.cells, full.cells);
        QCOMPARE(info.coarseTriangles, full.coarseTriangles);
        QVERIFY2(info.coarseBytes * 4 < full.coarseBytes, // in memory: the coarsest level only
                 qPrintable(QStringLiteral("%1 of %2").arg(info.coarseBytes).arg(full.coarseBytes)));
        {
            render::CityScene scene;
            scene.setMaxScreenErrorPixels(1e6); // the root alone draws
            scene.addLayer(layer);
            m_renderer->renderComplete(scene, wholeCity());
            QCOMPARE(source->loads.load(), 0);
        }
        for (const auto& [name, view] : {std::pair{QStringLiteral("paged_coarse_whole"), wholeCity()},
                                         std::pair{QStringLiteral("paged_coarse_street"), streetView()}}) {
            render::CityScene scene;
            scene.addLayer(layer);
            const int before = source->loads.load();
            checkSame(inMemoryImage(view), m_renderer->renderComplete(scene, view), name);
            QVERIFY(source->loads.load() > before);
            QCOMPARE(scene.pendingTiles(), 0);
        }
    }

    void smallLayerReadsItsTilesAtOnce() {
        const gis::ImportedLayer small = syntheticCity(3); // 9 tiles: no hierarchy
        auto source = std::make_shared<MemoryTileSource>(small.chunks);
        auto layer = render::prepareLayerPaged(withoutChunks(small), source->index(), {}, source);
        QCOMPARE(source->loads.load(), 9);
        QCOMPARE(render::preparedLodInfo(*layer).levels, 0);
        const auto view = render::fitCamera(small.extent, small.maxHeightMeters, double(kWidth) / kHeight);
        render::CityScene a, b;
        a.addLayer(render::prepareLayer(small));
        b.addLayer(layer);
        checkSame(m_renderer->renderComplete(a, view), m_renderer->renderComplete(b, view), "paged_small");
    }

    void drawsLikeTheLayerInMemory_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("overview") << 0;
        QTest::newRow("close") << 1;
        QTest::newRow("street") << 2;
    }
    void drawsLikeTheLayerInMemory() {
        QFETCH(int, which);
        const render::CameraView view = which == 0 ? wholeCity() : which == 1 ? closeView(1400, 1300) : streetView();
        const render::RgbaImage expected = inMemoryImage(view);
        auto source = std::make_shared<MemoryTileSource>(m_city.chunks);
        render::CityScene scene;
        scene.addLayer(paged(source));
        QVERIFY(scene.pendingTiles() > 0); // before any cull: a complete frame must wait for tiles
        QVERIFY(scene.needsRedraw());
        QElapsedTimer timer;
        timer.start();
        const render::RgbaImage image = m_renderer->renderComplete(scene, view);
        qInfo("%s: complete in %lld ms after reading %d of 36 tiles; %lld bytes attached",
              QTest::currentDataTag(), timer.elapsed(), source->loads.load(),
              (long long)scene.attachedGeometryBytes());
        QCOMPARE(scene.pendingTiles(), 0);
        QVERIFY(source->loads.load() > 0);
        checkSame(expected, image, QStringLiteral("paged_%1").arg(QTest::currentDataTag()));
    }

    void farViewReadsNothing() {
        render::CameraView far = wholeCity();
        far.rangeMeters *= 4;
        auto source = std::make_shared<MemoryTileSource>(m_city.chunks);
        render::CityScene scene;
        scene.addLayer(paged(source));
        const render::RgbaImage image = m_renderer->renderComplete(scene, far);
        for (int i = 0; i < 5; ++i) m_renderer->measureFrames(scene, far, 1);
        // The coarse meshes are all the view needs: no full tile is read.
        QCOMPARE(source->loads.load(), 0);
        QCOMPARE(scene.attachedGeometryBytes(), int64_t(0));
        checkSame(inMemoryImage(far), image, "paged_far");
    }

    void largeCityOverviewReadsWhatItsLodWants() {
        const gis::ImportedLayer city = syntheticCity(16); // 256 tiles, 65,536 buildings
        QElapsedTimer timer;
        timer.start();
        auto inMemory = render::prepareLayer(city);
        const qint64 prepareMs = timer.restart();
        auto source = std::make_shared<MemoryTileSource>(city.chunks);
        const gis::ImportedLayer records = withoutChunks(city);
        std::vector<gis::MeshChunk> coarse = render::lodCoarseChunks(*inMemory);
        timer.restart();
        auto layer = render::prepareLayerPaged(records, source->index(), std::move(coarse), source);
        const qint64 pagedMs = timer.restart();
        const auto view = render::fitCamera(city.extent, city.maxHeightMeters, double(kWidth) / kHeight);
        render::CityScene scene;
        scene.addLayer(layer);
        timer.restart();
        const render::RgbaImage image = m_renderer->renderComplete(scene, view);
        const qint64 firstMs = timer.elapsed();
        const int loadsAtComplete = source->loads.load();
        const int64_t bytesAtComplete = scene.attachedGeometryBytes();
        QCOMPARE(scene.pendingTiles(), 0);
        for (int i = 0; i < 100 && scene.waitForTileLoads(100); ++i) m_renderer->measureFrames(scene, view, 1);
        qInfo("prepare in memory %lld ms, paged %lld ms; first complete frame %lld ms after %d of 256 tiles "
              "(%lld bytes); %d after prefetch (%lld bytes)",
              prepareMs, pagedMs, firstMs, loadsAtComplete, (long long)bytesAtComplete, source->loads.load(),
              (long long)scene.attachedGeometryBytes());
        QVERIFY(loadsAtComplete < 256 / 4); // what the level of detail wants, not the city
        QVERIFY(source->loads.load() < 256 / 4);
        render::CityScene all;
        all.addLayer(inMemory);
        checkSame(m_renderer->renderComplete(all, view), image, "paged_large_overview");
        // Closer in, still a fraction of the city, and the same picture.
        render::CameraView nearer = view;
        nearer.rangeMeters /= 3;
        const render::RgbaImage close = m_renderer->renderComplete(scene, nearer);
        qInfo("a third of the range away: %d of 256 tiles read", source->loads.load());
        QVERIFY(source->loads.load() > 0);
        QVERIFY(source->loads.load() < 256 / 2);
        checkSame(m_renderer->renderComplete(all, nearer), close, "paged_large_nearer");
    }

    void defaultBudget() {
        render::CityScene scene;
        QCOMPARE(scene.memoryBudget(), int64_t(0));
        QCOMPARE(scene.pagedMemoryBudget(), render::kDefaultPagedMemoryBudget);
        scene.setMemoryBudget(12345);
        QCOMPARE(scene.memoryBudget(), int64_t(12345));
        QCOMPARE(scene.pagedMemoryBudget(), int64_t(12345));
        scene.setMemoryBudget(0);
        QCOMPARE(scene.pagedMemoryBudget(), render::kDefaultPagedMemoryBudget);
    }

    void flyingStaysInBudgetAndFreesTiles() {
        auto source = std::make_shared<MemoryTileSource>(m_city.chunks);
        auto layer = paged(source);
        const int64_t budget = render::preparedLodInfo(*layer).fullBytes / 36 * 12; // about 12 of 36 tiles
        render::CityScene scene;
        scene.setTilesPerFrame(2);
        scene.setMemoryBudget(budget);
        scene.addLayer(layer);
        std::vector<osg::observer_ptr<osg::Geometry>> seen;
        int64_t peak = 0;
        render::CameraView view = closeView(300, 300, 45);
        for (int frame = 0; frame <= 100; ++frame) {
            view.target.x = view.target.y = 300 + 2400.0 * frame / 100;
            m_renderer->measureFrames(scene, view, 1);
            scene.waitForTileLoads(20);
            peak = std::max(peak, scene.attachedGeometryBytes());
            QVERIFY2(scene.attachedGeometryBytes() <= budget,
                     qPrintable(QStringLiteral("frame %1: %2 bytes").arg(frame).arg(scene.attachedGeometryBytes())));
            for (osg::Geometry* g : tileGeometries(scene.root())) seen.emplace_back(g);
        }
        const render::RgbaImage image = m_renderer->renderComplete(scene, view);
        QCOMPARE(scene.pendingTiles(), 0);
        QVERIFY(scene.attachedGeometryBytes() <= budget);
        for (int i = 0; i < 50 && (scene.waitForTileLoads(50) || scene.needsRedraw()); ++i) // read-ahead settles
            m_renderer->measureFrames(scene, view, 1);
        const render::PagedTileStats stats = scene.pagedTileStats();
        qInfo("budget %lld bytes (12 of 36 tiles), peak attached %lld, %lld tiles read (%d by the source)",
              (long long)budget, (long long)peak, (long long)stats.loads, source->loads.load());
        QVERIFY(peak > budget / 2);
        QVERIFY(stats.loads > 12);                 // tiles came and went...
        QVERIFY(stats.loads <= source->loads.load());
        QCOMPARE(stats.failures, 0);
        // ...and a tile sent away is freed, not kept: only attached ones live on.
        int alive = 0;
        std::set<const osg::Geometry*> distinct;
        for (auto& g : seen) {
            osg::ref_ptr<osg::Geometry> live;
            if (g.lock(live) && distinct.insert(live.get()).second) ++alive;
        }
        const int attachedNow = int(tileGeometries(scene.root()).size());
        qInfo("%d tile geometries alive of those seen, %d attached", alive, attachedNow);
        QVERIFY(alive <= attachedNow + 2); // + tiles read ahead, not attached yet
        QVERIFY(alive < 20);
        checkSame(inMemoryImage(view), image, "paged_flight_end");
    }

    void pickIsExactWithNothingAttached() {
        auto source = std::make_shared<MemoryTileSource>(m_city.chunks);
        render::CityScene scene;
        scene.setMemoryBudget(1); // no full tile fits: only picks read them, the next frame drops them
        const render::LayerId id = scene.addLayer(paged(source));
        render::CityScene reference;
        reference.setLevelOfDetail(false);
        const render::LayerId refId = reference.addLayer(m_inMemory);

        const render::CameraView view = topDownView({1000, 2000, 0}, 900);
        osg::ref_ptr<osg::Camera> camera = cameraOf(view, kWidth, kHeight);
        m_renderer->renderComplete(reference, view);
        m_renderer->measureFrames(scene, view, 1);
        QCOMPARE(scene.attachedGeometryBytes(), int64_t(0));

        // Known buildings near the nadir (no taller neighbour leans over their roofs).
        std::vector<double> ms;
        int checked = 0;
        for (const CityBuilding& b : syntheticCityBuildings(6)) {
            if (std::hypot(b.x - 1000, b.y - 2000) > 250) continue;
            if (++checked % 3 != 0) continue; // a third of them: enough, and quick
            m_renderer->measureFrames(scene, view, 1); // budget: whatever the last pick read goes
            QCOMPARE(scene.attachedGeometryBytes(), int64_t(0));
            const auto px = projectToPixel(view, kWidth, kHeight, b.x, b.y, b.heightMeters);
            QElapsedTimer timer;
            timer.start();
            const auto hit = scene.pick(*camera, px[0], kHeight - px[1]);
            ms.push_back(double(timer.nsecsElapsed()) / 1e6);
            QVERIFY2(hit, qPrintable(QStringLiteral("building %1 at %2,%3").arg(b.id).arg(b.x).arg(b.y)));
            QCOMPARE(hit->layer, id);
            QCOMPARE(hit->featureIndex, b.id);
            QVERIFY(std::abs(hit->point.z - b.heightMeters) < 0.05);
        }
        QVERIFY(ms.size() > 40);

        // A grid over the whole picture: the full tiles' answer, every time.
        const int hits = checkPickGrid(scene, reference, view, refId, ms);
        std::sort(ms.begin(), ms.end());
        qInfo("%d of 144 grid picks hit; pick with tiles read: median %.1f ms, max %.1f ms; %d tiles read", hits,
              ms[ms.size() / 2], ms.back(), source->loads.load());
        QVERIFY(hits > 144 / 3);
        QVERIFY2(ms[ms.size() / 2] < 50.0, qPrintable(QString::number(ms[ms.size() / 2])));
    }

    /// Far away, with the fine coarse levels left in the source, the scene
    /// draws coarse blocks that stand where no building is; a pick still
    /// gives the building the full tiles give.
    void pickIsExactOverCoarseBlocks() {
        std::vector<gis::MeshChunk> served = m_city.chunks, held;
        for (const gis::MeshChunk& c : m_coarse)
            (c.tile.level <= render::kPagedCoarseMaxLevel ? served : held).push_back(c);
        auto source = std::make_shared<MemoryTileSource>(served);
        render::CityScene scene;
        scene.setMemoryBudget(1);
        scene.addLayer(render::prepareLayerPaged(withoutChunks(m_city), source->index(), held, source));
        render::CityScene reference;
        reference.setLevelOfDetail(false);
        const render::LayerId refId = reference.addLayer(m_inMemory);
        const render::CameraView view = wholeCity();
        m_renderer->renderComplete(reference, view);
        std::vector<double> ms;
        const int hits = checkPickGrid(scene, reference, view, refId, ms);
        qInfo("%d of 144 grid picks hit over the coarse levels; %d meshes read", hits, source->loads.load());
        QVERIFY(hits > 144 / 4); // the city fills the middle of the picture
    }

    void failingTileKeepsItsCoarseMesh() {
        auto source = std::make_shared<MemoryTileSource>(m_city.chunks);
        source->failing = gis::TileKey{2, 2, 0}; // in the level-1 cell of tiles 2..3 x 2..3
        WarningCounter warnings("not loaded");
        render::CityScene scene;
        const render::LayerId id = scene.addLayer(paged(source));
        const render::CameraView view = closeView(1000, 1000, 0); // that cell: north-east of the centre
        const render::RgbaImage image = m_renderer->renderComplete(scene, view);
        QCOMPARE(scene.pendingTiles(), 0); // a failed tile is not waited for
        for (int i = 0; i < 10; ++i) {
            m_renderer->measureFrames(scene, view, 1);
            scene.waitForTileLoads(10);
        }
        QCOMPARE(warnings.count(), 1);    // reported once...
        QCOMPARE(scene.pagedTileStats().failures, 1);
        const int loads = source->loads.load();
        m_renderer->renderComplete(scene, view);
        QCOMPARE(source->loads.load(), loads); // ...and never read again

        // Everything outside the failed tile's cell (tiles 2..3 x 2..3) is
        // drawn as in memory; inside, the cell's coarse mesh stands in.
        const render::RgbaImage expected = inMemoryImage(view);
        render::CityScene empty;
        const render::RgbaImage ground = m_renderer->renderComplete(empty, view);
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
        for (double x : {1000.0, 2000.0})
            for (double y : {1000.0, 2000.0})
                for (double z : {0.0, 61.0}) {
                    const auto p = projectToPixel(view, kWidth, kHeight, x, y, z);
                    x0 = std::min(x0, p[0]); x1 = std::max(x1, p[0]);
                    y0 = std::min(y0, p[1]); y1 = std::max(y1, p[1]);
                }
        int outsideMismatch = 0, insideBuildings = 0, insideDiffers = 0;
        for (int y = 0; y < kHeight; ++y)
            for (int x = 0; x < kWidth; ++x) {
                const bool inside = x >= x0 - 1 && x <= x1 + 1 && y >= y0 - 1 && y <= y1 + 1;
                const int d = colorDistance(pixelAt(image, x, y), pixelAt(expected, x, y));
                if (!inside) outsideMismatch += d > 2 ? 1 : 0;
                if (inside && colorDistance(pixelAt(image, x, y), pixelAt(ground, x, y)) > 8) ++insideBuildings;
                if (inside && d > 2) ++insideDiffers;
            }
        qInfo("failed cell: %d pixels of buildings, %d differ from the full tiles; %d mismatches outside",
              insideBuildings, insideDiffers, outsideMismatch);
        QVERIFY(outsideMismatch <= 10);
        QVERIFY(insideBuildings > 2000); // the coarse mesh, not a hole
        QVERIFY(insideDiffers > 0);      // ...and it is the coarse mesh

        // Picking there answers from the coarse mesh, without reading it again.
        osg::ref_ptr<osg::Camera> camera = cameraOf(view, kWidth, kHeight);
        const auto px = projectToPixel(view, kWidth, kHeight, 1100, 1100, 0);
        scene.pick(*camera, px[0], kHeight - px[1]);
        QCOMPARE(warnings.count(), 1);
        QVERIFY(scene.hasLayer(id));
    }

    void idleSceneStopsDrawingAndLoadsWakeIt() {
        auto source = std::make_shared<MemoryTileSource>(m_city.chunks);
        render::CityScene scene;
        scene.addLayer(paged(source));
        render::CameraView far = wholeCity();
        far.rangeMeters *= 4;
        m_renderer->renderComplete(scene, far);
        bool idle = false;
        for (int i = 0; i < 200 && !idle; ++i) {
            m_renderer->measureFrames(scene, far, 1);
            scene.waitForTileLoads(50);
            idle = !scene.needsRedraw();
        }
        QVERIFY(idle); // nothing changes: nothing to draw
        // Moving close: the cull asks for tiles, so the next frame must come.
        m_renderer->measureFrames(scene, streetView(), 1);
        QVERIFY(scene.pendingTiles() > 0);
        QVERIFY(scene.needsRedraw());
        m_renderer->measureFrames(scene, streetView(), 1); // requests them from the loader
        // Loading on the loader thread alone needs no frame, a finished tile does.
        QVERIFY(scene.waitForTileLoads(5000));
        QVERIFY(scene.needsRedraw());
        m_renderer->renderComplete(scene, streetView());
        QCOMPARE(scene.pendingTiles(), 0);
    }

    void removingWhileLoadingIsSafe() {
        auto source = std::make_shared<MemoryTileSource>(m_city.chunks);
        source->delayMs = 30;
        auto scene = std::make_unique<render::CityScene>();
        const render::LayerId id = scene->addLayer(paged(source));
        m_renderer->measureFrames(*scene, streetView(), 2); // asks, then requests
        QTRY_VERIFY_WITH_TIMEOUT(source->loads.load() > 0, 5000);
        scene->removeLayer(id); // waits for the load in flight only
        const int loads = source->loads.load();
        QCOMPARE(scene->pendingTiles(), 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        QCOMPARE(source->loads.load(), loads); // its queue went with it
        m_renderer->measureFrames(*scene, streetView(), 1);

        const render::LayerId again = scene->addLayer(paged(source));
        QVERIFY(scene->replaceLayer(again, paged(source)));
        m_renderer->measureFrames(*scene, streetView(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(source->loads.load() > loads, 5000);
        // The scene goes while its loader thread works: joined after one load.
        QElapsedTimer timer;
        timer.start();
        scene.reset();
        QVERIFY(timer.elapsed() < 1000);
        m_renderer->measureFrames(*std::make_unique<render::CityScene>(), streetView(), 1);
        QCOMPARE(source.use_count(), long(1)); // nothing holds the source any more
    }

    void cleanupTestCase() { m_renderer.reset(); }
};

int citytwin::test::runRenderPagingTests(int argc, char** argv) {
    TestRenderPaging t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_render_Paging.moc"
