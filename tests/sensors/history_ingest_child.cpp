// history_ingest_child PATH BASE_MS: appends samples to the sensor history at
// PATH until it is killed, for the kill -9 durability test. Sample n (from 0)
// is sensor "k<n % 10>" at BASE_MS + n with value n, appended 50 at a time.
// After every append it prints "appended A committed C" (A: samples appended
// so far, C: samples the store reports durable), and after every successful
// flush() (each tenth append, so at most one batch of 500 is ever not yet
// durable) "flushed C"; stdout is flushed per line.
#include "citytwin/data/sensors/HistoryStore.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using citytwin::data::HistoryOptions;
using citytwin::data::HistoryStore;
using citytwin::data::SensorSample;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: history_ingest_child PATH BASE_MS\n");
        return 2;
    }
    const int64_t baseMs = std::strtoll(argv[2], nullptr, 10);
    HistoryOptions options;
    options.batchSamples = 500;
    options.flushIntervalMs = 20;
    auto opened = HistoryStore::open(argv[1], options);
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.firstError().c_str());
        return 1;
    }
    std::unique_ptr<HistoryStore> store = opened.takeValue();
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    std::vector<std::string> ids;
    for (int i = 0; i < 10; ++i) {
        std::string id("k");
        id += std::to_string(i);
        ids.push_back(id);
    }
    constexpr int64_t kChunk = 50;
    int64_t appended = 0;
    for (int64_t round = 1;; ++round) {
        std::vector<SensorSample> chunk;
        chunk.reserve(kChunk);
        for (int64_t n = appended; n < appended + kChunk; ++n)
            chunk.push_back({ids[size_t(n % 10)], baseMs + n, double(n), -1});
        store->append(std::move(chunk));
        appended += kChunk;
        std::printf("appended %lld committed %lld\n", static_cast<long long>(appended),
                    static_cast<long long>(store->stats().committed));
        if (round % 10 == 0 && store->flush().ok())
            std::printf("flushed %lld\n", static_cast<long long>(store->stats().committed));
        // About 25,000 samples/s: the pace of a busy city, which the writer keeps up with.
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}
