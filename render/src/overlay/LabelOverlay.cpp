#include "LabelOverlay.h"

#include "../FeatureStateTexture.h"

#include <osg/Depth>
#include <osg/MatrixTransform>
#include <osg/NodeCallback>
#include <osg/Program>
#include <osgText/Font>
#include <osgText/Text>
#include <osgUtil/CullVisitor>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace citytwin::render {

namespace {

/// Exposes the text's own bounding box (glyph units = pixels in
/// SCREEN_COORDS mode), which osgText keeps protected.
class LabelText : public osgText::Text {
public:
    float textWidth() const { return _textBB.valid() ? _textBB.xMax() - _textBB.xMin() : 0.0f; }
    float textHeight() const { return _textBB.valid() ? _textBB.yMax() - _textBB.yMin() : 0.0f; }
};

osgText::Font* labelFont() {
    static osg::ref_ptr<osgText::Font> font = osgText::readRefFontFile(LabelOverlay::kFontPath);
    return font.get();
}

struct Rect {
    float x0, y0, x1, y1;
    bool overlaps(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

/// Placed rectangles bucketed on a coarse pixel grid: overlap tests touch
/// only the cells a rectangle covers.
class RectGrid {
public:
    bool overlapsAny(const Rect& r) const {
        bool hit = false;
        forCells(r, [&](int64_t key) {
            auto it = m_cells.find(key);
            if (it == m_cells.end()) return;
            for (uint32_t i : it->second)
                if (m_rects[i].overlaps(r)) hit = true;
        });
        return hit;
    }
    void add(const Rect& r) {
        const uint32_t index = static_cast<uint32_t>(m_rects.size());
        m_rects.push_back(r);
        forCells(r, [&](int64_t key) { m_cells[key].push_back(index); });
    }
private:
    static constexpr float kCell = 64.0f;
    template <typename F> void forCells(const Rect& r, F&& f) const {
        const int cx0 = int(std::floor(r.x0 / kCell)), cx1 = int(std::floor(r.x1 / kCell));
        const int cy0 = int(std::floor(r.y0 / kCell)), cy1 = int(std::floor(r.y1 / kCell));
        for (int cy = cy0; cy <= cy1; ++cy)
            for (int cx = cx0; cx <= cx1; ++cx) f((int64_t(cy) << 32) ^ int64_t(uint32_t(cx)));
    }
    std::vector<Rect> m_rects;
    std::unordered_map<int64_t, std::vector<uint32_t>> m_cells;
};

} // namespace

struct LabelOverlay::Data : osg::Referenced {
    struct Label {
        uint32_t feature;
        osg::Vec3d local;     ///< relative to the layer origin
        float width, height;  ///< pixels
    };
    struct Layer {
        osg::ref_ptr<osg::MatrixTransform> node;
        osg::Vec3d origin;
        std::vector<Label> labels;   ///< parallel to node's children
        std::vector<unsigned> placed; ///< child indices drawn this frame
        const FeatureStateTexture* state = nullptr;
        bool beside = false;
        bool shown = true;
    };
    std::map<int, Layer> layers;
    std::vector<int> priority;
    int placedTotal = 0;
    float reservedWidth = 0, reservedHeight = 0;

    std::vector<Layer*> inPlacementOrder() {
        std::vector<Layer*> out;
        for (int id : priority) {
            auto it = layers.find(id);
            if (it != layers.end()) out.push_back(&it->second);
        }
        for (auto& [id, layer] : layers)
            if (std::find(priority.begin(), priority.end(), id) == priority.end()) out.push_back(&layer);
        return out;
    }

    /// Greedy placement for one camera: cull traversal, before the layers.
    void place(const osg::Matrixd& modelView, const osg::Matrixd& projection, const osg::Viewport& vp) {
        RectGrid grid;
        placedTotal = 0;
        const double w = vp.width(), h = vp.height();
        if (reservedWidth > 0 && reservedHeight > 0)
            grid.add({float(w) - reservedWidth, 0.0f, float(w), reservedHeight});
        for (Layer* layer : inPlacementOrder()) {
            layer->placed.clear();
            if (!layer->shown) continue;
            const osg::Matrixd mvp = osg::Matrixd::translate(layer->origin) * modelView * projection;
            for (unsigned i = 0; i < layer->labels.size(); ++i) {
                const Label& l = layer->labels[i];
                if (layer->state && !layer->state->flag(l.feature, FeatureStateTexture::kVisible)) continue;
                const osg::Vec4d clip = osg::Vec4d(l.local, 1.0) * mvp;
                if (clip.w() <= 1e-6) continue; // behind the camera
                const double nx = clip.x() / clip.w(), ny = clip.y() / clip.w();
                if (std::abs(nx) > 1.0 || std::abs(ny) > 1.0) continue;
                const float x = float((nx + 1) * 0.5 * w), y = float((ny + 1) * 0.5 * h);
                constexpr float pad = 2.0f;
                Rect r{x - l.width / 2 - pad, y - l.height / 2 - pad, x + l.width / 2 + pad, y + l.height / 2 + pad};
                if (layer->beside) { r.x0 = x - pad; r.x1 = x + l.width + pad; }
                if (r.x0 < 0 || r.y0 < 0 || r.x1 > w || r.y1 > h) continue; // whole labels only
                if (grid.overlapsAny(r)) continue;
                grid.add(r);
                layer->placed.push_back(i);
            }
            placedTotal += int(layer->placed.size());
        }
    }
};

namespace {

class DeclutterCallback : public osg::NodeCallback {
public:
    explicit DeclutterCallback(LabelOverlay::Data* data) : m_data(data) {}
    void operator()(osg::Node* node, osg::NodeVisitor* nv) override {
        auto* cv = dynamic_cast<osgUtil::CullVisitor*>(nv);
        if (cv && cv->getViewport() && cv->getModelViewMatrix() && cv->getProjectionMatrix())
            m_data->place(*cv->getModelViewMatrix(), *cv->getProjectionMatrix(), *cv->getViewport());
        traverse(node, nv);
    }
private:
    osg::ref_ptr<LabelOverlay::Data> m_data;
};

/// Culls only the labels the declutter placed this frame.
class PlacedOnlyCallback : public osg::NodeCallback {
public:
    PlacedOnlyCallback(LabelOverlay::Data* data, int layerId) : m_data(data), m_layerId(layerId) {}
    void operator()(osg::Node* node, osg::NodeVisitor* nv) override {
        auto it = m_data->layers.find(m_layerId);
        auto* group = node->asGroup();
        if (it == m_data->layers.end() || !group) return;
        for (unsigned i : it->second.placed)
            if (i < group->getNumChildren()) group->getChild(i)->accept(*nv);
    }
private:
    osg::ref_ptr<LabelOverlay::Data> m_data;
    int m_layerId;
};

osg::ref_ptr<LabelText> makeText(const std::string& text, const osg::Vec3d& local, bool beside) {
    osg::ref_ptr<LabelText> t = new LabelText;
    if (osgText::Font* font = labelFont()) t->setFont(font);
    t->setFontResolution(32, 32);
    t->setCharacterSize(LabelOverlay::kLabelPixels);
    t->setCharacterSizeMode(osgText::Text::SCREEN_COORDS);
    t->setAxisAlignment(osgText::Text::SCREEN);
    // Beside a point icon: a few spaces keep the text clear of the icon.
    t->setAlignment(beside ? osgText::Text::LEFT_CENTER : osgText::Text::CENTER_CENTER);
    t->setColor(osg::Vec4(0.08f, 0.08f, 0.10f, 1.0f));
    t->setBackdropType(osgText::Text::OUTLINE);
    t->setBackdropColor(osg::Vec4(1.0f, 1.0f, 1.0f, 0.9f));
    t->setPosition(osg::Vec3(local));
    t->setText(beside ? "   " + text : text, osgText::String::ENCODING_UTF8);
    t->setCullingActive(false); // the declutter culls; SCREEN_COORDS bounds lag a frame
    return t;
}

} // namespace

LabelOverlay::LabelOverlay() : m_root(new osg::Group), m_data(new Data) {
    m_root->setName("labels");
    m_root->setCullingActive(false);
    m_root->setCullCallback(new DeclutterCallback(m_data.get()));
    osg::StateSet* ss = m_root->getOrCreateStateSet();
    // Labels sit on top of the scene (they are decluttered, so none hides
    // another); osgText brings its own program, anything else fixed function.
    ss->setAttributeAndModes(new osg::Program, osg::StateAttribute::ON);
    ss->setRenderBinDetails(30000, "RenderBin", osg::StateSet::OVERRIDE_RENDERBIN_DETAILS);
    ss->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF | osg::StateAttribute::OVERRIDE);
    ss->setAttributeAndModes(new osg::Depth(osg::Depth::ALWAYS, 0, 1, false),
                             osg::StateAttribute::ON | osg::StateAttribute::OVERRIDE);
}

LabelOverlay::~LabelOverlay() = default;

osg::Node* LabelOverlay::node() const { return m_root.get(); }

void LabelOverlay::setLabels(int layerId, const std::vector<gis::DVec3>& anchors,
                             const std::vector<std::string>& texts, const FeatureStateTexture* state,
                             bool besideAnchor) {
    removeLayer(layerId);
    gis::Extent2 box;
    const size_t n = std::min(anchors.size(), texts.size());
    for (size_t i = 0; i < n; ++i)
        if (!texts[i].empty()) box.add(anchors[i].x, anchors[i].y);
    if (box.empty()) return;

    Data::Layer layer;
    layer.origin = osg::Vec3d(box.centre().x, box.centre().y, 0);
    layer.state = state;
    layer.beside = besideAnchor;
    layer.node = new osg::MatrixTransform(osg::Matrixd::translate(layer.origin));
    layer.node->setName("labels " + std::to_string(layerId));
    layer.node->setCullingActive(false);
    layer.node->setCullCallback(new PlacedOnlyCallback(m_data.get(), layerId));
    for (size_t i = 0; i < n; ++i) {
        if (texts[i].empty()) continue;
        const osg::Vec3d local(anchors[i].x - layer.origin.x(), anchors[i].y - layer.origin.y(), anchors[i].z);
        osg::ref_ptr<LabelText> t = makeText(texts[i], local, besideAnchor);
        layer.labels.push_back({uint32_t(i), local, t->textWidth(),
                                std::max(t->textHeight(), kLabelPixels)});
        layer.node->addChild(t.get());
    }
    m_root->addChild(layer.node.get());
    m_data->layers[layerId] = std::move(layer);
}

void LabelOverlay::removeLayer(int layerId) {
    auto it = m_data->layers.find(layerId);
    if (it == m_data->layers.end()) return;
    m_root->removeChild(it->second.node.get());
    m_data->layers.erase(it);
}

bool LabelOverlay::hasLayer(int layerId) const { return m_data->layers.count(layerId) > 0; }

void LabelOverlay::setLayerShown(int layerId, bool shown) {
    auto it = m_data->layers.find(layerId);
    if (it == m_data->layers.end()) return;
    it->second.shown = shown;
    it->second.node->setNodeMask(shown ? ~0u : 0u);
}

void LabelOverlay::setReservedBottomRight(float widthPixels, float heightPixels) {
    m_data->reservedWidth = std::max(0.0f, widthPixels);
    m_data->reservedHeight = std::max(0.0f, heightPixels);
}

void LabelOverlay::setPriority(const std::vector<int>& firstToLast) { m_data->priority = firstToLast; }

int LabelOverlay::placedCount() const { return m_data->placedTotal; }

int LabelOverlay::placedCount(int layerId) const {
    auto it = m_data->layers.find(layerId);
    return it == m_data->layers.end() ? 0 : int(it->second.placed.size());
}

} // namespace citytwin::render
