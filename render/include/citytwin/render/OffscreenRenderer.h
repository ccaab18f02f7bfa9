#pragma once
// Headless rendering of a CityScene through the same embedded-viewer path
// as the window (Mesa EGL surfaceless context + framebuffer object).

#include "citytwin/gis/Result.h"
#include "citytwin/render/CameraView.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace citytwin::render {

class CityScene;

struct FrameStats {
    double firstFrameSeconds = 0; ///< process start → first complete frame
    double medianFrameMs = 0;
    double p95FrameMs = 0;
    int64_t drawCalls = 0;
    int64_t triangles = 0;
    int64_t peakRssBytes = 0;
};

struct RgbaImage {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels; ///< RGBA8, top row first
};

/// Renders on the calling thread, which owns the GL context for the
/// renderer's lifetime.
class OffscreenRenderer {
public:
    static gis::Result<std::unique_ptr<OffscreenRenderer>> create(int width, int height);
    ~OffscreenRenderer();

    /// Draws frames until the scene's merge queue is empty, then returns the image.
    RgbaImage renderComplete(CityScene& scene, const CameraView& view);
    /// Renders n more frames (glFinish each) and measures them.
    FrameStats measureFrames(CityScene& scene, const CameraView& view, int n);

private:
    struct Impl;
    OffscreenRenderer();
    std::unique_ptr<Impl> m_impl;
};

/// Writes a PNG (any thread).
gis::Result<bool> writePng(const RgbaImage& image, const std::string& path);

} // namespace citytwin::render
