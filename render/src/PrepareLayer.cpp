// prepareLayer: MeshChunks → detached osg nodes. Worker thread.
#include "FeatureGeometry.h"
#include "PreparedLayer.h"
#include "Shaders.h"
#include "lod/LodBuilder.h"

#include "citytwin/render/CityScene.h"

#include <osg/Geometry>
#include <osg/PrimitiveSet>

#include <QDebug>
#include <QHash>
#include <QString>

#include <algorithm>
#include <map>

namespace citytwin::render {

namespace {

/// Features as one GL_POINTS drawable (a single draw call for the layer) at
/// the extent centre, each vertex lifted kPointIconLiftMeters above its base.
void preparePoints(const gis::ImportedLayer& layer, PreparedLayer& prepared) {
    if (layer.features.empty()) return;
    if (prepared.extent.empty())
        for (const gis::FeatureRecord& f : layer.features) prepared.extent.add(f.centroid.x, f.centroid.y);
    const gis::DVec2 c = prepared.extent.centre();
    const size_t n = layer.features.size();
    osg::ref_ptr<osg::Vec3Array> positions = new osg::Vec3Array(unsigned(n));
    osg::ref_ptr<osg::FloatArray> ids = new osg::FloatArray(unsigned(n));
    osg::BoundingBox box;
    for (size_t i = 0; i < n; ++i) {
        const gis::FeatureRecord& f = layer.features[i];
        (*positions)[i].set(float(f.centroid.x - c.x), float(f.centroid.y - c.y),
                            float(f.baseMeters + kPointIconLiftMeters));
        (*ids)[i] = static_cast<float>(i);
        box.expandBy((*positions)[i]);
    }
    osg::ref_ptr<osg::Geometry> geom = new osg::Geometry;
    geom->setName("points");
    geom->setDataVariance(osg::Object::STATIC);
    geom->setUseDisplayList(false);
    geom->setUseVertexBufferObjects(true);
    geom->setVertexArray(positions.get());
    geom->setVertexAttribArray(kFeatureIdAttribute, ids.get(), osg::Array::BIND_PER_VERTEX);
    geom->addPrimitiveSet(new osg::DrawArrays(GL_POINTS, 0, GLsizei(n)));
    // Icons have a size on screen, not in the world: pad the bound so that a
    // lone point neither has a zero-size bound nor lands on a near/far plane
    // computed from it.
    box.expandBy(box._min - osg::Vec3(10, 10, 10));
    box.expandBy(box._max + osg::Vec3(10, 10, 10));
    geom->setInitialBound(box);
    geom->getBound();
    osg::ref_ptr<osg::MatrixTransform> xf = new osg::MatrixTransform;
    xf->setName("points");
    xf->setDataVariance(osg::Object::STATIC);
    xf->setMatrix(osg::Matrixd::translate(c.x, c.y, 0));
    xf->addChild(geom.get());
    xf->getBound();
    prepared.tiles.push_back({gis::TileKey{}, xf, int64_t(n) * (12 + 4), {}});
}

/// Where a feature's label sits: on top of a building, on the base of a
/// line or area, above a point's icon.
gis::DVec3 labelAnchor(gis::LayerKind kind, const gis::FeatureRecord& f) {
    double z = f.baseMeters;
    if (kind == gis::LayerKind::Buildings) z += f.heightMeters;
    if (kind == gis::LayerKind::Points) z += kPointIconLiftMeters;
    return {f.centroid.x, f.centroid.y, z};
}

gis::LayerKind vectorKind(gis::LayerKind kind) {
    switch (kind) {
    case gis::LayerKind::Lines:
    case gis::LayerKind::Areas:
    case gis::LayerKind::Points: return kind;
    default: return gis::LayerKind::Buildings;
    }
}

} // namespace

void prepareLayerBasics(const gis::ImportedLayer& layer, uint32_t featureCount, PreparedLayer& prepared) {
    prepared.name = layer.spec.name;
    prepared.extent = layer.extent;
    prepared.maxHeightMeters = layer.maxHeightMeters;
    prepared.kind = vectorKind(layer.kind);
    prepared.state = std::make_unique<FeatureStateTexture>(featureCount,
                                                           defaultLayerColor(prepared.kind, layer.spec.name));
    prepared.anchors.reserve(layer.features.size());
    for (const gis::FeatureRecord& f : layer.features) prepared.anchors.push_back(labelAnchor(prepared.kind, f));
}

std::shared_ptr<PreparedLayer> prepareLayer(const gis::ImportedLayer& layer,
                                            const gis::CancelToken* cancel) {
    auto prepared = std::make_shared<PreparedLayer>();
    uint32_t featureCount = static_cast<uint32_t>(layer.features.size());
    for (const gis::MeshChunk& c : layer.chunks)
        for (uint32_t id : c.featureIds) featureCount = std::max(featureCount, id + 1);
    prepareLayerBasics(layer, featureCount, *prepared);
    if (prepared->kind == gis::LayerKind::Points) {
        preparePoints(layer, *prepared);
        return prepared;
    }

    const bool extentGiven = !layer.extent.empty();
    int skipped = 0;
    std::vector<const gis::MeshChunk*> tileChunks;
    std::map<gis::TileKey, int32_t> parts; // as the tile cache numbers them
    for (const gis::MeshChunk& c : layer.chunks) {
        if (cancel && cancel->isCancelled()) {
            prepared->cancelled = true;
            break;
        }
        if (!meshChunkIsValid(c)) {
            ++skipped;
            continue;
        }
        osg::ref_ptr<osg::MatrixTransform> xf = tileNode(c);
        const osg::BoundingBox& b = xf->getChild(0)->asGeometry()->getInitialBound();
        const osg::Vec3d o(c.origin.x, c.origin.y, c.origin.z);
        PreparedLayer::Tile tile;
        tile.key = c.tile;
        tile.node = xf;
        tile.bytes = meshBytes(int64_t(c.vertexCount()), int64_t(c.indices.size()));
        tile.box = osg::BoundingBoxd(o + osg::Vec3d(b._min), o + osg::Vec3d(b._max));
        tile.part = parts[c.tile]++;
        tile.vertexCount = int64_t(c.vertexCount());
        tile.triangleCount = int64_t(c.triangleCount());
        prepared->tiles.push_back(std::move(tile));
        tileChunks.push_back(&c);
        prepared->triangles += static_cast<int64_t>(c.triangleCount());

        if (!extentGiven || layer.maxHeightMeters <= 0) {
            if (!extentGiven) {
                prepared->extent.add(c.origin.x + b.xMin(), c.origin.y + b.yMin());
                prepared->extent.add(c.origin.x + b.xMax(), c.origin.y + b.yMax());
            }
            if (layer.maxHeightMeters <= 0)
                prepared->maxHeightMeters = std::max(prepared->maxHeightMeters, c.origin.z + b.zMax());
        }
    }
    if (prepared->kind == gis::LayerKind::Buildings && !prepared->cancelled) {
        buildLod(*prepared, tileChunks, cancel);
        if (cancel && cancel->isCancelled()) prepared->cancelled = true;
    }
    if (skipped > 0)
        qWarning("citytwin render: layer \"%s\": %d malformed mesh chunk(s) skipped",
                 layer.spec.name.c_str(), skipped);
    return prepared;
}

FeatureColor defaultLayerColor(gis::LayerKind kind, const std::string& layerName) {
    QString name = QString::fromStdString(layerName).toLower();
    auto has = [&name](std::initializer_list<const char*> words) {
        return std::any_of(words.begin(), words.end(),
                           [&name](const char* w) { return name.contains(QLatin1String(w)); });
    };
    const bool water = has({"water", "river", "lake", "sea", "canal", "pond", "wetland", "hydro", "waterway"});
    switch (kind) {
    case gis::LayerKind::Lines:
        if (water) return kDefaultWaterLineColor;
        if (has({"rail", "tram", "metro", "subway"})) return {120, 96, 88};
        return kDefaultLineColor;
    case gis::LayerKind::Areas: {
        if (water) return kDefaultWaterAreaColor;
        if (has({"park", "green", "veg", "forest", "wood", "grass", "garden", "tree", "leisure", "groen", "begroe"}))
            return kDefaultAreaColor;
        // Other area layers: a fixed palette by name, so a layer keeps its colour across runs.
        static constexpr FeatureColor palette[] = {
            kDefaultAreaColor, kDefaultWaterAreaColor, {214, 200, 164}, {196, 182, 214}, {222, 186, 170}};
        return palette[qHash(name) % (sizeof(palette) / sizeof(palette[0]))];
    }
    case gis::LayerKind::Points: return kDefaultPointColor;
    default: return kDefaultBuildingColor;
    }
}

int preparedTileCount(const PreparedLayer& layer) { return static_cast<int>(layer.tiles.size()); }

PreparedLodInfo preparedLodInfo(const PreparedLayer& layer) {
    PreparedLodInfo info;
    for (const PreparedLayer::LodCell& c : layer.lodCells) {
        info.levels = std::max(info.levels, c.key.level);
        ++info.cells;
        info.coarseTriangles += c.triangles;
        info.coarseBytes += c.bytes;
    }
    info.fullTriangles = layer.triangles;
    for (const PreparedLayer::Tile& t : layer.tiles) info.fullBytes += t.bytes;
    return info;
}

uint32_t preparedFeatureCount(const PreparedLayer& layer) {
    return layer.state ? layer.state->featureCount() : 0;
}

} // namespace citytwin::render
