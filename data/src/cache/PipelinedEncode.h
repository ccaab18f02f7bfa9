#pragma once
// Encoding on a helper thread while the calling thread writes: the tile
// cache's store encodes blobs (CPU) and SQLite writes them (one connection,
// one thread), so the two overlap on two cores instead of taking turns.

#include <algorithm>
#include <cstddef>
#include <future>
#include <vector>

namespace citytwin::data::detail {

/// Calls `encode(i)` for i in [0, count) in batches of `batch` on a helper
/// thread (std::async), and `consume(i, encoded)` in order on the calling
/// thread while the next batch is encoded. Stops at the first consume that
/// returns false (after the batch being encoded is done) and returns false.
/// `encode` must not touch what `consume` changes.
template <typename Encoded, typename EncodeFn, typename ConsumeFn>
bool pipelinedEncode(size_t count, size_t batch, EncodeFn encode, ConsumeFn consume)
{
    batch = std::max<size_t>(batch, 1);
    auto encodeBatch = [&encode, count, batch](size_t begin) {
        std::vector<Encoded> out;
        const size_t end = std::min(count, begin + batch);
        out.reserve(end - begin);
        for (size_t i = begin; i < end; ++i) out.push_back(encode(i));
        return out;
    };
    std::future<std::vector<Encoded>> next;
    if (count > 0) next = std::async(std::launch::async, encodeBatch, size_t{0});
    for (size_t begin = 0; begin < count; begin += batch) {
        std::vector<Encoded> encoded = next.get();
        if (begin + batch < count) next = std::async(std::launch::async, encodeBatch, begin + batch);
        for (size_t k = 0; k < encoded.size(); ++k) {
            if (consume(begin + k, encoded[k])) continue;
            if (next.valid()) next.wait();
            return false;
        }
    }
    return true;
}

} // namespace citytwin::data::detail
