#include "ground/TerrainMesh.h"

#include <osg/PrimitiveSet>

#include <algorithm>
#include <cmath>

namespace citytwin::render {

namespace {

/// Largest gap between the full-resolution samples along the patch's four
/// edges and the straight segments of a mesh of `step` along them: how deep a
/// crack against that level can be.
double edgeDeviation(const TerrainGrid& g, const TerrainPatch& p, int step)
{
    step = std::min(step, p.intervals);
    if (step <= 1) return 0;
    double worst = 0;
    const int c1 = p.col0 + p.intervals, r1 = p.row0 + p.intervals;
    auto walk = [&](auto h) {
        for (int i = 0; i + step <= p.intervals; i += step) {
            const double a = h(i), b = h(i + step);
            for (int k = 1; k < step; ++k) {
                const double t = double(k) / step;
                worst = std::max(worst, std::abs(h(i + k) - ((1 - t) * a + t * b)));
            }
        }
    };
    walk([&](int i) { return double(g.at(p.col0 + i, p.row0)); });
    walk([&](int i) { return double(g.at(p.col0 + i, r1)); });
    walk([&](int i) { return double(g.at(p.col0, p.row0 + i)); });
    walk([&](int i) { return double(g.at(c1, p.row0 + i)); });
    return worst;
}

/// Does the layer hold any tile under grid samples [c0, c1] x [r0, r1]?
bool cellHasData(const TerrainGrid& g, int c0, int r0, int c1, int r1)
{
    const int n = g.intervals;
    auto tileOf = [n](int s) { return s >= 0 ? s / n : -((-s + n - 1) / n); };
    return g.hasAnyTile(g.tileX0 + tileOf(c0), g.tileY0 + tileOf(r0), g.tileX0 + tileOf(c1 - 1) + 1,
                        g.tileY0 + tileOf(r1 - 1) + 1);
}

} // namespace

osg::ref_ptr<osg::Geometry> buildTerrainMesh(const TerrainGrid& g, const TerrainPatch& p, bool skirts)
{
    const int step = std::max(1, p.step);
    const int m = p.intervals / step + 1;
    const double s = g.spacingMeters;
    const double halfEdge = p.intervals * s / 2;
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec3Array> nrm = new osg::Vec3Array;
    v->reserve(size_t(m) * m + (skirts ? 4 * m : 0));
    nrm->reserve(v->capacity());
    for (int j = 0; j < m; ++j)
        for (int i = 0; i < m; ++i) {
            const int c = p.col0 + i * step, r = p.row0 + j * step;
            v->push_back(osg::Vec3(float(i * step * s - halfEdge), float(j * step * s - halfEdge), g.at(c, r)));
            // Central differences at the mesh's own step: the same value on
            // both sides of a patch edge, and smooth shading on coarse levels.
            const double dx = (g.at(c + step, r) - g.at(c - step, r)) / (2 * step * s);
            const double dy = (g.at(c, r + step) - g.at(c, r - step)) / (2 * step * s);
            osg::Vec3 normal(float(-dx), float(-dy), 1.0f);
            normal.normalize();
            nrm->push_back(normal);
        }
    std::vector<uint8_t> cells(size_t(m - 1) * (m - 1));
    for (int j = 0; j + 1 < m; ++j)
        for (int i = 0; i + 1 < m; ++i)
            cells[size_t(j) * (m - 1) + i] = cellHasData(g, p.col0 + i * step, p.row0 + j * step,
                                                         p.col0 + (i + 1) * step, p.row0 + (j + 1) * step);
    std::vector<GLuint> idx;
    idx.reserve(size_t(m - 1) * (m - 1) * 6 + size_t(skirts ? 4 * (m - 1) * 6 : 0));
    for (int j = 0; j + 1 < m; ++j)
        for (int i = 0; i + 1 < m; ++i) {
            if (!cells[size_t(j) * (m - 1) + i]) continue;
            const GLuint a = j * m + i, b = a + 1, c = a + m, d = c + 1;
            idx.insert(idx.end(), {a, b, d, a, d, c});
        }
    if (skirts && m > 1) {
        const float depth = float(0.03 * g.tileSizeMeters + edgeDeviation(g, p, step) + edgeDeviation(g, p, 4 * step));
        // The four edges, each walked so its curtain faces outwards, with the
        // cell each segment borders.
        struct Edge { std::vector<GLuint> top; std::vector<size_t> cell; };
        std::vector<Edge> edges(4);
        const int k = m - 1;
        for (int i = 0; i < m; ++i) {
            edges[0].top.push_back(GLuint(i));                       // south, west → east
            edges[1].top.push_back(GLuint(i * m + m - 1));           // east, south → north
            edges[2].top.push_back(GLuint((m - 1) * m + m - 1 - i)); // north, east → west
            edges[3].top.push_back(GLuint((m - 1 - i) * m));         // west, north → south
        }
        for (int i = 0; i < k; ++i) {
            edges[0].cell.push_back(size_t(i));
            edges[1].cell.push_back(size_t(i) * k + k - 1);
            edges[2].cell.push_back(size_t(k - 1) * k + k - 1 - i);
            edges[3].cell.push_back(size_t(k - 1 - i) * k);
        }
        for (const Edge& edge : edges) {
            const GLuint first = GLuint(v->size());
            for (GLuint top : edge.top) {
                osg::Vec3 q = (*v)[top];
                q.z() -= depth;
                v->push_back(q);
                nrm->push_back((*nrm)[top]);
            }
            for (int i = 0; i < k; ++i) {
                if (!cells[edge.cell[i]]) continue;
                const GLuint a = edge.top[i], b = edge.top[i + 1], c = first + i, d = first + i + 1;
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
        osg::ref_ptr<osg::DrawElementsUShort> prim = new osg::DrawElementsUShort(GL_TRIANGLES);
        prim->reserve(idx.size());
        for (GLuint i : idx) prim->push_back(GLushort(i));
        geom->addPrimitiveSet(prim.get());
    } else {
        geom->addPrimitiveSet(new osg::DrawElementsUInt(GL_TRIANGLES, idx.begin(), idx.end()));
    }
    return geom;
}

osg::ref_ptr<osg::Geometry> buildFlatQuad(double sizeX, double sizeY, float z, int cells)
{
    cells = std::clamp(cells, 1, 255); // 16-bit indices
    const int side = cells + 1;
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    v->reserve(size_t(side * side));
    for (int row = 0; row < side; ++row)
        for (int col = 0; col < side; ++col)
            v->push_back({float(sizeX * (double(col) / cells - 0.5)), float(sizeY * (double(row) / cells - 0.5)), z});
    osg::ref_ptr<osg::Vec3Array> n = new osg::Vec3Array(v->size());
    std::fill(n->begin(), n->end(), osg::Vec3(0, 0, 1));
    osg::ref_ptr<osg::Geometry> quad = new osg::Geometry;
    quad->setName("flat ground");
    quad->setUseDisplayList(false);
    quad->setUseVertexBufferObjects(true);
    quad->setVertexArray(v.get());
    quad->setNormalArray(n.get(), osg::Array::BIND_PER_VERTEX);
    osg::ref_ptr<osg::DrawElementsUShort> indices = new osg::DrawElementsUShort(GL_TRIANGLES);
    indices->reserve(size_t(6 * cells * cells));
    for (int row = 0; row < cells; ++row)
        for (int col = 0; col < cells; ++col) {
            const auto a = GLushort(row * side + col), b = GLushort(a + 1);
            const auto d = GLushort(a + side), c = GLushort(d + 1);
            for (GLushort i : {a, b, c, a, c, d}) indices->push_back(i);
        }
    quad->addPrimitiveSet(indices.get());
    return quad;
}

} // namespace citytwin::render
