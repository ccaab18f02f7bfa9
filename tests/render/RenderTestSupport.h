#pragma once
// Helpers of the render tests: hand-made meshes, projection of world points to
// pixels, pixel access, and reference-image comparison.

#include "citytwin/gis/RasterImport.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/render/CameraView.h"
#include "citytwin/render/OffscreenRenderer.h"

#include <osg/Camera>
#include <osg/ref_ptr>

#include <QString>

#include <array>
#include <functional>
#include <cstdint>

namespace citytwin::test {

using Pixel = std::array<int, 4>;

/// Appends a closed box (4 walls + roof, outward normals, counter-clockwise
/// from outside) for feature `id`; coordinates relative to the chunk origin.
void addBox(gis::MeshChunk& chunk, uint32_t id, float x0, float y0, float x1, float y1, float height);

/// Appends an octagonal prism (8 walls + roof fan: 22 triangles) around
/// (cx, cy) of radius r and height h, rotated by `turn` radians.
void addPrism(gis::MeshChunk& chunk, uint32_t id, float cx, float cy, float r, float h, float turn);

/// The synthetic city of the level-of-detail tests: side x side tiles of
/// 500 m, 16 x 16 buildings each (boxes and rotated octagonal prisms,
/// 8-24 m across, 6-60 m high), same density at every size. Feature 0 is a
/// 70 m tower (70 m square) at the city's centre.
inline constexpr double kCityTileMeters = 500.0;
inline constexpr int kCityBuildingsPerSide = 16;
struct CityBuilding {
    uint32_t id = 0;
    double x = 0, y = 0;        ///< footprint centre, scene CRS
    double sizeMeters = 0;      ///< across
    double heightMeters = 0;
};
std::vector<CityBuilding> syntheticCityBuildings(int side);
gis::ImportedLayer syntheticCity(int side);

/// A layer of the given chunks with `featureCount` features.
gis::ImportedLayer makeLayer(std::vector<gis::MeshChunk> chunks, uint32_t featureCount);

/// Appends a flat rectangle at height z (normal +z, counter-clockwise from
/// above) for feature `id`: a draped area or a straight ribbon.
void addFlatQuad(gis::MeshChunk& chunk, uint32_t id, float x0, float y0, float x1, float y1, float z);

/// makeLayer() of another kind (Lines, Areas) and name.
gis::ImportedLayer makeKindLayer(gis::LayerKind kind, std::vector<gis::MeshChunk> chunks,
                                 uint32_t featureCount, const std::string& name);

/// A Points layer: feature i at points[i] (x, y = centroid, z = base).
gis::ImportedLayer makePointLayer(const std::vector<gis::DVec3>& points);

/// Looking straight down at `target` from `rangeMeters` away, north up.
render::CameraView topDownView(const gis::DVec3& target, double rangeMeters);

/// Looking down steeply (-60 degrees) from 450 m at a few hundred metres around (x, y).
render::CameraView closeView(double x, double y, double headingDeg = 20);

/// A camera with the view and projection of `view` over a width x height
/// viewport, as a window's camera is when picking.
osg::ref_ptr<osg::Camera> cameraOf(const render::CameraView& view, int width, int height);

/// Pixel position (x right, y down, top row 0) of a scene point.
std::array<double, 2> projectToPixel(const render::CameraView& view, int width, int height,
                                     double x, double y, double z);

/// A synthetic terrain (EPSG:32632 frame) of tilesX x tilesY tiles of n x n
/// samples of height(x, y), with its extent and height range.
gis::TerrainLayer makeTerrain(int tilesX, int tilesY, int n, const std::function<double(double, double)>& height);

Pixel pixelAt(const render::RgbaImage& image, int x, int y);
Pixel skyPixel();
/// Largest per-channel difference (rgb).
int colorDistance(const Pixel& a, const Pixel& b);
bool isSky(const Pixel& p, int tolerance = 3);
double luminance(const Pixel& p);

struct ImageComparison {
    int mismatched = -1;  ///< pixels with a channel off by more than the tolerance
    int maxDifference = 0;
    render::RgbaImage diff; ///< mismatches red on a faded copy of the expected image
};
ImageComparison compareImages(const render::RgbaImage& expected, const render::RgbaImage& actual,
                              int tolerance);

/// Compares `actual` to the PNG at referencePath. Empty on success, else the
/// failure message; on failure writes <name>_actual.png and <name>_diff.png
/// into outDir. A missing reference is written from `actual` and reported
/// as a failure asking for review.
QString checkReferenceImage(const render::RgbaImage& actual, const QString& referencePath,
                            const QString& outDir, const QString& name, int tolerance,
                            int allowedMismatches);

} // namespace citytwin::test
