#pragma once
// The scene's tile loader thread: reads paged tiles from their TileSource
// and builds their nodes off the GUI thread.

#include "citytwin/gis/MeshChunk.h"

#include <osg/MatrixTransform>
#include <osg/ref_ptr>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace citytwin::render {

class TileSource;

/// One std::thread working through a request queue that the GUI thread
/// replaces wholesale each update (nearest first; what is no longer asked
/// for is dropped before it is read). Finished tiles wait in a
/// mutex-protected list until the GUI thread takes them. The thread starts
/// with the first request and is joined by stop() and the destructor, after
/// the load in flight (a TileSource::load cannot be interrupted).
///
/// Threads: every method is for the GUI thread (the pager's); the loader
/// thread only runs TileSource::load() and builds the node (tileNode()).
class TileLoader {
public:
    struct Request {
        uint64_t ticket = 0; ///< the requester's id of the tile, returned with it
        int layer = 0;
        std::shared_ptr<TileSource> source;
        gis::TileKey key;
        int32_t part = 0;
    };
    struct Loaded {
        uint64_t ticket = 0;
        int layer = 0;
        osg::ref_ptr<osg::MatrixTransform> node; ///< null on failure
        std::string error;                       ///< why, on failure
        int64_t vertexCount = 0, indexCount = 0;
    };

    TileLoader() = default;
    ~TileLoader();
    TileLoader(const TileLoader&) = delete;
    TileLoader& operator=(const TileLoader&) = delete;

    /// Replaces the queue by `ordered` (first = next to load); a request for
    /// the tile being loaded now is left out. Starts the thread if needed.
    void setRequests(std::vector<Request> ordered);
    /// Drops the layer's queued requests and finished tiles, and waits for
    /// its load in flight, so that afterwards the thread holds nothing of
    /// the layer (its source may be released on the calling thread).
    void cancelLayer(int layer);
    /// Finished tiles (and failures) since the last call, in finishing order.
    std::vector<Loaded> takeLoaded();
    bool hasLoaded() const;
    /// Requests queued or in flight.
    bool busy() const;
    /// Blocks until `enough` tiles are finished, nothing is left to load, or
    /// timeoutMs passes; true when finished tiles wait.
    bool waitForLoaded(int timeoutMs, size_t enough);
    /// Joins the thread (after its load in flight) and clears everything.
    void stop();

    /// Reads one tile and builds its node: what the thread does per request,
    /// also used on the GUI thread for picking. Never throws.
    static Loaded load(const Request& request);

private:
    void run();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;     ///< work or stop for the thread
    std::condition_variable m_finished; ///< a tile finished
    std::deque<Request> m_queue;
    std::vector<Loaded> m_loaded;
    uint64_t m_inFlight = 0; ///< ticket, 0 = none
    int m_inFlightLayer = 0;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace citytwin::render
