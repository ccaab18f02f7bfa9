#pragma once
// The CityTwin main window: 3D view, layer list, loading with progress and
// cancel in the status bar, the scene CRS and cursor position.

#include "core/LayerLoader.h"
#include "citytwin/render/CityScene.h"

#include <QMainWindow>
#include <QStringList>

#include <deque>
#include <memory>
#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;

namespace citytwin::app {

class LayerListPanel;
class LoadTask;
class ViewerWidget;

/// GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow();
    ~MainWindow() override;

    /// Queues inputs (files, zips, connection strings); each becomes a layer.
    void openInputs(const QStringList& inputs);
    /// Generates the demo city on first use (in the cache folder) and opens it.
    void openDemoCity();

    bool isLoading() const;
    LayerListPanel* layerList() const { return m_layers; }
    ViewerWidget* viewer() const { return m_viewer; }
    QString crsText() const;
    QString statusMessage() const;
    render::CityScene& scene() { return *m_scene; }

signals:
    /// Emitted when the load queue becomes empty (all layers attached or failed).
    void loadingFinished();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createStatusBar();
    void showOpenDialog();
    void startNextLoad();
    void onLoadFinished(const std::shared_ptr<gis::Result<LoadedLayer>>& result);
    void cancelLoading();
    void fitAll();
    void setBusy(bool busy, const QString& what = {});

    std::unique_ptr<render::CityScene> m_scene;
    ViewerWidget* m_viewer = nullptr;
    LayerListPanel* m_layers = nullptr;
    QLabel* m_crsLabel = nullptr;
    QLabel* m_cursorLabel = nullptr;
    QLabel* m_messageLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancelButton = nullptr;

    std::deque<QString> m_pending;
    LoadTask* m_task = nullptr;
    std::optional<gis::SceneFrame> m_frame;
};

} // namespace citytwin::app
