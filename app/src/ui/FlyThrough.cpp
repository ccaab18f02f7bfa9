#include "ui/FlyThrough.h"

#include "ui/MainWindow.h"
#include "ui/ViewerWidget.h"

#include "citytwin/render/CityScene.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QTimer>

#include <algorithm>
#include <array>
#include <cmath>

namespace citytwin::app {
namespace {

struct Key {
    double u;
    double fx, fy;  ///< target as fractions of the extent (0 = min, 1 = max)
    double range;   ///< metres; < 0: that many times the fitted range
    double heading;
    double pitch;
};

double smoothstep(double t) { return t * t * (3.0 - 2.0 * t); }

/// Times every paint event of the viewer: the event goes to the widget from
/// here (paintGL runs inside), then glFinish on the widget's context.
class FrameClock : public QObject {
public:
    FrameClock(ViewerWidget& viewer, render::CityScene& scene, const QElapsedTimer& clock)
        : m_viewer(viewer), m_scene(scene), m_clock(clock)
    {
        m_viewer.installEventFilter(this);
    }
    ~FrameClock() override { m_viewer.removeEventFilter(this); }

    /// The next frame is the one a camera step asked for, at path position u.
    void expectDriven(double u)
    {
        m_expectDriven = true;
        m_u = u;
    }
    std::vector<FlyFrame>& frames() { return m_frames; }

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched != &m_viewer || event->type() != QEvent::Paint) return false;
        const qint64 drawnBefore = m_viewer.framesDrawn();
        QElapsedTimer t;
        t.start();
        // QObject::event is public; the widget handles its own paint event
        // exactly as it would without this filter (filters are not re-run).
        static_cast<QObject&>(m_viewer).event(event);
        if (m_viewer.framesDrawn() == drawnBefore) return true; // not initialised yet: nothing drawn
        m_viewer.makeCurrent();
        if (QOpenGLContext* context = QOpenGLContext::currentContext()) context->functions()->glFinish();
        FlyFrame f;
        f.ms = double(t.nsecsElapsed()) / 1e6;
        f.endS = double(m_clock.nsecsElapsed()) / 1e9;
        f.u = m_u;
        f.attachedBytes = m_scene.attachedGeometryBytes();
        f.pendingTiles = m_scene.pendingTiles();
        const render::FrameCounts counts = m_viewer.lastFrameCounts();
        f.drawCalls = counts.drawCalls;
        f.triangles = counts.triangles;
        f.driven = m_expectDriven;
        m_expectDriven = false;
        m_frames.push_back(f);
        return true;
    }

private:
    ViewerWidget& m_viewer;
    render::CityScene& m_scene;
    const QElapsedTimer& m_clock;
    std::vector<FlyFrame> m_frames;
    bool m_expectDriven = false;
    double m_u = 0;
};

/// Runs the event loop for `ms` milliseconds (0: only what is pending).
void runEventsFor(qint64 ms)
{
    if (ms <= 0) {
        QCoreApplication::processEvents(QEventLoop::AllEvents);
        return;
    }
    QEventLoop loop;
    QTimer::singleShot(int(ms), Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

render::CameraView flyThroughView(const gis::Extent2& extent, double maxHeightMeters, double aspect, double u)
{
    const render::CameraView fit = render::fitCamera(extent, maxHeightMeters, aspect);
    if (extent.empty()) return fit;
    const double size = std::max(extent.width(), extent.height());
    // Street level: the camera about 20 m above the ground, looking along the
    // streets; smaller for a city that is only a few blocks wide.
    const double street = std::clamp(size * 0.05, 40.0, 120.0);
    // A 180 degree turn is split in two legs, so its direction is fixed (right).
    static constexpr std::array<Key, 8> kKeys{{
        {0.00, 0.50, 0.50, -1.0, 0, -45},   // the fitted view
        {0.12, 0.10, 0.10, -0.3, 45, -55},  // high over the south-west corner
        {0.30, 0.12, 0.12, 0.0, 45, -10},   // down to street level (range: street)
        {0.62, 0.88, 0.88, 0.0, 45, -10},   // low across the city
        {0.67, 0.90, 0.90, 0.0, 135, -10},  // turn right ...
        {0.72, 0.90, 0.90, 0.0, 225, -10},  // ... until looking back
        {0.80, 0.75, 0.75, -0.02, 225, -14}, // back a little, a bit higher
        {1.00, 0.50, 0.50, -1.0, 225, -45}, // climb out over the centre
    }};
    auto viewOf = [&](const Key& k) {
        render::CameraView v = fit;
        v.target = {extent.minX + k.fx * extent.width(), extent.minY + k.fy * extent.height(), 0.0};
        v.rangeMeters = k.range < 0 ? -k.range * fit.rangeMeters : street;
        v.rangeMeters = std::max(v.rangeMeters, std::min(street, fit.rangeMeters));
        v.headingDeg = k.heading;
        v.pitchDeg = k.pitch;
        return v;
    };
    u = std::clamp(u, 0.0, 1.0);
    size_t i = 0;
    while (i + 2 < kKeys.size() && u > kKeys[i + 1].u) ++i;
    const Key& a = kKeys[i];
    const Key& b = kKeys[i + 1];
    const double s = smoothstep(std::clamp((u - a.u) / (b.u - a.u), 0.0, 1.0));
    const render::CameraView va = viewOf(a), vb = viewOf(b);
    render::CameraView v = va;
    v.target = {va.target.x + (vb.target.x - va.target.x) * s, va.target.y + (vb.target.y - va.target.y) * s, 0.0};
    v.rangeMeters = va.rangeMeters * std::pow(vb.rangeMeters / va.rangeMeters, s);
    const double dh = std::fmod(vb.headingDeg - va.headingDeg + 540.0, 360.0) - 180.0;
    v.headingDeg = std::fmod(va.headingDeg + dh * s + 360.0, 360.0);
    v.pitchDeg = va.pitchDeg + (vb.pitchDeg - va.pitchDeg) * s;
    return v;
}

FlyThroughResult runFlyThrough(MainWindow& window, const FlyThroughOptions& options)
{
    FlyThroughResult result;
    ViewerWidget* viewer = window.viewer();
    render::CityScene& scene = window.scene();
    const gis::Extent2 extent = scene.extent();
    if (extent.empty()) {
        result.error = "the scene is empty: nothing to fly over";
        return result;
    }
    const double maxHeight = scene.maxHeightMeters();
    const double aspect = viewer->height() > 0 ? double(viewer->width()) / viewer->height() : 16.0 / 9.0;
    const qint64 stepNs = qint64(1e9 / std::max(options.fps, 1.0));
    const qint64 totalNs = qint64(options.seconds * 1e9);

    QElapsedTimer clock;
    clock.start();
    FrameClock frames(*viewer, scene, clock);
    qint64 stepStart = 0;
    for (;;) {
        stepStart = clock.nsecsElapsed();
        const bool last = stepStart >= totalNs;
        const double u = last ? 1.0 : double(stepStart) / double(totalNs);
        const qint64 drawnBefore = viewer->framesDrawn();
        frames.expectDriven(u);
        viewer->setCameraView(flyThroughView(extent, maxHeight, aspect, u));
        QElapsedTimer wait;
        wait.start();
        while (viewer->framesDrawn() == drawnBefore) {
            if (wait.elapsed() > 30000) {
                result.error = "the view did not paint within 30 s of a camera step";
                result.frames = std::move(frames.frames());
                return result;
            }
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        }
        if (last) break; // the end of the path was drawn
        const qint64 next = stepStart + stepNs;
        runEventsFor((next - clock.nsecsElapsed()) / 1000000);
    }
    result.seconds = double(clock.nsecsElapsed()) / 1e9;
    result.frames = std::move(frames.frames());
    return result;
}

} // namespace citytwin::app
