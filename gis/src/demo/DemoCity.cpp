#include "citytwin/gis/DemoCity.h"

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/SceneFrame.h"
#include "demo/DemoLayout.h"
#include "vector/GdalHandles.h"

#include <ogr_spatialref.h>

#include <cmath>
#include <filesystem>
#include <system_error>

namespace citytwin::gis {

namespace {

using FilesResult = Result<DemoCityFiles>;

struct Writer {
    GdalDatasetPtr dataset;
    OGRLayer* layer = nullptr;
    bool transaction = false;
};

std::string extensionFor(const std::string& driver)
{
    if (driver == "GPKG") return ".gpkg";
    if (driver == "ESRI Shapefile") return ".shp";
    if (driver == "FlatGeobuf") return ".fgb";
    if (driver == "GeoJSON") return ".geojson";
    return ".dat";
}

void removeOutput(const std::string& path)
{
    std::error_code ec;
    const std::filesystem::path p(path);
    std::filesystem::remove(p, ec);
    for (const char* ext : {".shx", ".dbf", ".prj", ".cpg", ".qix"})
        std::filesystem::remove(std::filesystem::path(p).replace_extension(ext), ec);
}

Result<Writer> createLayer(const std::string& driverName, const std::string& path, const char* name,
                           OGRwkbGeometryType type, OGRSpatialReference& srs,
                           const std::vector<std::pair<const char*, OGRFieldType>>& fields)
{
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName.c_str());
    if (!driver) return Result<Writer>::failure("GDAL has no driver '" + driverName + "'", path);
    removeOutput(path);
    Writer w;
    w.dataset.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!w.dataset) return Result<Writer>::failure("cannot create the file: " + std::string(CPLGetLastErrorMsg()), path);
    w.layer = w.dataset->CreateLayer(name, &srs, type, nullptr);
    if (!w.layer) return Result<Writer>::failure("cannot create layer " + std::string(name), path);
    for (const auto& [fname, ftype] : fields) {
        OGRFieldDefn def(fname, ftype);
        if (ftype == OFTString) def.SetWidth(32);
        w.layer->CreateField(&def);
    }
    // One transaction for the whole layer: a million rows in seconds, not hours.
    w.transaction = w.dataset->StartTransaction(FALSE) == OGRERR_NONE;
    return Result<Writer>(std::move(w));
}

OGRLinearRing* toRing(const Ring& ring, double ox, double oy)
{
    auto* r = new OGRLinearRing;
    r->setNumPoints(static_cast<int>(ring.size()) + 1, FALSE);
    for (size_t i = 0; i <= ring.size(); ++i) {
        const DVec2& p = ring[i % ring.size()];
        // Centimetre grid: stable numbers across platforms and compact files.
        r->setPoint(static_cast<int>(i), std::round((ox + p.x) * 100) / 100, std::round((oy + p.y) * 100) / 100);
    }
    return r;
}

bool commit(Writer& w)
{
    return !w.transaction || w.dataset->CommitTransaction() == OGRERR_NONE;
}

} // namespace

Result<DemoCityFiles> generateDemoCity(const DemoCityOptions& options, const ProgressFn& progress,
                                       const CancelToken* cancel)
{
    ensureGdalRegistered();
    if (options.outDir.empty()) return FilesResult::failure("no output folder given");
    if (options.buildings < 0) return FilesResult::failure("the building count must not be negative");
    std::error_code ec;
    std::filesystem::create_directories(options.outDir, ec);
    if (ec) return FilesResult::failure("cannot create the folder: " + ec.message(), options.outDir);

    GdalErrorCapture capture;
    const SceneFrame frame = SceneFrame::utmFor(options.centreLonDeg, options.centreLatDeg);
    auto tr = CrsTransformer::create("EPSG:4326", frame.crsDefinition);
    if (!tr) return FilesResult::failure(tr.diagnostics());
    double ox = options.centreLonDeg, oy = options.centreLatDeg;
    if (!tr->transform(ox, oy)) return FilesResult::failure("the city centre cannot be projected");
    ox = std::round(ox);
    oy = std::round(oy);
    OGRSpatialReference srs;
    srs.SetFromUserInput(frame.crsDefinition.c_str());

    DemoCityFiles files;
    const std::string ext = extensionFor(options.driverName);
    files.buildingsPath = (std::filesystem::path(options.outDir) / ("buildings" + ext)).string();
    files.streetsPath = (std::filesystem::path(options.outDir) / ("streets" + ext)).string();

    auto buildings = createLayer(options.driverName, files.buildingsPath, "buildings", wkbPolygon, srs,
                                 {{"id", OFTInteger64}, {"use", OFTString}, {"levels", OFTInteger},
                                  {"height", OFTReal}, {"shape", OFTString}});
    if (!buildings) return FilesResult::failure(buildings.diagnostics());
    const DemoLayout layout(options.buildings);
    SplitMix64 rng(options.seed);
    OgrFeaturePtr feature(OGRFeature::CreateFeature(buildings->layer->GetLayerDefn()));
    for (int64_t i = 0; i < layout.buildingCount(); ++i) {
        if ((i & 4095) == 0) {
            if (cancel && cancel->isCancelled()) {
                buildings = Result<Writer>();
                removeOutput(files.buildingsPath);
                return FilesResult::failure("cancelled", files.buildingsPath);
            }
            if (progress) progress(0.95 * static_cast<double>(i) / static_cast<double>(layout.buildingCount()));
        }
        const DemoBuilding b = layout.building(i, rng);
        auto* poly = new OGRPolygon;
        for (const Ring& ring : b.footprint.rings) poly->addRingDirectly(toRing(ring, ox, oy));
        feature->SetGeometryDirectly(poly);
        feature->SetFID(OGRNullFID);
        feature->SetField("id", static_cast<GIntBig>(i + 1));
        feature->SetField("use", b.use.c_str());
        feature->SetField("levels", b.levels);
        feature->SetField("height", b.heightMeters);
        feature->SetField("shape", b.shape.c_str());
        if (buildings->layer->CreateFeature(feature.get()) != OGRERR_NONE)
            return FilesResult::failure("cannot write building " + std::to_string(i + 1) + ": "
                                            + CPLGetLastErrorMsg(), files.buildingsPath);
    }
    if (!commit(*buildings)) return FilesResult::failure("cannot commit the buildings", files.buildingsPath);
    buildings = Result<Writer>(); // close (writes the spatial index)

    auto streets = createLayer(options.driverName, files.streetsPath, "streets", wkbLineString, srs,
                               {{"id", OFTInteger64}, {"name", OFTString}, {"kind", OFTString}});
    if (!streets) return FilesResult::failure(streets.diagnostics());
    OgrFeaturePtr sf(OGRFeature::CreateFeature(streets->layer->GetLayerDefn()));
    int64_t id = 0;
    for (const DemoStreet& s : layout.streets()) {
        auto* line = new OGRLineString;
        line->addPoint(ox + s.from.x, oy + s.from.y);
        line->addPoint(ox + s.to.x, oy + s.to.y);
        sf->SetGeometryDirectly(line);
        sf->SetFID(OGRNullFID);
        sf->SetField("id", static_cast<GIntBig>(++id));
        sf->SetField("name", s.name.c_str());
        sf->SetField("kind", s.kind.c_str());
        if (streets->layer->CreateFeature(sf.get()) != OGRERR_NONE)
            return FilesResult::failure("cannot write a street", files.streetsPath);
    }
    if (!commit(*streets)) return FilesResult::failure("cannot commit the streets", files.streetsPath);
    streets = Result<Writer>();
    files.buildingCount = layout.buildingCount();
    if (progress) progress(1.0);
    return FilesResult(files);
}

} // namespace citytwin::gis
