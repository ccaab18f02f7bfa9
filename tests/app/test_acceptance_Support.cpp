#include "test_acceptance_Support.h"

#include "TestData.h"

#include "core/LayerLoader.h"
#include "core/ProjectLoader.h"
#include "core/StyleApplier.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace citytwin::test {

const app::LayerEntry* LoadedProject::layer(const std::string& name) const
{
    for (const auto& entry : stack->layers())
        if (entry.spec.name == name) return &entry;
    return nullptr;
}

void LoadedProject::setState(const std::string& name, const std::function<void(app::LayerState&)>& edit)
{
    const app::LayerEntry* entry = layer(name);
    if (!entry) return;
    app::LayerState state = entry->state;
    edit(state);
    stack->setState(entry->id, state);
}

std::unique_ptr<LoadedProject> loadProject(const data::Project& project)
{
    auto out = std::make_unique<LoadedProject>();
    out->scene = std::make_unique<render::CityScene>();
    out->stack = std::make_unique<app::LayerStack>(*out->scene);
    out->frame = app::projectFrame(project);
    out->failures = app::loadProjectLayers(project, *out->stack, out->frame, out->diagnostics);
    return out;
}

data::ProjectLayer projectLayer(gis::LayerSpec spec, gis::LayerKind resolvedKind)
{
    data::ProjectLayer layer;
    layer.id = data::newLayerId();
    layer.style = app::defaultStyleFor(resolvedKind == gis::LayerKind::Auto ? spec.kind : resolvedKind, spec.name);
    layer.spec = std::move(spec);
    return layer;
}

gis::LayerSpec specFor(const QString& path, gis::LayerKind kind)
{
    const auto specs = app::specsForInput(path.toStdString());
    gis::LayerSpec spec = specs.empty() ? gis::LayerSpec{} : specs.front();
    if (kind != gis::LayerKind::Auto) spec.kind = kind;
    return spec;
}

Rgba pixelAt(const render::RgbaImage& image, int x, int y)
{
    x = std::clamp(x, 0, image.width - 1);
    y = std::clamp(y, 0, image.height - 1);
    const uint8_t* p = image.pixels.data() + (size_t(y) * size_t(image.width) + size_t(x)) * 4;
    return {p[0], p[1], p[2], p[3]};
}

int channelDistance(const Rgba& a, const Rgba& b)
{
    return std::max({std::abs(a[0] - b[0]), std::abs(a[1] - b[1]), std::abs(a[2] - b[2])});
}

Rgba skyRgba()
{
    const osg::Vec4 c = render::CityScene::skyColor();
    auto b = [](float v) { return int(std::lround(v * 255)); };
    return {b(c.r()), b(c.g()), b(c.b()), 255};
}

bool isSky(const Rgba& p, int tolerance) { return channelDistance(p, skyRgba()) <= tolerance; }

int differingPixels(const render::RgbaImage& a, const render::RgbaImage& b, int tolerance)
{
    if (a.width != b.width || a.height != b.height) return -1;
    int n = 0;
    for (size_t i = 0; i < a.pixels.size(); i += 4) {
        int d = 0;
        for (size_t c = 0; c < 3; ++c) d = std::max(d, std::abs(int(a.pixels[i + c]) - int(b.pixels[i + c])));
        n += d > tolerance ? 1 : 0;
    }
    return n;
}

int countPixels(const render::RgbaImage& image, const std::function<bool(const Rgba&)>& pred, int rowFrom,
                int rowTo)
{
    if (rowTo < 0 || rowTo > image.height) rowTo = image.height;
    int n = 0;
    for (int y = std::max(0, rowFrom); y < rowTo; ++y)
        for (int x = 0; x < image.width; ++x) n += pred(pixelAt(image, x, y)) ? 1 : 0;
    return n;
}

std::array<double, 2> projectToPixel(const render::CameraView& view, int width, int height, double x,
                                     double y, double z)
{
    const osg::Matrixd mvp = render::viewMatrix(view) * render::projectionMatrix(view, double(width) / height);
    const osg::Vec3d ndc = osg::Vec3d(x, y, z) * mvp; // divides by w
    return {(ndc.x() + 1) / 2 * width, (1 - ndc.y()) / 2 * height};
}

QString saveOutput(const render::RgbaImage& image, const QString& name)
{
    const QString path = QDir(testOutDir(QStringLiteral("acceptance"))).filePath(name + QStringLiteral(".png"));
    render::writePng(image, path.toStdString());
    return path;
}

QString compareWithReference(const render::RgbaImage& actual, const QString& name, int tolerance,
                             int allowedMismatches)
{
    const QString reference = testDataPath(QStringLiteral("acceptance/") + name + QStringLiteral(".png"));
    const QString outDir = testOutDir(QStringLiteral("acceptance"));
    const QString actualPath = QDir(outDir).filePath(name + QStringLiteral("_actual.png"));
    const QString diffPath = QDir(outDir).filePath(name + QStringLiteral("_diff.png"));
    if (!QFileInfo::exists(reference)) {
        QDir().mkpath(QFileInfo(reference).absolutePath());
        render::writePng(actual, reference.toStdString());
        render::writePng(actual, actualPath.toStdString());
        return QStringLiteral("reference %1 was missing and has been written: look at it and keep it "
                              "only if it shows what the test claims")
            .arg(reference);
    }
    auto expected = render::readPng(reference.toStdString());
    if (!expected.ok()) return QStringLiteral("cannot read the reference %1").arg(reference);
    render::writePng(actual, actualPath.toStdString());
    if (expected->width != actual.width || expected->height != actual.height)
        return QStringLiteral("size %1x%2 differs from the reference's %3x%4; actual: %5")
            .arg(actual.width).arg(actual.height).arg(expected->width).arg(expected->height).arg(actualPath);

    // Diff: mismatches red over a faded copy of the reference.
    render::RgbaImage diff = *expected;
    int mismatched = 0, maxDifference = 0;
    for (size_t i = 0; i < diff.pixels.size(); i += 4) {
        int d = 0;
        for (size_t c = 0; c < 3; ++c)
            d = std::max(d, std::abs(int(expected->pixels[i + c]) - int(actual.pixels[i + c])));
        maxDifference = std::max(maxDifference, d);
        uint8_t* out = diff.pixels.data() + i;
        if (d > tolerance) {
            ++mismatched;
            out[0] = 255, out[1] = 0, out[2] = 0;
        } else {
            for (size_t c = 0; c < 3; ++c) out[c] = uint8_t(128 + out[c] / 4);
        }
        out[3] = 255;
    }
    if (mismatched <= allowedMismatches) {
        QFile::remove(actualPath);
        return {};
    }
    render::writePng(diff, diffPath.toStdString());
    return QStringLiteral("%1 pixels differ from %2 by more than %3 (allowed %4, largest difference %5); "
                          "actual: %6, diff: %7")
        .arg(mismatched).arg(reference).arg(tolerance).arg(allowedMismatches).arg(maxDifference)
        .arg(actualPath, diffPath);
}

} // namespace citytwin::test
