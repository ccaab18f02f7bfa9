// MeshChunkCodec: exact round trips, and corrupt blobs fail instead of crashing.
#include "citytwin/data/MeshChunkCodec.h"

#include "test_data_Samples.h"
#include "test_data_Suites.h"

#include <QtTest>

#include <cstring>

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
constexpr size_t kPositionCountOffset = 4 + 2 + 2 + 12 + 24;

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
    }
    void roundTrip() {
        QFETCH(MeshChunk, chunk);
        auto blob = MeshChunkCodec::encode(chunk);
        QVERIFY2(blob.ok(), blob.firstError().c_str());
        auto decoded = MeshChunkCodec::decode(*blob);
        QVERIFY2(decoded.ok(), decoded.firstError().c_str());
        QCOMPARE(*decoded, chunk);
        QVERIFY(std::memcmp(&decoded->origin, &chunk.origin, sizeof chunk.origin) == 0); // -0.0 too
    }

    void layoutIsLittleEndianWithHeader() {
        MeshChunk c;
        c.tile = {0x01020304, -1, 2};
        auto blob = MeshChunkCodec::encode(c);
        QVERIFY(blob.ok());
        const std::vector<uint8_t> head(blob->begin(), blob->begin() + 12);
        const std::vector<uint8_t> expected = {'C', 'T', 'M', 'C', 1, 0, 0, 0, 4, 3, 2, 1};
        QCOMPARE(head, expected);
        QCOMPARE(blob->size(), size_t(kPositionCountOffset + 16)); // header + four empty arrays
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
        QTest::newRow("newer version") << int(kVersionOffset) << 2u << "unsupported version";
        QTest::newRow("huge position count") << int(kPositionCountOffset) << 0xFFFFFFFFu << "truncated";
        QTest::newRow("position count not 3 per vertex") << int(kPositionCountOffset) << 0u << "";
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
        poke<uint32_t>(*blob, blob->size() - 4, 4u); // last index = vertex count
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
