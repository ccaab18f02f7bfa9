#include "lod/TileLoader.h"

#include "FeatureGeometry.h"

#include "citytwin/render/PagedTiles.h"

#include <algorithm>
#include <chrono>
#include <exception>

namespace citytwin::render {

TileLoader::~TileLoader() { stop(); }

void TileLoader::setRequests(std::vector<Request> ordered) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.clear();
        for (Request& r : ordered)
            if (r.ticket != m_inFlight) m_queue.push_back(std::move(r));
        if (m_queue.empty()) return;
        if (!m_thread.joinable()) {
            m_stop = false;
            m_thread = std::thread([this] { run(); });
        }
    }
    m_wake.notify_one();
}

void TileLoader::cancelLayer(int layer) {
    std::unique_lock lock(m_mutex);
    std::erase_if(m_queue, [layer](const Request& r) { return r.layer == layer; });
    m_finished.wait(lock, [&] { return m_inFlight == 0 || m_inFlightLayer != layer; });
    std::erase_if(m_loaded, [layer](const Loaded& l) { return l.layer == layer; });
}

std::vector<TileLoader::Loaded> TileLoader::takeLoaded() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_loaded, {});
}

bool TileLoader::hasLoaded() const {
    std::lock_guard lock(m_mutex);
    return !m_loaded.empty();
}

bool TileLoader::busy() const {
    std::lock_guard lock(m_mutex);
    return m_inFlight != 0 || !m_queue.empty();
}

bool TileLoader::waitForLoaded(int timeoutMs, size_t enough) {
    std::unique_lock lock(m_mutex);
    m_finished.wait_for(lock, std::chrono::milliseconds(std::max(0, timeoutMs)), [&] {
        return m_loaded.size() >= std::max<size_t>(enough, 1) || (m_inFlight == 0 && m_queue.empty());
    });
    return !m_loaded.empty();
}

void TileLoader::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_queue.clear();
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
    std::lock_guard lock(m_mutex);
    m_loaded.clear();
    m_stop = false;
}

TileLoader::Loaded TileLoader::load(const Request& request) {
    Loaded out;
    out.ticket = request.ticket;
    out.layer = request.layer;
    try {
        if (!request.source) {
            out.error = "no tile source";
            return out;
        }
        gis::Result<gis::MeshChunk> chunk = request.source->load(request.key, request.part);
        if (!chunk) {
            out.error = chunk.firstError().empty() ? std::string("the source gave no mesh") : chunk.firstError();
            return out;
        }
        if (!meshChunkIsValid(*chunk)) {
            out.error = "malformed mesh";
            return out;
        }
        out.node = tileNode(*chunk);
        out.vertexCount = int64_t(chunk->vertexCount());
        out.indexCount = int64_t(chunk->indices.size());
    } catch (const std::exception& e) {
        out.node = nullptr;
        out.error = e.what();
    } catch (...) {
        out.node = nullptr;
        out.error = "unknown exception";
    }
    return out;
}

void TileLoader::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
        if (m_stop) break;
        Request request = std::move(m_queue.front());
        m_queue.pop_front();
        m_inFlight = request.ticket;
        m_inFlightLayer = request.layer;
        lock.unlock();
        Loaded loaded = load(request);
        request.source.reset(); // not released here later: cancelLayer() waits for this
        lock.lock();
        m_loaded.push_back(std::move(loaded));
        m_inFlight = 0;
        m_finished.notify_all();
    }
    m_inFlight = 0;
    m_finished.notify_all();
}

} // namespace citytwin::render
