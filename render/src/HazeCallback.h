#pragma once
// Scales the distance haze with the camera's height above the ground, so a
// close street view and a whole-region overview both keep their subject clear.

#include <osg/NodeCallback>
#include <osg/Uniform>
#include <osg/ref_ptr>

namespace citytwin::render {

/// Cull callback on the scene root; sets `u_fogDensity` (per metre) from the
/// eye point of the traversal. GUI / draw-owning thread (cull traversal).
class HazeCallback : public osg::NodeCallback {
public:
    explicit HazeCallback(osg::Uniform* fogDensity) : m_fogDensity(fogDensity) {}
    void operator()(osg::Node* node, osg::NodeVisitor* nv) override;

    /// Haze density for an eye at `eyeHeightMeters` above z = 0: light at
    /// street level, vanishing for a regional overview.
    static float densityFor(double eyeHeightMeters);

private:
    osg::ref_ptr<osg::Uniform> m_fogDensity;
};

} // namespace citytwin::render
