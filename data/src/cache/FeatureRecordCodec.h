#pragma once
// Binary form of a block of gis::FeatureRecord for the tile cache.
// Private to citytwin_data.

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/Result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
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

    /// The feature count in a block's header; std::nullopt when the header
    /// is not readable (decodeInto() then says why).
    static std::optional<uint32_t> featureCount(const uint8_t* data, size_t size);

    /// Decodes a block of exactly `expected` features (featureCount()) into
    /// out[0 .. expected), overwriting those records: a layer's vector is
    /// sized once and each record built in place (values straight from the
    /// blob). Fails, saying why, on any count the bytes do not hold.
    static gis::Result<bool> decodeInto(const uint8_t* data, size_t size, gis::FeatureRecord* out,
                                        size_t expected);
};

} // namespace citytwin::data::detail
