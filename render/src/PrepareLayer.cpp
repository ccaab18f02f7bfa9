// prepareLayer: MeshChunks → detached osg nodes. Worker thread.
#include "PreparedLayer.h"
#include "Shaders.h"

#include "citytwin/render/CityScene.h"

#include <osg/Geometry>
#include <osg/PrimitiveSet>

#include <QDebug>

#include <algorithm>

namespace citytwin::render {

namespace {

bool chunkIsValid(const gis::MeshChunk& c) {
    const size_t n = c.vertexCount();
    if (n == 0 || c.indices.empty() || c.indices.size() % 3 != 0) return false;
    if (c.positions.size() != n * 3 || c.normals.size() != n * 3) return false;
    return std::all_of(c.indices.begin(), c.indices.end(), [n](uint32_t i) { return i < n; });
}

osg::ref_ptr<osg::Geometry> makeGeometry(const gis::MeshChunk& c) {
    const size_t n = c.vertexCount();
    static_assert(sizeof(osg::Vec3f) == 3 * sizeof(float));
    osg::ref_ptr<osg::Vec3Array> positions =
        new osg::Vec3Array(unsigned(n), reinterpret_cast<const osg::Vec3f*>(c.positions.data()));
    osg::ref_ptr<osg::Vec3Array> normals =
        new osg::Vec3Array(unsigned(n), reinterpret_cast<const osg::Vec3f*>(c.normals.data()));
    osg::ref_ptr<osg::FloatArray> ids = new osg::FloatArray(n);
    for (size_t i = 0; i < n; ++i) (*ids)[i] = static_cast<float>(c.featureIds[i]);
    osg::ref_ptr<osg::DrawElementsUInt> triangles =
        new osg::DrawElementsUInt(GL_TRIANGLES, c.indices.begin(), c.indices.end());

    osg::ref_ptr<osg::Geometry> geom = new osg::Geometry;
    geom->setName("tile");
    geom->setDataVariance(osg::Object::STATIC);
    geom->setUseDisplayList(false);
    geom->setUseVertexBufferObjects(true);
    geom->setVertexArray(positions.get());
    geom->setNormalArray(normals.get(), osg::Array::BIND_PER_VERTEX);
    geom->setVertexAttribArray(kFeatureIdAttribute, ids.get(), osg::Array::BIND_PER_VERTEX);
    geom->addPrimitiveSet(triangles.get());

    osg::BoundingBox box;
    for (const auto& p : *positions) box.expandBy(p);
    geom->setInitialBound(box);
    geom->getBound(); // compute now, on the worker, not in the first cull
    return geom;
}

} // namespace

std::shared_ptr<PreparedLayer> prepareLayer(const gis::ImportedLayer& layer,
                                            const gis::CancelToken* cancel) {
    auto prepared = std::make_shared<PreparedLayer>();
    prepared->name = layer.spec.name;
    prepared->extent = layer.extent;
    prepared->maxHeightMeters = layer.maxHeightMeters;

    uint32_t featureCount = static_cast<uint32_t>(layer.features.size());
    for (const gis::MeshChunk& c : layer.chunks)
        for (uint32_t id : c.featureIds) featureCount = std::max(featureCount, id + 1);
    prepared->state = std::make_unique<FeatureStateTexture>(featureCount);

    const bool extentGiven = !layer.extent.empty();
    int skipped = 0;
    for (const gis::MeshChunk& c : layer.chunks) {
        if (cancel && cancel->isCancelled()) {
            prepared->cancelled = true;
            break;
        }
        if (!chunkIsValid(c)) {
            ++skipped;
            continue;
        }
        osg::ref_ptr<osg::Geometry> geom = makeGeometry(c);
        osg::ref_ptr<osg::MatrixTransform> xf = new osg::MatrixTransform;
        xf->setName("tile " + std::to_string(c.tile.x) + "," + std::to_string(c.tile.y));
        xf->setDataVariance(osg::Object::STATIC);
        xf->setMatrix(osg::Matrixd::translate(c.origin.x, c.origin.y, c.origin.z));
        xf->addChild(geom.get());
        xf->getBound();
        prepared->tiles.push_back({c.tile, xf});
        prepared->triangles += static_cast<int64_t>(c.triangleCount());

        if (!extentGiven || layer.maxHeightMeters <= 0) {
            const osg::BoundingBox& b = geom->getInitialBound();
            if (!extentGiven) {
                prepared->extent.add(c.origin.x + b.xMin(), c.origin.y + b.yMin());
                prepared->extent.add(c.origin.x + b.xMax(), c.origin.y + b.yMax());
            }
            if (layer.maxHeightMeters <= 0)
                prepared->maxHeightMeters = std::max(prepared->maxHeightMeters, c.origin.z + b.zMax());
        }
    }
    if (skipped > 0)
        qWarning("citytwin render: layer \"%s\": %d malformed mesh chunk(s) skipped",
                 layer.spec.name.c_str(), skipped);
    return prepared;
}

int preparedTileCount(const PreparedLayer& layer) { return static_cast<int>(layer.tiles.size()); }

uint32_t preparedFeatureCount(const PreparedLayer& layer) {
    return layer.state ? layer.state->featureCount() : 0;
}

} // namespace citytwin::render
