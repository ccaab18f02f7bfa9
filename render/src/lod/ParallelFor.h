#pragma once
// Runs fn(i) for i in [0, count) on the calling thread and one helper thread
// per further core (worker threads only: building the level of detail).
// Each index is handled exactly once; fn must only write what index i owns,
// so results do not depend on the thread count. Stops handing out indices
// once `stop()` returns true (polled between indices).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace citytwin::render {

template <typename Fn, typename Stop>
void parallelFor(size_t count, Fn&& fn, Stop&& stop) {
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i; !stop() && (i = next.fetch_add(1, std::memory_order_relaxed)) < count;) fn(i);
    };
    const size_t cores = std::max<size_t>(1, std::thread::hardware_concurrency());
    const size_t helpers = std::min(cores, std::max<size_t>(1, count / 8)) - 1; // small jobs stay on one thread
    std::vector<std::thread> threads;
    threads.reserve(helpers);
    for (size_t t = 0; t < helpers; ++t) threads.emplace_back(work);
    work();
    for (std::thread& t : threads) t.join();
}

} // namespace citytwin::render
