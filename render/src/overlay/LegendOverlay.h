#pragma once
// The legend: a HUD panel in the bottom-right corner of the 3D view.

#include "citytwin/render/CityScene.h"

#include <osg/Camera>
#include <osg/MatrixTransform>
#include <osg/ref_ptr>

#include <vector>

namespace citytwin::render {

/// A post-render osg::Camera (absolute reference frame, no clear) under the
/// scene root, so every view of the root (window and offscreen) draws it.
/// The panel is laid out in pixels once per setEntries(); a cull callback
/// maps pixels to the current viewport every frame, so it keeps its pixel
/// size and corner when the view resizes. Translucent white panel, one row
/// per entry: headers in bold, other rows a colour swatch and a label.
/// GUI thread.
class LegendOverlay {
public:
    static constexpr float kMarginPixels = 12.0f;
    static constexpr float kRowPixels = 20.0f;
    static constexpr float kPaddingPixels = 8.0f;
    static constexpr float kSwatchPixels = 14.0f;
    static constexpr float kTextPixels = 13.0f;

    LegendOverlay();
    ~LegendOverlay();

    osg::Node* node() const;
    void setEntries(std::vector<LegendEntry> entries);
    const std::vector<LegendEntry>& entries() const { return m_entries; }
    /// Panel width and height in pixels (0 x 0 without entries).
    float panelWidth() const { return m_width; }
    float panelHeight() const { return m_height; }

private:
    std::vector<LegendEntry> m_entries;
    osg::ref_ptr<osg::Camera> m_camera;
    osg::ref_ptr<osg::MatrixTransform> m_panel; ///< pixels, origin at the panel's bottom-right
    float m_width = 0, m_height = 0;
};

} // namespace citytwin::render
