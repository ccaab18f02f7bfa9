#pragma once
// Binary form of a block of gis::FeatureRecord for the tile cache.
// Private to citytwin_data.

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/Result.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace citytwin::data::detail {

/// Encodes a run of feature records into one blob: magic "CTFR", u16
/// version, u16 flags, u32 feature count, a table of the attribute names
/// used in the run (each name stored once), then per feature fid, source
/// index, height, base, centroid and (name index, value) pairs. Decoding
/// checks every count against the bytes left. Stateless; any thread.
class FeatureRecordCodec {
public:
    static constexpr uint16_t kVersion = 1;

    static std::vector<uint8_t> encode(const gis::FeatureRecord* features, size_t count);

    /// The most features `bytes` of encoded blocks can hold.
    static size_t maxFeaturesIn(size_t bytes);

    /// Appends the decoded records to `out` (reserve the layer's count
    /// beforehand: it only grows `out` geometrically); on failure `out` may hold part
    /// of them and the Result says why.
    static gis::Result<bool> decodeAppend(const uint8_t* data, size_t size,
                                          std::vector<gis::FeatureRecord>& out);
};

} // namespace citytwin::data::detail
