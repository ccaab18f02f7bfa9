#pragma once
// A scripted fly-through of the real window's 3D view with every frame of
// the view timed: the camera path and the frame clock of `citytwin bench fly`.
// GUI thread.

#include "citytwin/gis/Geometry.h"
#include "citytwin/render/CameraView.h"

#include <cstdint>
#include <string>
#include <vector>

namespace citytwin::app {

class MainWindow;

/// The camera at u in [0, 1] of the fly-through path over `extent` (scene
/// CRS): from the fitted view (u = 0) to high over the south-west corner,
/// down to street level there, low across the city to the north-east corner,
/// a 180 degree turn, back a little, then a climb out to the fitted view over
/// the centre (u = 1). Each leg eases in and out; the range changes
/// geometrically, so the descent and the climb look even.
render::CameraView flyThroughView(const gis::Extent2& extent, double maxHeightMeters, double aspect,
                                  double u);

/// One frame of the view during the fly-through.
struct FlyFrame {
    /// Wall time of the viewer's paint event (QOpenGLWidget::paintGL: the OSG
    /// frame's event, update — where the pager attaches and detaches tiles —,
    /// cull and draw into the widget's framebuffer), then glFinish, so the
    /// GL work of the frame is included. Window composition is not.
    double ms = 0;
    double endS = 0;             ///< end of the frame, seconds since the fly-through began
    double u = 0;                ///< path position of the camera drawn
    int64_t attachedBytes = 0;   ///< CityScene::attachedGeometryBytes after the frame
    int pendingTiles = 0;        ///< CityScene::pendingTiles after the frame
    int64_t drawCalls = 0;       ///< drawables the frame drew
    int64_t triangles = 0;       ///< triangles the frame submitted
    bool driven = false;         ///< asked for by the fly-through (else scheduled by the window itself)
};

struct FlyThroughOptions {
    double seconds = 30; ///< wall time of the path
    double fps = 60;     ///< cadence of the camera steps (a late frame delays the next step, never queues)
};

struct FlyThroughResult {
    std::vector<FlyFrame> frames; ///< every frame of the view, in order
    double seconds = 0;           ///< wall time of the whole fly-through
    std::string error;            ///< non-empty when it could not run
};

/// Flies `window`'s view along flyThroughView() over the scene's extent: each
/// step sets the camera (ViewerWidget::setCameraView), then runs the event
/// loop until the view has painted, then waits for the next step of the
/// cadence (events keep running; frames the window schedules on its own,
/// e.g. while tiles are pending, are recorded too). The layers must be loaded.
FlyThroughResult runFlyThrough(MainWindow& window, const FlyThroughOptions& options);

} // namespace citytwin::app
