#include "cli/BenchCityBaselines.h"

#include <osg/Geometry>
#include <osg/Group>
#include <osg/MatrixTransform>
#include <osg/Program>

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
osg::ref_ptr<osg::Group> baselineGroup()
{
    osg::ref_ptr<osg::Group> group = new osg::Group;
    group->getOrCreateStateSet()->setAttributeAndModes(new osg::Program, osg::StateAttribute::ON);
    return group;
}

osg::Vec3d toOsg(const gis::DVec3& v) { return {v.x, v.y, v.z}; }

} // namespace

osg::ref_ptr<osg::Node> buildMergedMesh(const gis::ImportedLayer& layer)
{
    osg::ref_ptr<osg::Group> group = baselineGroup();
    if (layer.chunks.empty()) return group;
    const osg::Vec3d origin = toOsg(layer.chunks.front().origin);
    osg::ref_ptr<osg::Vec3Array> positions = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec3Array> normals = new osg::Vec3Array;
    osg::ref_ptr<osg::DrawElementsUInt> indices = new osg::DrawElementsUInt(GL_TRIANGLES);
    size_t vertices = 0, triangles = 0;
    for (const auto& c : layer.chunks) {
        vertices += c.vertexCount();
        triangles += c.triangleCount();
    }
    positions->reserve(vertices);
    normals->reserve(vertices);
    indices->reserve(triangles * 3);
    for (const auto& c : layer.chunks) {
        const osg::Vec3d offset = toOsg(c.origin) - origin;
        const auto base = static_cast<uint32_t>(positions->size());
        for (size_t v = 0; v < c.vertexCount(); ++v) {
            const float* p = &c.positions[3 * v];
            positions->push_back(osg::Vec3(osg::Vec3d(p[0], p[1], p[2]) + offset));
            normals->push_back(c.normals.empty() ? osg::Vec3(0, 0, 1)
                                                 : osg::Vec3(c.normals[3 * v], c.normals[3 * v + 1], c.normals[3 * v + 2]));
        }
        for (uint32_t i : c.indices) indices->push_back(base + i);
    }
    osg::ref_ptr<osg::Geometry> g = newGeometry();
    g->setVertexArray(positions);
    g->setNormalArray(normals, osg::Array::BIND_PER_VERTEX);
    g->addPrimitiveSet(indices);
    osg::ref_ptr<osg::MatrixTransform> xf = new osg::MatrixTransform(osg::Matrixd::translate(origin));
    xf->addChild(g);
    group->addChild(xf);
    return group;
}

osg::ref_ptr<osg::Node> buildNodePerBuilding(const gis::ImportedLayer& layer, int64_t maxBuildings,
                                             int64_t& buildings)
{
    osg::ref_ptr<osg::Group> group = baselineGroup();
    const uint32_t limit = maxBuildings > 0 ? uint32_t(maxBuildings) : UINT32_MAX;
    buildings = 0;
    for (const auto& c : layer.chunks) {
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
        if (parts.empty()) continue;
        osg::ref_ptr<osg::MatrixTransform> xf = new osg::MatrixTransform(osg::Matrixd::translate(toOsg(c.origin)));
        for (auto& [feature, part] : parts) {
            osg::ref_ptr<osg::Geometry> g = newGeometry();
            g->setVertexArray(part.positions);
            g->setNormalArray(part.normals, osg::Array::BIND_PER_VERTEX);
            g->addPrimitiveSet(part.indices);
            xf->addChild(g);
            ++buildings;
        }
        group->addChild(xf);
    }
    return group;
}

} // namespace citytwin::app
