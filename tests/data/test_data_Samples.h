#pragma once
// Hand-made values for the data tests, and QTest::toString for gis types so
// failed comparisons print what differed.

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/MeshChunk.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QtTest>

#include <cstdint>
#include <random>
#include <string>

namespace citytwin::gis {

inline char* toString(const TileKey& k) {
    return QTest::toString(QStringLiteral("TileKey(%1, %2, level %3)").arg(k.x).arg(k.y).arg(k.level));
}

inline char* toString(const MeshChunk& c) {
    return QTest::toString(QStringLiteral("MeshChunk(tile %1 %2 %3, origin %4 %5 %6, %7 positions, "
                                          "%8 normals, %9 ids, %10 indices)")
                               .arg(c.tile.x).arg(c.tile.y).arg(c.tile.level)
                               .arg(c.origin.x, 0, 'g', 17).arg(c.origin.y, 0, 'g', 17)
                               .arg(c.origin.z, 0, 'g', 17)
                               .arg(c.positions.size()).arg(c.normals.size())
                               .arg(c.featureIds.size()).arg(c.indices.size()));
}

inline char* toString(const LayerSpec& s) {
    return QTest::toString(QStringLiteral("LayerSpec(%1, %2 sources, layer '%3', crs '%4', %5 height candidates)")
                               .arg(QString::fromStdString(s.name)).arg(s.sources.size())
                               .arg(QString::fromStdString(s.sourceLayer))
                               .arg(QString::fromStdString(s.crsOverride))
                               .arg(s.heightRule.candidates.size()));
}

} // namespace citytwin::gis

namespace citytwin::test {

/// A consistent mesh of `vertices` vertices with random finite contents.
inline gis::MeshChunk randomChunk(uint32_t seed, uint32_t vertices, bool withNormals = true) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> coord(-1.0e6f, 1.0e6f);
    std::uniform_real_distribution<double> big(-1.0e7, 1.0e7);
    std::uniform_int_distribution<int32_t> key(-100000, 100000);
    gis::MeshChunk c;
    c.tile = {key(rng), key(rng), key(rng) % 8};
    c.origin = {big(rng), big(rng), big(rng)};
    for (uint32_t v = 0; v < vertices * 3; ++v) c.positions.push_back(coord(rng));
    if (withNormals)
        for (uint32_t v = 0; v < vertices * 3; ++v) c.normals.push_back(coord(rng) / 1.0e6f);
    for (uint32_t v = 0; v < vertices; ++v) c.featureIds.push_back(rng() % 1000);
    if (vertices > 0) {
        std::uniform_int_distribution<uint32_t> index(0, vertices - 1);
        for (uint32_t i = 0; i < vertices * 2; ++i) c.indices.push_back(index(rng));
        c.indices.resize(c.indices.size() / 3 * 3);
    }
    return c;
}

/// A small built layer: `features` features, two meshes (two tiles), every
/// field set to something other than its default.
inline gis::ImportedLayer sampleLayer(const std::string& name, uint32_t seed, uint32_t features = 3) {
    gis::ImportedLayer layer;
    layer.spec.name = name;
    layer.spec.sources = {"/data/" + name + ".gpkg", "PG:dbname=city"};
    layer.spec.sourceLayer = "buildings";
    layer.spec.crsOverride = "EPSG:4326";
    layer.spec.heightRule.candidates = {{"height", gis::HeightUnit::Meters},
                                        {"levels", gis::HeightUnit::Storeys}};
    layer.spec.heightRule.storeyHeightMeters = 3.25;
    layer.frame = {"EPSG:32619", "WGS 84 / UTM zone 19N", 250.0};
    layer.sourceCrsName = "WGS 84";
    for (uint32_t i = 0; i < features; ++i) {
        gis::FeatureRecord f;
        f.sourceFid = 1000 + i;
        f.sourceIndex = i % 2;
        f.heightMeters = 10.5 + i;
        f.baseMeters = 0.25 * i;
        f.centroid = {330000.125 + i, 4690000.5 - i};
        f.attributes = {{"height", std::to_string(10 + i)}, {"name", "Building \xc3\xa9 " + std::to_string(i)}};
        if (i % 2) f.attributes.push_back({"building:levels", "4;5"});
        layer.features.push_back(f);
        layer.extent.add(f.centroid.x, f.centroid.y);
    }
    for (int t = 0; t < 2; ++t) {
        auto chunk = randomChunk(seed + t, 12 + t);
        for (auto& id : chunk.featureIds) id %= features;
        chunk.tile = {t, -t, 0};
        layer.chunks.push_back(chunk);
        layer.stats.triangles += static_cast<int64_t>(chunk.triangleCount());
    }
    layer.maxHeightMeters = 10.5 + features;
    layer.stats.featuresRead = features + 2;
    layer.stats.featuresBuilt = features;
    layer.stats.featuresSkipped = 2;
    layer.stats.featuresRepaired = 1;
    return layer;
}

/// QCOMPAREs every field of two layers (ImportedLayer has no operator==).
inline void compareLayers(const gis::ImportedLayer& actual, const gis::ImportedLayer& expected) {
    QCOMPARE(actual.spec, expected.spec);
    QCOMPARE(gis::layerKindName(actual.kind), gis::layerKindName(expected.kind));
    QVERIFY(actual.frame == expected.frame);
    QCOMPARE(actual.sourceCrsName, expected.sourceCrsName);
    QCOMPARE(actual.features.size(), expected.features.size());
    for (size_t i = 0; i < actual.features.size(); ++i)
        QVERIFY2(actual.features[i] == expected.features[i], qPrintable(QString("feature %1").arg(i)));
    QCOMPARE(actual.chunks.size(), expected.chunks.size());
    for (size_t i = 0; i < actual.chunks.size(); ++i) QCOMPARE(actual.chunks[i], expected.chunks[i]);
    QVERIFY(actual.extent == expected.extent);
    QCOMPARE(actual.maxHeightMeters, expected.maxHeightMeters);
    QCOMPARE(actual.stats.featuresRead, expected.stats.featuresRead);
    QCOMPARE(actual.stats.featuresBuilt, expected.stats.featuresBuilt);
    QCOMPARE(actual.stats.featuresSkipped, expected.stats.featuresSkipped);
    QCOMPARE(actual.stats.featuresRepaired, expected.stats.featuresRepaired);
    QCOMPARE(actual.stats.triangles, expected.stats.triangles);
    QCOMPARE(actual.stats.cancelled, expected.stats.cancelled);
}

inline QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

} // namespace citytwin::test
