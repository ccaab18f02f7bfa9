#include "citytwin/render/CityScene.h"

#include "PreparedLayer.h"
#include "Shaders.h"

#include <osg/Geometry>
#include <osg/MatrixTransform>
#include <osg/NodeCallback>
#include <osg/StateSet>
#include <osg/Uniform>

#include <QDebug>

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>

namespace citytwin::render {

namespace {
constexpr int kDefaultTilesPerFrame = 8;
} // namespace

struct CityScene::Impl {
    struct Layer {
        std::shared_ptr<PreparedLayer> prepared;
        osg::ref_ptr<osg::Group> group;
        uint64_t revision = 0;
        bool attached = false;
        bool visible = true;
    };
    struct Pending {
        LayerId layer;
        uint64_t revision;
        osg::ref_ptr<osg::Node> node;
    };

    osg::ref_ptr<osg::Group> root;
    osg::ref_ptr<osg::NodeCallback> updateCallback;
    std::map<LayerId, Layer> layers;
    std::deque<Pending> queue;
    std::vector<osg::ref_ptr<osg::Group>> toDetach;
    LayerId nextId = 1;
    uint64_t nextRevision = 1;
    int tilesPerFrame = kDefaultTilesPerFrame;
    bool dirty = true;
    std::string shaderError;
    osg::ref_ptr<osg::Program> groundProgram;
    osg::ref_ptr<osg::MatrixTransform> ground;
    bool groundVisible = true;
    bool groundDirty = true;

    Layer* find(LayerId id) {
        auto it = layers.find(id);
        return it == layers.end() ? nullptr : &it->second;
    }
    const Layer* find(LayerId id) const {
        auto it = layers.find(id);
        return it == layers.end() ? nullptr : &it->second;
    }
    FeatureStateTexture* state(LayerId id) const {
        const Layer* l = find(id);
        return l && l->prepared ? l->prepared->state.get() : nullptr;
    }

    void purgeQueue(LayerId id) {
        std::erase_if(queue, [id](const Pending& p) { return p.layer == id; });
    }

    void install(LayerId id, Layer& layer, std::shared_ptr<PreparedLayer> prepared) {
        layer.prepared = std::move(prepared);
        layer.revision = nextRevision++;
        layer.attached = false;
        layer.group = new osg::Group;
        layer.group->setName(layer.prepared->name.empty() ? "layer" : layer.prepared->name);
        layer.group->setNodeMask(layer.visible ? ~0u : 0u);
        layer.prepared->state->apply(*layer.group->getOrCreateStateSet());
        for (const PreparedLayer::Tile& t : layer.prepared->tiles)
            queue.push_back({id, layer.revision, t.node});
        dirty = true;
        groundDirty = true;
    }

    /// A quad under every layer's extent plus a margin, at its own double
    /// precision origin. Update traversal.
    void rebuildGround() {
        if (ground) root->removeChild(ground.get());
        ground = nullptr;
        gis::Extent2 e;
        for (const auto& [id, layer] : layers) e.add(layer.prepared->extent);
        if (e.empty() || !groundVisible) return;
        const double margin = std::max(500.0, 0.5 * std::max(e.width(), e.height()));
        const float hx = float(e.width() / 2 + margin), hy = float(e.height() / 2 + margin);
        const float z = -0.3f; // just under the walls' feet
        osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
        v->push_back({-hx, -hy, z});
        v->push_back({hx, -hy, z});
        v->push_back({hx, hy, z});
        v->push_back({-hx, hy, z});
        osg::ref_ptr<osg::Geometry> quad = new osg::Geometry;
        quad->setName("ground");
        quad->setUseDisplayList(false);
        quad->setUseVertexBufferObjects(true);
        quad->setVertexArray(v.get());
        const GLuint indices[] = {0, 1, 2, 0, 2, 3};
        quad->addPrimitiveSet(new osg::DrawElementsUInt(GL_TRIANGLES, 6, indices));
        ground = new osg::MatrixTransform(osg::Matrixd::translate(e.centre().x, e.centre().y, 0));
        ground->setName("ground");
        ground->addChild(quad.get());
        osg::StateSet* ss = ground->getOrCreateStateSet();
        if (groundProgram) ss->setAttributeAndModes(groundProgram.get(), osg::StateAttribute::ON);
        const osg::Vec4 c = CityScene::groundColor();
        ss->addUniform(new osg::Uniform("u_groundColor", osg::Vec3(c.r(), c.g(), c.b())));
        root->insertChild(0, ground.get());
    }

    /// Update traversal (GUI thread): the only place the live graph changes.
    void update() {
        for (auto& g : toDetach) root->removeChild(g.get());
        toDetach.clear();
        if (groundDirty) {
            rebuildGround();
            groundDirty = false;
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
            ++attached;
        }
        dirty = false;
    }

    void buildRootState() {
        osg::StateSet* ss = root->getOrCreateStateSet();
        auto program = buildingProgram();
        if (program) {
            ss->setAttributeAndModes(program->get(), osg::StateAttribute::ON);
        } else {
            shaderError = program.firstError();
            qCritical("citytwin render: building shaders unavailable: %s", shaderError.c_str());
        }
        auto groundProg = citytwin::render::groundProgram();
        if (groundProg) {
            groundProgram = *groundProg;
        } else {
            shaderError += (shaderError.empty() ? "" : "; ") + groundProg.firstError();
            qCritical("citytwin render: ground shaders unavailable: %s", groundProg.firstError().c_str());
        }
        // Sun from the south-south-east, 45 degrees up: walls facing different
        // ways get clearly different shades.
        const double az = 150.0 * M_PI / 180.0, el = 45.0 * M_PI / 180.0;
        const osg::Vec3 sun(std::sin(az) * std::cos(el), std::cos(az) * std::cos(el), std::sin(el));
        ss->addUniform(new osg::Uniform("u_sunDir", sun));
        ss->addUniform(new osg::Uniform("u_fogDensity", 1.0f / 50000.0f));
        const osg::Vec4 sky = CityScene::skyColor();
        ss->addUniform(new osg::Uniform("u_fogColor", osg::Vec3(sky.r(), sky.g(), sky.b())));
        ss->setMode(GL_LIGHTING, osg::StateAttribute::OFF | osg::StateAttribute::PROTECTED);
        ss->setMode(GL_DEPTH_TEST, osg::StateAttribute::ON);
        ss->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    }
};

namespace {
/// Runs the merge queue in the update traversal.
class MergeCallback : public osg::NodeCallback {
public:
    explicit MergeCallback(std::function<void()> update) : m_update(std::move(update)) {}
    void detach() { m_update = nullptr; }
    void operator()(osg::Node* node, osg::NodeVisitor* nv) override {
        if (m_update) m_update();
        traverse(node, nv);
    }
private:
    std::function<void()> m_update;
};
} // namespace

CityScene::CityScene() : m_impl(std::make_unique<Impl>()) {
    m_impl->root = new osg::Group;
    m_impl->root->setName("citytwin");
    m_impl->root->setDataVariance(osg::Object::DYNAMIC);
    m_impl->updateCallback = new MergeCallback([impl = m_impl.get()] { impl->update(); });
    m_impl->root->setUpdateCallback(m_impl->updateCallback.get());
    m_impl->buildRootState();
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
    return id;
}

void CityScene::removeLayer(LayerId id) {
    Impl::Layer* layer = m_impl->find(id);
    if (!layer) return;
    if (layer->attached) m_impl->toDetach.push_back(layer->group);
    m_impl->layers.erase(id);
    m_impl->purgeQueue(id);
    m_impl->dirty = true;
    m_impl->groundDirty = true;
}

bool CityScene::replaceLayer(LayerId id, std::shared_ptr<PreparedLayer> prepared) {
    Impl::Layer* layer = m_impl->find(id);
    if (!layer || !prepared || !prepared->state) return false;
    if (layer->attached) m_impl->toDetach.push_back(layer->group);
    m_impl->purgeQueue(id);
    m_impl->install(id, *layer, std::move(prepared)); // new revision: any old tile is stale
    return true;
}

void CityScene::setLayerVisible(LayerId id, bool visible) {
    Impl::Layer* layer = m_impl->find(id);
    if (!layer || layer->visible == visible) return;
    layer->visible = visible;
    layer->group->setNodeMask(visible ? ~0u : 0u);
    m_impl->dirty = true;
}

bool CityScene::hasLayer(LayerId id) const { return m_impl->find(id) != nullptr; }

bool CityScene::isLayerVisible(LayerId id) const {
    const Impl::Layer* layer = m_impl->find(id);
    return layer && layer->visible;
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

FeatureColor CityScene::featureColor(LayerId id, uint32_t featureIndex) const {
    const FeatureStateTexture* s = m_impl->state(id);
    return s ? s->color(featureIndex) : FeatureColor{};
}

bool CityScene::isFeatureVisible(LayerId id, uint32_t featureIndex) const {
    const FeatureStateTexture* s = m_impl->state(id);
    return s && s->flag(featureIndex, FeatureStateTexture::kVisible);
}

gis::Extent2 CityScene::extent() const {
    gis::Extent2 e;
    for (const auto& [id, layer] : m_impl->layers)
        if (layer.visible) e.add(layer.prepared->extent);
    return e;
}

double CityScene::maxHeightMeters() const {
    double h = 0;
    for (const auto& [id, layer] : m_impl->layers)
        if (layer.visible) h = std::max(h, layer.prepared->maxHeightMeters);
    return h;
}

int CityScene::pendingTiles() const { return static_cast<int>(m_impl->queue.size()); }
int CityScene::tilesPerFrame() const { return m_impl->tilesPerFrame; }
void CityScene::setTilesPerFrame(int n) { m_impl->tilesPerFrame = std::max(1, n); }

bool CityScene::needsRedraw() const { return m_impl->dirty || !m_impl->queue.empty(); }

std::string CityScene::shaderError() const { return m_impl->shaderError; }

osg::Vec4 CityScene::skyColor() { return {0.72f, 0.81f, 0.90f, 1.0f}; }

osg::Vec4 CityScene::groundColor() { return {0.53f, 0.55f, 0.51f, 1.0f}; }

void CityScene::setGroundVisible(bool visible) {
    if (m_impl->groundVisible == visible) return;
    m_impl->groundVisible = visible;
    m_impl->groundDirty = true;
    m_impl->dirty = true;
}

bool CityScene::isGroundVisible() const { return m_impl->groundVisible; }

} // namespace citytwin::render
