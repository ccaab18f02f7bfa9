#include "HeatMesh.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace citytwin::render {

namespace {

/// Per node, how much of the heat map shows there from the sensor positions
/// alone (whatever the values, so the mesh keeps its triangles when only the
/// values change): 1 up to 75 % of the reach, fading to 0 at the reach.
std::vector<float> nodeFade(const HeatGrid& grid, const HeatMapInput& input) {
    const double reach = input.maxDistanceMeters;
    if (!(reach > 0)) return std::vector<float>(grid.values.size(), 1.0f);
    std::vector<double> nearestSq(grid.values.size(), std::numeric_limits<double>::infinity());
    // Stamp each sensor's reach onto the nodes around it.
    for (const gis::DVec2& p : input.positions) {
        const int c0 = std::max(0, int(std::floor((p.x - reach - grid.originX) / grid.cellMeters)));
        const int c1 = std::min(grid.cols - 1, int(std::ceil((p.x + reach - grid.originX) / grid.cellMeters)));
        const int r0 = std::max(0, int(std::floor((p.y - reach - grid.originY) / grid.cellMeters)));
        const int r1 = std::min(grid.rows - 1, int(std::ceil((p.y + reach - grid.originY) / grid.cellMeters)));
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c) {
                const gis::DVec2 n = grid.nodePosition(c, r);
                double& best = nearestSq[size_t(r) * grid.cols + c];
                best = std::min(best, (n.x - p.x) * (n.x - p.x) + (n.y - p.y) * (n.y - p.y));
            }
    }
    std::vector<float> fade(nearestSq.size());
    for (size_t i = 0; i < fade.size(); ++i)
        fade[i] = float(std::clamp((reach - std::sqrt(nearestSq[i])) / (0.25 * reach), 0.0, 1.0));
    return fade;
}

} // namespace

osg::ref_ptr<osg::Geometry> makeHeatMesh(const HeatGrid& grid, const HeatMapInput& input, const osg::Vec3d& origin) {
    osg::ref_ptr<osg::Vec3Array> vertices = new osg::Vec3Array;
    vertices->reserve(size_t(grid.cols) * grid.rows);
    for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c) {
            const gis::DVec2 p = grid.nodePosition(c, r);
            const double z = (input.groundHeight ? input.groundHeight(p.x, p.y) : 0.0) + kHeatLiftMeters;
            vertices->push_back(osg::Vec3(float(p.x - origin.x()), float(p.y - origin.y()), float(z - origin.z())));
        }
    osg::ref_ptr<osg::FloatArray> fade = new osg::FloatArray;
    for (float f : nodeFade(grid, input)) fade->push_back(f);
    const auto reached = [&](unsigned i) { return (*fade)[i] > 0.0f; };
    osg::ref_ptr<osg::DrawElementsUInt> triangles = new osg::DrawElementsUInt(GL_TRIANGLES);
    auto node = [&](int c, int r) { return unsigned(r * grid.cols + c); };
    for (int r = 0; r + 1 < grid.rows; ++r)
        for (int c = 0; c + 1 < grid.cols; ++c) {
            const unsigned a = node(c, r), b = node(c + 1, r), d = node(c + 1, r + 1), e = node(c, r + 1);
            if (!(reached(a) || reached(b) || reached(d) || reached(e))) continue;
            for (unsigned i : {a, b, d, a, d, e}) triangles->push_back(i);
        }

    osg::ref_ptr<osg::Geometry> geom = new osg::Geometry;
    geom->setName("heat map");
    geom->setDataVariance(osg::Object::DYNAMIC);
    geom->setUseDisplayList(false);
    geom->setUseVertexBufferObjects(true);
    geom->setVertexArray(vertices.get());
    geom->setColorArray(new osg::Vec4Array(vertices->size()), osg::Array::BIND_PER_VERTEX);
    geom->addPrimitiveSet(triangles.get());
    geom->setUserData(fade.get()); // for colourHeatMesh
    colourHeatMesh(*geom, grid, input);
    return geom;
}

void colourHeatMesh(osg::Geometry& mesh, const HeatGrid& grid, const HeatMapInput& input) {
    auto* colors = dynamic_cast<osg::Vec4Array*>(mesh.getColorArray());
    const auto* fade = dynamic_cast<const osg::FloatArray*>(mesh.getUserData());
    if (!colors || !fade || colors->size() != grid.values.size() || fade->size() != colors->size()) return;
    const float alpha = float(std::clamp(input.opacity, 0.0, 1.0));
    for (size_t i = 0; i < grid.values.size(); ++i) {
        const double v = grid.values[i];
        const FeatureColor c = heatColor(v, input.domainMin, input.domainMax, input.ramp);
        (*colors)[i].set(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, std::isnan(v) ? 0.0f : alpha * (*fade)[i]);
    }
    colors->dirty();
}

} // namespace citytwin::render
