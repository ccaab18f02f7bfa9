#include "citytwin/render/SensorOverlay.h"

#include "../Shaders.h"
#include "../overlay/LabelOverlay.h"
#include "../picking/WindowProjection.h"
#include "HeatMesh.h"
#include "MarkerNodes.h"

#include <osg/MatrixTransform>
#include <osg/NodeCallback>

#include <QDebug>

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace citytwin::render {

namespace {
constexpr float kDefaultMarkerPixels = 18.0f;

osg::ref_ptr<osg::Program> programOrNull(gis::Result<osg::ref_ptr<osg::Program>> program, const char* what) {
    if (program) return *program;
    qCritical("citytwin render: %s shaders unavailable: %s", what, program.firstError().c_str());
    return nullptr;
}

osg::ref_ptr<osg::MatrixTransform> namedTransform(const char* name) {
    osg::ref_ptr<osg::MatrixTransform> xf = new osg::MatrixTransform;
    xf->setName(name);
    xf->setDataVariance(osg::Object::DYNAMIC);
    return xf;
}
} // namespace

struct SensorOverlay::Impl {
    /// Where marker i sits: its group's geometry and vertex.
    struct Slot {
        int group = 0;
        unsigned vertex = 0;
    };

    osg::ref_ptr<osg::Group> root = new osg::Group;
    osg::ref_ptr<osg::MatrixTransform> markerXf = namedTransform("sensor markers");
    osg::ref_ptr<osg::MatrixTransform> badgeXf = namedTransform("sensor badges");
    osg::ref_ptr<osg::MatrixTransform> heatXf = namedTransform("heat map");
    osg::ref_ptr<osg::Uniform> markerSize = new osg::Uniform("u_markerSize", kDefaultMarkerPixels);
    osg::ref_ptr<osg::Uniform> time = new osg::Uniform("u_time", 0.0f);
    osg::ref_ptr<osg::NodeCallback> updateCallback;

    std::vector<SensorMarker> markers;
    std::vector<Slot> markerSlots;
    std::vector<osg::ref_ptr<osg::Geometry>> groups; ///< by group; null when empty
    osg::Vec3d origin;

    LabelOverlay* labels = nullptr;
    std::unique_ptr<LabelOverlay> ownLabels;
    std::vector<std::string> labelTexts;
    bool labelsVisible = false;

    std::vector<std::string> badgeIds;
    std::vector<gis::DVec3> badgePositions;
    int badgeCount = 0;
    std::optional<double> fixedTime;

    HeatMapInput heatInput;
    HeatGrid heatGrid;
    osg::ref_ptr<osg::Geometry> heatMesh;

    bool dirty = true;

    void rebuildMarkers() {
        markerXf->removeChildren(0, markerXf->getNumChildren());
        groups.clear();
        markerSlots.assign(markers.size(), {});
        gis::Extent2 box;
        for (const SensorMarker& m : markers) box.add(m.position.x, m.position.y);
        origin = box.empty() ? osg::Vec3d() : osg::Vec3d(box.centre().x, box.centre().y, 0);
        markerXf->setMatrix(osg::Matrixd::translate(origin));
        std::vector<std::vector<unsigned>> members;
        for (unsigned i = 0; i < markers.size(); ++i) {
            const int g = std::max(0, markers[i].group);
            if (size_t(g) >= members.size()) members.resize(size_t(g) + 1);
            markerSlots[i] = {g, unsigned(members[g].size())};
            members[g].push_back(i);
        }
        groups.resize(members.size());
        for (size_t g = 0; g < members.size(); ++g) {
            if (members[g].empty()) continue;
            groups[g] = makeMarkerGeometry(markers, members[g], int(g), origin);
            markerXf->addChild(groups[g].get());
        }
        rebuildLabels();
        rebuildBadges();
    }

    gis::DVec3 iconPosition(size_t i) const {
        const gis::DVec3& p = markers[i].position;
        return {p.x, p.y, p.z + kMarkerLiftMeters};
    }

    void rebuildLabels() {
        labels->removeLayer(kSensorLabelLayerId);
        if (labelsVisible && !labelTexts.empty()) {
            std::vector<gis::DVec3> anchors;
            anchors.reserve(markers.size());
            for (size_t i = 0; i < markers.size(); ++i) anchors.push_back(iconPosition(i));
            labels->setLabels(kSensorLabelLayerId, anchors, labelTexts, nullptr, true);
        }
        dirty = true;
    }

    void rebuildBadges() {
        badgeXf->removeChildren(0, badgeXf->getNumChildren());
        std::vector<osg::Vec3d> at;
        const std::unordered_set<std::string> ids(badgeIds.begin(), badgeIds.end());
        for (size_t i = 0; i < markers.size(); ++i)
            if (ids.count(markers[i].id)) {
                const gis::DVec3 p = iconPosition(i);
                at.emplace_back(p.x, p.y, p.z);
            }
        for (const gis::DVec3& p : badgePositions) at.emplace_back(p.x, p.y, p.z + kMarkerLiftMeters);
        badgeCount = int(at.size());
        if (!at.empty()) {
            gis::Extent2 box;
            for (const osg::Vec3d& p : at) box.add(p.x(), p.y());
            const osg::Vec3d badgeOrigin(box.centre().x, box.centre().y, 0);
            badgeXf->setMatrix(osg::Matrixd::translate(badgeOrigin));
            badgeXf->addChild(makeBadgeGeometry(at, badgeOrigin).get());
        }
        dirty = true;
    }

    /// Update traversal: the pulse's clock, and the redraw flag.
    void update(const osg::FrameStamp* stamp) {
        const double t = fixedTime ? *fixedTime : (stamp ? stamp->getSimulationTime() : 0.0);
        time->set(float(std::fmod(t, 3600.0))); // float seconds stay precise within an hour
        dirty = false;
    }
};

namespace {
class OverlayUpdateCallback : public osg::NodeCallback {
public:
    explicit OverlayUpdateCallback(SensorOverlay::Impl* impl) : m_impl(impl) {}
    void detach() { m_impl = nullptr; }
    void operator()(osg::Node* node, osg::NodeVisitor* nv) override {
        if (m_impl) m_impl->update(nv ? nv->getFrameStamp() : nullptr);
        traverse(node, nv);
    }
private:
    SensorOverlay::Impl* m_impl;
};
} // namespace

SensorOverlay::SensorOverlay() : SensorOverlay(nullptr) {}

SensorOverlay::SensorOverlay(LabelOverlay* sharedLabels) : m_impl(std::make_unique<Impl>()) {
    Impl& d = *m_impl;
    d.root->setName("sensors");
    d.root->setDataVariance(osg::Object::DYNAMIC);
    d.labels = sharedLabels;
    if (!d.labels) {
        d.ownLabels = std::make_unique<LabelOverlay>();
        d.labels = d.ownLabels.get();
    }
    applyHeatState(*d.heatXf->getOrCreateStateSet(), programOrNull(heatProgram(), "heat map").get());
    applyBadgeState(*d.badgeXf->getOrCreateStateSet(), programOrNull(sensorBadgeProgram(), "badge").get(),
                    d.time.get());
    applyMarkerState(*d.markerXf->getOrCreateStateSet(), programOrNull(sensorMarkerProgram(), "marker").get(),
                     d.markerSize.get());
    d.root->addChild(d.heatXf.get());
    d.root->addChild(d.badgeXf.get());
    d.root->addChild(d.markerXf.get());
    if (d.ownLabels) d.root->addChild(d.ownLabels->node());
    d.updateCallback = new OverlayUpdateCallback(m_impl.get());
    d.root->setUpdateCallback(d.updateCallback.get());
}

SensorOverlay::~SensorOverlay() {
    // The node may outlive the overlay inside a viewer: cut the callback loose.
    static_cast<OverlayUpdateCallback*>(m_impl->updateCallback.get())->detach();
    m_impl->root->setUpdateCallback(nullptr);
    m_impl->labels->removeLayer(kSensorLabelLayerId);
}

osg::Node* SensorOverlay::node() const { return m_impl->root.get(); }

void SensorOverlay::setMarkers(std::vector<SensorMarker> markers) {
    m_impl->markers = std::move(markers);
    m_impl->rebuildMarkers();
}

const std::vector<SensorMarker>& SensorOverlay::markers() const { return m_impl->markers; }

void SensorOverlay::setMarkerColors(const std::vector<FeatureColor>& colors, const std::vector<uint8_t>& stale) {
    Impl& d = *m_impl;
    std::vector<bool> touched(d.groups.size(), false);
    const size_t n = std::max(colors.size(), stale.size());
    for (size_t i = 0; i < std::min(n, d.markers.size()); ++i) {
        SensorMarker& m = d.markers[i];
        if (i < colors.size()) m.color = colors[i];
        if (i < stale.size()) m.stale = stale[i] != 0;
        const Impl::Slot s = d.markerSlots[i];
        auto* array = static_cast<osg::Vec4Array*>(d.groups[s.group]->getColorArray());
        (*array)[s.vertex] = markerColorValue(m.color, m.stale);
        touched[s.group] = true;
    }
    for (size_t g = 0; g < touched.size(); ++g)
        if (touched[g]) d.groups[g]->getColorArray()->dirty();
    d.dirty = true;
}

void SensorOverlay::setMarkerSize(float pixels) {
    if (!(pixels > 0)) return;
    m_impl->markerSize->set(std::min(pixels, 128.0f));
    m_impl->dirty = true;
}

void SensorOverlay::setMarkerLabels(std::vector<std::string> textPerMarker) {
    m_impl->labelTexts = std::move(textPerMarker);
    m_impl->rebuildLabels();
}

void SensorOverlay::setLabelsVisible(bool visible) {
    if (m_impl->labelsVisible == visible) return;
    m_impl->labelsVisible = visible;
    m_impl->rebuildLabels();
}

bool SensorOverlay::labelsVisible() const { return m_impl->labelsVisible; }

void SensorOverlay::setBadges(std::vector<std::string> sensorIds) {
    m_impl->badgeIds = std::move(sensorIds);
    m_impl->rebuildBadges();
}

void SensorOverlay::setBadgePositions(std::vector<gis::DVec3> positions) {
    m_impl->badgePositions = std::move(positions);
    m_impl->rebuildBadges();
}

int SensorOverlay::badgeCount() const { return m_impl->badgeCount; }

bool SensorOverlay::animating() const { return m_impl->badgeCount > 0; }

void SensorOverlay::setFixedAnimationTime(std::optional<double> seconds) {
    m_impl->fixedTime = seconds;
    m_impl->dirty = true;
}

void SensorOverlay::setHeatMap(const HeatMapInput& input) {
    Impl& d = *m_impl;
    clearHeatMap();
    HeatGrid grid = interpolateHeat(input);
    if (grid.values.empty() || std::all_of(grid.values.begin(), grid.values.end(),
                                           [](double v) { return std::isnan(v); }))
        return;
    d.heatInput = input;
    d.heatGrid = std::move(grid);
    const osg::Vec3d origin(d.heatGrid.originX + 0.5 * (d.heatGrid.cols - 1) * d.heatGrid.cellMeters,
                            d.heatGrid.originY + 0.5 * (d.heatGrid.rows - 1) * d.heatGrid.cellMeters, 0);
    d.heatXf->setMatrix(osg::Matrixd::translate(origin));
    d.heatMesh = makeHeatMesh(d.heatGrid, d.heatInput, origin);
    d.heatXf->addChild(d.heatMesh.get());
    d.dirty = true;
}

void SensorOverlay::clearHeatMap() {
    Impl& d = *m_impl;
    if (!d.heatMesh) return;
    d.heatXf->removeChildren(0, d.heatXf->getNumChildren());
    d.heatMesh = nullptr;
    d.heatGrid = {};
    d.heatInput = {};
    d.dirty = true;
}

bool SensorOverlay::hasHeatMap() const { return m_impl->heatMesh.valid(); }

bool SensorOverlay::setHeatValues(const std::vector<double>& values) {
    Impl& d = *m_impl;
    if (!d.heatMesh || values.size() != d.heatInput.values.size()) return false;
    d.heatInput.values = values;
    d.heatGrid = interpolateHeat(d.heatInput);
    colourHeatMesh(*d.heatMesh, d.heatGrid, d.heatInput);
    d.dirty = true;
    return true;
}

const HeatGrid& SensorOverlay::heatGrid() const { return m_impl->heatGrid; }

std::optional<size_t> SensorOverlay::pickMarker(const osg::Camera& camera, double windowX, double windowY,
                                                double radiusPixels) const {
    const auto toWindow = worldToWindowMatrix(camera);
    if (!toWindow) return std::nullopt;
    std::optional<size_t> best;
    double bestDistance = radiusPixels;
    for (size_t i = 0; i < m_impl->markers.size(); ++i) {
        const gis::DVec3 p = m_impl->iconPosition(i);
        const auto w = projectToWindow(*toWindow, {p.x, p.y, p.z});
        if (!w) continue;
        const double d = std::hypot(w->x() - windowX, w->y() - windowY);
        if (d <= bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    return best;
}

bool SensorOverlay::needsRedraw() const { return m_impl->dirty; }

} // namespace citytwin::render
