// MeshChunkCodec: exact round trips, and corrupt blobs fail instead of crashing.
#include "citytwin/data/MeshChunkCodec.h"
#include "citytwin/gis/Extrusion.h"
#include "citytwin/gis/FlatNormals.h"

#include "test_data_Samples.h"
#include "test_data_Suites.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>

using citytwin::data::MeshChunkCodec;
using citytwin::gis::MeshChunk;
using citytwin::test::randomChunk;

Q_DECLARE_METATYPE(citytwin::gis::MeshChunk)

namespace {

/// Decodes an exact-size heap copy of the first `size` bytes, so a reader
/// that looked past the end would read outside the allocation (visible to
/// ASan/valgrind) rather than into the rest of the blob.
citytwin::gis::Result<MeshChunk> decodeCopy(const std::vector<uint8_t>& blob, size_t size) {
    std::vector<uint8_t> copy(blob.begin(), blob.begin() + static_cast<ptrdiff_t>(size));
    return MeshChunkCodec::decode(copy.data(), copy.size());
}

template <typename T>
void poke(std::vector<uint8_t>& blob, size_t offset, T value) {
    std::memcpy(blob.data() + offset, &value, sizeof value); // tests run little-endian
}

/// Offsets of the layout documented in MeshChunkCodec.h.
constexpr size_t kVersionOffset = 4;
constexpr size_t kVertexCountOffset = 4 + 2 + 2 + 12 + 24;

/// A mesh shaped like a built tile: boxes of 4 walls + a roof, each face
/// one normal on 4 vertices, each box one feature.
MeshChunk buildingLikeChunk(uint32_t boxes) {
    MeshChunk c;
    c.tile = {3, 4, 0};
    c.origin = {330000.0, 4690000.0, 12.5};
    const float faces[5][3] = {{1, 0, 0}, {0, 1, 0}, {-1, 0, 0}, {0, -1, 0}, {0, 0, 1}};
    for (uint32_t b = 0; b < boxes; ++b)
        for (const auto& n : faces) {
            const auto first = static_cast<uint32_t>(c.featureIds.size());
            for (int k = 0; k < 4; ++k) {
                c.positions.insert(c.positions.end(), {float(b) + 0.25f * k, -float(k), 10.0f * n[2]});
                c.normals.insert(c.normals.end(), {n[0], n[1], n[2]});
                c.featureIds.push_back(b);
            }
            c.indices.insert(c.indices.end(), {first, first + 1, first + 2, first, first + 2, first + 3});
        }
    return c;
}

/// Extruded footprints as the importer builds them: normals derived.
MeshChunk extrudedChunk() {
    MeshChunk c;
    c.origin = {330000.0, 4690000.0, 0.0};
    const citytwin::gis::Ring l{{330000, 4690000}, {330020, 4690000}, {330020, 4690010}, {330010, 4690010},
                                {330010, 4690020}, {330000, 4690020}};
    const citytwin::gis::Ring tilted{{330050, 4690000}, {330061.3, 4690004.7}, {330057.1, 4690019.9}, {330049, 4690012}};
    citytwin::gis::extrudeFootprint({{citytwin::gis::Polygon{{l}}}}, 0, 12.5, 0, c);
    citytwin::gis::extrudeFootprint({{citytwin::gis::Polygon{{tilted}}}}, 3, 47.25, 1, c);
    return c;
}

} // namespace

class TestMeshChunkCodec : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data() {
        QTest::addColumn<MeshChunk>("chunk");
        QTest::newRow("empty") << MeshChunk{};
        QTest::newRow("one triangle") << randomChunk(1, 3);
        QTest::newRow("random 5000 vertices") << randomChunk(42, 5000);
        QTest::newRow("no normals") << randomChunk(7, 100, false);
        MeshChunk far = randomChunk(9, 10);
        far.tile = {-2147483647 - 1, 2147483647, 3};
        far.origin = {-1.0e308, 4.7e6 + 0.1, -0.0};
        QTest::newRow("extreme keys and origin") << far;
        QTest::newRow("building-like runs") << buildingLikeChunk(50);
        QTest::newRow("32-bit indices") << buildingLikeChunk(3300); // 66,000 vertices
        MeshChunk signs = buildingLikeChunk(2);
        signs.normals[0] = -0.0f; // differs from +0.0 only in its bits: a run of its own
        signs.normals[3] = std::numeric_limits<float>::quiet_NaN();
        QTest::newRow("signed zero and NaN normals") << signs;
        QTest::newRow("extruded (derived normals)") << extrudedChunk();
        MeshChunk nudged = extrudedChunk();
        nudged.normals[4] = std::nextafter(nudged.normals[4], 2.0f); // one bit off: stored as runs
        QTest::newRow("one normal not derived") << nudged;
    }
    void roundTrip() {
        QFETCH(MeshChunk, chunk);
        auto blob = MeshChunkCodec::encode(chunk);
        QVERIFY2(blob.ok(), blob.firstError().c_str());
        auto decoded = MeshChunkCodec::decode(*blob);
        QVERIFY2(decoded.ok(), decoded.firstError().c_str());
        QVERIFY(std::memcmp(&decoded->origin, &chunk.origin, sizeof chunk.origin) == 0); // -0.0 too
        QCOMPARE(decoded->normals.size(), chunk.normals.size());
        QVERIFY(std::memcmp(decoded->normals.data(), chunk.normals.data(), 4 * chunk.normals.size()) == 0); // bits
        MeshChunk expected = chunk; // the rest by value (NaN != NaN)
        expected.normals.clear();
        decoded->normals.clear();
        QCOMPARE(*decoded, expected);
    }

    void layoutIsLittleEndianWithHeader() {
        MeshChunk c;
        c.tile = {0x01020304, -1, 2};
        auto blob = MeshChunkCodec::encode(c);
        QVERIFY(blob.ok());
        const std::vector<uint8_t> head(blob->begin(), blob->begin() + 12);
        const std::vector<uint8_t> expected = {'C', 'T', 'M', 'C', 3, 0, 0, 0, 4, 3, 2, 1};
        QCOMPARE(head, expected);
        // header, vertex count, no normal runs, no id runs, no indices + their width
        QCOMPARE(blob->size(), size_t(kVertexCountOffset + 4 + 4 + 4 + 4 + 1));
    }

    /// Runs and 16-bit indices: a built tile takes about half its raw arrays.
    void buildingTileEncodesCompactly() {
        const MeshChunk c = buildingLikeChunk(100);
        const size_t raw = 4 * (c.positions.size() + c.normals.size() + c.featureIds.size() + c.indices.size());
        auto blob = MeshChunkCodec::encode(c);
        QVERIFY(blob.ok());
        QVERIFY2(blob->size() < raw * 6 / 10, qPrintable(QString("%1 of %2 bytes").arg(blob->size()).arg(raw)));
    }

    /// Normals that deriveFlatNormals gives are left out (the decoder derives
    /// them again); one bit off and they are stored. Version 2 blobs read.
    void derivedNormalsAreLeftOut() {
        const MeshChunk built = extrudedChunk();
        QVERIFY(citytwin::gis::hasDerivedFlatNormals(built));
        MeshChunk nudged = built;
        nudged.normals[4] = std::nextafter(nudged.normals[4], 2.0f);
        QVERIFY(!citytwin::gis::hasDerivedFlatNormals(nudged));
        auto derived = MeshChunkCodec::encode(built);
        auto stored = MeshChunkCodec::encode(nudged);
        QVERIFY(derived.ok() && stored.ok());
        MeshChunk withoutNormals = built;
        withoutNormals.normals.clear();
        auto none = MeshChunkCodec::encode(withoutNormals);
        QVERIFY(none.ok());
        QCOMPARE(derived->size(), none->size()); // the marker takes the run count's place
        QVERIFY2(stored->size() > derived->size() + 16 * built.vertexCount() / 3,
                 qPrintable(QString("%1 vs %2 bytes").arg(stored->size()).arg(derived->size())));
        std::vector<uint8_t> older = *stored;
        poke<uint16_t>(older, kVersionOffset, MeshChunkCodec::kVersionWithoutDerivedNormals);
        auto decoded = MeshChunkCodec::decode(older);
        QVERIFY2(decoded.ok(), decoded.firstError().c_str());
        QVERIFY(std::memcmp(decoded->normals.data(), nudged.normals.data(), 4 * nudged.normals.size()) == 0);
    }

    void everyTruncationFails() {
        auto blob = MeshChunkCodec::encode(randomChunk(3, 6));
        QVERIFY(blob.ok());
        for (size_t size = 0; size < blob->size(); ++size) {
            auto decoded = decodeCopy(*blob, size);
            QVERIFY2(!decoded.ok(), qPrintable(QString("truncated to %1 bytes decoded").arg(size)));
            QVERIFY(!decoded.firstError().empty());
        }
        QVERIFY(decodeCopy(*blob, blob->size()).ok());
    }

    void nullDataFails() {
        QVERIFY(!MeshChunkCodec::decode(nullptr, 0).ok());
        QVERIFY(!MeshChunkCodec::decode(nullptr, 10).ok());
    }

    void corruptBlobFails_data() {
        QTest::addColumn<int>("offset");
        QTest::addColumn<uint32_t>("value");
        QTest::addColumn<QString>("why");
        QTest::newRow("wrong magic") << 0 << 0x4B4E554Au << "bad magic";
        QTest::newRow("newer version") << int(kVersionOffset) << uint32_t(MeshChunkCodec::kVersion + 1)
                                       << "unsupported version";
        QTest::newRow("huge vertex count") << int(kVertexCountOffset) << 0xFFFFFFFFu << "truncated";
        QTest::newRow("vertex count too small") << int(kVertexCountOffset) << 1u << "";
    }
    void corruptBlobFails() {
        QFETCH(int, offset);
        QFETCH(uint32_t, value);
        QFETCH(QString, why);
        auto blob = MeshChunkCodec::encode(randomChunk(5, 4));
        QVERIFY(blob.ok());
        if (offset == int(kVersionOffset))
            poke<uint16_t>(*blob, kVersionOffset, static_cast<uint16_t>(value));
        else
            poke<uint32_t>(*blob, static_cast<size_t>(offset), value);
        auto decoded = MeshChunkCodec::decode(*blob);
        QVERIFY(!decoded.ok());
        QVERIFY2(QString::fromStdString(decoded.firstError()).contains(why),
                 decoded.firstError().c_str());
    }

    void trailingBytesFail() {
        auto blob = MeshChunkCodec::encode(randomChunk(5, 4));
        QVERIFY(blob.ok());
        blob->push_back(0);
        QVERIFY(!MeshChunkCodec::decode(*blob).ok());
    }

    void indexOutsideVerticesFails() {
        MeshChunk c = randomChunk(11, 4);
        auto blob = MeshChunkCodec::encode(c);
        QVERIFY(blob.ok());
        poke<uint16_t>(*blob, blob->size() - 2, 4u); // last (16-bit) index = vertex count
        auto decoded = MeshChunkCodec::decode(*blob);
        QVERIFY(!decoded.ok());
        QVERIFY(QString::fromStdString(decoded.firstError()).contains("outside"));
    }

    /// Flipping any single byte of a blob must give a failure or some valid
    /// mesh, never a crash or an inconsistent mesh.
    void everyByteFlipIsSafe() {
        auto blob = MeshChunkCodec::encode(randomChunk(13, 5));
        QVERIFY(blob.ok());
        for (size_t i = 0; i < blob->size(); ++i) {
            auto copy = *blob;
            copy[i] ^= 0xFF;
            auto decoded = MeshChunkCodec::decode(copy);
            if (decoded.ok()) QVERIFY(MeshChunkCodec::validate(*decoded).empty());
        }
    }

    void encodeRejectsInconsistentMesh_data() {
        QTest::addColumn<MeshChunk>("chunk");
        MeshChunk base = randomChunk(17, 6);
        MeshChunk c = base;
        c.positions.pop_back();
        QTest::newRow("positions not 3 per vertex") << c;
        c = base;
        c.normals.resize(3);
        QTest::newRow("normals count") << c;
        c = base;
        c.indices.push_back(0);
        QTest::newRow("partial triangle") << c;
        c = base;
        c.indices[0] = 6;
        QTest::newRow("index outside vertices") << c;
    }
    void encodeRejectsInconsistentMesh() {
        QFETCH(MeshChunk, chunk);
        QVERIFY(!MeshChunkCodec::validate(chunk).empty());
        auto blob = MeshChunkCodec::encode(chunk);
        QVERIFY(!blob.ok());
        QVERIFY(!blob.firstError().empty());
    }
};

int runMeshChunkCodecTests(int argc, char** argv) {
    TestMeshChunkCodec t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_data_MeshChunkCodec.moc"
