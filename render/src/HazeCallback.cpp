#include "HazeCallback.h"

#include <osg/NodeVisitor>

#include <algorithm>
#include <cmath>

namespace citytwin::render {

float HazeCallback::densityFor(double eyeHeightMeters)
{
    // e-folding distance of the haze: 25 km at street level, growing with
    // height so the visible ground (a few times the height away) stays clear.
    const double visibility = std::max(25000.0, 12.0 * std::abs(eyeHeightMeters));
    return float(1.0 / visibility);
}

void HazeCallback::operator()(osg::Node* node, osg::NodeVisitor* nv)
{
    if (nv && m_fogDensity) m_fogDensity->set(densityFor(nv->getEyePoint().z()));
    traverse(node, nv);
}

} // namespace citytwin::render
