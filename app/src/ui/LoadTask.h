#pragma once
// Runs LayerLoader::loadLayer on the thread pool and reports back on the GUI thread.

#include "core/LayerLoader.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace citytwin::app {

/// One load of one layer. Created and driven on the GUI thread; the work runs
/// on QThreadPool. Signals are delivered on the GUI thread.
class LoadTask : public QObject {
    Q_OBJECT
public:
    LoadTask(gis::LayerSpec spec, LoadContext context, QObject* parent = nullptr);
    ~LoadTask() override;

    const gis::LayerSpec& spec() const { return m_spec; }
    void start();
    /// GUI thread: asks the worker to stop; finished() still follows.
    void cancel();
    bool isCancelled() const;

signals:
    void progressChanged(int percent);
    /// The result (ok or failed with diagnostics); the task can be deleted after.
    void finished(std::shared_ptr<gis::Result<LoadedLayer>> result);

private:
    struct Shared;
    gis::LayerSpec m_spec;
    LoadContext m_context;
    std::shared_ptr<Shared> m_shared;
};

} // namespace citytwin::app
