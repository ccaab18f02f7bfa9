// SensorHub with explicit timestamps: latest value wins, duplicates dropped,
// status from thresholds, staleness at 3x the period, offline feeds,
// transitions for alerts, the sample sink, auto-registration, many threads pushing.
#include "citytwin/data/sensors/SensorHub.h"

#include "test_sensors_Suites.h"

#include <QtTest>

#include <algorithm>
#include <thread>

using namespace citytwin::data;

namespace {

constexpr int64_t kT0 = 1'795'885'200'000; // 2026-11-28T17:00:00Z

/// Noise sensor: warning 65, critical 75, period 60 s.
Sensor noiseSensor(const std::string& id) {
    Sensor s = sensorDefaults(SensorKind::Noise);
    s.id = id;
    s.name = id;
    return s;
}

SensorSample sample(const std::string& id, int64_t t, double v, int64_t seq = -1) {
    return SensorSample{id, t, v, seq};
}

/// prefix + number (not "n" + std::to_string(i): GCC 12 warns falsely, -Wrestrict, PR 105329).
std::string numbered(const char* prefix, int i) {
    std::string s(prefix);
    s += std::to_string(i);
    return s;
}

SensorStatus statusOf(const HubSnapshot& snap, const std::string& id) {
    const SensorState* s = snap.find(id);
    return s ? s->status : SensorStatus::Offline;
}

} // namespace

class TestSensorHub : public QObject {
    Q_OBJECT

private slots:
    void latestValueAndStatusFromThresholds() {
        SensorHub hub;
        QVERIFY(hub.addSensor(noiseSensor("n1")));
        QVERIFY(!hub.addSensor(noiseSensor("n1")));
        HubSnapshot snap = hub.coalesce(kT0);
        QCOMPARE(statusOf(snap, "n1"), SensorStatus::Offline); // never seen
        QVERIFY(snap.transitions.empty());

        hub.push(sample("n1", kT0 + 1000, 50));
        hub.push(sample("n1", kT0 + 3000, 70));
        hub.push(sample("n1", kT0 + 2000, 80)); // late: stored, not applied
        std::vector<SensorSample> sunk;
        hub.setSampleSink([&](const std::vector<SensorSample>& batch) { sunk.insert(sunk.end(), batch.begin(), batch.end()); });
        snap = hub.coalesce(kT0 + 4000);
        QCOMPARE(sunk.size(), size_t(3));
        QCOMPARE(snap.acceptedThisFrame, size_t(3));
        const SensorState* s = snap.find("n1");
        QVERIFY(s);
        QCOMPARE(s->value, 70.0);
        QCOMPARE(s->timeMs, kT0 + 3000);
        QCOMPARE(s->status, SensorStatus::Warning);
        QCOMPARE(snap.transitions.size(), size_t(1));
        QCOMPARE(snap.transitions[0], (StatusTransition{"n1", SensorStatus::Offline, SensorStatus::Warning, 70, kT0 + 3000}));

        hub.push(sample("n1", kT0 + 5000, 90));
        snap = hub.coalesce(kT0 + 5000);
        QCOMPARE(statusOf(snap, "n1"), SensorStatus::Critical);
        QCOMPARE(snap.transitions.size(), size_t(1));
        QCOMPARE(snap.transitions[0].from, SensorStatus::Warning);
        snap = hub.coalesce(kT0 + 5016); // nothing new: no transition, no sink call
        QVERIFY(snap.transitions.empty());
        QCOMPARE(sunk.size(), size_t(4));
    }

    void belowThresholds() {
        SensorHub hub;
        Sensor speed = sensorDefaults(SensorKind::AverageSpeed); // warning below 25, critical below 10
        speed.id = "road";
        hub.addSensor(speed);
        hub.push(sample("road", kT0, 30));
        QCOMPARE(statusOf(hub.coalesce(kT0), "road"), SensorStatus::Ok);
        hub.push(sample("road", kT0 + 1, 20));
        QCOMPARE(statusOf(hub.coalesce(kT0), "road"), SensorStatus::Warning);
        hub.push(sample("road", kT0 + 2, 5));
        QCOMPARE(statusOf(hub.coalesce(kT0), "road"), SensorStatus::Critical);
    }

    /// Period 60 s: stale once now - time exceeds 180 s, ok again on new data.
    void staleAfterThreePeriods() {
        SensorHub hub;
        hub.addSensor(noiseSensor("n1"));
        hub.push(sample("n1", kT0, 40));
        QCOMPARE(statusOf(hub.coalesce(kT0), "n1"), SensorStatus::Ok);
        QCOMPARE(statusOf(hub.coalesce(kT0 + 180'000), "n1"), SensorStatus::Ok); // exactly 3x: not yet
        HubSnapshot snap = hub.coalesce(kT0 + 180'001);
        QCOMPARE(statusOf(snap, "n1"), SensorStatus::Stale);
        QCOMPARE(snap.transitions.size(), size_t(1));
        QCOMPARE(snap.transitions[0].to, SensorStatus::Stale);
        QCOMPARE(snap.find("n1")->timeMs, kT0); // "last seen"
        hub.push(sample("n1", kT0 + 200'000, 41));
        snap = hub.coalesce(kT0 + 200'001);
        QCOMPARE(statusOf(snap, "n1"), SensorStatus::Ok);
        QCOMPARE(snap.transitions[0].from, SensorStatus::Stale);

        // A per-sensor period counts: 10 s -> stale after 30 s.
        Sensor fast = noiseSensor("n1");
        fast.periodSeconds = 10;
        QVERIFY(hub.updateSensor(fast));
        QCOMPARE(statusOf(hub.coalesce(kT0 + 230'000), "n1"), SensorStatus::Ok);
        QCOMPARE(statusOf(hub.coalesce(kT0 + 230'001), "n1"), SensorStatus::Stale);
    }

    void duplicatesDropped() {
        SensorHub hub;
        hub.addSensor(noiseSensor("n1"));
        std::vector<SensorSample> sunk;
        hub.setSampleSink([&](const std::vector<SensorSample>& b) { sunk.insert(sunk.end(), b.begin(), b.end()); });
        hub.push(sample("n1", kT0 + 10, 1, 5));
        hub.push(sample("n1", kT0 + 10, 1, 5));  // redelivered: same seq
        hub.push(sample("n1", kT0 + 20, 2, 6));
        hub.push(sample("n1", kT0 + 10, 1, 5));  // redelivered later: older seq
        hub.push(sample("n1", kT0 + 20, 2));     // no seq: same time and value
        hub.push(sample("n1", kT0 + 20, 3));     // no seq, same time, other value: kept
        HubSnapshot snap = hub.coalesce(kT0 + 30);
        QCOMPARE(sunk.size(), size_t(3));
        QCOMPARE(snap.drops[DropReason::Duplicate], uint64_t(3));
        QCOMPARE(snap.feeds[kDirectFeed].drops[DropReason::Duplicate], uint64_t(3));
        QCOMPARE(snap.find("n1")->seq, int64_t(6));
        // Across frames too.
        hub.push(sample("n1", kT0 + 20, 2, 6));
        snap = hub.coalesce(kT0 + 40);
        QCOMPARE(snap.drops[DropReason::Duplicate], uint64_t(4));
        QCOMPARE(sunk.size(), size_t(3));
        // A publisher that restarts its numbering sends newer times: accepted.
        hub.push(sample("n1", kT0 + 50, 7, 0));
        snap = hub.coalesce(kT0 + 60);
        QCOMPARE(sunk.size(), size_t(4));
        QCOMPARE(snap.find("n1")->value, 7.0);
    }

    void unknownSensorsDroppedOrAutoRegistered() {
        SensorHub hub;
        hub.addSensor(noiseSensor("n1"));
        const SensorLookup lookup = hub.lookup();
        QVERIFY(lookup.isKnown("n1"));
        QVERIFY(!lookup.isKnown("x9"));
        hub.push(sample("x9", kT0, 1));
        HubSnapshot snap = hub.coalesce(kT0);
        QCOMPARE(snap.drops[DropReason::UnknownSensor], uint64_t(1));
        QCOMPARE(snap.sensors.size(), size_t(1));

        hub.setAutoRegister(true);
        QVERIFY(lookup.isKnown("x9")); // the lookup follows the hub
        hub.push(sample("x9", kT0, 1));
        snap = hub.coalesce(kT0);
        QCOMPARE(snap.sensors.size(), size_t(2));
        const Sensor* created = hub.registry().find("x9");
        QVERIFY(created);
        QCOMPARE(created->kind, SensorKind::Custom);
        QCOMPARE(snap.find("x9")->value, 1.0);
        QCOMPARE(snap.drops[DropReason::UnknownSensor], uint64_t(1));
    }

    void registryEditsAndDatastreams() {
        SensorHub hub;
        Sensor a = noiseSensor("a");
        a.datastreamId = "12";
        hub.addSensor(a);
        hub.addSensor(noiseSensor("b"));
        const SensorLookup lookup = hub.lookup();
        QCOMPARE(lookup.sensorForDatastream("12").value_or(""), std::string("a"));
        QVERIFY(!lookup.sensorForDatastream("13"));
        Sensor b = noiseSensor("b");
        b.datastreamId = "13";
        QVERIFY(hub.updateSensor(b));
        QCOMPARE(lookup.sensorForDatastream("13").value_or(""), std::string("b"));
        QVERIFY(!hub.updateSensor(noiseSensor("zz")));
        hub.push(sample("a", kT0, 10));
        hub.coalesce(kT0);
        QVERIFY(hub.removeSensor("a"));
        QVERIFY(!hub.removeSensor("a"));
        QVERIFY(!lookup.sensorForDatastream("12"));
        HubSnapshot snap = hub.coalesce(kT0);
        QCOMPARE(snap.sensors.size(), size_t(1));
        QVERIFY(!snap.find("a"));
        // setSensors keeps the state of ids that stay.
        hub.push(sample("b", kT0, 20));
        hub.coalesce(kT0);
        hub.setSensors({noiseSensor("c"), noiseSensor("b")});
        snap = hub.coalesce(kT0);
        QCOMPARE(snap.sensors.size(), size_t(2));
        QCOMPARE(snap.sensors[0].sensorId, std::string("c"));
        QCOMPARE(snap.find("b")->value, 20.0);
        QCOMPARE(snap.find("c")->status, SensorStatus::Offline);
    }

    void offlineFeedMakesItsSensorsOffline() {
        SensorHub hub;
        hub.addSensor(noiseSensor("n1"));
        hub.addSensor(noiseSensor("n2"));
        const FeedId feed = hub.registerFeed("mqtt");
        QCOMPARE(hub.feedState(feed).connection, FeedConnection::Disconnected);
        hub.setFeedState(feed, {FeedConnection::Connected, 0, 0, {}});
        hub.push(sample("n1", kT0, 10), feed);
        hub.push(sample("n2", kT0, 10)); // direct feed
        HubSnapshot snap = hub.coalesce(kT0);
        QCOMPARE(statusOf(snap, "n1"), SensorStatus::Ok);
        QCOMPARE(snap.feedEvents.size(), size_t(1));
        QCOMPARE(snap.feeds[size_t(feed)].accepted, uint64_t(1));

        hub.setFeedState(feed, {FeedConnection::Reconnecting, 2, 400, "connection lost"});
        snap = hub.coalesce(kT0 + 1);
        QCOMPARE(statusOf(snap, "n1"), SensorStatus::Ok); // a short gap keeps the status
        QCOMPARE(snap.feedEvents.size(), size_t(1));
        QCOMPARE(snap.feedEvents[0].state.attempt, 2);
        QCOMPARE(describeFeedState(snap.feedEvents[0].state),
                 std::string("reconnecting (attempt 2, next in 400 ms): connection lost"));

        hub.setFeedState(feed, {FeedConnection::Failed, 0, 0, "bad credentials"});
        snap = hub.coalesce(kT0 + 2);
        QCOMPARE(statusOf(snap, "n1"), SensorStatus::Offline);
        QCOMPARE(statusOf(snap, "n2"), SensorStatus::Ok);
        QCOMPARE(snap.transitions.size(), size_t(1));
        QCOMPARE(snap.transitions[0], (StatusTransition{"n1", SensorStatus::Ok, SensorStatus::Offline, 10, kT0}));
        hub.setFeedState(feed, {FeedConnection::Connected, 0, 0, {}});
        QCOMPARE(statusOf(hub.coalesce(kT0 + 3), "n1"), SensorStatus::Ok);
    }

    void feedCountersAndQueueLimit() {
        SensorHubOptions options;
        options.maxQueuedSamples = 3;
        SensorHub hub(options);
        hub.addSensor(noiseSensor("n1"));
        const FeedId feed = hub.registerFeed("f");
        hub.reportReceived(feed, 6);
        hub.reportDrop(feed, DropReason::NotUtf8);
        for (int i = 0; i < 5; ++i) hub.push(sample("n1", kT0 + i, i), feed);
        HubSnapshot snap = hub.coalesce(kT0 + 10);
        QCOMPARE(snap.feeds[size_t(feed)].received, uint64_t(6));
        QCOMPARE(snap.feeds[size_t(feed)].accepted, uint64_t(3));
        QCOMPARE(snap.feeds[size_t(feed)].drops[DropReason::QueueFull], uint64_t(2));
        QCOMPARE(snap.feeds[size_t(feed)].drops[DropReason::NotUtf8], uint64_t(1));
        QCOMPARE(snap.drops.total(), uint64_t(3));
        QCOMPARE(hub.dropCounts(), snap.drops);
        QCOMPARE(std::string(dropReasonName(DropReason::QueueFull)), std::string("queue_full"));
    }

    /// pushBatch() queues like push() one by one: in order, QueueFull beyond
    /// the limit, the vector left empty; in-process batches count as received.
    void pushBatchQueuesInOrderWithLimit() {
        SensorHubOptions options;
        options.maxQueuedSamples = 4;
        SensorHub hub(options);
        hub.addSensor(noiseSensor("n1"));
        hub.addSensor(noiseSensor("n2"));
        const FeedId feed = hub.registerFeed("f");
        std::vector<SensorSample> order;
        hub.setSampleSink([&](const std::vector<SensorSample>& b) { order.insert(order.end(), b.begin(), b.end()); });
        std::vector<SensorSample> batch = {sample("n1", kT0 + 1, 1, 1), sample("n2", kT0 + 1, 2, 1),
                                           sample("n1", kT0 + 2, 3, 2)};
        hub.pushBatch(batch, feed);
        QVERIFY(batch.empty());
        batch = {sample("n2", kT0 + 2, 4, 2), sample("n1", kT0 + 3, 5, 3), sample("n2", kT0 + 3, 6, 3)};
        hub.pushBatch(batch, feed); // room for one of three
        QVERIFY(batch.empty());
        std::vector<SensorSample> none;
        hub.pushBatch(none, feed);
        HubSnapshot snap = hub.coalesce(kT0 + 10);
        const std::vector<SensorSample> expected = {sample("n1", kT0 + 1, 1, 1), sample("n2", kT0 + 1, 2, 1),
                                                    sample("n1", kT0 + 2, 3, 2), sample("n2", kT0 + 2, 4, 2)};
        QVERIFY(order == expected);
        QCOMPARE(snap.feeds[size_t(feed)].accepted, uint64_t(4));
        QCOMPARE(snap.feeds[size_t(feed)].received, uint64_t(0)); // a feed reports its own messages
        QCOMPARE(snap.feeds[size_t(feed)].drops[DropReason::QueueFull], uint64_t(2));
        QCOMPARE(snap.find("n1")->value, 3.0);
        QCOMPARE(snap.find("n2")->value, 4.0);

        batch = {sample("n1", kT0 + 5, 7, 5), sample("n1", kT0 + 5, 7, 5)}; // the second is a duplicate
        hub.pushBatch(batch);
        snap = hub.coalesce(kT0 + 20);
        QCOMPARE(snap.feeds[size_t(kDirectFeed)].received, uint64_t(2));
        QCOMPARE(snap.feeds[size_t(kDirectFeed)].accepted, uint64_t(1));
        QCOMPARE(snap.drops[DropReason::Duplicate], uint64_t(1));
    }

    /// Four threads push while this thread coalesces: every sample arrives once.
    void concurrentPushers() {
        SensorHub hub;
        for (int s = 0; s < 8; ++s) hub.addSensor(noiseSensor(numbered("n", s)));
        constexpr int kThreads = 4, kPerThread = 20'000;
        std::vector<int> seen(kThreads * kPerThread, 0);
        hub.setSampleSink([&](const std::vector<SensorSample>& b) {
            for (const auto& s : b) ++seen[size_t(s.seq)];
        });
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&hub, t] {
                const FeedId feed = hub.registerFeed(numbered("t", t));
                for (int i = 0; i < kPerThread; ++i) {
                    const int seq = t * kPerThread + i;
                    // Sensor per thread pair, seq rising per sensor within each thread.
                    hub.push(sample(numbered("n", t * 2 + (i % 2)), kT0 + seq, i, seq), feed);
                }
            });
        }
        for (int frame = 0; frame < 2000; ++frame) {
            hub.coalesce(kT0);
            if (std::count(seen.begin(), seen.end(), 1) == kThreads * kPerThread) break;
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
        for (auto& t : threads) t.join();
        hub.coalesce(kT0);
        QCOMPARE(std::count(seen.begin(), seen.end(), 1), std::ptrdiff_t(kThreads * kPerThread));
        QCOMPARE(hub.dropCounts().total(), uint64_t(0));
    }
};

int runSensorHubTests(int argc, char** argv) {
    TestSensorHub t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_Hub.moc"
