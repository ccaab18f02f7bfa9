#pragma once
// QOpenGLWidget hosting an embedded osgViewer::Viewer over the CityScene.
// Renders on demand: a frame is drawn only when input, data or an animation
// asks for one.

#include "citytwin/render/EmbeddedViewer.h"
#include "citytwin/gis/SceneFrame.h"
#include "citytwin/render/CameraView.h"

#include <QOpenGLWidget>
#include <QTimer>

#include <osg/ref_ptr>

#include <memory>
#include <optional>

namespace osg { class Camera; }
namespace osgViewer { class Viewer; class GraphicsWindowEmbedded; }

namespace citytwin::render { class CityScene; class CityManipulator; }

namespace citytwin::app {

/// GUI thread only.
class ViewerWidget : public QOpenGLWidget {
    Q_OBJECT
public:
    ViewerWidget(render::CityScene& scene, QWidget* parent = nullptr);
    ~ViewerWidget() override;

    void setSceneFrame(const gis::SceneFrame& frame);
    void fitTo(const gis::Extent2& extent, double maxHeightMeters);
    void setCameraView(const render::CameraView& view);
    render::CameraView cameraView() const;

    /// Moves the camera to `view` smoothly over `durationMs` (0 = at once).
    void flyTo(const render::CameraView& view, int durationMs = 800);
    /// The viewer's camera (for picking). GUI thread.
    const osg::Camera* camera() const;

    /// Schedules one frame (render on demand).
    void requestRedraw();
    /// Frames drawn since start (for tests and the idle check).
    qint64 framesDrawn() const { return m_framesDrawn; }
    /// Draw calls and triangles of the last frame drawn (GUI thread).
    render::FrameCounts lastFrameCounts() const;

signals:
    /// Cursor position on the ground (z = 0) in the scene CRS.
    void cursorMoved(bool valid, double x, double y);
    /// A left click without dragging, at window pixel (x, y) of the camera's
    /// viewport (origin bottom-left, y up, device pixels: as picking takes them).
    void clicked(double x, double y);
    /// The GL context is ready; `renderer` is its GL_RENDERER string.
    void glReady(const QString& renderer);

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void keyReleaseEvent(QKeyEvent* e) override;

private:
    void pollRedraw();
    void reportCursor(const QPointF& pos);
    double pixelRatio() const;

    render::CityScene& m_scene;
    osg::ref_ptr<osgViewer::Viewer> m_viewer;
    osg::ref_ptr<osgViewer::GraphicsWindowEmbedded> m_window;
    osg::ref_ptr<render::CityManipulator> m_manipulator;
    std::optional<gis::SceneFrame> m_frame;
    QTimer m_pollTimer;
    QTimer m_flyTimer;
    render::CameraView m_flyFrom;
    render::CameraView m_flyTo;
    qint64 m_flyStartMs = 0;
    int m_flyDurationMs = 0;
    QPointF m_pressPos;
    qint64 m_pressMs = -1;
    qint64 m_framesDrawn = 0;
};

} // namespace citytwin::app
