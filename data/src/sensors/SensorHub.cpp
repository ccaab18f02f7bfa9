#include "citytwin/data/sensors/SensorHub.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace citytwin::data {
namespace {

struct Pending {
    FeedId feed = kDirectFeed;
    SensorSample sample;
};

struct FeedRecord {
    std::string name;
    FeedState state;
    uint64_t received = 0;
    uint64_t accepted = 0;
    DropCounts drops;
};

/// What feed threads may read about the registry: an immutable copy,
/// replaced whole after each registry change.
struct Directory {
    bool autoRegister = false;
    std::unordered_set<std::string> ids;
    std::unordered_map<std::string, std::string> datastreams; ///< Datastream id -> sensor id
};

} // namespace

struct SensorHub::Impl {
    SensorHubOptions options;

    // GUI thread only.
    SensorRegistry registry;
    std::unordered_map<std::string, SensorState> states;
    std::function<void(const std::vector<SensorSample>&)> sink;
    std::vector<Pending> draining;
    bool directoryDirty = false;

    mutable std::mutex queueMutex;
    std::vector<Pending> queue;

    mutable std::mutex feedMutex;
    std::vector<FeedRecord> feeds;
    std::vector<FeedEvent> feedEvents;
    DropCounts drops;

    mutable std::mutex directoryMutex;
    std::shared_ptr<const Directory> directory = std::make_shared<Directory>();

    std::shared_ptr<const Directory> currentDirectory() const {
        std::lock_guard lock(directoryMutex);
        return directory;
    }

    void publishDirectory() {
        auto d = std::make_shared<Directory>();
        d->autoRegister = options.autoRegister;
        d->ids.reserve(registry.size());
        for (const Sensor& s : registry.sensors()) {
            d->ids.insert(s.id);
            if (!s.datastreamId.empty()) d->datastreams.emplace(s.datastreamId, s.id);
        }
        std::lock_guard lock(directoryMutex);
        directory = std::move(d);
        directoryDirty = false;
    }

    /// Adds to a feed's drop counter; feedMutex must be held.
    void countDropLocked(FeedId feed, DropReason reason) {
        ++drops[reason];
        if (feed >= 0 && size_t(feed) < feeds.size()) ++feeds[size_t(feed)].drops[reason];
    }

    SensorState& stateFor(const std::string& id) {
        auto [it, inserted] = states.try_emplace(id);
        if (inserted) it->second.sensorId = id;
        return it->second;
    }

    /// The status at nowMs, staleness and feed state included.
    SensorStatus statusOf(const Sensor& sensor, const SensorState& state, int64_t nowMs) const {
        if (!state.seen) return SensorStatus::Offline;
        if (state.feed >= 0 && size_t(state.feed) < feeds.size() && feeds[size_t(state.feed)].state.offline())
            return SensorStatus::Offline;
        if (double(nowMs - state.timeMs) > 3.0 * sensor.periodSeconds * 1000.0) return SensorStatus::Stale;
        return statusForValue(sensor, state.value);
    }
};

const SensorState* HubSnapshot::find(std::string_view sensorId) const {
    for (const SensorState& s : sensors)
        if (s.sensorId == sensorId) return &s;
    return nullptr;
}

SensorHub::SensorHub(SensorHubOptions options) : m(std::make_unique<Impl>()) {
    m->options = options;
    FeedRecord direct;
    direct.name = "direct";
    direct.state.connection = FeedConnection::Connected; // samples pushed in-process are never "offline"
    m->feeds.push_back(std::move(direct));
    m->publishDirectory();
}

SensorHub::~SensorHub() = default;

bool SensorHub::addSensor(Sensor sensor) {
    const std::string id = sensor.id;
    if (!m->registry.add(std::move(sensor))) return false;
    m->stateFor(id);
    m->publishDirectory();
    return true;
}

bool SensorHub::updateSensor(Sensor sensor) {
    if (!m->registry.update(std::move(sensor))) return false;
    m->publishDirectory();
    return true;
}

bool SensorHub::removeSensor(std::string_view id) {
    if (!m->registry.remove(id)) return false;
    m->states.erase(std::string(id));
    m->publishDirectory();
    return true;
}

void SensorHub::setSensors(std::vector<Sensor> sensors) {
    m->registry.clear();
    for (Sensor& s : sensors) m->registry.add(std::move(s));
    std::unordered_map<std::string, SensorState> kept;
    for (const Sensor& s : m->registry.sensors()) {
        auto it = m->states.find(s.id);
        if (it != m->states.end()) kept.emplace(s.id, std::move(it->second));
        else kept[s.id].sensorId = s.id;
    }
    m->states = std::move(kept);
    m->publishDirectory();
}

const SensorRegistry& SensorHub::registry() const { return m->registry; }

void SensorHub::setAutoRegister(bool on) {
    m->options.autoRegister = on;
    m->publishDirectory();
}

bool SensorHub::autoRegister() const { return m->options.autoRegister; }

FeedId SensorHub::registerFeed(std::string name) {
    std::lock_guard lock(m->feedMutex);
    FeedRecord record;
    record.name = std::move(name);
    m->feeds.push_back(std::move(record));
    return FeedId(m->feeds.size() - 1);
}

void SensorHub::setFeedState(FeedId feed, FeedState state) {
    std::lock_guard lock(m->feedMutex);
    if (feed < 0 || size_t(feed) >= m->feeds.size()) return;
    FeedState& current = m->feeds[size_t(feed)].state;
    if (current == state) return;
    current = state;
    m->feedEvents.push_back({feed, std::move(state)});
}

FeedState SensorHub::feedState(FeedId feed) const {
    std::lock_guard lock(m->feedMutex);
    if (feed < 0 || size_t(feed) >= m->feeds.size()) return {};
    return m->feeds[size_t(feed)].state;
}

void SensorHub::reportReceived(FeedId feed, uint64_t count) {
    std::lock_guard lock(m->feedMutex);
    if (feed >= 0 && size_t(feed) < m->feeds.size()) m->feeds[size_t(feed)].received += count;
}

void SensorHub::reportDrop(FeedId feed, DropReason reason) {
    std::lock_guard lock(m->feedMutex);
    m->countDropLocked(feed, reason);
}

void SensorHub::push(SensorSample sample, FeedId feed) {
    {
        std::lock_guard lock(m->queueMutex);
        if (m->queue.size() < m->options.maxQueuedSamples) {
            m->queue.push_back({feed, std::move(sample)});
            if (feed != kDirectFeed) return;
        } else {
            std::lock_guard feedLock(m->feedMutex);
            m->countDropLocked(feed, DropReason::QueueFull);
            return;
        }
    }
    reportReceived(kDirectFeed); // in-process pushes have no feed thread to count them
}

void SensorHub::pushBatch(std::vector<SensorSample>& samples, FeedId feed) {
    if (samples.empty()) return;
    size_t over = 0;
    {
        std::lock_guard lock(m->queueMutex);
        const size_t limit = m->options.maxQueuedSamples;
        const size_t room = limit > m->queue.size() ? limit - m->queue.size() : 0;
        const size_t taken = std::min(room, samples.size());
        over = samples.size() - taken;
        for (size_t i = 0; i < taken; ++i) m->queue.push_back({feed, std::move(samples[i])});
        if (over > 0) {
            std::lock_guard feedLock(m->feedMutex);
            for (size_t i = 0; i < over; ++i) m->countDropLocked(feed, DropReason::QueueFull);
        }
    }
    const size_t queued = samples.size() - over;
    samples.clear();
    if (feed == kDirectFeed && queued > 0) reportReceived(kDirectFeed, queued); // as push() counts in-process samples
}

SensorLookup SensorHub::lookup() const {
    const Impl* impl = m.get();
    SensorLookup l;
    l.isKnown = [impl](std::string_view id) {
        const auto d = impl->currentDirectory();
        return d->autoRegister || d->ids.count(std::string(id)) > 0;
    };
    l.sensorForDatastream = [impl](std::string_view streamId) -> std::optional<std::string> {
        const auto d = impl->currentDirectory();
        const auto it = d->datastreams.find(std::string(streamId));
        if (it == d->datastreams.end()) return std::nullopt;
        return it->second;
    };
    return l;
}

HubSnapshot SensorHub::coalesce(int64_t nowMs) {
    m->draining.clear();
    {
        std::lock_guard lock(m->queueMutex);
        m->draining.swap(m->queue);
    }

    std::vector<SensorSample> accepted;
    accepted.reserve(m->draining.size());
    std::vector<std::pair<FeedId, DropReason>> dropped;
    std::unordered_map<FeedId, uint64_t> acceptedPerFeed;
    for (Pending& p : m->draining) {
        SensorSample& s = p.sample;
        if (!m->registry.contains(s.sensorId)) {
            if (!m->options.autoRegister) {
                dropped.emplace_back(p.feed, DropReason::UnknownSensor);
                continue;
            }
            Sensor custom = sensorDefaults(SensorKind::Custom);
            custom.id = s.sensorId;
            custom.name = s.sensorId;
            m->registry.add(std::move(custom));
            m->directoryDirty = true;
        }
        SensorState& state = m->stateFor(s.sensorId);
        // A redelivered message carries its original seq and time, both not
        // newer than what was accepted; a publisher that restarts its
        // numbering sends newer times and is accepted.
        const bool seqDuplicate = s.seq >= 0 && state.seq >= 0 && s.seq <= state.seq && s.timeMs <= state.timeMs;
        const bool sameSample = state.seen && s.timeMs == state.timeMs && s.value == state.value;
        if (seqDuplicate || sameSample) {
            dropped.emplace_back(p.feed, DropReason::Duplicate);
            continue;
        }
        if (!state.seen || s.timeMs >= state.timeMs) {
            state.value = s.value;
            state.timeMs = s.timeMs;
            state.feed = p.feed;
            state.seen = true;
            if (s.seq >= 0) state.seq = s.seq;
        } else if (s.seq > state.seq) {
            state.seq = s.seq; // a late sample: history keeps it, the state keeps the newer value
        }
        ++acceptedPerFeed[p.feed];
        accepted.push_back(std::move(s));
    }
    if (m->directoryDirty) m->publishDirectory();

    HubSnapshot snap;
    snap.nowMs = nowMs;
    snap.acceptedThisFrame = accepted.size();
    {
        std::lock_guard lock(m->feedMutex);
        for (const auto& [feed, reason] : dropped) m->countDropLocked(feed, reason);
        for (const auto& [feed, count] : acceptedPerFeed)
            if (feed >= 0 && size_t(feed) < m->feeds.size()) m->feeds[size_t(feed)].accepted += count;
        snap.sensors.reserve(m->registry.size());
        for (const Sensor& sensor : m->registry.sensors()) {
            SensorState& state = m->stateFor(sensor.id);
            const SensorStatus status = m->statusOf(sensor, state, nowMs);
            if (status != state.status)
                snap.transitions.push_back({sensor.id, state.status, status, state.value, state.timeMs});
            state.status = status;
            snap.sensors.push_back(state);
        }
        snap.feedEvents.swap(m->feedEvents);
        snap.drops = m->drops;
        snap.feeds.reserve(m->feeds.size());
        for (size_t i = 0; i < m->feeds.size(); ++i) {
            const FeedRecord& f = m->feeds[i];
            snap.feeds.push_back({FeedId(i), f.name, f.state, f.received, f.accepted, f.drops});
        }
    }
    if (m->sink && !accepted.empty()) m->sink(accepted);
    return snap;
}

void SensorHub::setSampleSink(std::function<void(const std::vector<SensorSample>&)> sink) {
    m->sink = std::move(sink);
}

DropCounts SensorHub::dropCounts() const {
    std::lock_guard lock(m->feedMutex);
    return m->drops;
}

std::vector<FeedStatus> SensorHub::feeds() const {
    std::lock_guard lock(m->feedMutex);
    std::vector<FeedStatus> out;
    for (size_t i = 0; i < m->feeds.size(); ++i) {
        const FeedRecord& f = m->feeds[i];
        out.push_back({FeedId(i), f.name, f.state, f.received, f.accepted, f.drops});
    }
    return out;
}

} // namespace citytwin::data
