#include "ui/LoadTask.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

#include <atomic>

namespace citytwin::app {

struct LoadTask::Shared {
    gis::CancelToken cancel;
    std::atomic<int> lastPercent{-1};
};

LoadTask::LoadTask(gis::LayerSpec spec, LoadContext context, QObject* parent)
    : QObject(parent), m_spec(std::move(spec)), m_context(std::move(context)),
      m_shared(std::make_shared<Shared>())
{
}

LoadTask::~LoadTask()
{
    m_shared->cancel.cancel();
}

void LoadTask::start()
{
    QPointer<LoadTask> self(this);
    auto shared = m_shared;
    auto spec = m_spec;
    auto context = m_context;
    QThreadPool::globalInstance()->start([self, shared, spec, context]() {
        // Worker thread: only the shared state and copies are touched here;
        // `self` is only dereferenced back on the GUI thread.
        auto progress = [self, shared](double f) {
            const int percent = int(f * 100.0);
            if (shared->lastPercent.exchange(percent) == percent) return;
            QMetaObject::invokeMethod(QCoreApplication::instance(), [self, percent]() {
                if (self) emit self->progressChanged(percent);
            }, Qt::QueuedConnection);
        };
        auto result = std::make_shared<gis::Result<LoadedLayer>>(
            loadLayer(spec, context, progress, &shared->cancel));
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self, result]() {
            if (self) emit self->finished(result);
        }, Qt::QueuedConnection);
    });
}

void LoadTask::cancel()
{
    m_shared->cancel.cancel();
}

bool LoadTask::isCancelled() const
{
    return m_shared->cancel.isCancelled();
}

} // namespace citytwin::app
