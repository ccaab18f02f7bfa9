#include "MarkerNodes.h"

#include <osg/BlendFunc>
#include <osg/Depth>
#include <osg/PointSprite>
#include <osg/PolygonOffset>

namespace citytwin::render {

namespace {

constexpr float kBadgePixels = 30.0f;
constexpr float kPulseSeconds = 1.0f;

osg::ref_ptr<osg::Geometry> pointGeometry(osg::Vec3Array* vertices, const std::string& name) {
    osg::ref_ptr<osg::Geometry> geom = new osg::Geometry;
    geom->setName(name);
    geom->setDataVariance(osg::Object::DYNAMIC);
    geom->setUseDisplayList(false);
    geom->setUseVertexBufferObjects(true);
    geom->setVertexArray(vertices);
    geom->addPrimitiveSet(new osg::DrawArrays(GL_POINTS, 0, GLsizei(vertices->size())));
    // Icons have a pixel size, not a world size: pad the bound so a lone
    // marker neither has a zero-size bound nor sits on a computed near plane.
    osg::BoundingBox box;
    for (const osg::Vec3& v : *vertices) box.expandBy(v);
    box.expandBy(box._min - osg::Vec3(10, 10, 10));
    box.expandBy(box._max + osg::Vec3(10, 10, 10));
    geom->setInitialBound(box);
    return geom;
}

osg::Vec3 local(const osg::Vec3d& world, const osg::Vec3d& origin) { return osg::Vec3(world - origin); }

} // namespace

osg::Vec4 markerColorValue(FeatureColor c, bool stale) {
    return {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, stale ? 0.0f : 1.0f};
}

osg::ref_ptr<osg::Geometry> makeMarkerGeometry(const std::vector<SensorMarker>& markers,
                                               const std::vector<unsigned>& indices, int group,
                                               const osg::Vec3d& origin) {
    osg::ref_ptr<osg::Vec3Array> vertices = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec4Array> colors = new osg::Vec4Array;
    vertices->reserve(indices.size());
    colors->reserve(indices.size());
    for (unsigned i : indices) {
        const SensorMarker& m = markers[i];
        vertices->push_back(local({m.position.x, m.position.y, m.position.z + kMarkerLiftMeters}, origin));
        colors->push_back(markerColorValue(m.color, m.stale));
    }
    std::string name = "sensor markers ";
    name += std::to_string(group);
    osg::ref_ptr<osg::Geometry> geom = pointGeometry(vertices.get(), name);
    geom->setColorArray(colors.get(), osg::Array::BIND_PER_VERTEX);
    geom->getOrCreateStateSet()->addUniform(new osg::Uniform("u_shape", group % kMarkerShapeCount));
    return geom;
}

osg::ref_ptr<osg::Geometry> makeBadgeGeometry(const std::vector<osg::Vec3d>& positions, const osg::Vec3d& origin) {
    osg::ref_ptr<osg::Vec3Array> vertices = new osg::Vec3Array;
    for (const osg::Vec3d& p : positions) vertices->push_back(local(p, origin));
    return pointGeometry(vertices.get(), "sensor badges");
}

void applyMarkerState(osg::StateSet& ss, osg::Program* program, osg::Uniform* markerSize) {
    constexpr auto on = osg::StateAttribute::ON;
    if (program) ss.setAttributeAndModes(program, on);
    ss.addUniform(markerSize);
    ss.setMode(GL_VERTEX_PROGRAM_POINT_SIZE, on);
    ss.setTextureAttributeAndModes(0, new osg::PointSprite, on);
    ss.setMode(GL_BLEND, osg::StateAttribute::OFF);
    // Over everything: a sensor's alert must not hide behind a building.
    ss.setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    ss.setAttributeAndModes(new osg::Depth(osg::Depth::ALWAYS, 0, 1, false), on);
    ss.setRenderBinDetails(sensorBins::kMarkers, "RenderBin");
}

void applyBadgeState(osg::StateSet& ss, osg::Program* program, osg::Uniform* time) {
    constexpr auto on = osg::StateAttribute::ON;
    if (program) ss.setAttributeAndModes(program, on);
    ss.addUniform(time);
    ss.addUniform(new osg::Uniform("u_periodSeconds", kPulseSeconds));
    ss.addUniform(new osg::Uniform("u_badgeSize", kBadgePixels));
    ss.setMode(GL_VERTEX_PROGRAM_POINT_SIZE, on);
    ss.setTextureAttributeAndModes(0, new osg::PointSprite, on);
    ss.setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA), on);
    ss.setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    ss.setAttributeAndModes(new osg::Depth(osg::Depth::ALWAYS, 0, 1, false), on);
    ss.setRenderBinDetails(sensorBins::kBadges, "RenderBin");
}

void applyHeatState(osg::StateSet& ss, osg::Program* program) {
    constexpr auto on = osg::StateAttribute::ON;
    if (program) ss.setAttributeAndModes(program, on);
    ss.setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA), on);
    ss.setAttributeAndModes(new osg::Depth(osg::Depth::LEQUAL, 0, 1, false), on);
    ss.setAttributeAndModes(new osg::PolygonOffset(-1.0f, -4.0f), on);
    ss.setRenderBinDetails(sensorBins::kHeatMap, "RenderBin");
}

} // namespace citytwin::render
