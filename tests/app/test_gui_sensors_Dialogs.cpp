// The sensor import dialog (the Cambridge traffic counts CSV with its
// CR-only lines; a small GeoJSON; binding options) and the sensor
// properties dialog (validation keeps OK disabled).

#include "test_gui_sensors_Suites.h"
#include "test_gui_sensors_Support.h"

#include "TestData.h"

#include "ui/sensors/SensorImportDialog.h"
#include "ui/sensors/SensorPropertiesDialog.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using citytwin::app::SensorBindRequest;
using citytwin::app::SensorImportDialog;
using citytwin::app::SensorLayerChoice;
using citytwin::app::SensorPropertiesDialog;
using Field = citytwin::app::SensorImportDialog::Field;
namespace data = citytwin::data;

class TestSensorDialogs : public QObject {
    Q_OBJECT

private slots:
    void importCambridgeTrafficCounts()
    {
        CITYTWIN_SHARED_DATA(path, "sensors/average_daily_traffic.csv");
        const QList<SensorLayerChoice> layers{
            {QStringLiteral("layer-1"), QStringLiteral("Streets"), {QStringLiteral("STREET_ID"), QStringLiteral("NAME")}},
            {QStringLiteral("layer-2"), QStringLiteral("Buildings"), {QStringLiteral("BLDG_ID")}}};
        SensorImportDialog dialog(layers);
        QVERIFY(!dialog.importButton()->isEnabled()); // no file yet
        QVERIFY(dialog.setPath(path));
        // The header was read (CR-only line endings) and the preview holds 20 rows.
        QVERIFY(dialog.columnCombo(Field::Id)->findText(QStringLiteral("ID")) > 0);
        QCOMPARE(dialog.columnCombo(Field::Id)->itemText(0), QStringLiteral("(none)"));
        QVERIFY(dialog.columnCombo(Field::Lat)->findText(QStringLiteral("Latitude")) > 0);
        QCOMPARE(dialog.previewTable()->rowCount(), 20);
        QCOMPARE(dialog.previewTable()->horizontalHeaderItem(0)->text(), QStringLiteral("ID"));
        QCOMPARE(dialog.previewTable()->item(0, 0)->text(), QStringLiteral("1"));

        // Its yearly AMPeak columns make it a traffic-count table: one sensor per station.
        QCOMPARE(dialog.layout(), SensorImportDialog::Layout::TrafficCounts);
        dialog.columnCombo(Field::Id)->setCurrentText(QStringLiteral("ID"));
        dialog.columnCombo(Field::Name)->setCurrentText(QStringLiteral("PrimaryStreet"));
        dialog.columnCombo(Field::Lat)->setCurrentText(QStringLiteral("Latitude"));
        dialog.columnCombo(Field::Lon)->setCurrentText(QStringLiteral("Longitude"));
        dialog.columnCombo(Field::Wkt)->setCurrentIndex(0);
        dialog.fixedKindCombo()->setCurrentText(QStringLiteral("traffic_flow"));
        dialog.idPrefixEdit()->setText(QStringLiteral("traffic-"));
        QVERIFY(!dialog.acceptButton()->isEnabled()); // nothing imported yet

        QTest::mouseClick(dialog.importButton(), Qt::LeftButton);
        const data::ImportedSensors& result = dialog.result();
        QCOMPARE(result.sensors.size(), size_t(312));
        QVERIFY2(dialog.resultText().startsWith(QStringLiteral("312 sensors")), qPrintable(dialog.resultText()));
        QCOMPARE(result.rowsRead, 313);
        QCOMPARE(result.rowsSkipped, 1); // station 235 has no count in any year
        QVERIFY(dialog.diagnosticLines().filter(QStringLiteral("station 235")).size() == 1);
        std::set<std::string> ids;
        for (const data::Sensor& s : result.sensors) {
            ids.insert(s.id);
            QCOMPARE(s.kind, data::SensorKind::TrafficFlow);
            QVERIFY(s.lonLat && s.lonLat->x > -71.17 && s.lonLat->x < -71.06);
            QVERIFY(s.attributes.count("adt")); // what the simulator scales traffic by
        }
        QCOMPARE(ids.size(), size_t(312));
        QVERIFY(ids.count("traffic-1"));
        QVERIFY(dialog.acceptButton()->isEnabled());

        // Binding by key: the sensor column travels with each sensor.
        dialog.bindModeCombo()->setCurrentIndex(dialog.bindModeCombo()->findData(int(SensorBindRequest::Mode::ByKey)));
        QVERIFY(!dialog.acceptButton()->isEnabled()); // settings changed: import again
        dialog.bindLayerCombo()->setCurrentIndex(0);
        dialog.bindColumnCombo()->setCurrentText(QStringLiteral("PrimaryStreet"));
        dialog.bindAttributeCombo()->setCurrentText(QStringLiteral("NAME"));
        QVERIFY(dialog.runImport());
        const SensorBindRequest bind = dialog.bindRequest();
        QCOMPARE(bind.mode, SensorBindRequest::Mode::ByKey);
        QCOMPARE(bind.layerId, QStringLiteral("layer-1"));
        QCOMPARE(bind.keyAttribute, QStringLiteral("NAME"));
        QCOMPARE(bind.sensorColumn, QStringLiteral("PrimaryStreet"));
        QVERIFY(!dialog.result().sensors.empty());
        QCOMPARE(dialog.result().sensors.front().attributes.at("PrimaryStreet"), std::string("Massachusetts Avenue"));

        // Nearest feature within N metres.
        dialog.bindModeCombo()->setCurrentIndex(dialog.bindModeCombo()->findData(int(SensorBindRequest::Mode::Nearest)));
        dialog.bindLayerCombo()->setCurrentIndex(1);
        dialog.bindRadiusSpin()->setValue(40);
        const SensorBindRequest nearest = dialog.bindRequest();
        QCOMPARE(nearest.mode, SensorBindRequest::Mode::Nearest);
        QCOMPARE(nearest.layerId, QStringLiteral("layer-2"));
        QCOMPARE(nearest.radiusMeters, 40.0);

        // As a plain table every row is a sensor, station 235 included.
        dialog.layoutCombo()->setCurrentIndex(dialog.layoutCombo()->findData(int(SensorImportDialog::Layout::Rows)));
        QVERIFY(dialog.runImport());
        QCOMPARE(dialog.result().sensors.size(), size_t(313));
        QCOMPARE(dialog.result().sensors.front().kind, data::SensorKind::TrafficFlow);
    }

    void csvWithoutCoordinatesCannotImport()
    {
        CITYTWIN_SHARED_DATA(path, "sensors/average_daily_traffic.csv");
        SensorImportDialog dialog({});
        QVERIFY(dialog.setPath(path));
        dialog.setColumn(Field::Lat, {});
        dialog.setColumn(Field::Wkt, {});
        QVERIFY(!dialog.importButton()->isEnabled());
        QVERIFY(!dialog.runImport());
        dialog.setColumn(Field::Lat, QStringLiteral("Latitude"));
        dialog.setColumn(Field::Lon, QStringLiteral("Longitude"));
        QVERIFY(dialog.importButton()->isEnabled());
        // Binding needs a layer and the project offers none.
        dialog.bindModeCombo()->setCurrentIndex(1);
        QVERIFY(!dialog.importButton()->isEnabled());
    }

    void importGeoJsonWithSkippedRow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sensors.geojson"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"type\":\"FeatureCollection\",\"features\":["
                   "{\"type\":\"Feature\",\"properties\":{\"code\":\"p1\",\"label\":\"North lot\",\"cap\":40},"
                   "\"geometry\":{\"type\":\"Point\",\"coordinates\":[-71.1,42.37]}},"
                   "{\"type\":\"Feature\",\"properties\":{\"code\":\"p2\",\"label\":\"South lot\"},"
                   "\"geometry\":{\"type\":\"Point\",\"coordinates\":[-71.2,42.36]}},"
                   "{\"type\":\"Feature\",\"properties\":{\"code\":\"p3\",\"label\":\"Nowhere\"},\"geometry\":null}]}");
        file.close();
        SensorImportDialog dialog({});
        QVERIFY(dialog.setPath(path));
        QCOMPARE(dialog.previewTable()->rowCount(), 3);
        QVERIFY(dialog.columnCombo(Field::Id)->findText(QStringLiteral("code")) > 0);
        QVERIFY(dialog.columnCombo(Field::Id)->findText(QStringLiteral("cap")) > 0);
        QVERIFY(!dialog.columnCombo(Field::Lat)->isEnabled()); // GeoJSON has its geometry
        dialog.setColumn(Field::Id, QStringLiteral("code"));
        dialog.setColumn(Field::Name, QStringLiteral("label"));
        dialog.fixedKindCombo()->setCurrentText(QStringLiteral("parking"));
        QVERIFY(dialog.runImport());
        QCOMPARE(dialog.result().sensors.size(), size_t(2));
        QCOMPARE(dialog.result().sensors[1].name, std::string("South lot"));
        QCOMPARE(dialog.result().rowsSkipped, 1);
        QVERIFY(!dialog.diagnosticLines().isEmpty());
        QVERIFY2(dialog.resultText().contains(QStringLiteral("1 skipped")), qPrintable(dialog.resultText()));
    }

    void unreadableFile()
    {
        SensorImportDialog dialog({});
        QVERIFY(!dialog.setPath(QStringLiteral("/nonexistent/sensors.csv")));
        QVERIFY(!dialog.importButton()->isEnabled());
        QVERIFY(!dialog.diagnosticLines().isEmpty());
    }

    void propertiesRejectCriticalBelowWarning()
    {
        data::Sensor sensor = citytwin::test::makeSensor("traffic-4", "Prospect Street", 1000, 1500);
        SensorPropertiesDialog dialog(sensor);
        QVERIFY(dialog.okButton()->isEnabled());
        QCOMPARE(dialog.sensor(), sensor); // unchanged round trip

        dialog.criticalSpin()->setValue(900);
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(!dialog.validationLabel()->isHidden());
        QVERIFY(dialog.validationLabel()->text().contains(QStringLiteral("critical")));

        // Below: a critical of 900 under a warning of 1,000 is right.
        dialog.directionCombo()->setCurrentIndex(dialog.directionCombo()->findData(int(data::ThresholdDirection::Below)));
        QVERIFY(dialog.okButton()->isEnabled());
        QVERIFY(dialog.validationLabel()->isHidden());

        dialog.periodSpin()->setValue(0);
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(dialog.validationLabel()->text().contains(QStringLiteral("period")));
        dialog.periodSpin()->setValue(30);
        QVERIFY(dialog.okButton()->isEnabled());

        dialog.nameEdit()->setText(QStringLiteral("Prospect St counter"));
        dialog.latSpin()->setValue(42.5);
        const data::Sensor edited = dialog.sensor();
        QCOMPARE(edited.id, std::string("traffic-4"));
        QCOMPARE(edited.name, std::string("Prospect St counter"));
        QCOMPARE(edited.direction, data::ThresholdDirection::Below);
        QCOMPARE(edited.critical, 900.0);
        QCOMPARE(edited.periodSeconds, 30.0);
        QVERIFY(edited.lonLat);
        QCOMPARE(edited.lonLat->y, 42.5);
    }

    void propertiesBinding()
    {
        data::Sensor sensor = citytwin::test::makeSensor("p-1", "Lot", 80, 95);
        const QList<SensorLayerChoice> layers{
            {QStringLiteral("parcels"), QStringLiteral("Parcels"), {QStringLiteral("parcel_id"), QStringLiteral("use")}}};
        SensorPropertiesDialog dialog(sensor, layers);
        dialog.locationCombo()->setCurrentIndex(
            dialog.locationCombo()->findData(int(SensorPropertiesDialog::Location::Bound)));
        QVERIFY(!dialog.okButton()->isEnabled()); // no key yet
        dialog.keyAttributeCombo()->setCurrentText(QStringLiteral("parcel_id"));
        dialog.featureKeyEdit()->setText(QStringLiteral("176-12"));
        QVERIFY(dialog.okButton()->isEnabled());
        const data::Sensor edited = dialog.sensor();
        QCOMPARE(edited.binding.layerId, std::string("parcels"));
        QCOMPARE(edited.binding.keyAttribute, std::string("parcel_id"));
        QCOMPARE(edited.binding.featureKey, std::string("176-12"));
    }
};

int runSensorDialogsTests(int argc, char** argv)
{
    TestSensorDialogs test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_gui_sensors_Dialogs.moc"
