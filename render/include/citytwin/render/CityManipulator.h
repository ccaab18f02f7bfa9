#pragma once
// Mouse and keyboard camera control for the city window (z up, metres).

#include "citytwin/render/CameraView.h"

#include <osgGA/CameraManipulator>

#include <functional>

namespace citytwin::render {

/// Orbits around a ground target. Left drag: orbit (heading and pitch);
/// middle or right drag, or shift + left drag: pan along the ground;
/// ctrl + left drag: tilt; wheel or +/-: zoom; PageUp/PageDown: tilt;
/// arrow keys: pan; Home: the home view (fit). State is a CameraView.
/// GUI thread (events arrive through the viewer's event traversal).
class CityManipulator : public osgGA::CameraManipulator {
public:
    CityManipulator();

    const char* className() const override { return "CityManipulator"; }

    void setView(const CameraView& view);
    const CameraView& view() const { return m_view; }

    /// The view Home returns to. If unset, home fits the scene's bounding
    /// sphere; homeProvider (when set) is asked first, e.g. to fit the
    /// scene's extent with fitCamera().
    void setHomeView(const CameraView& view);
    void setHomeProvider(std::function<CameraView()> provider) { m_homeProvider = std::move(provider); }

    /// Called after every change the manipulator makes (e.g. to update the UI).
    void setOnViewChanged(std::function<void(const CameraView&)> callback) { m_onChanged = std::move(callback); }

    void setByMatrix(const osg::Matrixd& matrix) override;
    void setByInverseMatrix(const osg::Matrixd& matrix) override;
    osg::Matrixd getMatrix() const override;
    osg::Matrixd getInverseMatrix() const override;

    void home(const osgGA::GUIEventAdapter& ea, osgGA::GUIActionAdapter& us) override;
    void home(double currentTime) override;
    bool handle(const osgGA::GUIEventAdapter& ea, osgGA::GUIActionAdapter& us) override;

    // Plain operations, also used by the key bindings.
    void orbit(double dHeadingDeg, double dPitchDeg);
    /// Moves the target by fractions of the visible half height, along the
    /// screen's right and forward (on the ground) directions.
    void pan(double rightFraction, double forwardFraction);
    /// factor < 1 moves closer.
    void zoom(double factor);

private:
    CameraView homeView() const;
    void changed();

    CameraView m_view;
    CameraView m_home;
    bool m_hasHome = false;
    std::function<CameraView()> m_homeProvider;
    std::function<void(const CameraView&)> m_onChanged;
    float m_lastX = 0, m_lastY = 0;
};

} // namespace citytwin::render
