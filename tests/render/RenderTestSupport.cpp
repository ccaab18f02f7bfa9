#include "RenderTestSupport.h"

#include "citytwin/render/CityScene.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace citytwin::test {

void addBox(gis::MeshChunk& c, uint32_t id, float x0, float y0, float x1, float y1, float h) {
    auto quad = [&](std::array<std::array<float, 3>, 4> p, std::array<float, 3> n) {
        const uint32_t base = static_cast<uint32_t>(c.vertexCount());
        for (const auto& v : p) {
            c.positions.insert(c.positions.end(), v.begin(), v.end());
            c.normals.insert(c.normals.end(), n.begin(), n.end());
            c.featureIds.push_back(id);
        }
        for (uint32_t i : {0u, 1u, 2u, 0u, 2u, 3u}) c.indices.push_back(base + i);
    };
    quad({{{x0, y0, 0}, {x1, y0, 0}, {x1, y0, h}, {x0, y0, h}}}, {0, -1, 0}); // south
    quad({{{x1, y0, 0}, {x1, y1, 0}, {x1, y1, h}, {x1, y0, h}}}, {1, 0, 0});  // east
    quad({{{x1, y1, 0}, {x0, y1, 0}, {x0, y1, h}, {x1, y1, h}}}, {0, 1, 0});  // north
    quad({{{x0, y1, 0}, {x0, y0, 0}, {x0, y0, h}, {x0, y1, h}}}, {-1, 0, 0}); // west
    quad({{{x0, y0, h}, {x1, y0, h}, {x1, y1, h}, {x0, y1, h}}}, {0, 0, 1});  // roof
}

void addPrism(gis::MeshChunk& c, uint32_t id, float cx, float cy, float r, float h, float turn) {
    constexpr int kSides = 8;
    auto corner = [&](int i) {
        const float a = turn + float(i) * 2.0f * float(M_PI) / kSides;
        return std::array<float, 2>{cx + r * std::cos(a), cy + r * std::sin(a)};
    };
    auto vertex = [&](std::array<float, 2> p, float z, std::array<float, 3> n) {
        c.positions.insert(c.positions.end(), {p[0], p[1], z});
        c.normals.insert(c.normals.end(), n.begin(), n.end());
        c.featureIds.push_back(id);
        return uint32_t(c.vertexCount() - 1);
    };
    for (int i = 0; i < kSides; ++i) {
        const auto a = corner(i), b = corner(i + 1);
        float nx = b[1] - a[1], ny = a[0] - b[0];
        const float len = std::hypot(nx, ny);
        nx /= len; ny /= len;
        const uint32_t v0 = vertex(a, 0, {nx, ny, 0}), v1 = vertex(b, 0, {nx, ny, 0});
        const uint32_t v2 = vertex(b, h, {nx, ny, 0}), v3 = vertex(a, h, {nx, ny, 0});
        c.indices.insert(c.indices.end(), {v0, v1, v2, v0, v2, v3});
    }
    const uint32_t first = uint32_t(c.vertexCount());
    for (int i = 0; i < kSides; ++i) vertex(corner(i), h, {0, 0, 1});
    for (int i = 1; i + 1 < kSides; ++i) c.indices.insert(c.indices.end(), {first, first + i, first + i + 1});
}

namespace {

/// Builds (chunks != null) or lists the synthetic city.
void generateCity(int side, std::vector<gis::MeshChunk>* chunks, std::vector<CityBuilding>* buildings, uint32_t& id) {
    const double tile = kCityTileMeters;
    const int perSide = kCityBuildingsPerSide;
    const double spacing = tile / perSide;
    id = 1;
    for (int ty = 0; ty < side; ++ty)
        for (int tx = 0; tx < side; ++tx) {
            gis::MeshChunk c;
            c.tile = {tx, ty, 0};
            c.origin = {(tx + 0.5) * tile, (ty + 0.5) * tile, 0};
            for (int j = 0; j < perSide; ++j)
                for (int i = 0; i < perSide; ++i) {
                    const uint32_t hash = (uint32_t(tx * 73856093) ^ uint32_t(ty * 19349663) ^
                                           uint32_t(i * 83492791) ^ uint32_t(j * 2654435761u)) % 1000;
                    const float x = float((i + 0.5) * spacing - tile / 2), y = float((j + 0.5) * spacing - tile / 2);
                    const float size = 8.0f + float(hash % 17);
                    const float h = 6.0f + float((hash / 17) % 55);
                    const bool centre = tx == side / 2 && ty == side / 2 && i == 0 && j == 0;
                    const uint32_t fid = centre ? 0 : id++;
                    if (buildings)
                        buildings->push_back({fid, c.origin.x + x, c.origin.y + y, centre ? 70.0 : double(size),
                                              centre ? 70.0 : double(h)});
                    if (!chunks) continue;
                    if (centre) addBox(c, 0, x - 35, y - 35, x + 35, y + 35, 70.0f);
                    else if (hash % 3 == 0) addPrism(c, fid, x, y, size / 2, h, float(hash % 90) * 0.017f);
                    else addBox(c, fid, x - size / 2, y - size / 2, x + size / 2, y + size / 2, h);
                }
            if (chunks) chunks->push_back(std::move(c));
        }
}

} // namespace

std::vector<CityBuilding> syntheticCityBuildings(int side) {
    std::vector<CityBuilding> buildings;
    uint32_t count = 0;
    generateCity(side, nullptr, &buildings, count);
    return buildings;
}

gis::ImportedLayer syntheticCity(int side) {
    std::vector<gis::MeshChunk> chunks;
    uint32_t count = 0;
    generateCity(side, &chunks, nullptr, count);
    return makeLayer(std::move(chunks), count);
}

gis::ImportedLayer makeLayer(std::vector<gis::MeshChunk> chunks, uint32_t featureCount) {
    gis::ImportedLayer layer;
    layer.spec.name = "test boxes";
    layer.features.resize(featureCount);
    for (const auto& c : chunks) {
        for (size_t i = 0; i + 2 < c.positions.size(); i += 3) {
            layer.extent.add(c.origin.x + c.positions[i], c.origin.y + c.positions[i + 1]);
            layer.maxHeightMeters = std::max(layer.maxHeightMeters, double(c.positions[i + 2]));
        }
    }
    layer.chunks = std::move(chunks);
    return layer;
}

void addFlatQuad(gis::MeshChunk& c, uint32_t id, float x0, float y0, float x1, float y1, float z) {
    const uint32_t base = static_cast<uint32_t>(c.vertexCount());
    for (const auto& v : {std::array<float, 3>{x0, y0, z}, {x1, y0, z}, {x1, y1, z}, {x0, y1, z}}) {
        c.positions.insert(c.positions.end(), v.begin(), v.end());
        c.normals.insert(c.normals.end(), {0.0f, 0.0f, 1.0f});
        c.featureIds.push_back(id);
    }
    for (uint32_t i : {0u, 1u, 2u, 0u, 2u, 3u}) c.indices.push_back(base + i);
}

gis::ImportedLayer makeKindLayer(gis::LayerKind kind, std::vector<gis::MeshChunk> chunks,
                                 uint32_t featureCount, const std::string& name) {
    gis::ImportedLayer layer = makeLayer(std::move(chunks), featureCount);
    layer.kind = kind;
    layer.spec.kind = kind;
    layer.spec.name = name;
    return layer;
}

gis::ImportedLayer makePointLayer(const std::vector<gis::DVec3>& points) {
    gis::ImportedLayer layer;
    layer.kind = gis::LayerKind::Points;
    layer.spec.kind = gis::LayerKind::Points;
    layer.spec.name = "test points";
    for (const gis::DVec3& p : points) {
        gis::FeatureRecord f;
        f.centroid = {p.x, p.y};
        f.baseMeters = p.z;
        layer.features.push_back(f);
        layer.extent.add(p.x, p.y);
    }
    return layer;
}

render::CameraView topDownView(const gis::DVec3& target, double rangeMeters) {
    render::CameraView v;
    v.target = target;
    v.rangeMeters = rangeMeters;
    v.headingDeg = 0;
    v.pitchDeg = -90;
    return v;
}

osg::ref_ptr<osg::Camera> cameraOf(const render::CameraView& view, int width, int height) {
    osg::ref_ptr<osg::Camera> camera = new osg::Camera;
    camera->setViewMatrix(render::viewMatrix(view));
    camera->setProjectionMatrix(render::projectionMatrix(view, double(width) / height));
    camera->setViewport(0, 0, width, height);
    return camera;
}

std::array<double, 2> projectToPixel(const render::CameraView& view, int width, int height,
                                     double x, double y, double z) {
    const osg::Matrixd mvp = render::viewMatrix(view) *
                             render::projectionMatrix(view, double(width) / height);
    const osg::Vec3d ndc = osg::Vec3d(x, y, z) * mvp; // divides by w
    return {(ndc.x() + 1) / 2 * width, (1 - ndc.y()) / 2 * height};
}

Pixel pixelAt(const render::RgbaImage& image, int x, int y) {
    x = std::clamp(x, 0, image.width - 1);
    y = std::clamp(y, 0, image.height - 1);
    const uint8_t* p = image.pixels.data() + (size_t(y) * image.width + x) * 4;
    return {p[0], p[1], p[2], p[3]};
}

Pixel skyPixel() {
    const osg::Vec4 c = render::CityScene::skyColor();
    auto b = [](float v) { return int(std::lround(v * 255)); };
    return {b(c.r()), b(c.g()), b(c.b()), 255};
}

int colorDistance(const Pixel& a, const Pixel& b) {
    return std::max({std::abs(a[0] - b[0]), std::abs(a[1] - b[1]), std::abs(a[2] - b[2])});
}

bool isSky(const Pixel& p, int tolerance) { return colorDistance(p, skyPixel()) <= tolerance; }

double luminance(const Pixel& p) { return 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]; }

ImageComparison compareImages(const render::RgbaImage& expected, const render::RgbaImage& actual,
                              int tolerance) {
    ImageComparison r;
    if (expected.width != actual.width || expected.height != actual.height) return r;
    r.mismatched = 0;
    r.diff = expected;
    for (size_t i = 0; i < expected.pixels.size(); i += 4) {
        int d = 0;
        for (int c = 0; c < 3; ++c)
            d = std::max(d, std::abs(int(expected.pixels[i + c]) - int(actual.pixels[i + c])));
        r.maxDifference = std::max(r.maxDifference, d);
        uint8_t* out = r.diff.pixels.data() + i;
        if (d > tolerance) {
            ++r.mismatched;
            out[0] = 255; out[1] = 0; out[2] = 0;
        } else {
            for (int c = 0; c < 3; ++c) out[c] = uint8_t(128 + out[c] / 4);
        }
        out[3] = 255;
    }
    return r;
}

QString checkReferenceImage(const render::RgbaImage& actual, const QString& referencePath,
                            const QString& outDir, const QString& name, int tolerance,
                            int allowedMismatches) {
    const QString actualPath = QDir(outDir).filePath(name + QStringLiteral("_actual.png"));
    const QString diffPath = QDir(outDir).filePath(name + QStringLiteral("_diff.png"));
    if (!QFileInfo::exists(referencePath)) {
        QDir().mkpath(QFileInfo(referencePath).absolutePath());
        render::writePng(actual, referencePath.toStdString());
        render::writePng(actual, actualPath.toStdString());
        return QStringLiteral("reference image was missing and has been written to %1: "
                              "look at it, and commit it if it shows the expected scene")
            .arg(referencePath);
    }
    auto expected = render::readPng(referencePath.toStdString());
    if (!expected) return QStringLiteral("cannot read reference %1").arg(referencePath);
    const ImageComparison cmp = compareImages(*expected, actual, tolerance);
    if (cmp.mismatched >= 0 && cmp.mismatched <= allowedMismatches) return {};
    render::writePng(actual, actualPath.toStdString());
    if (cmp.mismatched >= 0) render::writePng(cmp.diff, diffPath.toStdString());
    if (cmp.mismatched < 0)
        return QStringLiteral("size %1x%2 differs from the reference %3x%4; actual: %5")
            .arg(actual.width).arg(actual.height).arg(expected->width).arg(expected->height)
            .arg(actualPath);
    return QStringLiteral("%1 pixels differ by more than %2 (allowed %3, max difference %4); "
                          "actual: %5, diff: %6")
        .arg(cmp.mismatched).arg(tolerance).arg(allowedMismatches).arg(cmp.maxDifference)
        .arg(actualPath, diffPath);
}

gis::TerrainLayer makeTerrain(int tilesX, int tilesY, int n, const std::function<double(double, double)>& height)
{
    gis::TerrainLayer t;
    t.spec.name = "synthetic";
    t.frame.crsDefinition = "EPSG:32632";
    const double size = t.frame.tileSizeMeters;
    t.minHeightMeters = 1e9;
    t.maxHeightMeters = -1e9;
    for (int ty = 0; ty < tilesY; ++ty)
        for (int tx = 0; tx < tilesX; ++tx) {
            gis::TerrainTile tile;
            tile.tile = {tx, ty, 0};
            tile.origin = {(tx + 0.5) * size, (ty + 0.5) * size, 0};
            tile.cols = tile.rows = n;
            tile.spacingMeters = size / (n - 1);
            for (int r = 0; r < n; ++r)
                for (int c = 0; c < n; ++c) {
                    const float h = float(height(tx * size + c * tile.spacingMeters, ty * size + r * tile.spacingMeters));
                    tile.heights.push_back(h);
                    t.minHeightMeters = std::min(t.minHeightMeters, double(h));
                    t.maxHeightMeters = std::max(t.maxHeightMeters, double(h));
                }
            t.tiles.push_back(std::move(tile));
        }
    t.extent.add(0, 0);
    t.extent.add(tilesX * size, tilesY * size);
    return t;
}

render::CameraView closeView(double x, double y, double headingDeg) {
    render::CameraView v;
    v.target = {x, y, 0};
    v.rangeMeters = 450;
    v.pitchDeg = -60;
    v.headingDeg = headingDeg;
    return v;
}

} // namespace citytwin::test
