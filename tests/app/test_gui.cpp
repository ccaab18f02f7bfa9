// The real window under Xvfb: open a city, watch it load, look at it, use it.

#include "GuiTestSupport.h"
#include "TestData.h"

#include "core/LayerStack.h"
#include "ui/LayerTreePanel.h"
#include "ui/MainWindow.h"
#include "ui/SurfaceFormat.h"
#include "ui/ViewerWidget.h"

#include "citytwin/render/CameraView.h"
#include "citytwin/render/CityScene.h"

#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QtTest>

using citytwin::app::MainWindow;

using citytwin::test::differingPixels;
using citytwin::test::nonSkyPixels;
using citytwin::test::settledImage;
using citytwin::test::waitUntilLoaded;

class TestGui : public QObject {
    Q_OBJECT

private slots:
    void opensBostonAndShowsIt()
    {
        CITYTWIN_SHARED_DATA(boston, "boston/boston_buildings_wgs84.gpkg");
        MainWindow w;
        w.resize(1024, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QImage empty = w.viewer()->grabFramebuffer();

        w.openInputs({boston});
        QVERIFY(w.isLoading());
        QVERIFY(waitUntilLoaded(w, 180000));

        // Layer list: one row with the feature count; the status bar says it too.
        QCOMPARE(w.layerTree()->layerCount(), 1);
        const QString row = w.layerTree()->rowText(0);
        QVERIFY2(row.startsWith(QStringLiteral("boston_buildings_wgs84 — 22,")), qPrintable(row));
        QVERIFY2(w.statusMessage().contains(QStringLiteral("22,")), qPrintable(w.statusMessage()));
        QVERIFY2(w.crsText().contains(QStringLiteral("UTM zone 19N")), qPrintable(w.crsText()));

        // The view shows buildings where it was empty before.
        const QImage shown = settledImage(w);
        QVERIFY(!shown.isNull());
        const int before = nonSkyPixels(empty);
        const int after = nonSkyPixels(shown);
        QVERIFY2(after > shown.width() * shown.height() / 20,
                 qPrintable(QStringLiteral("building pixels %1 of %2").arg(after).arg(shown.width() * shown.height())));
        QVERIFY(after > before);
        shown.save(citytwin::test::testOutDir(QStringLiteral("gui")) + QStringLiteral("/boston_window.png"));

        // Unchecking the layer hides the buildings.
        QTreeWidgetItem* item = w.layerTree()->tree()->topLevelItem(0);
        item->setCheckState(0, Qt::Unchecked);
        const QImage hidden = settledImage(w);
        hidden.save(citytwin::test::testOutDir(QStringLiteral("gui")) + QStringLiteral("/boston_hidden.png"));
        const int buildingPixels = differingPixels(shown, hidden);
        QVERIFY2(buildingPixels > shown.width() * shown.height() / 50,
                 qPrintable(QStringLiteral("only %1 pixels changed when hiding the layer").arg(buildingPixels)));
        item->setCheckState(0, Qt::Checked);
        const QImage reshown = settledImage(w);
        QVERIFY2(differingPixels(shown, reshown) < buildingPixels / 20, "checking the layer again did not restore it");

        // Zooming with the wheel and keys changes the camera.
        const auto view0 = w.viewer()->cameraView();
        w.viewer()->setFocus();
        QTest::keyClick(w.viewer(), Qt::Key_PageDown);
        QTest::keyClick(w.viewer(), Qt::Key_Minus);
        QTest::qWait(200);
        const auto view1 = w.viewer()->cameraView();
        QVERIFY(!(view0 == view1));
        // Home fits the data again.
        QTest::keyClick(w.viewer(), Qt::Key_Home);
        QTest::qWait(200);
        const auto fitted = citytwin::render::fitCamera(
            w.scene().extent(), w.scene().maxHeightMeters(),
            double(w.viewer()->width()) / w.viewer()->height());
        QCOMPARE(w.viewer()->cameraView().rangeMeters, fitted.rangeMeters);
        QVERIFY(w.viewer()->cameraView().rangeMeters != view1.rangeMeters);

        // Cursor position in the scene CRS: UTM 19N eastings/northings near Boston.
        QTest::mouseMove(w.viewer(), w.viewer()->rect().center());
        QTest::qWait(100);
        const QString cursor = w.findChild<QLabel*>(QStringLiteral("cursorLabel"))->text();
        QVERIFY2(cursor.contains(QStringLiteral("N 46")), qPrintable(cursor));
    }

    void idleWindowDrawsNothing()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTest::qWait(300);
        const qint64 frames = w.viewer()->framesDrawn();
        QTest::qWait(1000);
        QCOMPARE(w.viewer()->framesDrawn(), frames);
    }

    void badInputIsReportedNotFatal()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QString missing = QStringLiteral("/nonexistent/city.gpkg");
        w.openInputs({missing});
        QVERIFY(waitUntilLoaded(w, 30000));
        QCOMPARE(w.layerTree()->layerCount(), 1);
        QVERIFY2(w.layerTree()->rowText(0).contains(QStringLiteral("not loaded")), qPrintable(w.layerTree()->rowText(0)));
        QVERIFY(w.layerTree()->tree()->topLevelItem(0)->childCount() > 0);
        QVERIFY2(w.statusMessage().contains(QStringLiteral("Could not load")), qPrintable(w.statusMessage()));
    }

    void cancelStopsALoad()
    {
        CITYTWIN_SHARED_DATA(monaco, "monaco/monaco.osm.pbf");
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openInputs({monaco});
        auto* cancel = w.findChild<QPushButton*>(QStringLiteral("cancelButton"));
        QVERIFY(cancel && cancel->isVisible());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(waitUntilLoaded(w, 60000));
        QVERIFY2(w.statusMessage().contains(QStringLiteral("cancelled")), qPrintable(w.statusMessage()));
        QCOMPARE(w.layerTree()->layerCount(), 0);
    }
};

int main(int argc, char** argv)
{
    qputenv("CITYTWIN_NO_DIALOGS", "1");
    citytwin::app::installSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CityTwinTests"));
    TestGui test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_gui.moc"
