// GroundNode: terrain tiles (or flat ground) with image layers draped on them.
#include "citytwin/render/GroundNode.h"

#include "Shaders.h"
#include "ground/PreparedGround.h"
#include "ground/TerrainMesh.h"

#include <osg/Depth>
#include <osg/FrameStamp>
#include <osg/Uniform>

#include <QtGlobal>

#include <algorithm>
#include <array>
#include <map>

namespace citytwin::render {

namespace {

constexpr int kMaxImages = 4;            // samplers per patch (terrain.frag)
constexpr double kBuildBudgetMs = 10;    // terrain levels built per update traversal
constexpr float kFlatZ = -0.3f;          // just under the walls' feet, like the old ground plane
constexpr int kBaseCells = 32;        // the base plane's grid: ~0.3-1.3 km cells
const osg::Vec3 kBaseColor(0.55f, 0.58f, 0.50f); // neutral green-grey

/// The ground program for patches with `imageCount` draped images (the
/// fragment shader is compiled with IMAGE_COUNT defined).
osg::ref_ptr<osg::Program> terrainProgram(int imageCount)
{
    auto vert = loadShaderSource("terrain.vert");
    auto frag = loadShaderSource("terrain.frag");
    if (!vert || !frag) {
        qCritical("citytwin render: terrain shaders unavailable: %s",
                  (vert ? frag.firstError() : vert.firstError()).c_str());
        return nullptr;
    }
    std::string source = *frag;
    const size_t firstLineEnd = source.find('\n'); // after #version
    source.insert(firstLineEnd == std::string::npos ? source.size() : firstLineEnd + 1,
                  "#define IMAGE_COUNT " + std::to_string(imageCount) + "\n");
    osg::ref_ptr<osg::Program> program = new osg::Program;
    program->setName("citytwin_terrain_" + std::to_string(imageCount));
    program->addShader(new osg::Shader(osg::Shader::VERTEX, *vert));
    program->addShader(new osg::Shader(osg::Shader::FRAGMENT, source));
    return program;
}

/// Drives GroundNode's pending changes from the update traversal.
class GroundUpdate : public osg::NodeCallback {
public:
    explicit GroundUpdate(std::function<void(unsigned)> update) : m_update(std::move(update)) {}
    void detach() { m_update = nullptr; }
    void operator()(osg::Node* node, osg::NodeVisitor* nv) override
    {
        if (m_update) m_update(nv->getFrameStamp() ? nv->getFrameStamp()->getFrameNumber() : 0);
        traverse(node, nv);
    }
private:
    std::function<void(unsigned)> m_update;
};

} // namespace

/// The ground's subtree root, so that a renderer holding only the scene graph
/// can ask whether the ground still has work (pendingGroundWork).
class GroundRoot : public osg::Group {
public:
    std::function<int()> pending;
};

struct GroundNode::Impl {
    struct Terrain {
        std::shared_ptr<PreparedTerrain> prepared;
        bool visible = true;
    };
    struct Imagery {
        std::shared_ptr<PreparedImagery> prepared;
        bool visible = true;
        float opacity = 1.0f;
        // One uniform per slot the layer may occupy, shared by every patch
        // (an opacity change is one uniform write, no state rebuild).
        std::array<osg::ref_ptr<osg::Uniform>, kMaxImages> opacityUniform;
        std::array<osg::ref_ptr<osg::Uniform>, kMaxImages> xformUniform;
    };

    osg::ref_ptr<GroundRoot> root;
    osg::ref_ptr<osg::Group> terrainGroup; // visible terrain layers
    osg::ref_ptr<osg::Group> flatTiles;    // imagery tiles on flat ground (no terrain)
    osg::ref_ptr<osg::MatrixTransform> base; // flat plane under everything
    osg::ref_ptr<GroundUpdate> callback;
    osg::ref_ptr<osg::StateSet> bareState; // patches without imagery
    /// The ground program per count of draped images (0..kMaxImages).
    std::array<osg::ref_ptr<osg::Program>, kMaxImages + 1> programs;

    std::map<int, Terrain> terrains;
    std::map<int, Imagery> imagery;
    std::vector<int> order;                // imagery ids, bottom first
    std::vector<int> drapedLayers;         // visible imagery ids, bottom first, as last applied
    std::map<int, osg::ref_ptr<osg::Uniform>> blockSizeUniform; // u_patchSize per block level
    gis::Extent2 flatExtent;
    bool flatVisible = true;
    bool structureDirty = true;
    bool redraw = true;

    void markDirty() { structureDirty = true; redraw = true; }

    std::vector<int> visibleImageryBottomUp() const
    {
        std::vector<int> ids;
        for (int id : order)
            if (auto it = imagery.find(id); it != imagery.end() && it->second.visible) ids.push_back(id);
        for (const auto& [id, layer] : imagery) // layers missing from the order go on top
            if (layer.visible && std::find(order.begin(), order.end(), id) == order.end()) ids.push_back(id);
        return ids;
    }

    /// State of one patch: the textures of the visible layers that cover its
    /// tile (level 0) or block (level L: the layers' mosaics of that block).
    osg::ref_ptr<osg::StateSet> patchState(const gis::TileKey& key, const std::vector<int>& layers, double tileSize)
    {
        osg::ref_ptr<osg::StateSet> ss;
        int slot = 0;
        // The top four layers win when more cover a tile.
        const size_t first = layers.size() > size_t(kMaxImages) ? layers.size() - kMaxImages : 0;
        for (size_t i = first; i < layers.size(); ++i) {
            Imagery& layer = imagery.at(layers[i]);
            const auto& textures = key.level == 0 ? layer.prepared->textures : layer.prepared->mosaics;
            auto it = textures.find(key);
            if (it == textures.end()) continue;
            if (!ss) ss = new osg::StateSet;
            ss->setTextureAttribute(slot, it->second.get(), osg::StateAttribute::ON);
            if (!layer.opacityUniform[slot]) {
                const float n = float(layer.prepared->texelsPerEdge);
                layer.opacityUniform[slot] = new osg::Uniform(("u_opacity" + std::to_string(slot)).c_str(), layer.opacity);
                layer.xformUniform[slot] = new osg::Uniform(("u_texXform" + std::to_string(slot)).c_str(),
                                                            osg::Vec4((n - 1) / n, (n - 1) / n, 0.5f / n, 0.5f / n));
            }
            ss->addUniform(layer.opacityUniform[slot].get());
            ss->addUniform(layer.xformUniform[slot].get());
            ++slot;
        }
        if (!ss) return bareState;
        if (programs[size_t(slot)]) ss->setAttributeAndModes(programs[size_t(slot)].get(), osg::StateAttribute::ON);
        if (key.level > 0) {
            osg::ref_ptr<osg::Uniform>& size = blockSizeUniform[key.level];
            if (!size) size = new osg::Uniform("u_patchSize", float(tileSize * double(1 << key.level)));
            ss->addUniform(size.get());
        }
        return ss;
    }

    TerrainTree::StateFor stateFor(const PreparedTerrain& terrain)
    {
        return [this, size = terrain.tileSizeMeters](const gis::TileKey& key) {
            return patchState(key, drapedLayers, size);
        };
    }

    int pendingWork() const
    {
        int n = 0;
        for (const auto& [id, t] : terrains)
            if (t.visible && t.prepared && t.prepared->tree) n += t.prepared->tree->pending();
        return n;
    }

    /// Update traversal: build the finer terrain levels the last cull asked for.
    void serveTerrain(unsigned frameNumber)
    {
        for (auto& [id, t] : terrains) {
            if (!t.visible || !t.prepared || !t.prepared->tree) continue;
            if (t.prepared->tree->process(stateFor(*t.prepared), kBuildBudgetMs, frameNumber) > 0) redraw = true;
        }
    }

    void rebuildBase()
    {
        base->removeChildren(0, base->getNumChildren());
        if (flatExtent.empty() || !flatVisible) return;
        const gis::Extent2& e = flatExtent;
        // The ground reaches well beyond the data (a view from outside still
        // stands on ground), but not so far that the computed far plane pushes
        // the near plane (far x near/far ratio) into close-up views.
        const double margin = std::clamp(std::max(e.width(), e.height()), 5000.0, 20000.0);
        base->setMatrix(osg::Matrixd::translate(e.centre().x, e.centre().y, 0));
        // Hazed per vertex (ground.vert): a grid, so that the haze's edges
        // do not show (one quad showed its diagonal).
        base->addChild(buildFlatQuad(e.width() + 2 * margin, e.height() + 2 * margin, kFlatZ, kBaseCells).get());
        osg::StateSet* ss = base->getOrCreateStateSet();
        ss->addUniform(new osg::Uniform("u_patchSize", float(std::max(e.width(), e.height()) + 2 * margin)));
    }

    /// Update traversal (GUI thread): the only place the live subtree changes.
    void update(unsigned frameNumber)
    {
        if (structureDirty) rebuild();
        serveTerrain(frameNumber);
    }

    void rebuild()
    {
        structureDirty = false;
        rebuildBase();
        terrainGroup->removeChildren(0, terrainGroup->getNumChildren());
        flatTiles->removeChildren(0, flatTiles->getNumChildren());
        drapedLayers = visibleImageryBottomUp();
        const std::vector<int>& layers = drapedLayers;
        bool anyTerrain = false;
        for (auto& [id, t] : terrains) {
            if (!t.visible || !t.prepared) continue;
            anyTerrain = true;
            terrainGroup->addChild(t.prepared->root.get());
            const TerrainTree::StateFor state = stateFor(*t.prepared);
            TerrainTree::forEachBlock(*t.prepared->root,
                                      [&](TerrainBlock& block) { block.mesh()->setStateSet(state(block.key()).get()); });
        }
        if (anyTerrain) return;
        // No terrain: each imagery tile drapes on a flat square of its own.
        std::map<gis::TileKey, double> keys;
        for (int id : layers)
            for (const auto& [key, texture] : imagery.at(id).prepared->textures)
                keys.emplace(key, imagery.at(id).prepared->tileSizeMeters);
        std::map<double, osg::ref_ptr<osg::Geometry>> quads;
        if (!keys.empty())
            flatTiles->getOrCreateStateSet()->addUniform(new osg::Uniform("u_patchSize", float(keys.begin()->second)));
        for (const auto& [key, size] : keys) {
            auto& quad = quads[size];
            if (!quad) quad = buildFlatQuad(size, size, kFlatZ);
            osg::ref_ptr<osg::MatrixTransform> node =
                new osg::MatrixTransform(osg::Matrixd::translate((key.x + 0.5) * size, (key.y + 0.5) * size, 0));
            node->setName("flat imagery tile");
            node->addChild(quad.get());
            node->setStateSet(patchState(key, layers, size).get());
            flatTiles->addChild(node.get());
        }
    }
};

GroundNode::GroundNode() : m_impl(std::make_unique<Impl>())
{
    Impl& d = *m_impl;
    d.root = new GroundRoot;
    d.root->pending = [impl = m_impl.get()] { return impl->pendingWork(); };
    d.root->setName("ground");
    d.root->setDataVariance(osg::Object::DYNAMIC);
    d.terrainGroup = new osg::Group;
    d.terrainGroup->setName("terrain");
    d.flatTiles = new osg::Group;
    d.flatTiles->setName("flat imagery");
    d.base = new osg::MatrixTransform;
    d.base->setName("flat ground");
    d.root->addChild(d.base.get());
    d.root->addChild(d.terrainGroup.get());
    d.root->addChild(d.flatTiles.get());

    for (int i = 0; i <= kMaxImages; ++i) d.programs[size_t(i)] = terrainProgram(i);
    osg::StateSet* ss = d.root->getOrCreateStateSet();
    if (d.programs[0]) ss->setAttributeAndModes(d.programs[0].get(), osg::StateAttribute::ON);
    ss->addUniform(new osg::Uniform("u_baseColor", kBaseColor));
    ss->addUniform(new osg::Uniform("u_patchSize", 500.0f));
    for (int i = 0; i < kMaxImages; ++i)
        ss->addUniform(new osg::Uniform(("u_image" + std::to_string(i)).c_str(), i));
    // Drawn before everything else; areas and lines lie on it with small lifts.
    ss->setRenderBinDetails(-2, "RenderBin");
    // The base plane only paints the background below the horizon: drawn
    // first, it neither tests nor writes depth, so anything (terrain below
    // zero, flat imagery) draws over it. Without a depth test a software
    // rasteriser fills whole covered tiles at once; its own program colours
    // it per vertex (ground.vert).
    osg::StateSet* baseState = d.base->getOrCreateStateSet();
    baseState->setRenderBinDetails(-3, "RenderBin");
    baseState->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    baseState->setAttributeAndModes(new osg::Depth(osg::Depth::LESS, 0.0, 1.0, false), osg::StateAttribute::ON);
    if (auto flat = groundProgram()) baseState->setAttributeAndModes(flat->get(), osg::StateAttribute::ON);
    else qWarning("ground shaders failed: %s", flat.firstError().c_str());

    d.bareState = new osg::StateSet; // the root's program: no image

    d.callback = new GroundUpdate([impl = m_impl.get()](unsigned frame) { impl->update(frame); });
    d.root->setUpdateCallback(d.callback.get());
}

GroundNode::~GroundNode()
{
    // The subtree may outlive this object inside a viewer.
    m_impl->callback->detach();
    m_impl->root->pending = nullptr;
}

osg::Node* GroundNode::node() const { return m_impl->root.get(); }

void GroundNode::setFlatExtent(const gis::Extent2& extent)
{
    if (m_impl->flatExtent == extent) return;
    m_impl->flatExtent = extent;
    m_impl->markDirty();
}

void GroundNode::setFlatVisible(bool visible)
{
    if (m_impl->flatVisible == visible) return;
    m_impl->flatVisible = visible;
    m_impl->markDirty();
}

void GroundNode::setTerrain(int id, std::shared_ptr<PreparedTerrain> terrain)
{
    if (!terrain) return removeTerrain(id);
    m_impl->terrains[id].prepared = std::move(terrain);
    m_impl->markDirty();
}

void GroundNode::removeTerrain(int id)
{
    if (m_impl->terrains.erase(id)) m_impl->markDirty();
}

void GroundNode::setTerrainVisible(int id, bool visible)
{
    auto it = m_impl->terrains.find(id);
    if (it == m_impl->terrains.end() || it->second.visible == visible) return;
    it->second.visible = visible;
    m_impl->markDirty();
}

void GroundNode::addImagery(int id, std::shared_ptr<PreparedImagery> imagery)
{
    if (!imagery) return removeImagery(id);
    Impl::Imagery& layer = m_impl->imagery[id];
    const float opacity = layer.prepared ? layer.opacity : 1.0f;
    layer = Impl::Imagery{};
    layer.prepared = std::move(imagery);
    layer.opacity = opacity;
    if (std::find(m_impl->order.begin(), m_impl->order.end(), id) == m_impl->order.end()) m_impl->order.push_back(id);
    m_impl->markDirty();
}

void GroundNode::removeImagery(int id)
{
    if (!m_impl->imagery.erase(id)) return;
    std::erase(m_impl->order, id);
    m_impl->markDirty();
}

void GroundNode::setImageryVisible(int id, bool visible)
{
    auto it = m_impl->imagery.find(id);
    if (it == m_impl->imagery.end() || it->second.visible == visible) return;
    it->second.visible = visible;
    m_impl->markDirty();
}

void GroundNode::setImageryOpacity(int id, float opacity)
{
    auto it = m_impl->imagery.find(id);
    if (it == m_impl->imagery.end()) return;
    it->second.opacity = std::clamp(opacity, 0.0f, 1.0f);
    for (auto& u : it->second.opacityUniform)
        if (u) u->set(it->second.opacity);
    m_impl->redraw = true;
}

void GroundNode::setImageryOrder(const std::vector<int>& bottomToTop)
{
    if (m_impl->order == bottomToTop) return;
    m_impl->order = bottomToTop;
    m_impl->markDirty();
}

gis::Extent2 GroundNode::extent() const
{
    gis::Extent2 e;
    for (const auto& [id, t] : m_impl->terrains)
        if (t.visible && t.prepared) e.add(t.prepared->extent);
    for (const auto& [id, i] : m_impl->imagery)
        if (i.visible && i.prepared) e.add(i.prepared->extent);
    return e;
}

double GroundNode::maxHeightMeters() const
{
    double h = 0;
    for (const auto& [id, t] : m_impl->terrains)
        if (t.visible && t.prepared) h = std::max(h, t.prepared->maxHeightMeters);
    return h;
}

bool GroundNode::needsRedraw() const { return m_impl->redraw || m_impl->structureDirty || pendingWork() > 0; }

int GroundNode::pendingWork() const { return m_impl->pendingWork(); }

int pendingGroundWork(const osg::Node* sceneRoot)
{
    auto pendingOf = [](const osg::Node* node) {
        auto* ground = dynamic_cast<const GroundRoot*>(node);
        return ground && ground->pending ? ground->pending() : 0;
    };
    if (!sceneRoot) return 0;
    int n = pendingOf(sceneRoot);
    if (const osg::Group* group = sceneRoot->asGroup())
        for (unsigned i = 0; i < group->getNumChildren(); ++i) n += pendingOf(group->getChild(i));
    return n;
}

void GroundNode::clearRedraw() { m_impl->redraw = false; }

} // namespace citytwin::render
