#include "cli/BenchCityBaselines.h"

#include <osg/Geometry>
#include <osg/Group>
#include <osg/MatrixTransform>
#include <osg/ShadeModel>
#include <osg/Program>

#include <optional>
#include <unordered_map>

namespace citytwin::app {
namespace {

osg::ref_ptr<osg::Geometry> newGeometry()
{
    osg::ref_ptr<osg::Geometry> g = new osg::Geometry;
    g->setUseDisplayList(false);
    g->setUseVertexBufferObjects(true);
    return g;
}

/// Fixed-function drawing: a child's empty program replaces the scene's
/// building shader, which would otherwise read a feature state it lacks.
/// Flat shading, as the shader: walls share corners (gis::extrudeFootprint).
osg::ref_ptr<osg::Group> baselineGroup()
{
    osg::ref_ptr<osg::Group> group = new osg::Group;
    osg::StateSet* ss = group->getOrCreateStateSet();
    ss->setAttributeAndModes(new osg::Program, osg::StateAttribute::ON);
    ss->setAttributeAndModes(new osg::ShadeModel(osg::ShadeModel::FLAT), osg::StateAttribute::ON);
    return group;
}

/// Adds one fixed-function geometry of the arrays under a transform at `origin`.
void addMergedGeometry(osg::Group& group, osg::Vec3Array* positions, osg::Vec3Array* normals,
                       osg::DrawElementsUInt* indices, const osg::Vec3d& origin)
{
    osg::ref_ptr<osg::Geometry> g = newGeometry();
    g->setVertexArray(positions);
    g->setNormalArray(normals, osg::Array::BIND_PER_VERTEX);
    g->addPrimitiveSet(indices);
    osg::ref_ptr<osg::MatrixTransform> xf = new osg::MatrixTransform(osg::Matrixd::translate(origin));
    xf->addChild(g);
    group.addChild(xf);
}

osg::Vec3d toOsg(const gis::DVec3& v) { return {v.x, v.y, v.z}; }

} // namespace

gis::Result<osg::ref_ptr<osg::Node>> buildMergedMesh(const LayerMeshes& meshes)
{
    using R = gis::Result<osg::ref_ptr<osg::Node>>;
    osg::ref_ptr<osg::Group> group = baselineGroup();
    osg::ref_ptr<osg::Vec3Array> positions = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec3Array> normals = new osg::Vec3Array;
    osg::ref_ptr<osg::DrawElementsUInt> indices = new osg::DrawElementsUInt(GL_TRIANGLES);
    const LayerMeshes::Totals totals = meshes.totals();
    positions->reserve(size_t(totals.vertices));
    normals->reserve(size_t(totals.vertices));
    indices->reserve(size_t(totals.triangles) * 3);
    std::optional<osg::Vec3d> origin; // the first mesh's
    auto read = meshes.forEach([&](const gis::MeshChunk& c) {
        if (!origin) origin = toOsg(c.origin);
        const osg::Vec3d offset = toOsg(c.origin) - *origin;
        const auto base = static_cast<uint32_t>(positions->size());
        for (size_t v = 0; v < c.vertexCount(); ++v) {
            const float* p = &c.positions[3 * v];
            positions->push_back(osg::Vec3(osg::Vec3d(p[0], p[1], p[2]) + offset));
            normals->push_back(c.normals.empty() ? osg::Vec3(0, 0, 1)
                                                 : osg::Vec3(c.normals[3 * v], c.normals[3 * v + 1], c.normals[3 * v + 2]));
        }
        for (uint32_t i : c.indices) indices->push_back(base + i);
    });
    if (!read.ok()) return R::failure(read.diagnostics());
    if (!origin) return R(osg::ref_ptr<osg::Node>(group));
    addMergedGeometry(*group, positions.get(), normals.get(), indices.get(), *origin);
    return R(osg::ref_ptr<osg::Node>(group));
}

namespace {

/// The feature-id array of a feature mesh and its attribute index (the
/// first vertex attribute array it has), if any.
std::pair<const osg::FloatArray*, unsigned> featureIdsOf(const osg::Geometry& g)
{
    const auto& arrays = g.getVertexAttribArrayList();
    for (unsigned i = 0; i < arrays.size(); ++i)
        if (const auto* ids = dynamic_cast<const osg::FloatArray*>(arrays[i].get())) return {ids, i};
    return {nullptr, 0};
}

/// Nested groups carrying `states` outermost first; returns the innermost.
osg::Group* nestStates(osg::Group& top, const std::vector<osg::ref_ptr<const osg::StateSet>>& states)
{
    osg::Group* inner = &top;
    for (const auto& ss : states) {
        osg::ref_ptr<osg::Group> g = new osg::Group;
        g->setStateSet(const_cast<osg::StateSet*>(ss.get())); // shared, never modified here
        inner->addChild(g);
        inner = g.get();
    }
    return inner;
}

} // namespace

osg::ref_ptr<osg::Node> buildMergedOfDrawn(const std::vector<render::DrawnMesh>& drawn, BaselineShading shading)
{
    const bool asDrawn = shading == BaselineShading::AsDrawn && !drawn.empty();
    osg::ref_ptr<osg::Group> group = asDrawn ? osg::ref_ptr<osg::Group>(new osg::Group) : baselineGroup();
    osg::ref_ptr<osg::Vec3Array> positions = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec3Array> normals = new osg::Vec3Array;
    osg::ref_ptr<osg::FloatArray> ids = new osg::FloatArray;
    osg::ref_ptr<osg::DrawElementsUInt> indices = new osg::DrawElementsUInt(GL_TRIANGLES);
    std::optional<osg::Vec3d> origin; // the first mesh's
    unsigned idAttribute = 0;
    for (const render::DrawnMesh& d : drawn) {
        const auto* p = dynamic_cast<const osg::Vec3Array*>(d.geometry->getVertexArray());
        const auto* n = dynamic_cast<const osg::Vec3Array*>(d.geometry->getNormalArray());
        if (!p || p->empty()) continue;
        const auto [featureIds, attribute] = featureIdsOf(*d.geometry);
        if (!origin) {
            origin = d.model.getTrans();
            idAttribute = attribute;
        }
        const osg::Matrixd toOrigin = d.model * osg::Matrixd::translate(-*origin);
        const auto base = static_cast<uint32_t>(positions->size());
        for (size_t v = 0; v < p->size(); ++v) {
            positions->push_back(osg::Vec3(osg::Vec3d((*p)[v]) * toOrigin));
            normals->push_back(n && v < n->size() ? (*n)[v] : osg::Vec3(0, 0, 1));
            ids->push_back(featureIds && v < featureIds->size() ? (*featureIds)[v] : 0.0f);
        }
        for (unsigned k = 0; k < d.geometry->getNumPrimitiveSets(); ++k) {
            const osg::DrawElements* e = d.geometry->getPrimitiveSet(k)->getDrawElements();
            if (!e || e->getMode() != GL_TRIANGLES) continue;
            for (unsigned i = 0; i < e->getNumIndices(); ++i) indices->push_back(base + e->index(i));
        }
    }
    if (!origin || indices->empty()) return group;
    osg::Group* parent = asDrawn ? nestStates(*group, drawn.front().states) : group.get();
    addMergedGeometry(*parent, positions.get(), normals.get(), indices.get(), *origin);
    if (asDrawn) {
        auto* xf = parent->getChild(parent->getNumChildren() - 1)->asGroup();
        osg::Geometry* g = xf ? xf->getChild(0)->asGeometry() : nullptr;
        if (g) g->setVertexAttribArray(idAttribute, ids.get(), osg::Array::BIND_PER_VERTEX);
    }
    return group;
}

namespace {

/// One node per building of one mesh, under a transform at its origin (null
/// when none of its buildings is below `limit`).
osg::ref_ptr<osg::Node> nodePerBuilding(const gis::MeshChunk& c, uint32_t limit, int64_t& buildings)
{
    struct Part {
        osg::ref_ptr<osg::Vec3Array> positions = new osg::Vec3Array;
        osg::ref_ptr<osg::Vec3Array> normals = new osg::Vec3Array;
        osg::ref_ptr<osg::DrawElementsUInt> indices = new osg::DrawElementsUInt(GL_TRIANGLES);
    };
    std::unordered_map<uint32_t, Part> parts;
    std::vector<uint32_t> local(c.vertexCount());
    for (size_t v = 0; v < c.vertexCount(); ++v) {
        const uint32_t feature = c.featureIds[v];
        if (feature >= limit) continue;
        Part& part = parts[feature];
        local[v] = uint32_t(part.positions->size());
        part.positions->push_back(osg::Vec3(c.positions[3 * v], c.positions[3 * v + 1], c.positions[3 * v + 2]));
        part.normals->push_back(c.normals.empty() ? osg::Vec3(0, 0, 1)
                                                  : osg::Vec3(c.normals[3 * v], c.normals[3 * v + 1], c.normals[3 * v + 2]));
    }
    for (size_t t = 0; t + 2 < c.indices.size(); t += 3) {
        const uint32_t feature = c.featureIds[c.indices[t]];
        if (feature >= limit) continue;
        Part& part = parts[feature];
        for (int k = 0; k < 3; ++k) part.indices->push_back(local[c.indices[t + k]]);
    }
    if (parts.empty()) return nullptr;
    osg::ref_ptr<osg::MatrixTransform> xf = new osg::MatrixTransform(osg::Matrixd::translate(toOsg(c.origin)));
    for (auto& [feature, part] : parts) {
        osg::ref_ptr<osg::Geometry> g = newGeometry();
        g->setVertexArray(part.positions);
        g->setNormalArray(part.normals, osg::Array::BIND_PER_VERTEX);
        g->addPrimitiveSet(part.indices);
        xf->addChild(g);
        ++buildings;
    }
    return xf;
}

} // namespace

gis::Result<osg::ref_ptr<osg::Node>> buildNodePerBuilding(const LayerMeshes& meshes, int64_t maxBuildings,
                                                          int64_t& buildings)
{
    using R = gis::Result<osg::ref_ptr<osg::Node>>;
    osg::ref_ptr<osg::Group> group = baselineGroup();
    const uint32_t limit = maxBuildings > 0 ? uint32_t(maxBuildings) : UINT32_MAX;
    buildings = 0;
    auto read = meshes.forEach([&](const gis::MeshChunk& c) {
        if (auto node = nodePerBuilding(c, limit, buildings)) group->addChild(node);
    });
    if (!read.ok()) return R::failure(read.diagnostics());
    return R(osg::ref_ptr<osg::Node>(group));
}

} // namespace citytwin::app
