// MainWindow: projects — open, save, recent files, crash recovery.

#include "ui/MainWindow.h"

#include "core/SensorSceneSync.h"
#include "core/sensors/SensorSession.h"
#include "ui/BrokerDialog.h"

#include "core/LayerStack.h"
#include "ui/LayerTreePanel.h"
#include "ui/LoadTask.h"
#include "ui/ViewerWidget.h"

#include "citytwin/data/ProjectStore.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QUndoStack>

namespace citytwin::app {
namespace {

constexpr int kMaxRecent = 10;
const char* kRecentKey = "recentProjects";

} // namespace

QString MainWindow::unsavedRecoveryFolder()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (base.isEmpty()) base = QDir::temp().filePath(QStringLiteral("citytwin"));
    QDir().mkpath(base);
    return base;
}

data::Project MainWindow::currentProject() const
{
    data::Project project;
    if (m_frame) {
        project.sceneCrs = m_frame->crsDefinition;
        project.sceneCrsName = m_frame->crsName;
        project.tileSizeMeters = m_frame->tileSizeMeters;
    }
    for (const auto& entry : m_stack->layers()) {
        data::ProjectLayer layer;
        layer.id = entry.id;
        layer.spec = entry.spec;
        layer.spec.name = entry.state.name;
        layer.style = entry.state.style;
        layer.visible = entry.state.visible;
        layer.opacity = entry.state.opacity;
        project.layers.push_back(std::move(layer));
    }
    if (m_frame) {
        const render::CameraView view = m_viewer->cameraView();
        project.camera = data::ProjectCamera{view.target.x, view.target.y, view.target.z,
                                             view.rangeMeters, view.headingDeg, view.pitchDeg};
    }
    project.sensors = m_sensors->registry().sensors();
    project.feeds = m_sensors->feedSettings();
    return project;
}

bool MainWindow::saveProject(const QString& path)
{
    const auto saved = data::ProjectStore::save(currentProject(), path.toStdString());
    if (!saved.ok()) {
        m_messageLabel->setText(tr("Could not save %1: %2").arg(path, QString::fromStdString(saved.firstError())));
        return false;
    }
    data::ProjectStore::discardRecovery(m_projectPath.toStdString(), unsavedRecoveryFolder().toStdString());
    m_projectPath = path;
    data::ProjectStore::discardRecovery(path.toStdString());
    m_undo->setClean();
    addRecent(path);
    updateTitle();
    m_messageLabel->setText(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool MainWindow::openProject(const QString& path)
{
    auto loaded = data::ProjectStore::load(path.toStdString());
    if (!loaded.ok()) {
        const QString why = QString::fromStdString(loaded.firstError());
        m_messageLabel->setText(tr("Could not open %1: %2").arg(path, why));
        if (isVisible() && !qEnvironmentVariableIsSet("CITYTWIN_NO_DIALOGS"))
            QMessageBox::warning(this, tr("Open project"), tr("Could not open %1:\n%2").arg(path, why));
        return false;
    }
    cancelLoading();
    m_undo->clear();
    m_stack->clear();
    m_projectOrder.clear();
    const data::Project& project = loaded.value();
    m_frame.reset();
    if (!project.sceneCrs.empty()) {
        gis::SceneFrame frame;
        frame.crsDefinition = project.sceneCrs;
        frame.crsName = project.sceneCrsName;
        frame.tileSizeMeters = project.tileSizeMeters;
        m_frame = frame;
        m_crsLabel->setText(tr("CRS: %1").arg(QString::fromStdString(frame.crsName.empty() ? frame.crsDefinition
                                                                                           : frame.crsName)));
    }
    m_pendingCamera = project.camera;
    m_projectPath = path;
    {
        QString base = path;
        if (base.endsWith(QStringLiteral(".recovery"))) base.chop(int(qstrlen(".recovery")));
        resetSensorSession(historyPathFor(base));
        m_sensors->setSensors(project.sensors);
        auto feeds = m_sensors->applyFeedSettings(project.feeds, storedBrokerPassword(project.feeds).toStdString());
        if (!feeds.ok())
            m_messageLabel->setText(tr("Sensor feeds not started: %1").arg(QString::fromStdString(feeds.firstError())));
    }
    std::vector<PendingLoad> loads;
    int order = 0;
    for (const auto& layer : project.layers) {
        PendingLoad load;
        load.spec = layer.spec;
        load.id = layer.id;
        load.state = LayerState{layer.spec.name, layer.visible, layer.opacity, layer.style};
        load.undoable = false;
        load.projectOrder = order++;
        loads.push_back(std::move(load));
    }
    enqueue(std::move(loads));
    if (!path.endsWith(QStringLiteral(".recovery"))) addRecent(path);
    updateTitle();
    offerRecovery(path);
    return true;
}

void MainWindow::save()
{
    if (m_projectPath.isEmpty()) showSaveAsDialog();
    else saveProject(m_projectPath);
}

void MainWindow::showSaveAsDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save project"), m_projectPath,
                                                tr("CityTwin projects (*.citytwin)"));
    if (path.isEmpty()) return;
    if (!path.endsWith(QStringLiteral(".citytwin"))) path += QStringLiteral(".citytwin");
    saveProject(path);
}

void MainWindow::newProject()
{
    if (!maybeSave()) return;
    cancelLoading();
    m_undo->clear();
    m_stack->clear();
    m_frame.reset();
    m_projectPath.clear();
    resetSensorSession(historyPathFor(QString()));
    m_crsLabel->setText(tr("CRS: none"));
    updateTitle();
}

bool MainWindow::maybeSave()
{
    if (!isModified() || qEnvironmentVariableIsSet("CITYTWIN_NO_DIALOGS")) return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"), tr("The project has unsaved changes. Save them?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) {
        save();
        return !isModified();
    }
    data::ProjectStore::discardRecovery(m_projectPath.toStdString(), unsavedRecoveryFolder().toStdString());
    return true;
}

void MainWindow::updateTitle()
{
    const QString name = m_projectPath.isEmpty() ? tr("Untitled") : QFileInfo(m_projectPath).fileName();
    setWindowTitle(tr("%1%2 — CityTwin").arg(name, isModified() ? QStringLiteral("*") : QString()));
}

void MainWindow::addRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(kRecentKey, recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    if (!m_recentMenu) return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path]() {
            if (maybeSave()) openProject(path);
        })->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::autosaveRecovery()
{
    if (!isModified() || m_stack->count() == 0) return;
    data::ProjectStore::saveRecovery(currentProject(), m_projectPath.toStdString(),
                                     unsavedRecoveryFolder().toStdString());
}

void MainWindow::createRecoveryBar()
{
    m_recoveryBar = new QFrame(this);
    m_recoveryBar->setObjectName(QStringLiteral("recoveryBar"));
    m_recoveryBar->setStyleSheet(QStringLiteral("#recoveryBar { background: #fff4c2; border-bottom: 1px solid #d8c46a; }"));
    auto* layout = new QHBoxLayout(m_recoveryBar);
    m_recoveryLabel = new QLabel(m_recoveryBar);
    auto* recover = new QPushButton(tr("Recover"), m_recoveryBar);
    recover->setObjectName(QStringLiteral("recoverButton"));
    auto* discard = new QPushButton(tr("Discard"), m_recoveryBar);
    discard->setObjectName(QStringLiteral("discardRecoveryButton"));
    layout->addWidget(m_recoveryLabel, 1);
    layout->addWidget(recover);
    layout->addWidget(discard);
    m_recoveryBar->setVisible(false);
    connect(recover, &QPushButton::clicked, this, [this]() {
        m_recoveryBar->setVisible(false);
        const std::string folder = unsavedRecoveryFolder().toStdString();
        auto project = data::ProjectStore::loadRecovery(m_projectPath.toStdString(), folder);
        if (!project.ok()) {
            m_messageLabel->setText(tr("The recovery copy cannot be read: %1")
                                        .arg(QString::fromStdString(project.firstError())));
            return;
        }
        const QString path = m_projectPath;
        // Opens the recovered state as unsaved changes of the same project.
        const std::string tmp = data::ProjectStore::recoveryPathFor(path.toStdString(), folder);
        if (openProject(QString::fromStdString(tmp))) {
            m_projectPath = path;
            m_undo->resetClean();
            updateTitle();
        }
    });
    connect(discard, &QPushButton::clicked, this, [this]() {
        m_recoveryBar->setVisible(false);
        data::ProjectStore::discardRecovery(m_projectPath.toStdString(), unsavedRecoveryFolder().toStdString());
    });
}

void MainWindow::offerRecovery(const QString& projectPath)
{
    const std::string folder = unsavedRecoveryFolder().toStdString();
    if (!data::ProjectStore::hasNewerRecovery(projectPath.toStdString(), folder)) return;
    m_recoveryLabel->setText(projectPath.isEmpty()
                                 ? tr("CityTwin found unsaved changes of an untitled project from an earlier session.")
                                 : tr("CityTwin found unsaved changes of this project newer than the file."));
    m_recoveryBar->setVisible(true);
}

} // namespace citytwin::app
