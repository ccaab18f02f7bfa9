#pragma once
// `citytwin bench city`: the city files and the import side (raw OGR read,
// first import, reopen from the tile cache). Main thread.

#include "cli/BenchCityReport.h"
#include "core/LayerLoader.h"

#include "citytwin/gis/Result.h"

#include <cstdint>
#include <memory>
#include <string>

namespace citytwin::app {

/// The buildings GeoPackage of a synthetic city of `buildings` footprints
/// (seed 1) under `workDir`/city-N: generated with gis::generateDemoCity, or
/// reused when a stamp says it was completed before with the same count and seed.
/// "10k" → 10000, "1M" → 1000000, "2500" → 2500; 0 when malformed.
int64_t benchCount(const std::string& text);
/// Where generated bench cities are kept: $XDG_CACHE_HOME (or ~/.cache)/citytwin/bench-city.
std::string benchCityWorkDir();

gis::Result<std::string> benchCityFile(int64_t buildings, const std::string& workDir);

/// Seconds of a plain OGR loop over `path` (read-only): every feature of
/// every layer and its geometry exported as WKB. `features` counts them.
gis::Result<double> rawOgrReadSeconds(const std::string& path, int64_t& features);

/// First import (gis::importLayer → render::prepareLayer → tile cache store
/// with the level-of-detail meshes, each timed) into a fresh cache file
/// `cachePath`, then a reopen through app::loadLayer from that cache (timed;
/// paged when the layer has a hierarchy). Fills the import figures of
/// `result`; the reopened layer is returned for the scene measurements.
gis::Result<std::shared_ptr<LoadedLayer>> importAndReopen(const std::string& path,
                                                          const std::string& cachePath,
                                                          BenchCityResult& result);

/// VmRSS and VmHWM of this process in bytes (0 when unknown).
int64_t currentRssBytes();
int64_t peakRssBytes();

} // namespace citytwin::app
