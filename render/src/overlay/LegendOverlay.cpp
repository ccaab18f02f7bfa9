#include "LegendOverlay.h"

#include <osg/BlendFunc>
#include <osg/Depth>
#include <osg/Geometry>
#include <osg/NodeCallback>
#include <osg/Program>
#include <osgText/Font>
#include <osgText/Text>
#include <osgUtil/CullVisitor>

#include <algorithm>
#include <cmath>

namespace citytwin::render {

namespace {

constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBoldFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

osgText::Font* fontOf(bool bold) {
    static osg::ref_ptr<osgText::Font> regular = osgText::readRefFontFile(kFont);
    static osg::ref_ptr<osgText::Font> heavy = osgText::readRefFontFile(kBoldFont);
    return bold && heavy ? heavy.get() : regular.get();
}

/// Pixels (panel origin at its bottom-right) → clip space of the current
/// viewport, set before the panel is culled.
class PlaceInCorner : public osg::NodeCallback {
public:
    explicit PlaceInCorner(osg::MatrixTransform* panel) : m_panel(panel) {}
    void operator()(osg::Node* node, osg::NodeVisitor* nv) override {
        auto* cv = dynamic_cast<osgUtil::CullVisitor*>(nv);
        osg::ref_ptr<osg::MatrixTransform> panel;
        if (cv && cv->getViewport() && m_panel.lock(panel)) {
            const double w = std::max(1.0, double(cv->getViewport()->width()));
            const double h = std::max(1.0, double(cv->getViewport()->height()));
            const double m = LegendOverlay::kMarginPixels;
            panel->setMatrix(osg::Matrixd::translate(w - m, m, 0) * osg::Matrixd::scale(2 / w, 2 / h, 1) *
                             osg::Matrixd::translate(-1, -1, 0));
        }
        traverse(node, nv);
    }
private:
    osg::observer_ptr<osg::MatrixTransform> m_panel;
};

void addQuad(osg::Vec3Array& v, osg::Vec4Array& c, float x0, float y0, float x1, float y1, const osg::Vec4& color) {
    for (const osg::Vec3& p : {osg::Vec3(x0, y0, 0), osg::Vec3(x1, y0, 0), osg::Vec3(x1, y1, 0), osg::Vec3(x0, y1, 0)}) {
        v.push_back(p);
        c.push_back(color);
    }
}

osg::Vec4 toVec4(FeatureColor c) { return {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f}; }

osg::ref_ptr<osgText::Text> rowText(const LegendEntry& e) {
    osg::ref_ptr<osgText::Text> t = new osgText::Text;
    if (osgText::Font* f = fontOf(e.isHeader)) t->setFont(f);
    t->setFontResolution(32, 32);
    t->setCharacterSize(LegendOverlay::kTextPixels);
    t->setCharacterSizeMode(osgText::Text::OBJECT_COORDS);
    t->setAxisAlignment(osgText::Text::XY_PLANE);
    t->setAlignment(osgText::Text::LEFT_CENTER);
    t->setColor(osg::Vec4(0.1f, 0.1f, 0.12f, 1.0f));
    t->setText(e.label, osgText::String::ENCODING_UTF8);
    return t;
}

} // namespace

LegendOverlay::LegendOverlay() : m_camera(new osg::Camera), m_panel(new osg::MatrixTransform) {
    m_camera->setName("legend");
    m_camera->setReferenceFrame(osg::Transform::ABSOLUTE_RF);
    m_camera->setProjectionMatrix(osg::Matrixd::identity()); // the panel transform maps pixels
    m_camera->setViewMatrix(osg::Matrixd::identity());
    m_camera->setRenderOrder(osg::Camera::POST_RENDER);
    m_camera->setClearMask(0);
    m_camera->setComputeNearFarMode(osg::CullSettings::DO_NOT_COMPUTE_NEAR_FAR);
    m_camera->setAllowEventFocus(false);
    m_camera->setCullingActive(false);
    m_camera->setCullCallback(new PlaceInCorner(m_panel.get()));
    m_camera->setNodeMask(0);
    osg::StateSet* ss = m_camera->getOrCreateStateSet();
    ss->setAttributeAndModes(new osg::Program, osg::StateAttribute::ON); // fixed function
    ss->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    ss->setAttributeAndModes(new osg::Depth(osg::Depth::ALWAYS, 0, 1, false), osg::StateAttribute::ON);
    ss->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    ss->setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA), osg::StateAttribute::ON);
    m_panel->setCullingActive(false);
    m_camera->addChild(m_panel.get());
}

LegendOverlay::~LegendOverlay() = default;

osg::Node* LegendOverlay::node() const { return m_camera.get(); }

void LegendOverlay::setEntries(std::vector<LegendEntry> entries) {
    m_entries = std::move(entries);
    m_panel->removeChildren(0, m_panel->getNumChildren());
    m_width = m_height = 0;
    m_camera->setNodeMask(m_entries.empty() ? 0u : ~0u);
    if (m_entries.empty()) return;

    // Rows from the top; the text column starts after the swatch (headers: at the edge).
    const float swatchColumn = kSwatchPixels + 6.0f;
    std::vector<osg::ref_ptr<osgText::Text>> texts;
    float contentWidth = 0;
    for (const LegendEntry& e : m_entries) {
        texts.push_back(rowText(e));
        const osg::BoundingBox& bb = texts.back()->getBoundingBox();
        const float tw = bb.valid() ? bb.xMax() - bb.xMin() : 0.0f;
        contentWidth = std::max(contentWidth, tw + (e.isHeader ? 0.0f : swatchColumn));
    }
    m_width = std::ceil(contentWidth + 2 * kPaddingPixels);
    m_height = float(m_entries.size()) * kRowPixels + 2 * kPaddingPixels;

    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec4Array> c = new osg::Vec4Array;
    addQuad(*v, *c, -m_width, 0, 0, m_height, osg::Vec4(1, 1, 1, 0.82f));
    const float left = -m_width + kPaddingPixels;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        const LegendEntry& e = m_entries[i];
        const float yc = m_height - kPaddingPixels - (float(i) + 0.5f) * kRowPixels;
        const float half = kSwatchPixels / 2;
        if (!e.isHeader) {
            addQuad(*v, *c, left - 1, yc - half - 1, left + kSwatchPixels + 1, yc + half + 1,
                    osg::Vec4(0.25f, 0.25f, 0.25f, 1));
            addQuad(*v, *c, left, yc - half, left + kSwatchPixels, yc + half, toVec4(e.color));
        }
        texts[i]->setPosition(osg::Vec3(left + (e.isHeader ? 0.0f : swatchColumn), yc, 0));
    }
    osg::ref_ptr<osg::Geometry> quads = new osg::Geometry;
    quads->setName("legend panel");
    quads->setUseDisplayList(false);
    quads->setUseVertexBufferObjects(true);
    quads->setVertexArray(v.get());
    quads->setColorArray(c.get(), osg::Array::BIND_PER_VERTEX);
    quads->addPrimitiveSet(new osg::DrawArrays(GL_QUADS, 0, GLsizei(v->size())));
    quads->setCullingActive(false);
    quads->getOrCreateStateSet()->setRenderBinDetails(1, "RenderBin");
    m_panel->addChild(quads.get());
    // Text after the panel whatever bin osgText asks for.
    osg::ref_ptr<osg::Group> labels = new osg::Group;
    labels->setCullingActive(false);
    labels->getOrCreateStateSet()->setRenderBinDetails(2, "RenderBin", osg::StateSet::OVERRIDE_RENDERBIN_DETAILS);
    for (auto& t : texts) {
        t->setCullingActive(false);
        labels->addChild(t.get());
    }
    m_panel->addChild(labels.get());
}

} // namespace citytwin::render
