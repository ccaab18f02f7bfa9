#pragma once
// One viewer set-up for every place the city is drawn: the Qt window
// (QOpenGLWidget) and the offscreen renderer both host an osgViewer::Viewer
// as an embedded window in a GL context they own, and draw into their FBO.
//
// Window use (all on the GUI thread, inside the widget's GL callbacks):
//   initializeGL():  gw = setUpEmbeddedViewer(viewer, scene, w * dpr, h * dpr);
//                    viewer.setCameraManipulator(manipulator);  // CityManipulator
//   resizeGL(w, h):  resizeEmbeddedViewer(viewer, w * dpr, h * dpr);
//   paintGL():       renderEmbeddedFrame(viewer, defaultFramebufferObject());
//   input events:    gw->getEventQueue()->mouseMotion / mouseButtonPress /
//                    mouseButtonRelease / mouseScroll / keyPress / keyRelease
//                    (pixel coordinates, y down: the set-up flips y), then
//                    update() the widget.
//   on demand:       schedule a paint while scene.needsRedraw() ||
//                    viewer.checkNeedToDoFrame().

#include "citytwin/render/CameraView.h"

#include <osg/Geometry>
#include <osg/StateSet>

#include <vector>
#include <osg/Matrixd>
#include <osgViewer/GraphicsWindow>

#include <vector>
#include <osgViewer/Viewer>

#include <cstdint>

namespace citytwin::render {

class CityScene;

/// Makes `viewer` an embedded, single-threaded viewer of `scene` with a
/// width x height viewport, the sky clear colour, shader lighting (no
/// fixed-function light), 30 degree vertical field of view, and y-down
/// mouse coordinates. Escape does not end the viewer. The caller's GL
/// context (compatibility profile) must be current when frames are drawn.
/// GUI thread.
osgViewer::GraphicsWindowEmbedded* setUpEmbeddedViewer(osgViewer::Viewer& viewer, CityScene& scene,
                                                       int width, int height);

/// New size in device pixels: viewport, event-queue window size and
/// projection (the vertical field of view is kept). GUI thread.
void resizeEmbeddedViewer(osgViewer::Viewer& viewer, int width, int height);

/// Points the camera at a view. With a CityManipulator installed it sets the
/// manipulator's view; otherwise the camera's view matrix. Both cases set
/// the projection's field of view. GUI thread.
void setViewerCameraView(osgViewer::Viewer& viewer, const CameraView& view);

/// Draws one frame into framebuffer object `fboId` (0 = the default
/// framebuffer) of the current context. GUI thread.
void renderEmbeddedFrame(osgViewer::Viewer& viewer, unsigned int fboId);

/// What the last frame drew, counted from its render stage (real counts, not
/// estimates): draw calls = drawables drawn, triangles = triangles submitted.
struct FrameCounts {
    int64_t drawCalls = 0;
    int64_t triangles = 0;
};
FrameCounts lastFrameCounts(osgViewer::Viewer& viewer);

/// A feature mesh (building tile, coarse level-of-detail mesh, line or area
/// tile) the last frame drew, with its model matrix (scene CRS).
struct DrawnMesh {
    osg::ref_ptr<const osg::Geometry> geometry;
    osg::Matrixd model;
    /// The state sets it was drawn with, outermost first (scene root, layer,
    /// ...): its program, feature-state texture and uniforms.
    std::vector<osg::ref_ptr<const osg::StateSet>> states;
};
/// The feature meshes of the last frame's render stage, in draw order (for
/// baselines that redraw exactly what a frame drew). GUI thread, after a
/// frame and before the next one.
std::vector<DrawnMesh> lastDrawnFeatureMeshes(osgViewer::Viewer& viewer);

} // namespace citytwin::render
