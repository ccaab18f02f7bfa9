// MainWindow: the load queue (one layer at a time, each on the thread pool).

#include "ui/MainWindow.h"

#include "core/SensorSceneSync.h"

#include "commands/LayerCommands.h"
#include "core/DemoCityCache.h"
#include "core/LayerStack.h"
#include "core/StyleApplier.h"
#include "core/TileCacheLocation.h"
#include "ui/LoadTask.h"
#include "ui/ViewerWidget.h"

#include "citytwin/data/Project.h"

#include <QFutureWatcher>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QUndoStack>
#include <QtConcurrent>

#include <algorithm>

namespace citytwin::app {

void MainWindow::openInputs(const QStringList& inputs)
{
    std::vector<PendingLoad> loads;
    for (const QString& input : inputs) {
        if (input.endsWith(QStringLiteral(".citytwin"), Qt::CaseInsensitive)) {
            openProject(input);
            continue;
        }
        for (auto& spec : specsForInput(input.toStdString())) {
            PendingLoad load;
            load.spec = std::move(spec);
            loads.push_back(std::move(load));
        }
    }
    enqueue(std::move(loads));
}

void MainWindow::openDemoCity()
{
    m_demoSensorsPending = true;
    const gis::DemoCityOptions options = demoCityOptions();
    const QString existing = existingDemoCity(options);
    const QString streets = QFileInfo(existing).dir().filePath(QStringLiteral("streets.gpkg"));
    if (!existing.isEmpty()) {
        openInputs({streets, existing});
        return;
    }
    setBusy(true, tr("Generating the demo city (first use only)…"));
    auto* watcher = new QFutureWatcher<gis::Result<gis::DemoCityFiles>>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, m_progress, &QProgressBar::setValue);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, options]() {
        const auto result = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!result.ok()) {
            m_messageLabel->setText(tr("The demo city could not be generated: %1")
                                        .arg(QString::fromStdString(result.firstError())));
            return;
        }
        const QString path = QString::fromStdString(result->buildingsPath);
        markDemoCityComplete(options, path);
        openInputs({QString::fromStdString(result->streetsPath), path});
    });
    watcher->setFuture(QtConcurrent::run([options](QPromise<gis::Result<gis::DemoCityFiles>>& promise) {
        // Worker thread.
        promise.setProgressRange(0, 100);
        promise.addResult(gis::generateDemoCity(options, [&promise](double f) {
            promise.setProgressValue(int(f * 100));
        }));
    }));
}

void MainWindow::enqueue(std::vector<PendingLoad> loads)
{
    // Terrain first, so buildings stand on it and lines drape over it.
    std::stable_sort(loads.begin(), loads.end(), [](const PendingLoad& a, const PendingLoad& b) {
        return (a.spec.kind == gis::LayerKind::Terrain) > (b.spec.kind == gis::LayerKind::Terrain);
    });
    for (auto& load : loads) m_pending.push_back(std::move(load));
    if (!m_task) startNextLoad();
}

void MainWindow::startNextLoad()
{
    if (m_pending.empty()) {
        setBusy(false);
        if (m_pendingCamera) {
            const auto& c = *m_pendingCamera;
            render::CameraView view;
            view.target = {c.targetX, c.targetY, c.targetZ};
            view.rangeMeters = c.range;
            view.headingDeg = c.heading;
            view.pitchDeg = c.pitch;
            m_viewer->setCameraView(view);
            m_pendingCamera.reset();
        } else if (m_fitWhenDone) {
            fitAll();
        }
        m_fitWhenDone = false;
        m_sensorSync->setSceneFrame(m_frame);
        if (m_demoSensorsPending) startDemoSensors();
        emit loadingFinished();
        return;
    }
    if (!m_frame) m_fitWhenDone = true;
    m_current = std::move(m_pending.front());
    m_pending.pop_front();
    LoadContext context;
    context.frame = m_frame;
    context.elevation = m_stack->elevation();
    for (const auto& entry : m_stack->layers())
        if (context.elevation && entry.loaded && entry.loaded->terrain &&
            entry.loaded->terrain->elevation == context.elevation)
            context.elevationIdentity = entry.loaded->buildKey;
    // Built layers are cached beside the project; its layer ids are stable,
    // so a layer's new build replaces its old one. An unsaved session's ids
    // are new each time: its builds are slotted by source instead.
    if (m_current->id.empty()) m_current->id = data::newLayerId();
    context.cachePath = tileCachePathFor(m_projectPath).toStdString();
    if (!m_projectPath.isEmpty()) context.cacheSlot = m_current->id;
    m_task = new LoadTask(m_current->spec, context, this);
    connect(m_task, &LoadTask::progressChanged, m_progress, &QProgressBar::setValue);
    connect(m_task, &LoadTask::finished, this, &MainWindow::onLoadFinished);
    setBusy(true, tr("Loading %1…").arg(QString::fromStdString(m_current->spec.name)));
    m_task->start();
}

void MainWindow::onLoadFinished(const std::shared_ptr<gis::Result<LoadedLayer>>& result)
{
    const bool cancelled = m_task && m_task->isCancelled();
    if (m_task) m_task->deleteLater();
    m_task = nullptr;
    PendingLoad load = std::move(*m_current);
    m_current.reset();
    const QString name = QString::fromStdString(load.state ? load.state->name : load.spec.name);

    if (cancelled) {
        m_messageLabel->setText(tr("Loading of %1 cancelled.").arg(name));
        m_pending.clear();
        startNextLoad();
        return;
    }
    std::shared_ptr<const LoadedLayer> loaded;
    if (result->ok()) loaded = std::make_shared<const LoadedLayer>(std::move(result->value()));

    if (load.reload) {
        m_stack->replaceLoaded(load.id, load.spec, loaded, result->diagnostics());
    } else {
        LayerEntry entry;
        entry.id = load.id.empty() ? data::newLayerId() : load.id;
        entry.spec = load.spec;
        entry.diagnostics = result->diagnostics();
        entry.failed = !loaded;
        if (load.state) {
            entry.state = *load.state;
        } else {
            entry.state.name = load.spec.name;
            entry.state.style = defaultStyleFor(loaded ? loaded->kind : load.spec.kind, load.spec.name);
        }
        if (loaded) entry.sceneId = addToScene(*m_scene, *loaded);
        entry.loaded = loaded;
        if (load.projectOrder >= 0) {
            // Layers of a project load terrain first; they still stack in project order.
            m_projectOrder[entry.id] = load.projectOrder;
            int index = 0;
            for (const auto& other : m_stack->layers()) {
                auto it = m_projectOrder.find(other.id);
                if (it != m_projectOrder.end() && it->second < load.projectOrder) ++index;
            }
            m_stack->insert(std::move(entry), index);
        } else if (load.undoable) {
            m_undo->push(new AddLayerCommand(*m_stack, std::move(entry)));
        } else {
            m_stack->insert(std::move(entry));
        }
    }

    if (!loaded) {
        m_messageLabel->setText(tr("Could not load %1: %2").arg(name, QString::fromStdString(result->firstError())));
    } else {
        const bool first = !m_frame.has_value();
        m_frame = loaded->frame;
        m_crsLabel->setText(tr("CRS: %1").arg(QString::fromStdString(
            m_frame->crsName.empty() ? m_frame->crsDefinition : m_frame->crsName)));
        m_viewer->setSceneFrame(*m_frame);
        if (first && !m_pendingCamera) fitAll();
        m_viewer->requestRedraw();
        QString what = loaded->vector
            ? tr("%1 features").arg(QLocale(QLocale::English).toString(qlonglong(loaded->stats.featuresBuilt)))
            : QString::fromLatin1(gis::layerKindName(loaded->kind));
        if (loaded->fromCache) what += tr(" from the cache");
        m_messageLabel->setText(tr("%1: %2 in %3 s").arg(name, what).arg(loaded->importSeconds, 0, 'f', 2));
        // Buildings stand on the terrain as it is now: a new or changed
        // terrain (e.g. another exaggeration) rebuilds the vector layers.
        if (loaded->terrain) reloadLayersForTerrain(load.reload);
    }
    startNextLoad();
}

void MainWindow::reloadLayer(const std::string& id, const gis::LayerSpec& spec)
{
    PendingLoad load;
    load.spec = spec;
    load.id = id;
    load.reload = true;
    enqueue({load});
}

void MainWindow::reloadLayersForTerrain(bool all)
{
    // Vector layers built on flat ground are rebuilt standing on the terrain.
    std::vector<PendingLoad> loads;
    for (const auto& entry : m_stack->layers()) {
        if (!entry.loaded || !entry.loaded->vector || (entry.loaded->onTerrain && !all)) continue;
        const bool queued = std::any_of(m_pending.begin(), m_pending.end(),
                                        [&](const PendingLoad& p) { return p.id == entry.id; });
        if (queued) continue;
        PendingLoad load;
        load.spec = entry.spec;
        load.id = entry.id;
        load.reload = true;
        loads.push_back(std::move(load));
    }
    for (auto& load : loads) m_pending.push_front(std::move(load));
}

void MainWindow::cancelLoading()
{
    m_pending.clear();
    if (m_task) m_task->cancel();
}

} // namespace citytwin::app
