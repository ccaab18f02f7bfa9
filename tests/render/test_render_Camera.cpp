// Camera maths and the window's manipulator.
#include "RenderTestSupport.h"
#include "test_render_Suites.h"

#include "citytwin/render/CameraView.h"
#include "citytwin/render/CityManipulator.h"

#include <osgGA/GUIActionAdapter>
#include <osgGA/GUIEventAdapter>

#include <QtTest>

using namespace citytwin;
using namespace citytwin::test;

namespace {
struct NullActions : osgGA::GUIActionAdapter {
    void requestRedraw() override { ++redraws; }
    void requestContinuousUpdate(bool) override {}
    void requestWarpPointer(float, float) override {}
    int redraws = 0;
};

osg::ref_ptr<osgGA::GUIEventAdapter> keyDown(int key) {
    osg::ref_ptr<osgGA::GUIEventAdapter> ea = new osgGA::GUIEventAdapter;
    ea->setEventType(osgGA::GUIEventAdapter::KEYDOWN);
    ea->setKey(key);
    return ea;
}
} // namespace

class TestCamera : public QObject {
    Q_OBJECT
private slots:
    void fitCameraShowsTheExtent_data() {
        QTest::addColumn<double>("aspect");
        QTest::addColumn<double>("heading");
        QTest::addColumn<double>("pitch");
        QTest::newRow("wide") << 16.0 / 9.0 << 0.0 << -45.0;
        QTest::newRow("tall") << 0.6 << 30.0 << -60.0;
        QTest::newRow("top down") << 1.0 << 0.0 << -90.0;
    }
    void fitCameraShowsTheExtent() {
        QFETCH(double, aspect);
        QFETCH(double, heading);
        QFETCH(double, pitch);
        gis::Extent2 e;
        e.add(328000, 4689000);
        e.add(331500, 4693000);
        const double maxHeight = 220;
        const render::CameraView v = render::fitCamera(e, maxHeight, aspect, heading, pitch);
        QCOMPARE(v.headingDeg, heading);
        QCOMPARE(v.pitchDeg, pitch);
        const int h = 400, w = int(400 * aspect);
        for (double x : {e.minX, e.maxX})
            for (double y : {e.minY, e.maxY})
                for (double z : {0.0, maxHeight}) {
                    const auto p = projectToPixel(v, w, h, x, y, z);
                    QVERIFY2(p[0] >= 0 && p[0] <= w && p[1] >= 0 && p[1] <= h,
                             qPrintable(QStringLiteral("corner at %1,%2").arg(p[0]).arg(p[1])));
                }
        // Not absurdly far: the extent fills a fair part of the view.
        const auto a = projectToPixel(v, w, h, e.minX, e.centre().y, 0);
        const auto b = projectToPixel(v, w, h, e.maxX, e.centre().y, 0);
        QVERIFY(std::abs(b[0] - a[0]) > w * 0.25 || std::abs(b[1] - a[1]) > h * 0.25);
    }

    void viewMatrixConventions() {
        render::CameraView v;
        v.target = {1000, 2000, 0};
        v.rangeMeters = 100;
        v.headingDeg = 90; // looking east
        v.pitchDeg = -30;
        const osg::Vec3d eye = render::eyePosition(v);
        QVERIFY(eye.x() < 1000);              // west of the target
        QCOMPARE(eye.z(), 50.0);               // range * sin(30)
        QVERIFY(std::abs(eye.y() - 2000) < 1e-9);
        // The target projects to the image centre; north is to the left.
        const auto c = projectToPixel(v, 200, 100, 1000, 2000, 0);
        QVERIFY(std::abs(c[0] - 100) < 1e-6 && std::abs(c[1] - 50) < 1e-6);
        QVERIFY(projectToPixel(v, 200, 100, 1000, 2010, 0)[0] < 100);
        // Straight down stays defined, north up.
        v.pitchDeg = -90;
        v.headingDeg = 0;
        const osg::Matrixd m = render::viewMatrix(v);
        QVERIFY(m.valid());
        QVERIFY(projectToPixel(v, 200, 100, 1000, 2010, 0)[1] < 50);
        // Round trip through a matrix.
        v.pitchDeg = -35;
        v.headingDeg = 120;
        const render::CameraView back = render::cameraViewFromMatrix(render::viewMatrix(v), v);
        QVERIFY(std::abs(back.headingDeg - 120) < 1e-6);
        QVERIFY(std::abs(back.pitchDeg + 35) < 1e-6);
        QVERIFY(std::abs(back.target.x - 1000) < 1e-6 && std::abs(back.target.y - 2000) < 1e-6);
    }

    void manipulatorDrivesTheView() {
        osg::ref_ptr<render::CityManipulator> m = new render::CityManipulator;
        NullActions actions;
        render::CameraView start;
        start.target = {500, 500, 0};
        start.rangeMeters = 1000;
        m->setView(start);
        render::CameraView home = start;
        home.rangeMeters = 3000;
        m->setHomeView(home);
        QVERIFY(m->getInverseMatrix() == render::viewMatrix(start));

        osg::ref_ptr<osgGA::GUIEventAdapter> scroll = new osgGA::GUIEventAdapter;
        scroll->setEventType(osgGA::GUIEventAdapter::SCROLL);
        scroll->setScrollingMotion(osgGA::GUIEventAdapter::SCROLL_UP);
        QVERIFY(m->handle(*scroll, actions));
        QVERIFY(m->view().rangeMeters < 1000);

        QVERIFY(m->handle(*keyDown(osgGA::GUIEventAdapter::KEY_Page_Down), actions));
        QVERIFY(m->view().pitchDeg < -45);
        QVERIFY(m->handle(*keyDown(osgGA::GUIEventAdapter::KEY_Up), actions));
        QVERIFY(m->view().target.y > 500); // heading 0: forward is north
        QVERIFY(m->handle(*keyDown(osgGA::GUIEventAdapter::KEY_Right), actions));
        QVERIFY(m->view().target.x > 500);
        QVERIFY(m->handle(*keyDown(osgGA::GUIEventAdapter::KEY_Home), actions));
        QVERIFY(m->view() == home);
        QVERIFY(actions.redraws >= 5);

        // Left drag orbits: heading changes, target stays.
        osg::ref_ptr<osgGA::GUIEventAdapter> e = new osgGA::GUIEventAdapter;
        e->setWindowRectangle(0, 0, 800, 600);
        e->setEventType(osgGA::GUIEventAdapter::PUSH);
        e->setButtonMask(osgGA::GUIEventAdapter::LEFT_MOUSE_BUTTON);
        e->setX(400); e->setY(300);
        m->handle(*e, actions);
        e->setEventType(osgGA::GUIEventAdapter::DRAG);
        e->setX(500);
        QVERIFY(m->handle(*e, actions));
        QVERIFY(m->view().headingDeg != home.headingDeg);
        QVERIFY(m->view().target == home.target);
        // Right drag pans.
        e->setEventType(osgGA::GUIEventAdapter::PUSH);
        e->setButtonMask(osgGA::GUIEventAdapter::RIGHT_MOUSE_BUTTON);
        m->handle(*e, actions);
        e->setEventType(osgGA::GUIEventAdapter::DRAG);
        e->setX(300);
        QVERIFY(m->handle(*e, actions));
        QVERIFY(!(m->view().target == home.target));
    }
};

int citytwin::test::runCameraTests(int argc, char** argv) {
    TestCamera t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_render_Camera.moc"
