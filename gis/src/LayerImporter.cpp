#include "citytwin/gis/LayerImporter.h"

#include "citytwin/gis/Extrusion.h"
#include "vector/BoundedQueue.h"
#include "vector/FeatureBuilder.h"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace citytwin::gis {

namespace {

constexpr size_t kBatchSize = 256;
constexpr size_t kMaxFeatureDiagnostics = 1000;

bool cancelled(const CancelToken* cancel) { return cancel && cancel->isCancelled(); }

/// Shared state of one import: the reader fills `queue`, workers fill `done`,
/// the calling thread merges `done` in sequence order.
struct ImportRun {
    ImportRun(const LayerSpec& s, const SceneFrame& f, const ImportOptions& o, const ProgressFn& p,
              const CancelToken* c)
        : spec(s), frame(f), options(o), progress(p), cancel(c) {}
    const LayerSpec& spec;
    const SceneFrame& frame;
    const ImportOptions& options;
    const ProgressFn& progress;
    const CancelToken* cancel;
    BoundedQueue<ReadBatch> queue{16};

    std::mutex doneMutex;
    std::condition_variable doneChanged;
    std::map<uint64_t, BuiltBatch> done;
    int workersRunning = 0;
    uint64_t batchesPushed = 0;
    bool readerFinished = false;

    // Written by the reader only; read after it is joined.
    Diagnostics sourceDiagnostics;
    int sourcesOpened = 0;
    std::string firstCrsName;
    /// spec.kind, or for Auto the geometry of the first opened source.
    LayerKind kind = LayerKind::Auto;
};

bool isVectorKind(LayerKind kind)
{
    return kind == LayerKind::Auto || kind == LayerKind::Buildings || kind == LayerKind::Lines
        || kind == LayerKind::Areas || kind == LayerKind::Points;
}

std::string lowered(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

/// Polygons are buildings when the layer says so: a height attribute of the
/// rule, a `building` field or OSM tags, or a name meaning buildings. Parks,
/// land use and the like (no heights) become flat areas instead of 10 m slabs.
LayerKind autoKind(const VectorSource& src, const LayerSpec& spec)
{
    const LayerKind geometry = src.geometryKind();
    if (geometry == LayerKind::Auto) return LayerKind::Buildings;
    if (geometry != LayerKind::Buildings) return geometry;
    for (const std::string& field : src.fieldNames()) {
        const std::string f = lowered(field);
        if (f == "building" || f == "other_tags") return LayerKind::Buildings;
        for (const auto& c : spec.heightRule.candidates)
            if (f == lowered(c.attribute)) return LayerKind::Buildings;
    }
    const std::string name = lowered(src.layerName() + " " + spec.name + " " +
                                     (spec.sources.empty() ? std::string() : spec.sources.front()));
    for (const char* word : {"build", "bldg", "pand", "gebouw", "footprint", "batiment", "gebaeude"})
        if (name.find(word) != std::string::npos) return LayerKind::Buildings;
    return LayerKind::Areas;
}

void readSource(ImportRun& run, uint32_t index)
{
    const std::string& path = run.spec.sources[index];
    const LayerKind requested = run.kind != LayerKind::Auto ? run.kind : run.spec.kind;
    auto opened = VectorSource::open(path, run.spec.sourceLayer, run.spec.crsOverride, requested,
                                     run.spec.attributeFilter);
    if (!opened) {
        for (auto& d : opened.diagnostics()) run.sourceDiagnostics.push_back(d);
        return;
    }
    VectorSource& src = **opened;
    // Fail the whole source early if its CRS cannot reach the scene CRS.
    auto probe = CrsTransformer::create(src.crsDefinition(), run.frame.crsDefinition);
    if (!probe) {
        run.sourceDiagnostics.push_back({Severity::Error, "CRS problem: " + probe.firstError(), path, -1});
        return;
    }
    ++run.sourcesOpened;
    if (run.firstCrsName.empty()) run.firstCrsName = src.crsName();
    if (run.kind == LayerKind::Auto) run.kind = autoKind(src, run.spec);

    GdalErrorCapture capture;
    src.readDirectly(); // GeoPackage rows without OGR objects, where that reads the same
    const double sources = static_cast<double>(run.spec.sources.size());
    const int64_t hint = src.featureCountHint();
    int64_t count = 0;
    ReadBatch batch;
    auto flush = [&] {
        if (batch.features.empty()) return;
        batch.sequence = run.batchesPushed++;
        run.queue.push(std::move(batch));
        batch = ReadBatch{};
    };
    RawFeature raw;
    while (!cancelled(run.cancel) && src.next(raw, batch.wkb)) {
        if (batch.features.empty()) {
            batch.sourceIndex = index;
            batch.sourcePath = path;
            batch.crsDefinition = src.crsDefinition();
            batch.crsIsGeographic = src.crsIsGeographic();
            batch.kind = run.kind;
            batch.features.reserve(kBatchSize);
        }
        batch.features.push_back(std::move(raw));
        raw = RawFeature{};
        if (batch.features.size() == kBatchSize) flush();
        if ((++count & 1023) == 0 && run.progress) {
            const double inSource = hint > 0 ? std::min(1.0, double(count) / double(hint)) : 0.5;
            run.progress(std::min(0.99, (index + inSource) / sources));
        }
    }
    flush();
    if (!src.readError().empty())
        run.sourceDiagnostics.push_back({Severity::Error, "read error: " + src.readError(), path, -1});
    const auto errors = capture.takeErrors();
    if (!errors.empty()) {
        std::string msg = "read error: " + errors.front();
        if (capture.errorCount() > 1)
            msg += " (" + std::to_string(capture.errorCount() - 1) + " more read errors)";
        run.sourceDiagnostics.push_back({Severity::Error, msg, path, -1});
    }
    if (count == 0 && !cancelled(run.cancel))
        run.sourceDiagnostics.push_back(
            {Severity::Warning, "layer '" + src.layerName() + "' has no features", path, -1});
}

void readerMain(ImportRun& run)
{
    try {
        for (uint32_t i = 0; i < run.spec.sources.size() && !cancelled(run.cancel); ++i) readSource(run, i);
    } catch (const std::exception& e) {
        run.sourceDiagnostics.push_back({Severity::Error, std::string("reader failed: ") + e.what(), {}, -1});
    }
    run.queue.close();
    std::lock_guard lock(run.doneMutex);
    run.readerFinished = true;
    run.doneChanged.notify_all();
}

void workerMain(ImportRun& run)
{
    try {
        GdalErrorCapture quiet; // GEOS validity chatter stays out of stderr
        FeatureBuilder builder(run.frame, run.spec, run.options);
        while (auto batch = run.queue.pop()) {
            if (cancelled(run.cancel)) {
                BuiltBatch empty;
                empty.sequence = batch->sequence;
                std::lock_guard lock(run.doneMutex);
                run.done.emplace(empty.sequence, std::move(empty));
                run.doneChanged.notify_all();
                continue;
            }
            BuiltBatch built = builder.build(*batch);
            std::lock_guard lock(run.doneMutex);
            run.done.emplace(built.sequence, std::move(built));
            run.doneChanged.notify_all();
        }
    } catch (...) {
        run.queue.close(); // unblock the reader; the merge notices missing batches
    }
    std::lock_guard lock(run.doneMutex);
    --run.workersRunning;
    run.doneChanged.notify_all();
}

/// Merges built batches in read order on the calling thread, so dense
/// feature indices and chunk contents do not depend on thread timing.
class Merger {
public:
    explicit Merger(ImportedLayer& layer) : m_layer(layer) {}

    void add(BuiltBatch& batch)
    {
        for (BuiltFeature& f : batch.features) {
            ++m_layer.stats.featuresRead;
            for (Diagnostic& d : f.diagnostics) addFeatureDiagnostic(std::move(d));
            if (f.repaired) ++m_layer.stats.featuresRepaired;
            if (!f.built) {
                ++m_skipReasons[f.skipReason];
                addFeatureDiagnostic({Severity::Warning, "skipped: " + f.skipReason,
                                      sourcePath(f.record.sourceIndex), f.record.sourceFid});
                continue;
            }
            const auto id = static_cast<uint32_t>(m_layer.features.size());
            if (f.mesh.vertices > 0) { // points have no mesh
                auto [it, inserted] = m_tiles.try_emplace(f.tile);
                if (inserted) {
                    it->second.tile = f.tile;
                    it->second.origin = f.origin;
                }
                appendMesh(batch.meshes, f.mesh, id, it->second);
            }
            m_layer.stats.triangles += static_cast<int64_t>(f.mesh.indices / 3);
            m_layer.extent.add(f.extent);
            m_layer.maxHeightMeters = std::max(m_layer.maxHeightMeters, f.record.heightMeters + f.record.baseMeters);
            m_layer.features.push_back(std::move(f.record));
        }
    }

    void finish(Diagnostics& out)
    {
        m_layer.stats.featuresBuilt = static_cast<int64_t>(m_layer.features.size());
        m_layer.stats.featuresSkipped = m_layer.stats.featuresRead - m_layer.stats.featuresBuilt;
        m_layer.chunks.reserve(m_tiles.size());
        for (auto& [key, chunk] : m_tiles) m_layer.chunks.push_back(std::move(chunk));
        out.insert(out.end(), m_diagnostics.begin(), m_diagnostics.end());
        if (m_suppressed > 0)
            out.push_back({Severity::Info, std::to_string(m_suppressed) + " more feature diagnostics not shown",
                           {}, -1});
        for (const auto& [reason, count] : m_skipReasons)
            out.push_back({Severity::Info, std::to_string(count) + " features skipped: " + reason, {}, -1});
    }

private:
    std::string sourcePath(uint32_t index) const
    {
        return index < m_layer.spec.sources.size() ? m_layer.spec.sources[index] : std::string();
    }
    void addFeatureDiagnostic(Diagnostic d)
    {
        if (m_diagnostics.size() < kMaxFeatureDiagnostics) m_diagnostics.push_back(std::move(d));
        else ++m_suppressed;
    }

    ImportedLayer& m_layer;
    std::map<TileKey, MeshChunk> m_tiles;
    std::map<std::string, int64_t> m_skipReasons;
    Diagnostics m_diagnostics;
    int64_t m_suppressed = 0;
};

Result<ImportedLayer> runImport(const LayerSpec& spec, const SceneFrame& frame, const ImportOptions& options,
                                const ProgressFn& progress, const CancelToken* cancel)
{
    if (spec.sources.empty()) return Result<ImportedLayer>::failure("the layer has no sources");
    if (!(frame.tileSizeMeters > 0)) return Result<ImportedLayer>::failure("the tile size must be positive");
    if (!isVectorKind(spec.kind))
        return Result<ImportedLayer>::failure(std::string("a ") + layerKindName(spec.kind)
                                              + " layer is a raster; it is not imported as vector features");
    ImportRun run(spec, frame, options, progress, cancel);
    run.kind = spec.kind;
    int threads = options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
    threads = std::max(1, threads);
    run.workersRunning = threads;

    ImportedLayer layer;
    layer.spec = spec;
    layer.frame = frame;
    Merger merger(layer);

    std::thread reader(readerMain, std::ref(run));
    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i) workers.emplace_back(workerMain, std::ref(run));

    uint64_t next = 0;
    for (;;) {
        std::unique_lock lock(run.doneMutex);
        run.doneChanged.wait(lock, [&] {
            return run.done.count(next) > 0 || (run.workersRunning == 0 && run.readerFinished);
        });
        auto it = run.done.find(next);
        if (it == run.done.end()) break;
        BuiltBatch batch = std::move(it->second);
        run.done.erase(it);
        lock.unlock();
        merger.add(batch);
        ++next;
    }
    reader.join();
    for (auto& w : workers) w.join();

    Diagnostics diags = std::move(run.sourceDiagnostics);
    if (next < run.batchesPushed)
        diags.push_back({Severity::Error, "a worker thread failed; the layer is incomplete", {}, -1});
    merger.finish(diags);
    layer.sourceCrsName = run.firstCrsName;
    layer.kind = run.kind == LayerKind::Auto ? LayerKind::Buildings : run.kind;
    layer.stats.cancelled = cancelled(cancel);
    if (layer.stats.cancelled) diags.push_back({Severity::Warning, "import cancelled", {}, -1});
    if (run.sourcesOpened == 0 && !layer.stats.cancelled) return Result<ImportedLayer>::failure(std::move(diags));
    if (progress) progress(1.0);
    return Result<ImportedLayer>(std::move(layer), std::move(diags));
}

} // namespace

Result<ImportedLayer> importLayer(const LayerSpec& spec, const SceneFrame& frame, const ImportOptions& options,
                                  const ProgressFn& progress, const CancelToken* cancel)
{
    try {
        return runImport(spec, frame, options, progress, cancel);
    } catch (const std::exception& e) {
        return Result<ImportedLayer>::failure(std::string("import failed: ") + e.what());
    } catch (...) {
        return Result<ImportedLayer>::failure("import failed");
    }
}

} // namespace citytwin::gis
