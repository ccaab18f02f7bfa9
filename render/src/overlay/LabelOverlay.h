#pragma once
// Feature labels of every layer, decluttered in screen space every frame.

#include "citytwin/gis/Geometry.h"

#include <osg/Group>
#include <osg/ref_ptr>

#include <cstdint>
#include <string>
#include <vector>

namespace citytwin::render {

class FeatureStateTexture;

/// One osg::MatrixTransform per labelled layer at the layer's own origin
/// (double precision), holding an osgText::Text per label: screen-aligned,
/// a fixed pixel size (SCREEN_COORDS), dark with a light outline, DejaVu Sans.
/// A cull callback places labels greedily every frame and per camera: layers
/// by priority, labels in feature order; a label whose screen rectangle would
/// overlap one already placed, that does not fit on screen (or in the
/// reserved legend corner), that lies behind the camera, or
/// whose feature is hidden, is not drawn. GUI thread (the one that culls).
class LabelOverlay {
public:
    static constexpr float kLabelPixels = 14.0f;
    static constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    LabelOverlay();
    ~LabelOverlay();

    osg::Node* node() const;

    /// Labels of a layer: texts[i] at anchors[i] (scene CRS) for feature i;
    /// empty strings are skipped, an all-empty set removes the layer's labels.
    /// `besideAnchor`: text starts right of the anchor (point icons), else it
    /// is centred on it. `state` (may be null) gives feature visibility and
    /// must stay valid until replaced or removed.
    void setLabels(int layerId, const std::vector<gis::DVec3>& anchors,
                   const std::vector<std::string>& texts, const FeatureStateTexture* state,
                   bool besideAnchor);
    void removeLayer(int layerId);
    bool hasLayer(int layerId) const;
    /// A hidden layer places no labels (and blocks none).
    void setLayerShown(int layerId, bool shown);
    /// Keeps labels out of a w x h pixel box in the bottom-right corner of
    /// the view (the legend); 0 x 0 = none.
    void setReservedBottomRight(float widthPixels, float heightPixels);
    /// Placement priority: first placed first; unlisted layers after them.
    void setPriority(const std::vector<int>& firstToLast);

    /// Labels drawn in the last culled frame, all layers / one layer.
    int placedCount() const;
    int placedCount(int layerId) const;

    struct Data; ///< shared with the cull callbacks (implementation detail)

private:
    osg::ref_ptr<osg::Group> m_root;
    osg::ref_ptr<Data> m_data;
};

} // namespace citytwin::render
