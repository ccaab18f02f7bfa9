#include "citytwin/render/CityManipulator.h"

#include <osg/Node>

#include <algorithm>
#include <cmath>

namespace citytwin::render {

namespace {
constexpr double kMinPitchDeg = -89.9;
constexpr double kMaxPitchDeg = -2.0;
constexpr double kMinRangeMeters = 5.0;
constexpr double kMaxRangeMeters = 2.0e6;
constexpr double kZoomStep = 0.85;
constexpr double kKeyPanFraction = 0.15;
constexpr double kKeyTiltDeg = 5.0;
} // namespace

CityManipulator::CityManipulator() = default;

void CityManipulator::setView(const CameraView& view) {
    m_view = view;
    m_view.pitchDeg = std::clamp(m_view.pitchDeg, kMinPitchDeg, kMaxPitchDeg);
    m_view.rangeMeters = std::clamp(m_view.rangeMeters, kMinRangeMeters, kMaxRangeMeters);
}

void CityManipulator::setHomeView(const CameraView& view) {
    m_home = view;
    m_hasHome = true;
}

void CityManipulator::setByMatrix(const osg::Matrixd& matrix) {
    setView(cameraViewFromMatrix(osg::Matrixd::inverse(matrix), m_view));
}

void CityManipulator::setByInverseMatrix(const osg::Matrixd& matrix) {
    setView(cameraViewFromMatrix(matrix, m_view));
}

osg::Matrixd CityManipulator::getMatrix() const { return osg::Matrixd::inverse(viewMatrix(m_view)); }

osg::Matrixd CityManipulator::getInverseMatrix() const { return viewMatrix(m_view); }

CameraView CityManipulator::homeView() const {
    if (m_homeProvider) return m_homeProvider();
    if (m_hasHome) return m_home;
    CameraView v = m_view;
    if (const osg::Node* node = getNode()) {
        const osg::BoundingSphere bs = node->getBound();
        if (bs.valid()) {
            gis::Extent2 e;
            e.add(bs.center().x() - bs.radius(), bs.center().y() - bs.radius());
            e.add(bs.center().x() + bs.radius(), bs.center().y() + bs.radius());
            v = fitCamera(e, 0, 1.0, m_view.headingDeg, -45);
        }
    }
    return v;
}

void CityManipulator::home(double) {
    setView(homeView());
    changed();
}

void CityManipulator::home(const osgGA::GUIEventAdapter&, osgGA::GUIActionAdapter& us) {
    home(0.0);
    us.requestRedraw();
}

void CityManipulator::orbit(double dHeadingDeg, double dPitchDeg) {
    m_view.headingDeg = std::fmod(m_view.headingDeg + dHeadingDeg + 360.0, 360.0);
    m_view.pitchDeg = std::clamp(m_view.pitchDeg + dPitchDeg, kMinPitchDeg, kMaxPitchDeg);
    changed();
}

void CityManipulator::pan(double rightFraction, double forwardFraction) {
    const double h = m_view.headingDeg * M_PI / 180.0;
    const double halfHeight = m_view.rangeMeters * std::tan(m_view.fovYDeg * M_PI / 360.0);
    // Looking at a slant, a screen step covers more ground forward.
    const double slant = 1.0 / std::max(0.2, std::sin(-m_view.pitchDeg * M_PI / 180.0));
    const double r = rightFraction * halfHeight, f = forwardFraction * halfHeight * slant;
    m_view.target.x += std::cos(h) * r + std::sin(h) * f;
    m_view.target.y += -std::sin(h) * r + std::cos(h) * f;
    changed();
}

void CityManipulator::zoom(double factor) {
    m_view.rangeMeters = std::clamp(m_view.rangeMeters * factor, kMinRangeMeters, kMaxRangeMeters);
    changed();
}

void CityManipulator::changed() {
    if (m_onChanged) m_onChanged(m_view);
}

bool CityManipulator::handle(const osgGA::GUIEventAdapter& ea, osgGA::GUIActionAdapter& us) {
    using E = osgGA::GUIEventAdapter;
    switch (ea.getEventType()) {
    case E::PUSH:
        m_lastX = ea.getXnormalized();
        m_lastY = ea.getYnormalized();
        return true;
    case E::DRAG: {
        const float x = ea.getXnormalized(), y = ea.getYnormalized();
        const double dx = x - m_lastX, dy = y - m_lastY;
        m_lastX = x;
        m_lastY = y;
        const unsigned buttons = ea.getButtonMask();
        const unsigned mods = ea.getModKeyMask();
        const bool left = buttons & E::LEFT_MOUSE_BUTTON;
        if (left && (mods & E::MODKEY_CTRL)) {
            orbit(0, dy * 60.0);
        } else if ((left && (mods & E::MODKEY_SHIFT)) || (buttons & E::MIDDLE_MOUSE_BUTTON) ||
                   (buttons & E::RIGHT_MOUSE_BUTTON)) {
            // Grab the ground: it follows the cursor.
            pan(-dx * 1.0 * ea.getWindowWidth() / std::max(1, ea.getWindowHeight()), -dy);
        } else if (left) {
            orbit(dx * 180.0, dy * 60.0);
        } else {
            return false;
        }
        us.requestRedraw();
        return true;
    }
    case E::SCROLL:
        if (ea.getScrollingMotion() == E::SCROLL_UP) zoom(kZoomStep);
        else if (ea.getScrollingMotion() == E::SCROLL_DOWN) zoom(1.0 / kZoomStep);
        else return false;
        us.requestRedraw();
        return true;
    case E::KEYDOWN: {
        switch (ea.getKey()) {
        case '+': case '=': case E::KEY_KP_Add: zoom(kZoomStep); break;
        case '-': case E::KEY_KP_Subtract: zoom(1.0 / kZoomStep); break;
        case E::KEY_Page_Up: orbit(0, kKeyTiltDeg); break;
        case E::KEY_Page_Down: orbit(0, -kKeyTiltDeg); break;
        case E::KEY_Left: pan(-kKeyPanFraction, 0); break;
        case E::KEY_Right: pan(kKeyPanFraction, 0); break;
        case E::KEY_Up: pan(0, kKeyPanFraction); break;
        case E::KEY_Down: pan(0, -kKeyPanFraction); break;
        case E::KEY_Home: home(ea, us); return true;
        default: return false;
        }
        us.requestRedraw();
        return true;
    }
    default:
        return false;
    }
}

} // namespace citytwin::render
