#pragma once
// Helpers of the acceptance tests: a project loaded headless the way
// `citytwin render` loads it, pixel statistics, and reference images.

#include "core/LayerStack.h"

#include "citytwin/data/Project.h"
#include "citytwin/gis/Result.h"
#include "citytwin/gis/SceneFrame.h"
#include "citytwin/render/CameraView.h"
#include "citytwin/render/CityScene.h"
#include "citytwin/render/OffscreenRenderer.h"

#include <QString>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace citytwin::test {

/// A project's layers loaded into their own scene (app::loadProjectLayers,
/// as `citytwin render` does). Not copyable: the stack refers to the scene.
struct LoadedProject {
    std::unique_ptr<render::CityScene> scene;
    std::unique_ptr<app::LayerStack> stack;
    std::optional<gis::SceneFrame> frame;
    gis::Diagnostics diagnostics;
    int failures = 0;

    /// The entry of the layer whose spec name is `name` (null if none).
    const app::LayerEntry* layer(const std::string& name) const;
    /// Changes one layer's state (visibility, opacity, style) through the stack.
    void setState(const std::string& name, const std::function<void(app::LayerState&)>& edit);
};

std::unique_ptr<LoadedProject> loadProject(const data::Project& project);

/// A project layer in the default style (app::defaultStyleFor) of
/// `resolvedKind`, or of spec.kind when that is Auto — as `citytwin import`
/// styles a layer by the kind its import resolved.
data::ProjectLayer projectLayer(gis::LayerSpec spec, gis::LayerKind resolvedKind = gis::LayerKind::Auto);

/// One spec of a plain input (app::specsForInput), with the kind set when given.
gis::LayerSpec specFor(const QString& path, gis::LayerKind kind = gis::LayerKind::Auto);

using Rgba = std::array<int, 4>;
Rgba pixelAt(const render::RgbaImage& image, int x, int y);
/// Largest per-channel (rgb) difference.
int channelDistance(const Rgba& a, const Rgba& b);
Rgba skyRgba();
bool isSky(const Rgba& p, int tolerance = 6);

/// Pixels where the two images (same size) differ by more than `tolerance`
/// in some channel; -1 when the sizes differ.
int differingPixels(const render::RgbaImage& a, const render::RgbaImage& b, int tolerance);
/// Pixels (in rows [rowFrom, rowTo)) for which `pred` holds.
int countPixels(const render::RgbaImage& image, const std::function<bool(const Rgba&)>& pred,
                int rowFrom = 0, int rowTo = -1);

/// Pixel position (x right, y down) of a scene point in a view of this size.
std::array<double, 2> projectToPixel(const render::CameraView& view, int width, int height,
                                     double x, double y, double z);

/// Compares with tests/data/acceptance/<name>.png (per-channel tolerance,
/// allowed count of mismatched pixels). Empty on success; else the failure
/// message, with <name>_actual.png and <name>_diff.png written to the test
/// output folder. A missing reference is written and reported as a failure
/// asking for review.
QString compareWithReference(const render::RgbaImage& actual, const QString& name, int tolerance,
                             int allowedMismatches);

/// Writes an image to the test output folder (for looking at); returns the path.
QString saveOutput(const render::RgbaImage& image, const QString& name);

} // namespace citytwin::test
