#pragma once
// The CityTwin main window: 3D view, layer tree, undo, projects, loading with
// progress and cancel in the status bar, the scene CRS and cursor position.

#include "core/LayerEntry.h"
#include "core/LayerLoader.h"

#include "citytwin/data/Project.h"
#include "citytwin/render/CityScene.h"

#include <QMainWindow>
#include <QList>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <map>
#include <memory>
#include <optional>

class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QUndoStack;
class QFrame;

namespace citytwin::app {

class AlertsDockWidget;
class BindSensorsDialog;
class FeatureInfoPanel;
class FeedStatusPanel;
class LayerStack;
class LayerTreePanel;
class SensorChartPanel;
struct SensorLayerChoice;
class SensorSceneSync;
class SensorSession;
class SensorSettingsDialog;
class TimeBar;
class LoadTask;
class ViewerWidget;

/// GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow();
    ~MainWindow() override;

    /// Queues inputs (files, zips, connection strings, or one .citytwin
    /// project); each data input becomes one or more layers (undoable).
    void openInputs(const QStringList& inputs);
    /// Generates the demo city on first use (in the cache folder) and opens it.
    void openDemoCity();
    /// Replaces the open project by the one in `path`. False (and nothing
    /// changed) when it cannot be read; the reason is in statusMessage().
    bool openProject(const QString& path);
    /// Saves to `path` (one transaction; the old file stays intact on failure).
    bool saveProject(const QString& path);
    /// The project as it would be saved now.
    data::Project currentProject() const;
    QString projectPath() const { return m_projectPath; }
    bool isModified() const;
    /// Writes the crash-recovery copy now (the autosave timer calls this).
    void autosaveRecovery();
    /// Folder for recovery copies of never-saved projects.
    static QString unsavedRecoveryFolder();

    /// Opens the properties dialog of a layer (modal); accepted edits become
    /// one undo step.
    void showProperties(const QString& id);

    bool isLoading() const;
    LayerStack& layers() { return *m_stack; }
    LayerTreePanel* layerTree() const { return m_tree; }
    ViewerWidget* viewer() const { return m_viewer; }
    QUndoStack* undoStack() const { return m_undo; }
    QString crsText() const;
    QString statusMessage() const;
    render::CityScene& scene() { return *m_scene; }

    // --- live sensors (MainWindowSensors.cpp) --------------------------------
    SensorSession& sensorSession() const { return *m_sensors; }
    SensorSceneSync& sensorSync() const { return *m_sensorSync; }
    AlertsDockWidget* alertsPanel() const { return m_alertsPanel; }
    SensorChartPanel* chartPanel() const { return m_chartPanel; }
    FeatureInfoPanel* featureInfo() const { return m_featureInfo; }
    FeedStatusPanel* feedPanel() const { return m_feedPanel; }
    TimeBar* timeBar() const { return m_timeBar; }
    /// Connects the project's sensors to an MQTT broker (mqtt:// or mqtts://
    /// URL); the password comes from the environment or the user's settings.
    bool connectBroker(const QString& url);
    /// Shows a sensor's chart and marks it selected.
    void selectSensor(const QString& sensorId);
    /// Moves the camera to a sensor (smoothly) and selects it.
    void flyToSensor(const QString& sensorId);
    /// Picks what is under window pixel (x, y) (origin bottom-left, device
    /// pixels): a sensor marker, else a feature (attributes panel + highlight).
    void pickAt(double x, double y);
    /// Registers the demo city's sensor network and runs the simulator
    /// (with a day of history) once the demo city's layers are in.
    void startDemoSensors();
    /// Applies an accepted "Bind Sensors to Layer" dialog: its bindings as
    /// one undo step; the status message gives the bound / unbound counts.
    void applySensorBinding(const BindSensorsDialog& dialog);
    /// Applies an accepted "Sensor Settings" dialog: per-kind edits as one
    /// undo step, retention and auto-registration to the session (saved with
    /// the project).
    void applySensorSettings(const SensorSettingsDialog& dialog);

signals:
    /// Emitted when the load queue becomes empty (all layers attached or failed).
    void loadingFinished();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    struct PendingLoad {
        gis::LayerSpec spec;
        std::string id;                  ///< empty = a new layer
        std::optional<LayerState> state; ///< from a project
        bool reload = false;             ///< replace the data of layer `id`
        bool undoable = true;            ///< a user action (not a project being opened)
        int projectOrder = -1;           ///< place in the project being opened (bottom = 0)
    };

    void createActions();
    void createStatusBar();
    void createRecoveryBar();
    void connectLayerTree();
    void showOpenDialog();
    void showSaveAsDialog();
    void save();
    void newProject();
    bool maybeSave();
    void updateTitle();
    void updateRecentMenu();
    void addRecent(const QString& path);
    void offerRecovery(const QString& projectPath);

    void enqueue(std::vector<PendingLoad> loads);
    void startNextLoad();
    void onLoadFinished(const std::shared_ptr<gis::Result<LoadedLayer>>& result);
    void reloadLayer(const std::string& id, const gis::LayerSpec& spec);
    /// Queues reloads of the vector layers built without terrain (or all).
    void reloadLayersForTerrain(bool all = false);
    void cancelLoading();
    void fitAll();
    void zoomToLayer(const QString& id);
    void setBusy(bool busy, const QString& what = {});

    void createSensorUi();
    /// Replaces the sensor session (a new project): new history file, empty
    /// registry, widgets rebuilt on it.
    void resetSensorSession(const QString& historyPath, double backfillHours = 0);
    /// Deletes the sensor views, then the session (window teardown, new project).
    void closeSensorSession();
    static QString historyPathFor(const QString& projectPath);
    QList<SensorLayerChoice> layerChoices() const;
    void showSensorImport();
    void showBindSensors();
    void showSensorSettings();
    void showBrokerDialog();
    void editSensor(const QString& sensorId);
    void removeSensor(const QString& sensorId);
    void setSensorsUndoable(std::vector<data::Sensor> after, const QString& text);
    void updateSensorStatus();
    void showSensorDocks(bool show);

    std::unique_ptr<render::CityScene> m_scene;
    LayerStack* m_stack = nullptr;
    QUndoStack* m_undo = nullptr;
    ViewerWidget* m_viewer = nullptr;
    LayerTreePanel* m_tree = nullptr;
    QLabel* m_crsLabel = nullptr;
    QLabel* m_cursorLabel = nullptr;
    QLabel* m_messageLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QFrame* m_recoveryBar = nullptr;
    QLabel* m_recoveryLabel = nullptr;
    QMenu* m_recentMenu = nullptr;
    QTimer m_autosaveTimer;

    std::deque<PendingLoad> m_pending;
    std::optional<PendingLoad> m_current;
    LoadTask* m_task = nullptr;
    std::optional<gis::SceneFrame> m_frame;
    std::optional<data::ProjectCamera> m_pendingCamera;
    QString m_projectPath;
    bool m_fitWhenDone = false; ///< fit the view once the first batch of layers is in
    std::map<std::string, int> m_projectOrder; ///< layer id → place, while a project opens

    SensorSession* m_sensors = nullptr;       ///< owned; replaced per project
    SensorSceneSync* m_sensorSync = nullptr;  ///< owned; follows m_sensors
    AlertsDockWidget* m_alertsPanel = nullptr;
    SensorChartPanel* m_chartPanel = nullptr;
    FeatureInfoPanel* m_featureInfo = nullptr;
    FeedStatusPanel* m_feedPanel = nullptr;
    TimeBar* m_timeBar = nullptr;
    class QDockWidget* m_alertsDock = nullptr;
    class QDockWidget* m_chartDock = nullptr;
    class QDockWidget* m_infoDock = nullptr;
    class QDockWidget* m_feedDock = nullptr;
    class QToolBar* m_timeToolBar = nullptr;
    QLabel* m_sensorLabel = nullptr;
    QString m_selectedSensor;
    std::optional<std::pair<render::LayerId, uint32_t>> m_selectedFeature;
    bool m_demoSensorsPending = false;
};

} // namespace citytwin::app
