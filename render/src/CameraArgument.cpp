// parseCameraArgument lives apart from the camera maths so that linking the
// maths never pulls in PROJ.
#include "citytwin/render/CameraView.h"

#include "citytwin/gis/CrsTransformer.h"

#include <charconv>
#include <cmath>
#include <sstream>
#include <vector>

namespace citytwin::render {

namespace {
bool parseDouble(const std::string& text, double& out) {
    size_t begin = text.find_first_not_of(" \t");
    size_t end = text.find_last_not_of(" \t");
    if (begin == std::string::npos) return false;
    const char* first = text.data() + begin;
    const char* last = text.data() + end + 1;
    auto [ptr, ec] = std::from_chars(first, last, out);
    return ec == std::errc() && ptr == last && std::isfinite(out);
}
} // namespace

gis::Result<CameraView> parseCameraArgument(const std::string& text, const gis::SceneFrame& frame) {
    using R = gis::Result<CameraView>;
    std::vector<std::string> parts;
    std::stringstream ss(text);
    for (std::string part; std::getline(ss, part, ',');) parts.push_back(part);
    if (parts.size() != 5)
        return R::failure("camera: expected LON,LAT,RANGE,HEADING,PITCH, got \"" + text + "\"");
    double v[5];
    const char* names[5] = {"LON", "LAT", "RANGE", "HEADING", "PITCH"};
    for (int i = 0; i < 5; ++i)
        if (!parseDouble(parts[i], v[i]))
            return R::failure(std::string("camera: ") + names[i] + " is not a number: \"" + parts[i] + "\"");
    if (v[0] < -180 || v[0] > 180) return R::failure("camera: LON must be in [-180, 180]");
    if (v[1] < -90 || v[1] > 90) return R::failure("camera: LAT must be in [-90, 90]");
    if (v[2] <= 0) return R::failure("camera: RANGE must be positive (metres)");
    if (v[4] < -90 || v[4] > 0) return R::failure("camera: PITCH must be in [-90, 0] (below the horizon)");

    auto transformer = gis::CrsTransformer::create("EPSG:4326", frame.crsDefinition);
    if (!transformer)
        return R::failure("camera: cannot transform to the scene CRS: " + transformer.firstError());
    double x = v[0], y = v[1];
    if (!transformer->transform(x, y))
        return R::failure("camera: the point lies outside the scene CRS");
    CameraView view;
    view.target = {x, y, 0.0};
    view.rangeMeters = v[2];
    view.headingDeg = v[3];
    view.pitchDeg = v[4];
    return view;
}

} // namespace citytwin::render
