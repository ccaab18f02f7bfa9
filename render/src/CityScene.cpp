#include "CitySceneImpl.h"

#include "HazeCallback.h"
#include "Shaders.h"
#include "sensors/MarkerNodes.h"

#include <osg/StateSet>
#include <osg/Uniform>

#include <QDebug>

#include <algorithm>
#include <cmath>
#include <functional>

namespace citytwin::render {

void CityScene::Impl::install(LayerId id, Layer& layer, std::shared_ptr<PreparedLayer> prepared) {
    layer.prepared = std::move(prepared);
    layer.revision = nextRevision++;
    layer.attached = false;
    layer.group = new osg::Group;
    layer.stateRevisionSeen = UINT64_MAX; // a new group: no program chosen on it yet
    layer.sharedState = false;
    layer.group->setName(layer.prepared->name.empty() ? "layer" : layer.prepared->name);
    layer.prepared->state->apply(*layer.group->getOrCreateStateSet());
    labels.removeLayer(id); // features may differ: the caller sets labels again
    applyVisibility(id, layer);
    layer.queuedBytes = 0;
    pager.removeLayer(id);
    std::vector<osg::ref_ptr<TileSlot>> tileSlots, coarseSlots;
    if (osg::ref_ptr<LodNode> tree = buildLodTree(*layer.prepared, lod.get(), tileSlots, coarseSlots)) {
        layer.group->addChild(tree.get()); // tiles (and paged coarse meshes) come through the pager
        pager.addLayer(id, layer.prepared, tileSlots, coarseSlots);
    } else {
        for (const PreparedLayer::Tile& t : layer.prepared->tiles)
            if (t.node) queue.push_back({id, layer.revision, t.node});
    }
    dirty = true;
    groundExtentDirty = true;
}

void CityScene::Impl::restack() {
    std::map<gis::LayerKind, int> rankOfKind;
    int areas = 0;
    for (LayerId id : order)
        if (const Layer* l = find(id); l && l->prepared->kind == gis::LayerKind::Areas) ++areas;
    std::vector<int> imagery;
    for (LayerId id : order) {
        if (GroundLayer* g = findGround(id)) {
            if (g->kind == gis::LayerKind::Imagery) imagery.push_back(id);
            continue;
        }
        Layer* l = find(id);
        if (!l) continue;
        const gis::LayerKind kind = l->prepared->kind;
        LayerDrawState s;
        s.kind = kind;
        s.rank = rankOfKind[kind]++;
        s.drapeRank = kind == gis::LayerKind::Lines ? areas + s.rank : s.rank;
        s.opacity = l->opacity;
        s.pointSizePixels = l->pointPixels;
        l->draw = s;
        applyLayerDrawState(*l->group->getOrCreateStateSet(), s, programOf(kind));
    }
    std::vector<int> priority{kSensorLabelLayerId}; // sensor labels first
    priority.insert(priority.end(), order.rbegin(), order.rend());
    labels.setPriority(priority);
    ground.setImageryOrder(imagery);
    dirty = true;
}

gis::Extent2 CityScene::Impl::flatExtent() const {
    gis::Extent2 e;
    for (const auto& [id, layer] : layers) e.add(layer.prepared->extent);
    if (!groundLayers.empty()) e.add(ground.extent());
    return e;
}

int64_t CityScene::Impl::tileBytes(const Layer& layer, const osg::Node* node) {
    for (const PreparedLayer::Tile& t : layer.prepared->tiles)
        if (t.node.get() == node) return t.bytes;
    return 0;
}

void CityScene::Impl::update() {
    for (auto& g : toDetach) root->removeChild(g.get());
    toDetach.clear();
    if (groundExtentDirty) {
        ground.setFlatExtent(flatExtent());
        groundExtentDirty = false;
    }
    for (auto& [id, layer] : layers) {
        if (!layer.attached) {
            root->addChild(layer.group.get());
            layer.attached = true;
        }
    }
    int attached = 0;
    while (!queue.empty() && attached < tilesPerFrame) {
        Pending p = std::move(queue.front());
        queue.pop_front();
        Layer* layer = find(p.layer);
        if (!layer || layer->revision != p.revision) continue; // stale
        layer->group->addChild(p.node.get());
        layer->queuedBytes += tileBytes(*layer, p.node.get());
        ++attached;
    }
    for (auto& [id, layer] : layers) chooseStateProgram(layer);
    adaptToTriangleBudget();
    pager.update(tilesPerFrame - attached, lod->view());
    dirty = false;
}

void CityScene::Impl::chooseStateProgram(Layer& layer) {
    const FeatureStateTexture& state = *layer.prepared->state;
    if (layer.stateRevisionSeen == state.revision()) return;
    layer.stateRevisionSeen = state.revision();
    if (layer.prepared->kind != gis::LayerKind::Buildings || !sharedStateProgram) return;
    auto shared = state.featureCount() > 0 ? state.sharedTexel() : std::nullopt;
    // All hidden: the texture program hides them (rare; not worth a path).
    if (shared && ((*shared)[3] & FeatureStateTexture::kVisible) == 0) shared.reset();
    osg::StateSet* ss = layer.group->getOrCreateStateSet();
    if (shared) {
        const auto& t = *shared;
        ss->getOrCreateUniform("u_sharedColor", osg::Uniform::FLOAT_VEC3)
            ->set(osg::Vec3(t[0] / 255.0f, t[1] / 255.0f, t[2] / 255.0f));
        ss->getOrCreateUniform("u_sharedSelected", osg::Uniform::FLOAT)
            ->set((t[3] & FeatureStateTexture::kSelected) ? 1.0f : 0.0f);
        if (!layer.sharedState) ss->setAttributeAndModes(sharedStateProgram.get(), osg::StateAttribute::ON);
    } else if (layer.sharedState) {
        ss->removeAttribute(osg::StateAttribute::PROGRAM);
    }
    layer.sharedState = shared.has_value();
}

void CityScene::Impl::buildRootState() {
    osg::StateSet* ss = root->getOrCreateStateSet();
    auto program = buildingProgram();
    if (program) {
        ss->setAttributeAndModes(program->get(), osg::StateAttribute::ON);
    } else {
        shaderError = program.firstError();
        qCritical("citytwin render: building shaders unavailable: %s", shaderError.c_str());
    }
    auto note = [this](const char* what, const std::string& error) {
        shaderError += (shaderError.empty() ? "" : "; ") + error;
        qCritical("citytwin render: %s shaders unavailable: %s", what, error.c_str());
    };
    if (auto drape = citytwin::render::drapeProgram()) drapeProgram = *drape;
    else note("drape", drape.firstError());
    if (auto point = citytwin::render::pointProgram()) pointProgram = *point;
    else note("point", point.firstError());
    if (auto shared = buildingSharedStateProgram()) sharedStateProgram = *shared;
    else note("shared-state building", shared.firstError());
    // Sun from the south-south-east, 45 degrees up: walls facing different
    // ways get clearly different shades.
    const double az = 150.0 * M_PI / 180.0, el = 45.0 * M_PI / 180.0;
    const osg::Vec3 sun(std::sin(az) * std::cos(el), std::cos(az) * std::cos(el), std::sin(el));
    ss->addUniform(new osg::Uniform("u_sunDir", sun));
    auto* fogDensity = new osg::Uniform("u_fogDensity", HazeCallback::densityFor(0.0));
    ss->addUniform(fogDensity);
    root->addCullCallback(new HazeCallback(fogDensity));
    ss->addUniform(new osg::Uniform("u_opacity", 1.0f));
    const osg::Vec4 sky = CityScene::skyColor();
    ss->addUniform(new osg::Uniform("u_fogColor", osg::Vec3(sky.r(), sky.g(), sky.b())));
    ss->setMode(GL_LIGHTING, osg::StateAttribute::OFF | osg::StateAttribute::PROTECTED);
    ss->setMode(GL_DEPTH_TEST, osg::StateAttribute::ON);
    ss->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
}

namespace {
/// Runs the merge queue in the update traversal, before the children's
/// callbacks (the ground's), and clears the ground's redraw flag after them.
class MergeCallback : public osg::NodeCallback {
public:
    MergeCallback(std::function<void()> before, std::function<void()> after)
        : m_before(std::move(before)), m_after(std::move(after)) {}
    void detach() { m_before = m_after = nullptr; }
    void operator()(osg::Node* node, osg::NodeVisitor* nv) override {
        if (m_before) m_before();
        traverse(node, nv);
        if (m_after) m_after();
    }
private:
    std::function<void()> m_before, m_after;
};
} // namespace

CityScene::CityScene() : m_impl(std::make_unique<Impl>()) {
    m_impl->root = new osg::Group;
    m_impl->root->setName("citytwin");
    m_impl->root->setDataVariance(osg::Object::DYNAMIC);
    m_impl->updateCallback = new MergeCallback([impl = m_impl.get()] { impl->update(); },
                                               [impl = m_impl.get()] { impl->ground.clearRedraw(); });
    m_impl->root->setUpdateCallback(m_impl->updateCallback.get());
    m_impl->buildRootState();
    // The pager needs the view of every frame, wherever the camera looks.
    m_impl->root->setCullingActive(false);
    m_impl->root->addCullCallback(viewRecorder(m_impl->lod.get()));
    m_impl->pager.setPagedDefaultBudget(kDefaultPagedMemoryBudget);
    m_impl->ground.setFlatVisible(true);
    if (osg::Node* g = m_impl->ground.node()) m_impl->root->addChild(g);
    m_impl->root->addChild(m_impl->labels.node());
    m_impl->root->addChild(m_impl->sensors.node());
    m_impl->root->addChild(m_impl->legend.node());
}

CityScene::~CityScene() {
    // The root may outlive the scene inside a viewer: cut the callback loose.
    static_cast<MergeCallback*>(m_impl->updateCallback.get())->detach();
    m_impl->root->setUpdateCallback(nullptr);
}

osg::Group* CityScene::root() const { return m_impl->root.get(); }

LayerId CityScene::addLayer(std::shared_ptr<PreparedLayer> layer) {
    if (!layer || !layer->state) return -1;
    const LayerId id = m_impl->nextId++;
    m_impl->install(id, m_impl->layers[id], std::move(layer));
    m_impl->order.push_back(id);
    m_impl->restack();
    return id;
}

LayerId CityScene::addTerrain(std::shared_ptr<PreparedTerrain> terrain) {
    if (!terrain) return -1;
    const LayerId id = m_impl->nextId++;
    m_impl->ground.setTerrain(id, std::move(terrain));
    m_impl->groundExtentDirty = true;
    m_impl->groundLayers[id] = {gis::LayerKind::Terrain};
    m_impl->order.push_back(id);
    m_impl->restack();
    return id;
}

LayerId CityScene::addImagery(std::shared_ptr<PreparedImagery> imagery) {
    if (!imagery) return -1;
    const LayerId id = m_impl->nextId++;
    m_impl->ground.addImagery(id, std::move(imagery));
    m_impl->groundExtentDirty = true;
    m_impl->groundLayers[id] = {gis::LayerKind::Imagery};
    m_impl->order.push_back(id);
    m_impl->restack();
    return id;
}

void CityScene::removeLayer(LayerId id) {
    std::erase(m_impl->order, id);
    if (Impl::GroundLayer* g = m_impl->findGround(id)) {
        if (g->kind == gis::LayerKind::Terrain) m_impl->ground.removeTerrain(id);
        else m_impl->ground.removeImagery(id);
        m_impl->groundLayers.erase(id);
        m_impl->groundExtentDirty = true;
        m_impl->restack();
        return;
    }
    Impl::Layer* layer = m_impl->find(id);
    if (!layer) return;
    if (layer->attached) m_impl->toDetach.push_back(layer->group);
    m_impl->layers.erase(id);
    m_impl->pager.removeLayer(id);
    m_impl->labels.removeLayer(id);
    m_impl->purgeQueue(id);
    m_impl->groundExtentDirty = true;
    m_impl->restack();
}

bool CityScene::replaceLayer(LayerId id, std::shared_ptr<PreparedLayer> prepared) {
    Impl::Layer* layer = m_impl->find(id);
    if (!layer || !prepared || !prepared->state) return false;
    if (layer->attached) m_impl->toDetach.push_back(layer->group);
    m_impl->purgeQueue(id);
    m_impl->install(id, *layer, std::move(prepared)); // new revision: any old tile is stale
    m_impl->restack();
    return true;
}

void CityScene::setLayerVisible(LayerId id, bool visible) {
    if (Impl::GroundLayer* g = m_impl->findGround(id)) {
        if (g->visible == visible) return;
        g->visible = visible;
        if (g->kind == gis::LayerKind::Terrain) m_impl->ground.setTerrainVisible(id, visible);
        else m_impl->ground.setImageryVisible(id, visible);
        m_impl->groundExtentDirty = true; // the flat ground covers what is shown
        m_impl->dirty = true;
        return;
    }
    Impl::Layer* layer = m_impl->find(id);
    if (!layer || layer->visible == visible) return;
    layer->visible = visible;
    m_impl->applyVisibility(id, *layer);
    m_impl->dirty = true;
}

bool CityScene::hasLayer(LayerId id) const {
    return m_impl->find(id) != nullptr || m_impl->groundLayers.count(id) > 0;
}

bool CityScene::isLayerVisible(LayerId id) const {
    if (auto it = m_impl->groundLayers.find(id); it != m_impl->groundLayers.end()) return it->second.visible;
    const Impl::Layer* layer = m_impl->find(id);
    return layer && layer->visible;
}

gis::LayerKind CityScene::layerKind(LayerId id) const {
    if (auto it = m_impl->groundLayers.find(id); it != m_impl->groundLayers.end()) return it->second.kind;
    const Impl::Layer* layer = m_impl->find(id);
    return layer ? layer->prepared->kind : gis::LayerKind::Auto;
}

std::vector<LayerId> CityScene::layerOrder() const { return m_impl->order; }

void CityScene::setLayerOrder(const std::vector<LayerId>& bottomToTop) {
    std::vector<LayerId> order;
    for (LayerId id : bottomToTop)
        if (hasLayer(id) && std::find(order.begin(), order.end(), id) == order.end()) order.push_back(id);
    for (LayerId id : m_impl->order)
        if (std::find(order.begin(), order.end(), id) == order.end()) order.push_back(id);
    if (order == m_impl->order) return;
    m_impl->order = std::move(order);
    m_impl->restack();
}

void CityScene::setLayerOpacity(LayerId id, float opacity) {
    opacity = std::clamp(std::isnan(opacity) ? 1.0f : opacity, 0.0f, 1.0f);
    if (Impl::GroundLayer* g = m_impl->findGround(id)) {
        if (g->opacity == opacity) return;
        g->opacity = opacity;
        if (g->kind == gis::LayerKind::Imagery) m_impl->ground.setImageryOpacity(id, opacity);
        m_impl->dirty = true;
        return;
    }
    Impl::Layer* layer = m_impl->find(id);
    if (!layer || layer->opacity == opacity) return;
    layer->opacity = opacity;
    m_impl->applyVisibility(id, *layer);
    m_impl->restack();
}

float CityScene::layerOpacity(LayerId id) const {
    if (auto it = m_impl->groundLayers.find(id); it != m_impl->groundLayers.end()) return it->second.opacity;
    const Impl::Layer* layer = m_impl->find(id);
    return layer ? layer->opacity : 1.0f;
}

void CityScene::setPointSize(LayerId id, float pixels) {
    Impl::Layer* layer = m_impl->find(id);
    if (!layer || !(pixels > 0)) return;
    layer->pointPixels = std::min(pixels, 128.0f);
    m_impl->restack();
}

float CityScene::pointSize(LayerId id) const {
    const Impl::Layer* layer = m_impl->find(id);
    return layer ? layer->pointPixels : kDefaultPointPixels;
}

uint32_t CityScene::featureCount(LayerId id) const {
    const FeatureStateTexture* s = m_impl->state(id);
    return s ? s->featureCount() : 0;
}

void CityScene::setFeatureColor(LayerId id, uint32_t featureIndex, FeatureColor color) {
    if (FeatureStateTexture* s = m_impl->state(id)) {
        s->setColor(featureIndex, color);
        m_impl->dirty = true;
    }
}

void CityScene::setLayerColor(LayerId id, FeatureColor color) {
    if (FeatureStateTexture* s = m_impl->state(id)) {
        s->setAllColors(color);
        m_impl->dirty = true;
    }
}

void CityScene::setFeatureVisible(LayerId id, uint32_t featureIndex, bool visible) {
    if (FeatureStateTexture* s = m_impl->state(id)) {
        s->setFlag(featureIndex, FeatureStateTexture::kVisible, visible);
        m_impl->dirty = true;
    }
}

void CityScene::setFeatureSelected(LayerId id, uint32_t featureIndex, bool selected) {
    if (FeatureStateTexture* s = m_impl->state(id)) {
        s->setFlag(featureIndex, FeatureStateTexture::kSelected, selected);
        m_impl->dirty = true;
    }
}

void CityScene::setFeatureColors(LayerId id, const std::vector<FeatureColor>& colors,
                                 const std::vector<uint8_t>& visible) {
    if (FeatureStateTexture* s = m_impl->state(id)) {
        s->setColorsAndVisibility(colors, visible);
        m_impl->dirty = true;
    }
}

FeatureColor CityScene::featureColor(LayerId id, uint32_t featureIndex) const {
    const FeatureStateTexture* s = m_impl->state(id);
    return s ? s->color(featureIndex) : FeatureColor{};
}

bool CityScene::isFeatureVisible(LayerId id, uint32_t featureIndex) const {
    const FeatureStateTexture* s = m_impl->state(id);
    return s && s->flag(featureIndex, FeatureStateTexture::kVisible);
}

void CityScene::setLayerLabels(LayerId id, std::vector<std::string> textPerFeature) {
    Impl::Layer* layer = m_impl->find(id);
    if (!layer) return;
    m_impl->labels.setLabels(id, layer->prepared->anchors, textPerFeature, layer->prepared->state.get(),
                             layer->prepared->kind == gis::LayerKind::Points);
    m_impl->applyVisibility(id, *layer);
    m_impl->dirty = true;
}

int CityScene::placedLabelCount() const { return m_impl->labels.placedCount(); }

int CityScene::placedLabelCount(LayerId id) const { return m_impl->labels.placedCount(id); }

void CityScene::setLegend(std::vector<LegendEntry> entries) {
    if (entries == m_impl->legend.entries()) return;
    m_impl->legend.setEntries(std::move(entries));
    const float m = LegendOverlay::kMarginPixels;
    const bool any = !m_impl->legend.entries().empty();
    m_impl->labels.setReservedBottomRight(any ? m_impl->legend.panelWidth() + m : 0,
                                          any ? m_impl->legend.panelHeight() + m : 0);
    m_impl->dirty = true;
}

const std::vector<LegendEntry>& CityScene::legend() const { return m_impl->legend.entries(); }

GroundNode& CityScene::ground() { return m_impl->ground; }

SensorOverlay& CityScene::sensors() { return m_impl->sensors; }

gis::Extent2 CityScene::extent() const {
    gis::Extent2 e;
    for (const auto& [id, layer] : m_impl->layers)
        if (layer.visible) e.add(layer.prepared->extent);
    bool groundShown = false;
    for (const auto& [id, g] : m_impl->groundLayers) groundShown = groundShown || g.visible;
    if (groundShown) e.add(m_impl->ground.extent());
    return e;
}

double CityScene::maxHeightMeters() const {
    double h = 0;
    for (const auto& [id, layer] : m_impl->layers)
        if (layer.visible) h = std::max(h, layer.prepared->maxHeightMeters);
    if (!m_impl->groundLayers.empty()) h = std::max(h, m_impl->ground.maxHeightMeters());
    return h;
}

FeatureStateStats CityScene::featureStateStats(LayerId id) const {
    const FeatureStateTexture* s = m_impl->state(id);
    if (!s) return {};
    FeatureStateStats stats = s->stats();
    const Impl::Layer* layer = m_impl->find(id);
    stats.sharedState = layer && layer->sharedState;
    return stats;
}

std::string CityScene::shaderError() const { return m_impl->shaderError; }

osg::Vec4 CityScene::skyColor() { return {0.72f, 0.81f, 0.90f, 1.0f}; }

osg::Vec4 CityScene::groundColor() { return {0.53f, 0.55f, 0.51f, 1.0f}; }

void CityScene::setGroundVisible(bool visible) {
    if (m_impl->groundVisible == visible) return;
    m_impl->groundVisible = visible;
    m_impl->ground.setFlatVisible(visible);
    m_impl->dirty = true;
}

bool CityScene::isGroundVisible() const { return m_impl->groundVisible; }

} // namespace citytwin::render
