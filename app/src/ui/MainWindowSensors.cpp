// The live city in the window: the sensor session and its docks (alerts,
// chart, feature info, feeds), the time bar, the Sensors menu, picking, and
// the demo's in-process sensor network.

#include "ui/MainWindow.h"

#include "commands/SensorCommands.h"
#include "core/LayerStack.h"
#include "core/SensorSceneSync.h"
#include "core/sensors/SensorBinder.h"
#include "core/sensors/SensorSession.h"
#include "ui/BrokerDialog.h"
#include "ui/LayerTreePanel.h"
#include "ui/ViewerWidget.h"
#include "ui/sensors/AlertsDockWidget.h"
#include "ui/sensors/BindSensorsDialog.h"
#include "ui/sensors/FeatureInfoPanel.h"
#include "ui/sensors/FeedStatusPanel.h"
#include "ui/sensors/SensorChartPanel.h"
#include "ui/sensors/SensorImportDialog.h"
#include "ui/sensors/SensorLayerChoice.h"
#include "ui/sensors/SensorPropertiesDialog.h"
#include "ui/sensors/SensorSettingsDialog.h"
#include "ui/sensors/TimeBar.h"

#include "citytwin/data/StyleBuilder.h"
#include "citytwin/data/sensors/Simulator.h"
#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/render/SensorOverlay.h"

#include <QActionGroup>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>

#include <algorithm>
#include <set>

namespace citytwin::app {
namespace {

QDockWidget* makeDock(QMainWindow* window, const QString& title, const QString& name, QWidget* widget,
                      Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(name);
    dock->setWidget(widget);
    window->addDockWidget(area, dock);
    return dock;
}

} // namespace

QString MainWindow::historyPathFor(const QString& projectPath)
{
    // Beside a saved project; in the user's data folder for an unsaved one.
    if (!projectPath.isEmpty()) return projectPath + QStringLiteral("-history");
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                        QStringLiteral("/history");
    QDir().mkpath(dir);
    return dir + QStringLiteral("/unsaved.citytwin-history");
}

void MainWindow::createSensorUi()
{
    auto* menu = menuBar()->addMenu(tr("&Sensors"));
    menu->setObjectName(QStringLiteral("sensorsMenu"));
    auto* import = menu->addAction(tr("&Import Sensors…"), this, &MainWindow::showSensorImport);
    import->setObjectName(QStringLiteral("actionImportSensors"));
    auto* bind = menu->addAction(tr("&Bind Sensors to Layer…"), this, &MainWindow::showBindSensors);
    bind->setObjectName(QStringLiteral("actionBindSensors"));
    auto* settings = menu->addAction(tr("Sensor S&ettings…"), this, &MainWindow::showSensorSettings);
    settings->setObjectName(QStringLiteral("actionSensorSettings"));
    auto* broker = menu->addAction(tr("Connect to &Broker…"), this, &MainWindow::showBrokerDialog);
    broker->setObjectName(QStringLiteral("actionBroker"));
    menu->addAction(tr("&Disconnect from Broker"), this, [this]() {
        m_sensors->stopMqtt();
        updateSensorStatus();
    });
    auto* simulate = menu->addAction(tr("Run the &Simulator"));
    simulate->setObjectName(QStringLiteral("actionSimulator"));
    simulate->setCheckable(true);
    connect(menu, &QMenu::aboutToShow, simulate, [this, simulate]() { simulate->setChecked(m_sensors->simulatorRunning()); });
    connect(simulate, &QAction::triggered, this, [this](bool on) {
        if (on) m_sensors->startSimulator(m_sensors->feedSettings().simulatorSeed);
        else m_sensors->stopSimulator();
        updateSensorStatus();
    });
    menu->addSeparator();
    auto* labels = menu->addAction(tr("Show Sensor &Labels"));
    labels->setObjectName(QStringLiteral("actionSensorLabels"));
    labels->setCheckable(true);
    labels->setShortcut(Qt::CTRL | Qt::Key_L);
    connect(labels, &QAction::toggled, this, [this](bool on) { m_sensorSync->setLabelsVisible(on); });

    auto* heat = menu->addMenu(tr("&Heat Map"));
    auto* heatGroup = new QActionGroup(this);
    auto addHeat = [&](const QString& text, std::optional<data::SensorKind> kind, const char* name) {
        auto* a = heat->addAction(text);
        a->setCheckable(true);
        a->setObjectName(QString::fromLatin1(name));
        a->setChecked(!kind);
        heatGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, kind]() { m_sensorSync->setHeatKind(kind); });
    };
    addHeat(tr("Off"), std::nullopt, "actionHeatOff");
    addHeat(tr("Air Quality PM2.5"), data::SensorKind::AirPm25, "actionHeatPm25");
    addHeat(tr("Air Quality NO2"), data::SensorKind::AirNo2, "actionHeatNo2");
    addHeat(tr("Noise"), data::SensorKind::Noise, "actionHeatNoise");
    menu->addSeparator();
    menu->addAction(tr("Sensor &Properties…"), this, [this]() { editSensor(m_selectedSensor); });
    menu->addAction(tr("&Remove Sensor"), this, [this]() { removeSensor(m_selectedSensor); });

    m_timeToolBar = new QToolBar(tr("Time"), this);
    m_timeToolBar->setObjectName(QStringLiteral("timeToolBar"));
    addToolBar(Qt::BottomToolBarArea, m_timeToolBar);

    m_sensorLabel = new QLabel;
    m_sensorLabel->setObjectName(QStringLiteral("sensorStatus"));
    statusBar()->addPermanentWidget(m_sensorLabel);

    connect(m_viewer, &ViewerWidget::clicked, this, &MainWindow::pickAt);
    resetSensorSession(historyPathFor(QString()));

    auto* viewMenu = menuBar()->findChild<QMenu*>(QStringLiteral("viewMenu"));
    if (viewMenu) {
        viewMenu->addSeparator();
        for (QDockWidget* d : {m_alertsDock, m_chartDock, m_infoDock, m_feedDock}) viewMenu->addAction(d->toggleViewAction());
        viewMenu->addAction(m_timeToolBar->toggleViewAction());
    }
}

void MainWindow::closeSensorSession()
{
    // Views first (they refer to the session), then the session.
    delete m_sensorSync;
    m_sensorSync = nullptr;
    for (QDockWidget* d : {m_alertsDock, m_chartDock, m_infoDock, m_feedDock})
        if (d) delete d->widget();
    delete m_timeBar;
    m_timeBar = nullptr;
    if (m_timeToolBar) m_timeToolBar->clear();
    delete m_sensors;
    m_sensors = nullptr;
}

void MainWindow::resetSensorSession(const QString& historyPath, double backfillHours)
{
    closeSensorSession();
    m_selectedSensor.clear();
    m_selectedFeature.reset();

    SensorSessionOptions options;
    options.historyPath = historyPath.toStdString();
    options.simulatorBackfillHours = backfillHours;
    m_sensors = new SensorSession(options, this);
    if (auto opened = m_sensors->open(); !opened.ok())
        m_messageLabel->setText(tr("Sensor history unavailable: %1").arg(QString::fromStdString(opened.firstError())));
    m_sensorSync = new SensorSceneSync(*m_sensors, *m_stack, this);
    if (m_frame) m_sensorSync->setSceneFrame(m_frame);
    connect(m_sensorSync, &SensorSceneSync::redrawNeeded, m_viewer, &ViewerWidget::requestRedraw);
    connect(m_sensors, &SensorSession::frameReady, this, &MainWindow::updateSensorStatus);

    m_alertsPanel = new AlertsDockWidget(*m_sensors);
    m_chartPanel = new SensorChartPanel(*m_sensors);
    m_featureInfo = new FeatureInfoPanel(*m_sensors);
    m_feedPanel = new FeedStatusPanel(*m_sensors);
    if (!m_alertsDock) {
        m_alertsDock = makeDock(this, tr("Alerts"), QStringLiteral("alertsDock"), m_alertsPanel, Qt::RightDockWidgetArea);
        m_chartDock = makeDock(this, tr("Sensor Chart"), QStringLiteral("chartDock"), m_chartPanel, Qt::RightDockWidgetArea);
        m_infoDock = makeDock(this, tr("Feature Info"), QStringLiteral("featureInfoDock"), m_featureInfo, Qt::LeftDockWidgetArea);
        m_feedDock = makeDock(this, tr("Feeds"), QStringLiteral("feedsDock"), m_feedPanel, Qt::LeftDockWidgetArea);
        tabifyDockWidget(m_infoDock, m_feedDock);
        m_infoDock->raise();
    } else {
        m_alertsDock->setWidget(m_alertsPanel);
        m_chartDock->setWidget(m_chartPanel);
        m_infoDock->setWidget(m_featureInfo);
        m_feedDock->setWidget(m_feedPanel);
    }
    connect(m_alertsPanel, &AlertsDockWidget::flyToSensor, this, &MainWindow::flyToSensor);
    auto showCount = [this](int n) {
        m_alertsDock->setWindowTitle(n > 0 ? tr("Alerts (%1)").arg(n) : tr("Alerts"));
        m_viewer->requestRedraw();
    };
    connect(m_alertsPanel, &AlertsDockWidget::unacknowledgedChanged, this, showCount);
    showCount(m_alertsPanel->unacknowledgedCount());
    connect(m_featureInfo, &FeatureInfoPanel::sensorActivated, this, &MainWindow::selectSensor);
    m_timeBar = new TimeBar(*m_sensors);
    m_timeToolBar->addWidget(m_timeBar);
    // The sensor docks appear with the first sensors, so a city without any
    // keeps the whole window for the view.
    showSensorDocks(false);
    connect(m_sensors, &SensorSession::sensorsChanged, this, [this]() {
        if (m_sensors->registry().size() > 0 && !m_alertsDock->isVisible()) showSensorDocks(true);
    });
    updateSensorStatus();
}

void MainWindow::showSensorDocks(bool show)
{
    for (QDockWidget* d : {m_alertsDock, m_chartDock, m_feedDock}) d->setVisible(show);
    m_infoDock->setVisible(true);
    m_timeToolBar->setVisible(show);
    if (show) m_infoDock->raise();
}

void MainWindow::updateSensorStatus()
{
    if (!m_sensorLabel || !m_sensors) return;
    const SensorFrame& frame = m_sensors->lastFrame();
    const size_t count = m_sensors->registry().size();
    if (count == 0 && !m_sensors->mqttRunning()) {
        m_sensorLabel->clear();
        return;
    }
    QStringList parts;
    parts << (frame.mode == data::ClockMode::Live ? tr("LIVE") : tr("REPLAY"));
    parts << tr("%n sensor(s)", nullptr, int(count));
    for (const data::FeedStatus& feed : frame.snapshot.feeds) {
        if (feed.id == data::kDirectFeed) continue;
        parts << QStringLiteral("%1: %2").arg(QString::fromStdString(feed.name),
                                              QString::fromStdString(data::feedConnectionName(feed.state.connection)));
    }
    const QString text = parts.join(QStringLiteral(" · "));
    if (m_sensorLabel->text() != text) m_sensorLabel->setText(text);
}

QList<SensorLayerChoice> MainWindow::layerChoices() const
{
    QList<SensorLayerChoice> choices;
    for (const LayerEntry& e : m_stack->layers()) {
        if (!e.loaded || !e.loaded->vector) continue;
        SensorLayerChoice c;
        c.id = QString::fromStdString(e.id);
        c.name = QString::fromStdString(e.state.name);
        for (const std::string& f : data::layerFieldNames(e.loaded->vector->features))
            c.attributes << QString::fromStdString(f);
        choices << c;
    }
    return choices;
}

void MainWindow::setSensorsUndoable(std::vector<data::Sensor> after, const QString& text)
{
    m_undo->push(new SetSensorsCommand(*m_sensors, m_sensors->registry().sensors(), std::move(after), text));
}

void MainWindow::showSensorImport()
{
    SensorImportDialog dialog(layerChoices(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    std::vector<data::Sensor> imported = dialog.result().sensors;
    if (imported.empty()) return;
    const SensorBindRequest bind = dialog.bindRequest();
    QString bindNote;
    if (bind.mode != SensorBindRequest::Mode::None) {
        const LayerEntry* layer = m_stack->find(bind.layerId.toStdString());
        if (layer && layer->loaded && layer->loaded->vector) {
            if (bind.mode == SensorBindRequest::Mode::Nearest) {
                BindNearestOptions options;
                options.layerId = layer->id;
                options.keyAttribute = bind.keyAttribute.toStdString();
                options.radiusMeters = bind.radiusMeters;
                options.rebind = true;
                auto report = bindNearest(imported, LayerMeshes(*layer->loaded), options);
                if (report.ok())
                    bindNote = tr("; %1 bound to %2, %3 without a feature within %4 m")
                                   .arg(report->bound)
                                   .arg(QString::fromStdString(layer->state.name))
                                   .arg(report->unbound.size())
                                   .arg(bind.radiusMeters);
                else
                    bindNote = tr("; not bound: %1").arg(QString::fromStdString(report.firstError()));
            } else {
                // By key: the key was read into the sensor's attributes from the chosen column.
                size_t bound = 0;
                for (data::Sensor& s : imported) {
                    auto it = s.attributes.find(bind.sensorColumn.toStdString());
                    const std::string key = it != s.attributes.end() ? it->second : s.id;
                    s.binding = {layer->id, key, bind.keyAttribute.toStdString()};
                    ++bound;
                }
                bindNote = tr("; %1 bound by %2").arg(bound).arg(bind.keyAttribute);
            }
        }
    }
    std::vector<data::Sensor> after = m_sensors->registry().sensors();
    std::set<std::string> ids;
    for (const auto& s : after) ids.insert(s.id);
    size_t added = 0, replaced = 0;
    for (data::Sensor& s : imported) {
        if (ids.count(s.id)) {
            std::replace_if(after.begin(), after.end(), [&](const data::Sensor& o) { return o.id == s.id; }, s);
            ++replaced;
        } else {
            ids.insert(s.id);
            after.push_back(std::move(s));
            ++added;
        }
    }
    setSensorsUndoable(std::move(after), tr("Import sensors"));
    m_messageLabel->setText(tr("Imported %1 sensors (%2 updated)%3.").arg(added).arg(replaced).arg(bindNote));
}

void MainWindow::showBindSensors()
{
    if (m_sensors->registry().size() == 0) {
        m_messageLabel->setText(tr("The project has no sensors to bind; import some first."));
        return;
    }
    // A snapshot of the loaded layers: a load finishing while the dialog is
    // open must not pull the data from under it.
    std::map<std::string, std::shared_ptr<const LoadedLayer>> loaded;
    for (const LayerEntry& e : m_stack->layers())
        if (e.loaded && e.loaded->vector) loaded[e.id] = e.loaded;
    LoadedLayerLookup lookup = [loaded](const std::string& id) {
        const auto it = loaded.find(id);
        return it == loaded.end() ? nullptr : it->second;
    };
    BindSensorsDialog dialog(m_sensors->registry().sensors(), layerChoices(), std::move(lookup), m_selectedSensor, this);
    if (dialog.exec() != QDialog::Accepted) return;
    applySensorBinding(dialog);
}

void MainWindow::applySensorBinding(const BindSensorsDialog& dialog)
{
    const BindSensorsDialog::Outcome& outcome = dialog.outcome();
    if (!outcome.error.isEmpty()) {
        m_messageLabel->setText(outcome.error);
        return;
    }
    const QString layer = dialog.layerCombo()->currentText();
    if (outcome.sensors != m_sensors->registry().sensors())
        setSensorsUndoable(outcome.sensors, tr("Bind sensors to %1").arg(layer));
    m_messageLabel->setText(tr("Bound %1 sensors to %2; %3 not bound.")
                                .arg(outcome.bound)
                                .arg(layer)
                                .arg(outcome.chosen - outcome.bound));
}

void MainWindow::showSensorSettings()
{
    SensorSettingsDialog dialog(m_sensors->registry().sensors(), m_sensors->feedSettings(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    applySensorSettings(dialog);
}

void MainWindow::applySensorSettings(const SensorSettingsDialog& dialog)
{
    QStringList done;
    if (dialog.sensorsChanged()) {
        setSensorsUndoable(dialog.sensors(), tr("Edit sensor kinds"));
        done << tr("sensor kinds updated");
    }
    const data::ProjectFeedSettings before = m_sensors->feedSettings();
    const data::ProjectFeedSettings edited = dialog.feedSettings();
    if (!(edited == before)) {
        auto applied = m_sensors->applyFeedSettings(edited, storedBrokerPassword(edited).toStdString());
        if (!applied.ok()) {
            m_messageLabel->setText(tr("Sensor settings not applied: %1").arg(QString::fromStdString(applied.firstError())));
            return;
        }
        // Feed settings are part of the project but not on the undo stack (as the broker's).
        m_undo->resetClean();
        done << (edited.retentionDays > 0 ? tr("history kept %n day(s)", nullptr, edited.retentionDays)
                                          : tr("history kept in full"));
    }
    m_messageLabel->setText(done.isEmpty() ? tr("Sensor settings unchanged.")
                                           : tr("Sensor settings: %1.").arg(done.join(QStringLiteral(", "))));
    updateSensorStatus();
}

void MainWindow::showBrokerDialog()
{
    data::ProjectFeedSettings settings = m_sensors->feedSettings();
    BrokerDialog dialog(settings, storedBrokerPassword(settings), this);
    if (dialog.exec() != QDialog::Accepted) return;
    data::ProjectFeedSettings edited = dialog.settings();
    if (dialog.rememberPassword()) storeBrokerPassword(edited, dialog.password());
    showSensorDocks(true);
    auto applied = m_sensors->applyFeedSettings(edited, dialog.password().toStdString());
    m_messageLabel->setText(applied.ok() ? tr("Connecting to %1…").arg(QString::fromStdString(edited.brokerUrl))
                                         : tr("Could not connect: %1").arg(QString::fromStdString(applied.firstError())));
    if (applied.ok() && !(edited == settings)) {
        // Broker settings are part of the project (never the password).
        m_undo->resetClean();
    }
    updateSensorStatus();
}

bool MainWindow::connectBroker(const QString& url)
{
    data::ProjectFeedSettings settings = m_sensors->feedSettings();
    settings.brokerUrl = url.toStdString();
    auto applied = m_sensors->applyFeedSettings(settings, storedBrokerPassword(settings).toStdString());
    if (!applied.ok()) {
        m_messageLabel->setText(tr("Could not connect to %1: %2").arg(url, QString::fromStdString(applied.firstError())));
        return false;
    }
    m_messageLabel->setText(tr("Connecting to %1…").arg(url));
    showSensorDocks(true);
    updateSensorStatus();
    return true;
}

void MainWindow::editSensor(const QString& sensorId)
{
    const data::Sensor* sensor = m_sensors->registry().find(sensorId.toStdString());
    if (!sensor) {
        m_messageLabel->setText(tr("Select a sensor first (click its marker)."));
        return;
    }
    SensorPropertiesDialog dialog(*sensor, layerChoices(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    const data::Sensor edited = dialog.sensor();
    if (edited == *sensor) return;
    std::vector<data::Sensor> after = m_sensors->registry().sensors();
    for (auto& s : after)
        if (s.id == edited.id) s = edited;
    setSensorsUndoable(std::move(after), tr("Edit sensor"));
}

void MainWindow::removeSensor(const QString& sensorId)
{
    if (!m_sensors->registry().find(sensorId.toStdString())) return;
    std::vector<data::Sensor> after = m_sensors->registry().sensors();
    std::erase_if(after, [&](const data::Sensor& s) { return s.id == sensorId.toStdString(); });
    setSensorsUndoable(std::move(after), tr("Remove sensor"));
    m_selectedSensor.clear();
}

void MainWindow::selectSensor(const QString& sensorId)
{
    const data::Sensor* sensor = m_sensors->registry().find(sensorId.toStdString());
    if (!sensor) return;
    m_selectedSensor = sensorId;
    m_chartPanel->setSensor(sensorId);
    m_chartDock->show();
    m_chartDock->raise();
    m_messageLabel->setText(tr("Sensor %1 (%2)").arg(QString::fromStdString(sensor->name.empty() ? sensor->id : sensor->name),
                                                     QString::fromLatin1(data::sensorKindName(sensor->kind))));
}

void MainWindow::flyToSensor(const QString& sensorId)
{
    const auto position = m_sensorSync->sensorPosition(sensorId.toStdString());
    if (!position) return;
    render::CameraView view = m_viewer->cameraView();
    view.target = *position;
    view.rangeMeters = std::min(view.rangeMeters, 450.0);
    view.pitchDeg = std::min(view.pitchDeg, -35.0);
    m_viewer->flyTo(view);
    selectSensor(sensorId);
}

void MainWindow::pickAt(double x, double y)
{
    const osg::Camera* camera = m_viewer->camera();
    if (!camera) return;
    if (auto marker = m_scene->sensors().pickMarker(*camera, x, y, 12.0)) {
        const auto& ids = m_sensorSync->markerSensors();
        if (*marker < ids.size()) {
            selectSensor(QString::fromStdString(ids[*marker]));
            return;
        }
    }
    if (m_selectedFeature) m_scene->setFeatureSelected(m_selectedFeature->first, m_selectedFeature->second, false);
    m_selectedFeature.reset();
    const auto hit = m_scene->pick(*camera, x, y);
    const LayerEntry* entry = nullptr;
    if (hit)
        for (const LayerEntry& e : m_stack->layers())
            if (e.sceneId == hit->layer) entry = &e;
    if (!hit || !entry || !entry->loaded || !entry->loaded->vector ||
        hit->featureIndex >= entry->loaded->vector->features.size()) {
        m_featureInfo->clear();
        m_viewer->requestRedraw();
        return;
    }
    m_selectedFeature = std::make_pair(hit->layer, hit->featureIndex);
    m_scene->setFeatureSelected(hit->layer, hit->featureIndex, true);
    QStringList sensors;
    for (const std::string& id : m_sensorSync->sensorsOnFeature(entry->id, hit->featureIndex))
        sensors << QString::fromStdString(id);
    m_featureInfo->showFeature(QString::fromStdString(entry->state.name),
                               entry->loaded->vector->features[hit->featureIndex].attributes, sensors);
    m_infoDock->show();
    m_infoDock->raise();
    m_viewer->requestRedraw();
}

void MainWindow::startDemoSensors()
{
    m_demoSensorsPending = false;
    if (!m_frame) return;
    const LayerEntry* buildings = nullptr;
    const LayerEntry* streets = nullptr;
    for (const LayerEntry& e : m_stack->layers()) {
        if (!e.loaded || !e.loaded->vector) continue;
        if (e.loaded->kind == gis::LayerKind::Buildings && !buildings) buildings = &e;
        if (e.loaded->kind == gis::LayerKind::Lines && !streets) streets = &e;
    }
    if (!buildings) return;
    // The network covers the city's inner part, in WGS 84.
    auto toWgs = gis::CrsTransformer::create(m_frame->crsDefinition, "EPSG:4326");
    if (!toWgs.ok()) return;
    const gis::Extent2 e = buildings->loaded->extent;
    const double shrinkX = (e.maxX - e.minX) * 0.15, shrinkY = (e.maxY - e.minY) * 0.15;
    double x0 = e.minX + shrinkX, y0 = e.minY + shrinkY, x1 = e.maxX - shrinkX, y1 = e.maxY - shrinkY;
    if (!toWgs->transform(x0, y0) || !toWgs->transform(x1, y1)) return;
    gis::Extent2 lonLat;
    lonLat.add(x0, y0);
    lonLat.add(x1, y1);
    std::vector<data::Sensor> sensors = data::demoSensorNetwork(lonLat, 240, 7);

    // Energy meters belong to buildings, traffic sensors to street segments.
    std::vector<data::Sensor> energy, traffic, others;
    for (auto& s : sensors) {
        if (s.kind == data::SensorKind::Energy) energy.push_back(std::move(s));
        else if (s.kind == data::SensorKind::AverageSpeed || s.kind == data::SensorKind::TrafficFlow)
            traffic.push_back(std::move(s));
        else others.push_back(std::move(s));
    }
    BindNearestOptions toBuilding;
    toBuilding.layerId = buildings->id;
    toBuilding.keyAttribute = "id";
    toBuilding.radiusMeters = 80;
    size_t bound = 0;
    if (auto r = bindNearest(energy, LayerMeshes(*buildings->loaded), toBuilding); r.ok()) bound += r->bound;
    if (streets) {
        BindNearestOptions toStreet;
        toStreet.layerId = streets->id;
        toStreet.keyAttribute = "id";
        toStreet.radiusMeters = 60;
        if (auto r = bindNearest(traffic, LayerMeshes(*streets->loaded), toStreet); r.ok()) bound += r->bound;
    }
    sensors.clear();
    for (auto* group : {&traffic, &energy, &others})
        for (auto& s : *group) sensors.push_back(std::move(s));

    const QString folder = QFileInfo(QString::fromStdString(buildings->spec.sources.empty() ? std::string()
                                                                                            : buildings->spec.sources.front()))
                               .absolutePath();
    resetSensorSession(folder + QStringLiteral("/demo.citytwin-history"), 24.0);
    m_sensors->setSensors(std::move(sensors));
    data::ProjectFeedSettings feeds = m_sensors->feedSettings();
    feeds.simulator = true;
    feeds.simulatorSeed = 7;
    m_sensors->applyFeedSettings(feeds);
    m_messageLabel->setText(tr("Demo sensors: %1 sensors (%2 bound to buildings and streets), simulated live "
                               "with a day of history.")
                                .arg(m_sensors->registry().size())
                                .arg(bound));
}

} // namespace citytwin::app
