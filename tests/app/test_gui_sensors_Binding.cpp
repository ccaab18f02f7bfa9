// Binding sensors from the UI and the per-kind sensor settings: the bind
// dialog on the real Boston buildings (nearest, by key, one kind, unbound
// only) and applied in the window as one undo step; the settings dialog's
// kind table (an edit reaches every sensor of the kind, one undo step) and
// the history retention round trip through the session and the project.

#include "test_gui_sensors_Suites.h"

#include "SensorBindingSupport.h"
#include "TestData.h"

#include "core/LayerLoader.h"
#include "core/sensors/SensorBinder.h"
#include "core/sensors/SensorSession.h"
#include "ui/MainWindow.h"
#include "ui/sensors/BindSensorsDialog.h"
#include "ui/sensors/SensorSettingsDialog.h"

#include "citytwin/data/StyleBuilder.h"
#include "citytwin/gis/CrsTransformer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QUndoStack>
#include <QtTest>

using citytwin::app::BindSensorsDialog;
using citytwin::app::MainWindow;
using citytwin::app::SensorLayerChoice;
using citytwin::app::SensorSettingsDialog;
using citytwin::test::sensorAt;
namespace app = citytwin::app;
namespace data = citytwin::data;
namespace gis = citytwin::gis;

namespace {

const char* const kLayerId = "boston-buildings";

} // namespace

class TestSensorBinding : public QObject {
    Q_OBJECT

    std::shared_ptr<const gis::ImportedLayer> m_layer;
    QList<SensorLayerChoice> m_choices;
    app::LoadedLayerLookup m_lookup;        ///< for the dialog
    app::VectorLayerLookup m_vectorLookup;  ///< for resolving bindings
    std::vector<data::Sensor> m_sensors;  ///< 20 energy meters on buildings, 3 noise far off, 1 bound
    std::vector<size_t> m_targets;        ///< the building of each energy meter
    size_t m_withParcel = 0;              ///< energy meters whose building has a parcel_id

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CITYTWIN_SHARED_DATA(path, "boston/boston_buildings_wgs84.gpkg");
        std::shared_ptr<const app::LoadedLayer> loaded;
        const std::string error = citytwin::test::loadVectorLayer(path.toStdString(), loaded);
        QVERIFY2(error.empty(), error.c_str());
        m_layer = loaded->vector;
        QVERIFY(m_layer->features.size() > 20'000);
        SensorLayerChoice choice{QString::fromLatin1(kLayerId), QStringLiteral("Boston buildings"), {}};
        for (const std::string& f : data::layerFieldNames(m_layer->features)) choice.attributes << QString::fromStdString(f);
        QVERIFY(choice.attributes.contains(QStringLiteral("parcel_id")));
        m_choices = {choice};
        m_lookup = citytwin::test::singleLoadedLayerLookup(kLayerId, loaded);
        m_vectorLookup = citytwin::test::singleLayerLookup(kLayerId, m_layer);

        // Energy meters at building centroids (inside convex footprints: keep
        // only buildings whose centroid has no other building near it).
        auto toLonLat = gis::CrsTransformer::create(m_layer->frame.crsDefinition, "EPSG:4326");
        QVERIFY(toLonLat.ok());
        for (size_t i = 0; i < m_layer->features.size() && m_targets.size() < 20; i += 997) {
            gis::DVec2 p = m_layer->features[i].centroid;
            QVERIFY(toLonLat->transform(p.x, p.y));
            data::Sensor s = sensorAt("energy-" + std::to_string(i), data::SensorKind::Energy, p);
            const auto parcel = app::featureKey(m_layer->features[i], "parcel_id");
            if (parcel && !parcel->empty()) {
                s.attributes["parcel"] = *parcel;
                ++m_withParcel;
            }
            m_sensors.push_back(std::move(s));
            m_targets.push_back(i);
        }
        QCOMPARE(m_targets.size(), size_t(20));
        QVERIFY(m_withParcel >= 5);
        // Far outside the city (5 km east of the extent).
        for (int k = 0; k < 3; ++k) {
            gis::DVec2 p{m_layer->extent.maxX + 5000, m_layer->extent.minY + 100.0 * k};
            QVERIFY(toLonLat->transform(p.x, p.y));
            m_sensors.push_back(sensorAt("noise-far-" + std::to_string(k), data::SensorKind::Noise, p));
        }
        data::Sensor bound = sensorAt("energy-bound", data::SensorKind::Energy, std::nullopt);
        bound.binding = {kLayerId, "123", "fid"};
        m_sensors.push_back(bound);
    }

    void nearestWithinRadius()
    {
        BindSensorsDialog dialog(m_sensors, m_choices, m_lookup);
        dialog.modeCombo()->setCurrentIndex(dialog.modeCombo()->findData(int(BindSensorsDialog::Mode::Nearest)));
        dialog.radiusSpin()->setValue(30);
        const BindSensorsDialog::Outcome& o = dialog.outcome();
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.chosen, m_sensors.size());
        QCOMPARE(o.bound, size_t(20)); // the far noise sensors and the one without a position stay unbound
        QTRY_COMPARE(dialog.countLabel()->text(), QStringLiteral("20 of 24 sensors will be bound (4 not)."));
        QVERIFY(dialog.okButton()->isEnabled());
        int onTarget = 0;
        for (size_t k = 0; k < m_targets.size(); ++k) {
            const data::SensorBinding& b = o.sensors[k].binding;
            QCOMPARE(b.layerId, std::string(kLayerId));
            QCOMPARE(b.keyAttribute, std::string(app::kFidKeyAttribute));
            if (b.featureKey == std::to_string(m_layer->features[m_targets[k]].sourceFid)) ++onTarget;
        }
        // A centroid lies on its own roof unless the footprint is concave.
        QVERIFY2(onTarget >= 17, qPrintable(QString::number(onTarget)));
        QVERIFY(o.sensors[20].binding.layerId.empty());
        QCOMPARE(o.sensors[23].binding, m_sensors[23].binding); // no position: left as it was

        // Only the unbound ones: the pre-bound sensor is not even counted.
        dialog.whichCombo()->setCurrentIndex(dialog.whichCombo()->findData(int(BindSensorsDialog::Which::Unbound)));
        QCOMPARE(dialog.outcome().chosen, size_t(23));
        // One kind: the noise sensors, none of which is near a building.
        dialog.whichCombo()->setCurrentIndex(dialog.whichCombo()->findData(int(BindSensorsDialog::Which::Kind)));
        dialog.kindCombo()->setCurrentText(QStringLiteral("noise"));
        QCOMPARE(dialog.outcome().chosen, size_t(3));
        QCOMPARE(dialog.outcome().bound, size_t(0));
        QTRY_VERIFY(!dialog.okButton()->isEnabled());
    }

    void byKeyAttribute()
    {
        BindSensorsDialog dialog(m_sensors, m_choices, m_lookup);
        dialog.modeCombo()->setCurrentIndex(dialog.modeCombo()->findData(int(BindSensorsDialog::Mode::ByKey)));
        dialog.sensorKeyCombo()->setCurrentText(QStringLiteral("parcel"));
        dialog.layerAttributeCombo()->setCurrentText(QStringLiteral("parcel_id"));
        const BindSensorsDialog::Outcome& o = dialog.outcome();
        QCOMPARE(o.bound, m_withParcel);
        for (const data::Sensor& s : o.sensors) {
            const auto parcel = s.attributes.find("parcel");
            if (parcel == s.attributes.end()) continue;
            QCOMPARE(s.binding, (data::SensorBinding{kLayerId, parcel->second, "parcel_id"}));
        }
        // The key resolves back to a building through the app's binder.
        app::SensorBinder binder;
        QCOMPARE(binder.resolve(o.sensors, m_vectorLookup).size(), m_withParcel + 1); // + the pre-bound fid 123
    }

    void windowAppliesTheBindingAsOneUndoStep()
    {
        MainWindow w;
        w.sensorSession().setSensors(m_sensors);
        const int steps = w.undoStack()->count();
        BindSensorsDialog dialog(w.sensorSession().registry().sensors(), m_choices, m_lookup, QStringLiteral("energy-0"));
        // The window's selected sensor is offered and chosen.
        QCOMPARE(BindSensorsDialog::Which(dialog.whichCombo()->currentData().toInt()), BindSensorsDialog::Which::Selected);
        QCOMPARE(dialog.outcome().chosen, size_t(1));
        dialog.whichCombo()->setCurrentIndex(dialog.whichCombo()->findData(int(BindSensorsDialog::Which::All)));
        w.applySensorBinding(dialog);
        QCOMPARE(w.undoStack()->count(), steps + 1);
        QVERIFY2(w.statusMessage().contains(QStringLiteral("Bound 20 sensors")), qPrintable(w.statusMessage()));
        QVERIFY(w.statusMessage().contains(QStringLiteral("4 not bound")));
        QCOMPARE(w.sensorSession().registry().find("energy-0")->binding.layerId, std::string(kLayerId));
        w.undoStack()->undo();
        QVERIFY(w.sensorSession().registry().find("energy-0")->binding.layerId.empty());
        w.undoStack()->redo();
        QCOMPARE(w.sensorSession().registry().find("energy-0")->binding.layerId, std::string(kLayerId));
    }

    void kindEditReachesEverySensorOfTheKind()
    {
        std::vector<data::Sensor> sensors;
        for (int i = 0; i < 3; ++i) {
            data::Sensor s = sensorAt("energy-" + std::to_string(i), data::SensorKind::Energy, gis::DVec2{-71.06, 42.36});
            s.warning = 100 + i; // differ: the row shows the kind's default
            sensors.push_back(s);
        }
        for (int i = 0; i < 2; ++i) {
            data::Sensor s = sensorAt("noise-" + std::to_string(i), data::SensorKind::Noise, gis::DVec2{-71.06, 42.36});
            s.unit = "dB";
            sensors.push_back(s);
        }
        MainWindow w;
        w.sensorSession().setSensors(sensors);
        const int steps = w.undoStack()->count();

        SensorSettingsDialog dialog(w.sensorSession().registry().sensors(), w.sensorSession().feedSettings());
        QCOMPARE(dialog.kinds().size(), size_t(2));
        const data::Sensor energyDefaults = data::sensorDefaults(data::SensorKind::Energy);
        QCOMPARE(dialog.warningSpin(data::SensorKind::Energy)->value(), energyDefaults.warning);
        QCOMPARE(dialog.unitEdit(data::SensorKind::Noise)->text(), QStringLiteral("dB")); // common value
        QVERIFY(!dialog.sensorsChanged());

        const double critical = energyDefaults.critical + 250;
        dialog.criticalSpin(data::SensorKind::Energy)->setValue(critical);
        dialog.periodSpin(data::SensorKind::Energy)->setValue(120);
        QVERIFY(dialog.okButton()->isEnabled());
        w.applySensorSettings(dialog);
        QCOMPARE(w.undoStack()->count(), steps + 1);
        for (const data::Sensor& s : w.sensorSession().registry().sensors()) {
            if (s.kind == data::SensorKind::Energy) {
                QCOMPARE(s.critical, critical);
                QCOMPARE(s.periodSeconds, 120.0);
            } else {
                QCOMPARE(s.unit, std::string("dB"));
                QCOMPARE(s.critical, data::sensorDefaults(data::SensorKind::Noise).critical);
            }
        }
        // Untouched fields keep each sensor's own value.
        QCOMPARE(w.sensorSession().registry().find("energy-2")->warning, 102.0);
        w.undoStack()->undo();
        QCOMPARE(w.sensorSession().registry().sensors(), sensors);

        // A critical threshold below the warning (alerting above) cannot be accepted.
        SensorSettingsDialog bad(sensors, w.sensorSession().feedSettings());
        bad.criticalSpin(data::SensorKind::Noise)->setValue(bad.warningSpin(data::SensorKind::Noise)->value() - 1);
        QVERIFY(!bad.okButton()->isEnabled());
        QVERIFY(bad.validationMessage().startsWith(QStringLiteral("noise")));
        bad.useDefaults(data::SensorKind::Noise);
        QVERIFY(bad.okButton()->isEnabled());
        QCOMPARE(bad.unitEdit(data::SensorKind::Noise)->text(),
                 QString::fromStdString(data::sensorDefaults(data::SensorKind::Noise).unit));
    }

    void retentionRoundTrips()
    {
        MainWindow w;
        w.sensorSession().setSensors({sensorAt("noise-1", data::SensorKind::Noise, gis::DVec2{-71.06, 42.36})});
        const data::ProjectFeedSettings before = w.sensorSession().feedSettings();
        SensorSettingsDialog dialog(w.sensorSession().registry().sensors(), before);
        QCOMPARE(dialog.retentionSpin()->value(), before.retentionDays);
        dialog.retentionSpin()->setValue(7);
        dialog.autoRegisterCheck()->setChecked(!before.autoRegister);
        QVERIFY(!dialog.sensorsChanged());
        const int steps = w.undoStack()->count();
        w.applySensorSettings(dialog);
        QCOMPARE(w.undoStack()->count(), steps); // settings, not sensors: no undo step
        QCOMPARE(w.sensorSession().feedSettings().retentionDays, 7);
        QCOMPARE(w.sensorSession().feedSettings().autoRegister, !before.autoRegister);
        QCOMPARE(w.currentProject().feeds.retentionDays, 7); // saved with the project
        QVERIFY(w.isModified());
        QVERIFY2(w.statusMessage().contains(QStringLiteral("7 day")), qPrintable(w.statusMessage()));

        // A new dialog shows what the session now holds; 0 keeps everything.
        SensorSettingsDialog again(w.sensorSession().registry().sensors(), w.sensorSession().feedSettings());
        QCOMPARE(again.retentionSpin()->value(), 7);
        again.retentionSpin()->setValue(0);
        QCOMPARE(again.retentionSpin()->text(), QStringLiteral("Keep everything"));
        w.applySensorSettings(again);
        QCOMPARE(w.sensorSession().feedSettings().retentionDays, 0);
    }
};

int runSensorBindingTests(int argc, char** argv)
{
    TestSensorBinding t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gui_sensors_Binding.moc"
