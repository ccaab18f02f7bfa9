#include "FeatureGeometry.h"

#include "SoftwareFlush.h"

#include "Shaders.h"

#include <algorithm>
#include <cmath>

namespace citytwin::render {

osg::ref_ptr<osg::Geometry> featureMeshGeometry(const char* name, osg::Vec3Array* positions,
                                                osg::Vec3Array* normals, osg::FloatArray* ids,
                                                osg::DrawElementsUInt* triangles) {
    osg::ref_ptr<osg::Geometry> geom = new osg::Geometry;
    geom->setName(name);
    geom->setDataVariance(osg::Object::STATIC);
    geom->setUseDisplayList(false);
    geom->setUseVertexBufferObjects(true);
    geom->setVertexArray(positions);
    geom->setNormalArray(normals, osg::Array::BIND_PER_VERTEX);
    geom->setVertexAttribArray(kFeatureIdAttribute, ids, osg::Array::BIND_PER_VERTEX);
    geom->addPrimitiveSet(triangles);
    osg::BoundingBox box;
    for (const osg::Vec3& p : *positions) box.expandBy(p);
    geom->setInitialBound(box);
    // The box of every vertex is the bound: these arrays never change, so
    // OSG need not walk the triangles again (its own pass costs several
    // times this loop for a tile).
    static const osg::ref_ptr<osg::Drawable::ComputeBoundingBoxCallback> initialBoundOnly =
        new osg::Drawable::ComputeBoundingBoxCallback;
    geom->setComputeBoundingBoxCallback(initialBoundOnly.get());
    geom->setDrawCallback(softwareFlushCallback());
    geom->getBound(); // compute now, on the worker, not in the first cull
    return geom;
}

bool meshChunkIsValid(const gis::MeshChunk& c) {
    const size_t n = c.vertexCount();
    if (n == 0 || c.indices.empty() || c.indices.size() % 3 != 0) return false;
    if (c.positions.size() != n * 3 || c.normals.size() != n * 3) return false;
    return std::all_of(c.indices.begin(), c.indices.end(), [n](uint32_t i) { return i < n; });
}

osg::ref_ptr<osg::MatrixTransform> meshChunkNode(const gis::MeshChunk& c, const char* geometryName,
                                                 const std::string& nodeName) {
    const size_t n = c.vertexCount();
    static_assert(sizeof(osg::Vec3f) == 3 * sizeof(float));
    osg::ref_ptr<osg::Vec3Array> positions =
        new osg::Vec3Array(unsigned(n), reinterpret_cast<const osg::Vec3f*>(c.positions.data()));
    osg::ref_ptr<osg::Vec3Array> normals =
        new osg::Vec3Array(unsigned(n), reinterpret_cast<const osg::Vec3f*>(c.normals.data()));
    osg::ref_ptr<osg::FloatArray> ids = new osg::FloatArray;
    ids->reserve(unsigned(n)); // written once: no zero fill first
    for (size_t i = 0; i < n; ++i) ids->push_back(static_cast<float>(c.featureIds[i]));
    osg::ref_ptr<osg::DrawElementsUInt> triangles =
        new osg::DrawElementsUInt(GL_TRIANGLES, c.indices.begin(), c.indices.end());
    osg::ref_ptr<osg::Geometry> geom =
        featureMeshGeometry(geometryName, positions.get(), normals.get(), ids.get(), triangles.get());
    osg::ref_ptr<osg::MatrixTransform> xf = new osg::MatrixTransform;
    xf->setName(nodeName);
    xf->setDataVariance(osg::Object::STATIC);
    xf->setMatrix(osg::Matrixd::translate(c.origin.x, c.origin.y, c.origin.z));
    xf->addChild(geom.get());
    xf->getBound();
    return xf;
}

osg::ref_ptr<osg::MatrixTransform> tileNode(const gis::MeshChunk& c) {
    return meshChunkNode(c, "tile", "tile " + std::to_string(c.tile.x) + "," + std::to_string(c.tile.y));
}

gis::MeshChunk meshChunkOf(const osg::MatrixTransform& node, const gis::TileKey& key) {
    gis::MeshChunk c;
    c.tile = key;
    const osg::Geometry* geom = node.getNumChildren() > 0 ? node.getChild(0)->asGeometry() : nullptr;
    if (!geom || geom->getNumPrimitiveSets() != 1) return c;
    const auto* positions = dynamic_cast<const osg::Vec3Array*>(geom->getVertexArray());
    const auto* normals = dynamic_cast<const osg::Vec3Array*>(geom->getNormalArray());
    const auto* ids = dynamic_cast<const osg::FloatArray*>(geom->getVertexAttribArray(kFeatureIdAttribute));
    const auto* triangles = dynamic_cast<const osg::DrawElementsUInt*>(geom->getPrimitiveSet(0));
    if (!positions || !normals || !ids || !triangles) return c;
    const osg::Vec3d o = node.getMatrix().getTrans();
    c.origin = {o.x(), o.y(), o.z()};
    const auto* p = reinterpret_cast<const float*>(positions->getDataPointer());
    const auto* nrm = reinterpret_cast<const float*>(normals->getDataPointer());
    c.positions.assign(p, p + size_t(positions->size()) * 3);
    c.normals.assign(nrm, nrm + size_t(normals->size()) * 3);
    c.featureIds.reserve(ids->size());
    for (float id : *ids) c.featureIds.push_back(static_cast<uint32_t>(std::lround(id)));
    c.indices.assign(triangles->begin(), triangles->end());
    return c;
}

} // namespace citytwin::render
