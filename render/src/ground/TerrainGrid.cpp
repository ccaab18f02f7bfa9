#include "ground/TerrainGrid.h"

#include <cmath>
#include <limits>

namespace citytwin::render {

namespace {

bool usable(const gis::TerrainTile& t, int n)
{
    return t.cols == n && t.rows == n && t.heights.size() == size_t(n) * n;
}

/// Grows known samples into unknown ones (mean of known 4-neighbours), a few
/// rings deep, then gives what is left the mean height.
void fillUnknown(TerrainGrid& g, std::vector<uint8_t>& known)
{
    double sum = 0;
    int64_t count = 0;
    for (size_t i = 0; i < known.size(); ++i)
        if (known[i]) { sum += g.heights[i]; ++count; }
    if (count == int64_t(known.size())) return;
    const float mean = count ? float(sum / count) : 0.0f;
    for (int pass = 0; pass < 2 * g.intervals; ++pass) {
        std::vector<size_t> grown;
        for (int r = 0; r < g.height; ++r)
            for (int c = 0; c < g.width; ++c) {
                const size_t i = size_t(r) * g.width + c;
                if (known[i]) continue;
                float s = 0;
                int k = 0;
                const int nb[4][2] = {{c - 1, r}, {c + 1, r}, {c, r - 1}, {c, r + 1}};
                for (const auto& p : nb)
                    if (p[0] >= 0 && p[1] >= 0 && p[0] < g.width && p[1] < g.height &&
                        known[size_t(p[1]) * g.width + p[0]]) {
                        s += g.heights[size_t(p[1]) * g.width + p[0]];
                        ++k;
                    }
                if (k) { g.heights[i] = s / float(k); grown.push_back(i); }
            }
        if (grown.empty()) break;
        for (size_t i : grown) known[i] = 1;
    }
    for (size_t i = 0; i < known.size(); ++i)
        if (!known[i]) g.heights[i] = mean;
}

} // namespace

TerrainGrid TerrainGrid::build(const gis::TerrainLayer& layer)
{
    TerrainGrid g;
    if (layer.tiles.empty()) return g;
    const int n = layer.tiles.front().cols;
    if (n < 2) return g;
    int x0 = std::numeric_limits<int>::max(), y0 = x0, x1 = std::numeric_limits<int>::min(), y1 = x1;
    for (const auto& t : layer.tiles) {
        if (!usable(t, n)) continue;
        x0 = std::min(x0, t.tile.x);
        y0 = std::min(y0, t.tile.y);
        x1 = std::max(x1, t.tile.x);
        y1 = std::max(y1, t.tile.y);
    }
    if (x0 > x1) return g;
    g.tileX0 = x0;
    g.tileY0 = y0;
    g.tilesX = x1 - x0 + 1;
    g.tilesY = y1 - y0 + 1;
    g.intervals = n - 1;
    g.tileSizeMeters = layer.frame.tileSizeMeters;
    g.spacingMeters = g.tileSizeMeters / g.intervals;
    g.width = g.tilesX * g.intervals + 1;
    g.height = g.tilesY * g.intervals + 1;
    g.heights.assign(size_t(g.width) * g.height, 0.0f);
    g.present.assign(size_t(g.tilesX) * g.tilesY, 0);
    std::vector<uint8_t> known(g.heights.size(), 0);
    for (const auto& t : layer.tiles) {
        if (!usable(t, n)) continue;
        const int tx = t.tile.x - x0, ty = t.tile.y - y0;
        g.present[size_t(ty) * g.tilesX + tx] = 1;
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                const size_t i = size_t(ty * g.intervals + r) * g.width + size_t(tx * g.intervals + c);
                g.heights[i] = t.heights[size_t(r) * n + c];
                known[i] = 1;
            }
    }
    fillUnknown(g, known);
    return g;
}

bool TerrainGrid::hasAnyTile(int tx0, int ty0, int tx1, int ty1) const
{
    tx0 = std::max(tx0 - tileX0, 0);
    ty0 = std::max(ty0 - tileY0, 0);
    tx1 = std::min(tx1 - tileX0, tilesX);
    ty1 = std::min(ty1 - tileY0, tilesY);
    for (int ty = ty0; ty < ty1; ++ty)
        for (int tx = tx0; tx < tx1; ++tx)
            if (present[size_t(ty) * tilesX + tx]) return true;
    return false;
}

} // namespace citytwin::render
