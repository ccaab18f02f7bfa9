#include "citytwin/render/EmbeddedViewer.h"

#include "citytwin/render/CityManipulator.h"
#include "citytwin/render/CityScene.h"

#include <osgUtil/RenderBin>
#include <osgUtil/RenderLeaf>
#include <osgUtil/SceneView>
#include <osgUtil/StateGraph>
#include <osgUtil/Statistics>
#include <osgViewer/Renderer>

#include <algorithm>

namespace citytwin::render {

namespace {

double aspectOf(const osg::Camera& camera) {
    const osg::Viewport* vp = camera.getViewport();
    if (!vp || vp->height() <= 0) return 1.0;
    return vp->width() / vp->height();
}

double currentFovY(const osg::Camera& camera) {
    double fovy = 30, aspect = 1, zNear = 1, zFar = 1;
    if (camera.getProjectionMatrixAsPerspective(fovy, aspect, zNear, zFar) && fovy > 0) return fovy;
    return 30;
}

void setProjection(osg::Camera& camera, double fovYDeg, double rangeMeters) {
    CameraView v;
    v.fovYDeg = fovYDeg;
    v.rangeMeters = rangeMeters;
    camera.setProjectionMatrix(projectionMatrix(v, aspectOf(camera)));
}

} // namespace

osgViewer::GraphicsWindowEmbedded* setUpEmbeddedViewer(osgViewer::Viewer& viewer, CityScene& scene,
                                                       int width, int height) {
    width = std::max(width, 1);
    height = std::max(height, 1);
    osgViewer::GraphicsWindowEmbedded* gw = viewer.setUpViewerAsEmbeddedInWindow(0, 0, width, height);
    viewer.setThreadingModel(osgViewer::ViewerBase::SingleThreaded);
    viewer.setKeyEventSetsDone(0);
    viewer.setQuitEventSetsDone(false);
    viewer.setLightingMode(osg::View::NO_LIGHT);
    viewer.setSceneData(scene.root());

    osg::Camera* camera = viewer.getCamera();
    camera->setClearColor(CityScene::skyColor());
    camera->setClearMask(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    // Near/far follow the visible geometry; the ratio keeps the near plane
    // useful when the camera flies low over a 10 km city.
    camera->setComputeNearFarMode(osg::CullSettings::COMPUTE_NEAR_FAR_USING_BOUNDING_VOLUMES);
    camera->setNearFarRatio(0.0002);
    camera->setViewport(0, 0, width, height);
    setProjection(*camera, 30, 1000);

    gw->getEventQueue()->getCurrentEventState()->setMouseYOrientation(
        osgGA::GUIEventAdapter::Y_INCREASING_DOWNWARDS);
    gw->getEventQueue()->windowResize(0, 0, width, height);
    return gw;
}

void resizeEmbeddedViewer(osgViewer::Viewer& viewer, int width, int height) {
    width = std::max(width, 1);
    height = std::max(height, 1);
    osg::Camera* camera = viewer.getCamera();
    const double fovY = currentFovY(*camera);
    if (auto* gw = dynamic_cast<osgViewer::GraphicsWindow*>(camera->getGraphicsContext())) {
        gw->resized(0, 0, width, height);
        gw->getEventQueue()->windowResize(0, 0, width, height);
    }
    camera->setViewport(0, 0, width, height);
    setProjection(*camera, fovY, 1000);
}

void setViewerCameraView(osgViewer::Viewer& viewer, const CameraView& view) {
    osg::Camera* camera = viewer.getCamera();
    setProjection(*camera, view.fovYDeg, view.rangeMeters);
    if (auto* manip = dynamic_cast<CityManipulator*>(viewer.getCameraManipulator()))
        manip->setView(view);
    else
        camera->setViewMatrix(viewMatrix(view));
}

void renderEmbeddedFrame(osgViewer::Viewer& viewer, unsigned int fboId) {
    if (osg::GraphicsContext* gc = viewer.getCamera()->getGraphicsContext())
        gc->setDefaultFboId(fboId);
    viewer.frame();
}

FrameCounts lastFrameCounts(osgViewer::Viewer& viewer) {
    FrameCounts counts;
    auto* renderer = dynamic_cast<osgViewer::Renderer*>(viewer.getCamera()->getRenderer());
    // Single-threaded viewers cull and draw with scene view 0.
    osgUtil::SceneView* sceneView = renderer ? renderer->getSceneView(0) : nullptr;
    if (!sceneView || !sceneView->getRenderStage()) return counts;
    osgUtil::Statistics stats;
    stats.setType(osgUtil::Statistics::STAT_PRIMS);
    sceneView->getStats(stats);
    counts.drawCalls = stats.numDrawables;
    for (const auto& [mode, count] : stats.getPrimitiveCountMap()) {
        if (mode == GL_TRIANGLES || mode == GL_TRIANGLE_STRIP || mode == GL_TRIANGLE_FAN)
            counts.triangles += count;
    }
    return counts;
}

namespace {

void addLeaf(const osgUtil::RenderLeaf* leaf, const osg::Matrixd& inverseView, std::vector<DrawnMesh>& out) {
    const auto* geometry = leaf && leaf->_drawable ? leaf->_drawable->asGeometry() : nullptr;
    if (!geometry || !leaf->_modelview) return;
    const std::string& name = geometry->getName();
    if (name != "tile" && name != "coarse") return; // the names featureMeshGeometry gives
    DrawnMesh mesh{geometry, *leaf->_modelview * inverseView, {}};
    for (const osgUtil::StateGraph* g = leaf->_parent; g; g = g->_parent)
        if (g->getStateSet()) mesh.states.insert(mesh.states.begin(), g->getStateSet());
    out.push_back(std::move(mesh));
}

void collectBin(const osgUtil::RenderBin* bin, const osg::Matrixd& inverseView, std::vector<DrawnMesh>& out) {
    for (const auto& entry : bin->getRenderBinList())
        if (entry.first < 0) collectBin(entry.second.get(), inverseView, out);
    for (const osgUtil::StateGraph* graph : bin->getStateGraphList())
        for (const auto& leaf : graph->_leaves) addLeaf(leaf.get(), inverseView, out);
    for (const osgUtil::RenderLeaf* leaf : bin->getRenderLeafList()) addLeaf(leaf, inverseView, out);
    for (const auto& entry : bin->getRenderBinList())
        if (entry.first >= 0) collectBin(entry.second.get(), inverseView, out);
}

} // namespace

std::vector<DrawnMesh> lastDrawnFeatureMeshes(osgViewer::Viewer& viewer) {
    std::vector<DrawnMesh> out;
    auto* renderer = dynamic_cast<osgViewer::Renderer*>(viewer.getCamera()->getRenderer());
    osgUtil::SceneView* sceneView = renderer ? renderer->getSceneView(0) : nullptr;
    if (!sceneView || !sceneView->getRenderStage()) return out;
    const osg::Matrixd inverseView = osg::Matrixd::inverse(viewer.getCamera()->getViewMatrix());
    collectBin(sceneView->getRenderStage(), inverseView, out);
    return out;
}

} // namespace citytwin::render
