#pragma once
// Cancel token and progress sink shared by long-running work.

#include <atomic>
#include <functional>
#include <memory>

namespace citytwin::gis {

/// Set from any thread (usually the GUI thread); polled by workers.
class CancelToken {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
private:
    std::atomic<bool> m_cancelled{false};
};

/// Called from the worker thread with a fraction in [0, 1]. Must be cheap and
/// thread-safe; the GUI marshals it to its own thread.
using ProgressFn = std::function<void(double fraction)>;

} // namespace citytwin::gis
