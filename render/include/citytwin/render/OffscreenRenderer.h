#pragma once

// Headless rendering of a CityScene through the same embedded-viewer path
// as the window (Mesa EGL surfaceless context + framebuffer object).

#include "citytwin/render/EmbeddedViewer.h"
#include "citytwin/gis/Result.h"
#include "citytwin/render/CameraView.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace citytwin::render {

class CityScene;

struct FrameStats {
    /// Process start (kernel start time from /proc/self/stat, 10 ms ticks) →
    /// end of the first complete frame (the first renderComplete()).
    double firstFrameSeconds = 0;
    double medianFrameMs = 0;
    double p95FrameMs = 0;
    int64_t drawCalls = 0;    ///< of the last measured frame (drawables drawn)
    int64_t triangles = 0;    ///< of the last measured frame
    int64_t peakRssBytes = 0; ///< getrusage ru_maxrss
    int frames = 0;           ///< frames measured
};

struct RgbaImage {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels; ///< RGBA8, top row first
};

/// Renders on the calling thread, which owns the GL context for the
/// renderer's lifetime. Uses a Mesa EGL surfaceless context (no X server),
/// an FBO (RGBA8 + depth24) and the same embedded viewer set-up as the
/// window (setUpEmbeddedViewer). One scene per renderer at a time.
class OffscreenRenderer {
public:
    static gis::Result<std::unique_ptr<OffscreenRenderer>> create(int width, int height);
    ~OffscreenRenderer();

    int width() const;
    int height() const;
    /// "Mesa llvmpipe (...)": GL_RENDERER and GL_VERSION of the context.
    std::string glDescription() const;

    /// Draws frames until the scene's merge queue is empty, then returns the image.
    RgbaImage renderComplete(CityScene& scene, const CameraView& view);
    /// Renders n more frames (glFinish each) and measures them.
    FrameStats measureFrames(CityScene& scene, const CameraView& view, int n);
    /// The feature meshes the last frame drew (see lastDrawnFeatureMeshes).
    std::vector<DrawnMesh> lastDrawnMeshes() const;

private:
    struct Impl;
    OffscreenRenderer();
    std::unique_ptr<Impl> m_impl;
};

/// Writes a PNG (any thread).
gis::Result<bool> writePng(const RgbaImage& image, const std::string& path);

/// Reads a PNG as RGBA8, top row first (any thread).
gis::Result<RgbaImage> readPng(const std::string& path);

/// Seconds since this process started (from /proc/self/stat; 10 ms steps).
double secondsSinceProcessStart();

} // namespace citytwin::render
