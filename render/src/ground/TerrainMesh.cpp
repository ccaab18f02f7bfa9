#include "ground/TerrainMesh.h"

#include <osg/PrimitiveSet>

#include <algorithm>
#include <cmath>

namespace citytwin::render {

namespace {

/// Largest gap between the full-resolution edge samples and the straight
/// segments of a coarser level along the four edges: how deep a crack
/// between the two levels can be.
double edgeDeviation(const gis::TerrainTile& tile, int step)
{
    if (step <= 1) return 0;
    const int n = tile.cols;
    double worst = 0;
    auto h = [&](int c, int r) { return double(tile.heights[size_t(r) * n + c]); };
    for (int e = 0; e < 4; ++e)
        for (int i = 0; i + step < n; i += step)
            for (int k = 1; k < step; ++k) {
                const double t = double(k) / step;
                double fine, coarse;
                switch (e) {
                case 0: fine = h(i + k, 0); coarse = (1 - t) * h(i, 0) + t * h(i + step, 0); break;
                case 1: fine = h(i + k, n - 1); coarse = (1 - t) * h(i, n - 1) + t * h(i + step, n - 1); break;
                case 2: fine = h(0, i + k); coarse = (1 - t) * h(0, i) + t * h(0, i + step); break;
                default: fine = h(n - 1, i + k); coarse = (1 - t) * h(n - 1, i) + t * h(n - 1, i + step); break;
                }
                worst = std::max(worst, std::abs(fine - coarse));
            }
    return worst;
}

} // namespace

osg::ref_ptr<osg::Geometry> buildTerrainMesh(const gis::TerrainTile& tile, int step, double tileSizeMeters,
                                             const TerrainSampler& sample, bool skirts)
{
    const int n = tile.cols;
    const int m = (n - 1) / step + 1;
    const double s = tile.spacingMeters;
    const double half = tileSizeMeters / 2;
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec3Array> nrm = new osg::Vec3Array;
    const int skirtVerts = skirts ? 4 * m : 0;
    v->reserve(size_t(m) * m + skirtVerts);
    nrm->reserve(v->capacity());
    for (int j = 0; j < m; ++j)
        for (int i = 0; i < m; ++i) {
            const int c = i * step, r = j * step;
            v->push_back(osg::Vec3(float(c * s - half), float(r * s - half), tile.heights[size_t(r) * n + c]));
            // Central differences over the full-resolution grid, reaching into
            // neighbours at the edges so shading is continuous across tiles.
            const double dx = (sample(tile, c + 1, r) - sample(tile, c - 1, r)) / (2 * s);
            const double dy = (sample(tile, c, r + 1) - sample(tile, c, r - 1)) / (2 * s);
            osg::Vec3 normal(float(-dx), float(-dy), 1.0f);
            normal.normalize();
            nrm->push_back(normal);
        }
    std::vector<GLuint> idx;
    idx.reserve(size_t(m - 1) * (m - 1) * 6 + size_t(skirts ? 4 * (m - 1) * 6 : 0));
    for (int j = 0; j + 1 < m; ++j)
        for (int i = 0; i + 1 < m; ++i) {
            const GLuint a = j * m + i, b = a + 1, c = a + m, d = c + 1;
            idx.insert(idx.end(), {a, b, d, a, d, c});
        }
    if (skirts) {
        const float depth = float(0.03 * tileSizeMeters + edgeDeviation(tile, step));
        // The four edges, each walked so its curtain faces outwards.
        const std::vector<std::vector<GLuint>> edges = [&] {
            std::vector<std::vector<GLuint>> e(4);
            for (int i = 0; i < m; ++i) {
                e[0].push_back(GLuint(i));                       // south, west → east
                e[1].push_back(GLuint(i * m + m - 1));           // east, south → north
                e[2].push_back(GLuint((m - 1) * m + m - 1 - i)); // north, east → west
                e[3].push_back(GLuint((m - 1 - i) * m));         // west, north → south
            }
            return e;
        }();
        for (const auto& edge : edges) {
            const GLuint first = GLuint(v->size());
            for (GLuint top : edge) {
                osg::Vec3 p = (*v)[top];
                p.z() -= depth;
                v->push_back(p);
                nrm->push_back((*nrm)[top]);
            }
            for (int i = 0; i + 1 < m; ++i) {
                const GLuint a = edge[i], b = edge[i + 1], c = first + i, d = first + i + 1;
                idx.insert(idx.end(), {a, c, d, a, d, b});
            }
        }
    }
    osg::ref_ptr<osg::Geometry> geom = new osg::Geometry;
    geom->setName("terrain");
    geom->setUseDisplayList(false);
    geom->setUseVertexBufferObjects(true);
    geom->setVertexArray(v.get());
    geom->setNormalArray(nrm.get(), osg::Array::BIND_PER_VERTEX);
    if (v->size() < 65536) {
        osg::ref_ptr<osg::DrawElementsUShort> p = new osg::DrawElementsUShort(GL_TRIANGLES);
        p->reserve(idx.size());
        for (GLuint i : idx) p->push_back(GLushort(i));
        geom->addPrimitiveSet(p.get());
    } else {
        geom->addPrimitiveSet(new osg::DrawElementsUInt(GL_TRIANGLES, idx.begin(), idx.end()));
    }
    return geom;
}

osg::ref_ptr<osg::Geometry> buildFlatQuad(double sizeX, double sizeY, float z)
{
    const float hx = float(sizeX / 2), hy = float(sizeY / 2);
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    v->push_back({-hx, -hy, z});
    v->push_back({hx, -hy, z});
    v->push_back({hx, hy, z});
    v->push_back({-hx, hy, z});
    osg::ref_ptr<osg::Vec3Array> n = new osg::Vec3Array(4);
    std::fill(n->begin(), n->end(), osg::Vec3(0, 0, 1));
    osg::ref_ptr<osg::Geometry> quad = new osg::Geometry;
    quad->setName("flat ground");
    quad->setUseDisplayList(false);
    quad->setUseVertexBufferObjects(true);
    quad->setVertexArray(v.get());
    quad->setNormalArray(n.get(), osg::Array::BIND_PER_VERTEX);
    const GLushort indices[] = {0, 1, 2, 0, 2, 3};
    quad->addPrimitiveSet(new osg::DrawElementsUShort(GL_TRIANGLES, 6, indices));
    return quad;
}

} // namespace citytwin::render
