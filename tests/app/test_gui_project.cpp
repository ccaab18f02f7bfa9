// The real window under Xvfb: edit layers with undo, save a project, reopen it.

#include "GuiTestSupport.h"
#include "TestData.h"

#include "core/LayerStack.h"
#include "ui/LayerPropertiesDialog.h"
#include "ui/LayerTreePanel.h"
#include "ui/MainWindow.h"
#include "ui/SurfaceFormat.h"
#include "ui/ViewerWidget.h"

#include "citytwin/data/ProjectStore.h"
#include "citytwin/render/CityScene.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QFile>
#include <QImage>
#include <QSlider>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

#include <set>
#include <tuple>

using citytwin::app::MainWindow;

using citytwin::test::differingPixels;
using citytwin::test::settledImage;
using citytwin::test::waitUntilLoaded;

class TestGuiProject : public QObject {
    Q_OBJECT

private slots:
    void editUndoSaveReopen()
    {
        CITYTWIN_SHARED_DATA(boston, "boston/boston_buildings_wgs84.gpkg");
        CITYTWIN_SHARED_DATA(parks, "boston/boston-parks.shp");
        const QString projectPath = citytwin::test::testOutDir(QStringLiteral("gui")) + QStringLiteral("/edit.citytwin");
        QFile::remove(projectPath);

        MainWindow w;
        w.resize(1024, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openInputs({parks, boston});
        QVERIFY(waitUntilLoaded(w, 180000));
        QCOMPARE(w.layers().count(), 2);
        QVERIFY(w.isModified());
        const QImage shown = settledImage(w);

        // Toggle the buildings off and on through the tree; each is one undo step.
        QTreeWidgetItem* top = w.layerTree()->tree()->topLevelItem(0);
        QVERIFY2(top->text(0).contains(QStringLiteral("boston_buildings")), qPrintable(top->text(0)));
        const int steps = w.undoStack()->index();
        top->setCheckState(0, Qt::Unchecked);
        QCOMPARE(w.undoStack()->index(), steps + 1);
        const QImage hidden = settledImage(w);
        QVERIFY2(differingPixels(shown, hidden) > shown.width() * shown.height() / 50, "hiding changed nothing");
        w.undoStack()->undo();
        QVERIFY(w.layers().layers().back().state.visible);
        QVERIFY(differingPixels(shown, settledImage(w)) < shown.width() * shown.height() / 200);

        // Opacity from the slider, merged into one step while dragging, undone with Ctrl+Z.
        w.layerTree()->selectLayer(QString::fromStdString(w.layers().layers().back().id));
        QSlider* slider = w.layerTree()->opacitySlider();
        QVERIFY(slider->isEnabled());
        const int before = w.undoStack()->index();
        slider->setValue(70);
        slider->setValue(40);
        QCOMPARE(w.undoStack()->index(), before + 1);
        const auto buildingsId = w.layers().layers().back().sceneId;
        QCOMPARE(w.scene().layerOpacity(buildingsId), 0.4f);
        const QImage faded = settledImage(w);
        QVERIFY2(differingPixels(shown, faded) > 1000, "opacity 0.4 looks the same as 1.0");
        // Through the window system, so the shortcut map sees it as a user's key press.
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(w.windowHandle(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.scene().layerOpacity(buildingsId), 1.0f);
        QCOMPARE(slider->value(), 100);
        QTest::keyClick(w.windowHandle(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(w.scene().layerOpacity(buildingsId), 0.4f);

        // Move the parks on top, rename them: both undoable.
        const std::string parksId = w.layers().layers().front().id;
        emit w.layerTree()->moveRequested(QString::fromStdString(parksId), 1);
        QCOMPARE(w.layers().layers().back().id, parksId);
        emit w.layerTree()->renameRequested(QString::fromStdString(parksId), QStringLiteral("Open space"));
        QCOMPARE(w.layers().layers().back().state.name, std::string("Open space"));

        // Save; the file holds what the window shows.
        QVERIFY(w.saveProject(projectPath));
        QVERIFY(!w.isModified());
        auto saved = citytwin::data::ProjectStore::load(projectPath.toStdString());
        QVERIFY(saved.ok());
        QCOMPARE(int(saved->layers.size()), 2);
        QCOMPARE(saved->layers.back().spec.name, std::string("Open space"));
        QCOMPARE(saved->layers.front().opacity, 0.4f);
        QVERIFY(saved->sceneCrsName.find("UTM zone 19N") != std::string::npos);
        const QImage savedImage = settledImage(w);

        // Reopen in a fresh window: same layers, order, states and view.
        MainWindow again;
        again.resize(1024, 700);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(again.openProject(projectPath));
        QVERIFY(waitUntilLoaded(again, 180000));
        QCOMPARE(again.layers().count(), 2);
        QCOMPARE(again.layers().layers().back().state.name, std::string("Open space"));
        QCOMPARE(again.layers().layers().front().state.opacity, 0.4f);
        QVERIFY(!again.isModified());
        const QImage reopened = settledImage(again);
        const int diff = differingPixels(savedImage, reopened);
        QVERIFY2(diff < savedImage.width() * savedImage.height() / 100,
                 qPrintable(QStringLiteral("reopened project looks different: %1 pixels").arg(diff)));
    }

    void styleFromPropertiesIsOneUndoStep()
    {
        CITYTWIN_SHARED_DATA(boston, "boston/boston_buildings_wgs84.gpkg");
        MainWindow w;
        w.resize(1024, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openInputs({boston});
        QVERIFY(waitUntilLoaded(w, 180000));
        const auto& entry = w.layers().layers().front();
        const auto sceneId = entry.sceneId;
        const auto& features = entry.loaded->vector->features;
        const QImage single = settledImage(w);
        QVERIFY(w.scene().legend().empty());

        // Categorise by bra_use and filter tall buildings, through the dialog.
        bool edited = false;
        QTimer::singleShot(200, [&]() {
            auto* dialog = qobject_cast<citytwin::app::LayerPropertiesDialog*>(QApplication::activeModalWidget());
            if (!dialog) return;
            dialog->attributeCombo()->setCurrentText(QStringLiteral("bra_use"));
            dialog->modeCombo()->setCurrentIndex(dialog->modeCombo()->findData(int(citytwin::data::StyleMode::Categorised)));
            dialog->classify();
            dialog->filterEdit()->setText(QStringLiteral("stories >= 10"));
            edited = dialog->filterStatus()->text().isEmpty();
            dialog->accept();
        });
        const int steps = w.undoStack()->index();
        w.showProperties(QString::fromStdString(entry.id));
        QVERIFY(edited);
        QCOMPARE(w.undoStack()->index(), steps + 1);

        // Exactly the features with stories >= 10 stay visible; colours vary; a legend shows.
        int expectedVisible = 0, visible = 0;
        std::set<std::tuple<int, int, int>> colours;
        for (uint32_t i = 0; i < features.size(); ++i) {
            double stories = -1;
            for (const auto& [k, v] : features[i].attributes)
                if (k == "stories") stories = QString::fromUtf8(v.data(), qsizetype(v.size())).toDouble();
            if (stories >= 10) ++expectedVisible;
            if (w.scene().isFeatureVisible(sceneId, i)) {
                ++visible;
                const auto c = w.scene().featureColor(sceneId, i);
                colours.insert({c.r, c.g, c.b});
            }
        }
        QCOMPARE(visible, expectedVisible);
        QVERIFY2(colours.size() >= 3, "categorised style shows fewer than 3 colours");
        QVERIFY(!w.scene().legend().empty());
        const QImage styled = settledImage(w);
        QVERIFY(differingPixels(single, styled) > single.width() * single.height() / 50);

        // One Ctrl+Z brings the single colour and every building back.
        w.undoStack()->undo();
        int all = 0;
        for (uint32_t i = 0; i < features.size(); ++i) all += w.scene().isFeatureVisible(sceneId, i) ? 1 : 0;
        QCOMPARE(all, int(features.size()));
        QVERIFY(w.scene().legend().empty());
        QVERIFY(differingPixels(single, settledImage(w)) < single.width() * single.height() / 200);
    }

    void unsavedChangesAreRecoveredAfterACrash()
    {
        CITYTWIN_SHARED_DATA(parks, "boston/boston-parks.shp");
        const std::string folder = MainWindow::unsavedRecoveryFolder().toStdString();
        citytwin::data::ProjectStore::discardRecovery({}, folder);
        {
            MainWindow crashed;
            crashed.show();
            QVERIFY(QTest::qWaitForWindowExposed(&crashed));
            crashed.openInputs({parks});
            QVERIFY(waitUntilLoaded(crashed, 60000));
            QVERIFY(crashed.isModified());
            crashed.autosaveRecovery(); // what the 30 s timer does
            // The window goes away without saving, as in a crash.
        }
        QVERIFY(citytwin::data::ProjectStore::hasNewerRecovery({}, folder));

        MainWindow next;
        next.show();
        QVERIFY(QTest::qWaitForWindowExposed(&next));
        auto* bar = next.findChild<QWidget*>(QStringLiteral("recoveryBar"));
        QVERIFY(bar);
        QTRY_VERIFY(bar->isVisible());
        auto* recover = next.findChild<QPushButton*>(QStringLiteral("recoverButton"));
        QVERIFY(recover);
        QTest::mouseClick(recover, Qt::LeftButton);
        QVERIFY(waitUntilLoaded(next, 60000));
        QCOMPARE(next.layers().count(), 1);
        QCOMPARE(next.layers().layers().front().state.name, std::string("boston-parks"));
        QVERIFY2(next.isModified(), "recovered changes must still need saving");
        QVERIFY(!bar->isVisible());
        citytwin::data::ProjectStore::discardRecovery({}, folder);
    }

    void badProjectIsRefusedAndUntouched()
    {
        const QString path = citytwin::test::testOutDir(QStringLiteral("gui")) + QStringLiteral("/junk.citytwin");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("not a project at all");
        f.close();
        MainWindow w;
        w.show();
        QVERIFY(!w.openProject(path));
        QVERIFY2(w.statusMessage().contains(QStringLiteral("Could not open")), qPrintable(w.statusMessage()));
        QFile check(path);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), QByteArray("not a project at all"));
    }
};

int main(int argc, char** argv)
{
    qputenv("CITYTWIN_NO_DIALOGS", "1");
    citytwin::app::installSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CityTwinTests"));
    TestGuiProject test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_gui_project.moc"
