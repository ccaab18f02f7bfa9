#include "ui/ViewerWidget.h"

#include <QOpenGLContext>
#include <QOpenGLFunctions>

#include "citytwin/render/CityManipulator.h"
#include "citytwin/render/CityScene.h"
#include "citytwin/render/EmbeddedViewer.h"

#include <QDateTime>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QWheelEvent>

#include <osgViewer/GraphicsWindow>
#include <osgViewer/Viewer>

#include <cmath>

namespace citytwin::app {
namespace {

int osgButton(Qt::MouseButton b)
{
    switch (b) {
    case Qt::LeftButton: return 1;
    case Qt::MiddleButton: return 2;
    case Qt::RightButton: return 3;
    default: return 0;
    }
}

int osgKey(const QKeyEvent* e)
{
    using K = osgGA::GUIEventAdapter::KeySymbol;
    switch (e->key()) {
    case Qt::Key_Left: return K::KEY_Left;
    case Qt::Key_Right: return K::KEY_Right;
    case Qt::Key_Up: return K::KEY_Up;
    case Qt::Key_Down: return K::KEY_Down;
    case Qt::Key_PageUp: return K::KEY_Page_Up;
    case Qt::Key_PageDown: return K::KEY_Page_Down;
    case Qt::Key_Home: return K::KEY_Home;
    case Qt::Key_Plus: return K::KEY_Plus;
    case Qt::Key_Equal: return K::KEY_Plus;
    case Qt::Key_Minus: return K::KEY_Minus;
    default: {
        const QString t = e->text();
        return t.isEmpty() ? 0 : int(t.at(0).toLatin1());
    }
    }
}

unsigned osgModifiers(Qt::KeyboardModifiers m)
{
    unsigned mask = 0;
    if (m & Qt::ShiftModifier) mask |= osgGA::GUIEventAdapter::MODKEY_SHIFT;
    if (m & Qt::ControlModifier) mask |= osgGA::GUIEventAdapter::MODKEY_CTRL;
    if (m & Qt::AltModifier) mask |= osgGA::GUIEventAdapter::MODKEY_ALT;
    return mask;
}

} // namespace

ViewerWidget::ViewerWidget(render::CityScene& scene, QWidget* parent)
    : QOpenGLWidget(parent), m_scene(scene)
{
    setObjectName(QStringLiteral("viewer"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(320, 200);

    m_viewer = new osgViewer::Viewer;
    m_window = render::setUpEmbeddedViewer(*m_viewer, m_scene, 1280, 720);
    m_manipulator = new render::CityManipulator;
    m_manipulator->setHomeProvider([this]() {
        const double aspect = height() > 0 ? double(width()) / height() : 16.0 / 9.0;
        return render::fitCamera(m_scene.extent(), m_scene.maxHeightMeters(), aspect);
    });
    m_viewer->setCameraManipulator(m_manipulator, false);

    // Render on demand: poll cheap flags, draw only when something changed.
    m_pollTimer.setInterval(16);
    connect(&m_pollTimer, &QTimer::timeout, this, &ViewerWidget::pollRedraw);
    m_pollTimer.start();
    m_flyTimer.setInterval(16);
    connect(&m_flyTimer, &QTimer::timeout, this, [this]() {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        double t = m_flyDurationMs > 0 ? double(now - m_flyStartMs) / m_flyDurationMs : 1.0;
        if (t >= 1.0) {
            t = 1.0;
            m_flyTimer.stop();
        }
        const double s = t * t * (3.0 - 2.0 * t); // ease in and out
        render::CameraView v = m_flyTo;
        v.target = {m_flyFrom.target.x + (m_flyTo.target.x - m_flyFrom.target.x) * s,
                    m_flyFrom.target.y + (m_flyTo.target.y - m_flyFrom.target.y) * s,
                    m_flyFrom.target.z + (m_flyTo.target.z - m_flyFrom.target.z) * s};
        v.rangeMeters = m_flyFrom.rangeMeters + (m_flyTo.rangeMeters - m_flyFrom.rangeMeters) * s;
        double dh = std::fmod(m_flyTo.headingDeg - m_flyFrom.headingDeg + 540.0, 360.0) - 180.0;
        v.headingDeg = m_flyFrom.headingDeg + dh * s;
        v.pitchDeg = m_flyFrom.pitchDeg + (m_flyTo.pitchDeg - m_flyFrom.pitchDeg) * s;
        setCameraView(v);
    });
}

void ViewerWidget::flyTo(const render::CameraView& view, int durationMs)
{
    m_flyTimer.stop();
    if (durationMs <= 0) {
        setCameraView(view);
        return;
    }
    m_flyFrom = cameraView();
    m_flyTo = view;
    m_flyStartMs = QDateTime::currentMSecsSinceEpoch();
    m_flyDurationMs = durationMs;
    m_flyTimer.start();
}

const osg::Camera* ViewerWidget::camera() const { return m_viewer->getCamera(); }

ViewerWidget::~ViewerWidget() = default;

double ViewerWidget::pixelRatio() const { return devicePixelRatioF(); }

void ViewerWidget::setSceneFrame(const gis::SceneFrame& frame) { m_frame = frame; }

void ViewerWidget::fitTo(const gis::Extent2& extent, double maxHeightMeters)
{
    const double aspect = height() > 0 ? double(width()) / height() : 16.0 / 9.0;
    setCameraView(render::fitCamera(extent, maxHeightMeters, aspect));
}

void ViewerWidget::setCameraView(const render::CameraView& view)
{
    render::setViewerCameraView(*m_viewer, view);
    requestRedraw();
}

render::CameraView ViewerWidget::cameraView() const { return m_manipulator->view(); }

void ViewerWidget::requestRedraw() { update(); }

render::FrameCounts ViewerWidget::lastFrameCounts() const { return render::lastFrameCounts(*m_viewer); }

void ViewerWidget::pollRedraw()
{
    // Not Viewer::checkNeedToDoFrame(): with an embedded window it reports
    // pending events every poll and would keep an idle window drawing.
    // Input events call update() themselves.
    if (m_scene.needsRedraw() || m_viewer->getRequestRedraw() || m_viewer->getRequestContinousUpdate())
        update();
}

void ViewerWidget::initializeGL()
{
    const auto* renderer = context()->functions()->glGetString(GL_RENDERER);
    emit glReady(renderer ? QString::fromLatin1(reinterpret_cast<const char*>(renderer)) : QString());
}

void ViewerWidget::resizeGL(int w, int h)
{
    const double r = pixelRatio();
    render::resizeEmbeddedViewer(*m_viewer, int(w * r), int(h * r));
}

void ViewerWidget::paintGL()
{
    // The widget's framebuffer is not 0: OSG must be told every frame.
    render::renderEmbeddedFrame(*m_viewer, defaultFramebufferObject());
    ++m_framesDrawn;
}

void ViewerWidget::mousePressEvent(QMouseEvent* e)
{
    m_flyTimer.stop();
    if (e->button() == Qt::LeftButton) {
        m_pressPos = e->position();
        m_pressMs = QDateTime::currentMSecsSinceEpoch();
    }
    const double r = pixelRatio();
    m_window->getEventQueue()->getCurrentEventState()->setModKeyMask(osgModifiers(e->modifiers()));
    m_window->getEventQueue()->mouseButtonPress(float(e->position().x() * r), float(e->position().y() * r),
                                                osgButton(e->button()));
    update();
}

void ViewerWidget::mouseReleaseEvent(QMouseEvent* e)
{
    const double r = pixelRatio();
    m_window->getEventQueue()->mouseButtonRelease(float(e->position().x() * r), float(e->position().y() * r),
                                                  osgButton(e->button()));
    update();
    if (e->button() == Qt::LeftButton && m_pressMs >= 0) {
        const bool still = (e->position() - m_pressPos).manhattanLength() <= 4.0;
        const bool quick = QDateTime::currentMSecsSinceEpoch() - m_pressMs < 500;
        m_pressMs = -1;
        if (still && quick) emit clicked(e->position().x() * r, height() * r - e->position().y() * r);
    }
}

void ViewerWidget::mouseDoubleClickEvent(QMouseEvent* e)
{
    const double r = pixelRatio();
    m_window->getEventQueue()->mouseDoubleButtonPress(float(e->position().x() * r),
                                                      float(e->position().y() * r), osgButton(e->button()));
    update();
}

void ViewerWidget::mouseMoveEvent(QMouseEvent* e)
{
    const double r = pixelRatio();
    m_window->getEventQueue()->getCurrentEventState()->setModKeyMask(osgModifiers(e->modifiers()));
    m_window->getEventQueue()->mouseMotion(float(e->position().x() * r), float(e->position().y() * r));
    reportCursor(e->position());
    if (e->buttons() != Qt::NoButton) update();
}

void ViewerWidget::wheelEvent(QWheelEvent* e)
{
    m_flyTimer.stop();
    const int dy = e->angleDelta().y();
    if (dy == 0) return;
    m_window->getEventQueue()->mouseScroll(dy > 0 ? osgGA::GUIEventAdapter::SCROLL_UP
                                                  : osgGA::GUIEventAdapter::SCROLL_DOWN);
    update();
}

void ViewerWidget::keyPressEvent(QKeyEvent* e)
{
    const int key = osgKey(e);
    if (!key) { QOpenGLWidget::keyPressEvent(e); return; }
    m_window->getEventQueue()->getCurrentEventState()->setModKeyMask(osgModifiers(e->modifiers()));
    m_window->getEventQueue()->keyPress(key);
    update();
}

void ViewerWidget::keyReleaseEvent(QKeyEvent* e)
{
    const int key = osgKey(e);
    if (!key) { QOpenGLWidget::keyReleaseEvent(e); return; }
    m_window->getEventQueue()->keyRelease(key);
}

void ViewerWidget::reportCursor(const QPointF& pos)
{
    const double r = pixelRatio();
    // Intersect the pixel's ray with the ground plane z = 0 (scene CRS).
    const osg::Camera* camera = m_viewer->getCamera();
    if (!camera->getViewport()) return;
    const osg::Matrixd vpw = camera->getViewMatrix() * camera->getProjectionMatrix() *
                             camera->getViewport()->computeWindowMatrix();
    const osg::Matrixd inverse = osg::Matrixd::inverse(vpw);
    const double wx = pos.x() * r;
    const double wy = camera->getViewport()->height() - pos.y() * r;
    const osg::Vec3d nearPoint = osg::Vec3d(wx, wy, 0.0) * inverse;
    const osg::Vec3d farPoint = osg::Vec3d(wx, wy, 1.0) * inverse;
    const osg::Vec3d dir = farPoint - nearPoint;
    if (std::abs(dir.z()) < 1e-12 || m_scene.extent().empty()) {
        emit cursorMoved(false, 0, 0);
        return;
    }
    const double t = -nearPoint.z() / dir.z();
    if (t < 0 || t > 1) {
        emit cursorMoved(false, 0, 0);
        return;
    }
    const osg::Vec3d ground = nearPoint + dir * t;
    emit cursorMoved(true, ground.x(), ground.y());
}

} // namespace citytwin::app
