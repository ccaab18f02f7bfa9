#include "cli/BenchCityReport.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <functional>

namespace citytwin::app {
namespace {

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

/// Draw calls of the 10k city of this run (the baseline), or 0.
int64_t drawCalls10k(const std::vector<BenchCityResult>& results)
{
    for (const auto& r : results)
        if (r.buildings >= 9000 && r.buildings <= 11000) return r.drawCalls;
    return 0;
}

nlohmann::json toJson(const BenchCityResult& r, int64_t base10k)
{
    const double importRatio = ratio(r.importSeconds, r.rawReadSeconds);
    const double reopenRatio = ratio(r.reopenSeconds, r.rawReadSeconds);
    const double frameVsMerged = ratio(r.frameMs, r.mergedFrameMs);
    const double naiveSpeedup = ratio(r.naiveFrameMs, r.frameMs);
    const double rssRatio = ratio(double(r.rssBytes), double(r.vertexIndexBytes));
    nlohmann::json drawVs10k = nullptr;
    if (base10k > 0) drawVs10k = ratio(double(r.drawCalls), double(base10k));
    nlohmann::json targets = {
        {"import_ratio_le_1_5", importRatio <= 1.5},
        {"reopen_ratio_le_0_3", reopenRatio <= 0.3 && r.reopenFromCache},
        {"draw_calls_le_1000", r.drawCalls <= 1000},
        {"draw_calls_vs_10k_le_1_2", base10k > 0 ? nlohmann::json(ratio(double(r.drawCalls), double(base10k)) <= 1.2)
                                                 : nlohmann::json(nullptr)},
        {"frame_vs_merged_le_1_2", frameVsMerged <= 1.2},
        // The issue sets this target at 1M buildings; smaller cities show the trend.
        {"naive_speedup_ge_20", r.buildings >= 1000000 ? nlohmann::json(naiveSpeedup >= 20) : nlohmann::json(nullptr)},
        {"restyle_no_vertex_uploads", r.restyleVertexUploads == 0},
        {"restyle_ms_le_50", r.restyleMs <= 50},
        {"pick_ms_le_50", r.pickMs <= 50 && r.pickMaxMs <= 50},
        {"pick_correct_100", r.pickCorrectPct >= 100},
        {"rss_ratio_le_1_5", rssRatio <= 1.5},
        {"first_frame_s_le_2", r.firstFrameSeconds <= 2},
    };
    return {
        {"input", r.input},
        {"buildings", r.buildings},
        {"tiles", r.tiles},
        {"raw_read_s", r.rawReadSeconds},
        {"import_s", r.importSeconds},
        {"import_only_s", r.importOnlySeconds},
        {"cache_store_s", r.cacheStoreSeconds},
        {"prepare_s", r.prepareSeconds},
        {"import_ratio", importRatio},
        {"reopen_s", r.reopenSeconds},
        {"reopen_from_cache", r.reopenFromCache},
        {"reopen_paged", r.reopenPaged},
        {"reopen_ratio", reopenRatio},
        {"cache_file_bytes", r.cacheFileBytes},
        {"first_frame_s", r.firstFrameSeconds},
        {"draw_calls", r.drawCalls},
        {"draw_calls_vs_10k", drawVs10k},
        {"triangles_drawn", r.trianglesDrawn},
        {"path_frames", r.pathFrames},
        {"frame_ms", r.frameMs},
        {"flying_frame_ms", r.flyingFrameMs},
        {"merged_frame_ms", r.mergedFrameMs},
        {"merged_fixed_function_frame_ms", r.mergedFixedFrameMs},
        {"merged_all_frame_ms", r.mergedAllFrameMs},
        {"frame_vs_merged", frameVsMerged},
        {"naive_frame_ms", r.naiveFrameMs},
        {"naive_buildings", r.naiveBuildings},
        {"naive_frames", r.naiveFrames},
        {"naive_speedup", naiveSpeedup},
        {"restyle_ms", r.restyleMs},
        {"restyle_frame_ms", r.restyleFrameMs},
        {"restyle_vertex_uploads", r.restyleVertexUploads},
        {"pick_clicks", r.pickClicks},
        {"pick_ms", r.pickMs},
        {"pick_max_ms", r.pickMaxMs},
        {"pick_correct_pct", r.pickCorrectPct},
        {"pick_target_pct", r.pickTargetPct},
        {"rss_bytes", r.rssBytes},
        {"peak_rss_bytes", r.peakRssBytes},
        {"vertex_index_bytes", r.vertexIndexBytes},
        {"rss_ratio", rssRatio},
        {"rss_before_open_bytes", r.rssBeforeReopenBytes},
        {"rss_growth_bytes", r.rssBytes - r.rssBeforeReopenBytes},
        {"targets", targets},
        {"notes", r.notes},
    };
}

void row(const char* label, const std::vector<BenchCityResult>& results,
         const std::function<std::string(const BenchCityResult&)>& cell)
{
    std::printf("%-26s", label);
    for (const auto& r : results) std::printf(" %16s", cell(r).c_str());
    std::printf("\n");
}

std::string fmt(const char* format, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string flag(bool met) { return met ? "met" : "MISSED"; }

} // namespace

void printBenchCityTable(const std::vector<BenchCityResult>& results)
{
    const int64_t base = drawCalls10k(results);
    using R = const BenchCityResult&;
    row("buildings", results, [](R r) { return std::to_string(r.buildings); });
    row("raw OGR read s", results, [](R r) { return fmt("%.2f", r.rawReadSeconds); });
    row("import s", results, [](R r) { return fmt("%.2f", r.importSeconds); });
    row("  import ratio (<=1.5)", results, [](R r) {
        return fmt("%.2fx ", ratio(r.importSeconds, r.rawReadSeconds)) +
               flag(ratio(r.importSeconds, r.rawReadSeconds) <= 1.5); });
    row("  prepare s", results, [](R r) { return fmt("%.2f", r.prepareSeconds); });
    row("  cache store s", results, [](R r) { return fmt("%.2f", r.cacheStoreSeconds); });
    row("reopen (cache) s", results, [](R r) { return fmt("%.2f", r.reopenSeconds) + (r.reopenPaged ? " paged" : ""); });
    row("  reopen ratio (<=0.3)", results, [](R r) {
        return fmt("%.2fx ", ratio(r.reopenSeconds, r.rawReadSeconds)) +
               flag(r.reopenFromCache && ratio(r.reopenSeconds, r.rawReadSeconds) <= 0.3); });
    row("draw calls (<=1000)", results, [](R r) { return std::to_string(r.drawCalls) + " " + flag(r.drawCalls <= 1000); });
    row("  vs 10k (<=1.2x)", results, [base](R r) {
        if (base <= 0) return std::string("n/a");
        const double v = ratio(double(r.drawCalls), double(base));
        return fmt("%.2fx ", v) + flag(v <= 1.2); });
    row("frame ms (settled median)", results, [](R r) { return fmt("%.1f", r.frameMs); });
    row("  flying median", results, [](R r) { return fmt("%.1f", r.flyingFrameMs); });
    row("merged (drawn) frame ms", results, [](R r) { return fmt("%.1f", r.mergedFrameMs); });
    row("  fixed-function", results, [](R r) { return fmt("%.1f", r.mergedFixedFrameMs); });
    row("  merged (all) frame ms", results, [](R r) { return fmt("%.1f", r.mergedAllFrameMs); });
    row("  vs merged (<=1.2x)", results, [](R r) {
        const double v = ratio(r.frameMs, r.mergedFrameMs);
        return fmt("%.2fx ", v) + flag(v <= 1.2); });
    row("naive frame ms", results, [](R r) { return fmt("%.1f", r.naiveFrameMs); });
    row("  naive buildings", results, [](R r) { return std::to_string(r.naiveBuildings); });
    row("  naive speedup (>=20x)", results, [](R r) {
        const double v = ratio(r.naiveFrameMs, r.frameMs);
        return fmt("%.1fx ", v) + (r.buildings >= 1000000 ? flag(v >= 20) : std::string("(at 1M)")); });
    row("restyle ms (<=50)", results, [](R r) { return fmt("%.1f ", r.restyleMs) + flag(r.restyleMs <= 50); });
    row("  vertex uploads (0)", results, [](R r) {
        return std::to_string(r.restyleVertexUploads) + " " + flag(r.restyleVertexUploads == 0); });
    row("pick ms median/max (<=50)", results, [](R r) {
        return fmt("%.1f/", r.pickMs) + fmt("%.1f ", r.pickMaxMs) + flag(r.pickMaxMs <= 50); });
    row("  pick correct % (100)", results, [](R r) {
        return fmt("%.1f ", r.pickCorrectPct) + flag(r.pickCorrectPct >= 100); });
    row("RSS MiB", results, [](R r) { return fmt("%.0f", double(r.rssBytes) / 1048576.0); });
    row("vertex+index MiB", results, [](R r) { return fmt("%.0f", double(r.vertexIndexBytes) / 1048576.0); });
    row("  RSS ratio (<=1.5x)", results, [](R r) {
        const double v = ratio(double(r.rssBytes), double(r.vertexIndexBytes));
        return fmt("%.2fx ", v) + flag(v <= 1.5); });
    row("  RSS before reopen MiB", results, [](R r) { return fmt("%.0f", double(r.rssBeforeReopenBytes) / 1048576.0); });
    row("  growth / vertex+index", results, [](R r) {
        return fmt("%.2fx", ratio(double(r.rssBytes - r.rssBeforeReopenBytes), double(r.vertexIndexBytes))); });
    row("first frame s (<=2)", results, [](R r) {
        return fmt("%.2f ", r.firstFrameSeconds) + flag(r.firstFrameSeconds <= 2); });
}

bool writeBenchCityJson(const std::vector<BenchCityResult>& results, const std::string& path,
                        std::string& error)
{
    const int64_t base = drawCalls10k(results);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : results) out.push_back(toJson(r, base));
    std::ofstream file(path);
    if (!file) {
        error = "cannot write " + path;
        return false;
    }
    file << out.dump(2) << "\n";
    file.close();
    if (!file) {
        error = "cannot write " + path;
        return false;
    }
    return true;
}

} // namespace citytwin::app
