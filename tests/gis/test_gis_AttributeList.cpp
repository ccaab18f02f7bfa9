#include "test_gis_Suites.h"

#include "citytwin/gis/AttributeList.h"

#include <QtTest>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace citytwin::gis;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs toPairs(const AttributeList& list) {
    Pairs out;
    for (const auto& [key, value] : list) out.emplace_back(std::string(key), std::string(value));
    return out;
}

AttributeList fromPairs(const Pairs& pairs) {
    AttributeList list;
    for (const auto& [key, value] : pairs) list.emplace_back(key, value);
    return list;
}

/// What the demo city writes per building (id, use, levels, height, shape),
/// as GDAL formats the fields.
AttributeList typicalBuilding() {
    return {{"id", "734512"}, {"use", "residential"}, {"levels", "4"}, {"height", "13.5"}, {"shape", "courtyard"}};
}

} // namespace

class AttributeListTest : public QObject {
    Q_OBJECT
private slots:
    void empty()
    {
        const AttributeList list;
        QVERIFY(list.empty());
        QCOMPARE(list.size(), size_t(0));
        QVERIFY(list.begin() == list.end());
        QCOMPARE(list.heapBytes(), size_t(0));
        QVERIFY(!list.find("anything"));
        QVERIFY(list == AttributeList{});
        QVERIFY(AttributeList(list).empty());
    }

    void roundTripMany()
    {
        Pairs pairs;
        for (int i = 0; i < 1000; ++i)
            pairs.emplace_back("field" + std::to_string(i), std::string(size_t(i % 300), char('a' + i % 26)));
        pairs.emplace_back("", "empty key");
        pairs.emplace_back("empty value", "");
        const AttributeList list = fromPairs(pairs);
        QCOMPARE(list.size(), pairs.size());
        QVERIFY(toPairs(list) == pairs);
        for (size_t i : {size_t(0), size_t(1), size_t(127), size_t(500), pairs.size() - 1}) {
            QCOMPARE(list[i].first, std::string_view(pairs[i].first));
            QCOMPARE(list[i].second, std::string_view(pairs[i].second));
        }
        QCOMPARE(*list.find("field731"), std::string_view(pairs[731].second));
        QCOMPARE(*list.find(""), std::string_view("empty key"));
        QCOMPARE(*list.find("empty value"), std::string_view(""));
    }

    void longValues()
    {
        // Lengths around the one-, two- and three-byte varint boundaries and
        // past 16 bits.
        Pairs pairs;
        for (size_t length : {size_t(127), size_t(128), size_t(16383), size_t(16384), size_t(65535),
                              size_t(65536), size_t(300000)})
            pairs.emplace_back("len" + std::to_string(length), std::string(length, 'x'));
        pairs.emplace_back(std::string(70000, 'k'), "long key");
        const AttributeList list = fromPairs(pairs);
        QVERIFY(toPairs(list) == pairs);
        QCOMPARE(list.find("len300000")->size(), size_t(300000));
        QCOMPARE(*list.find(std::string(70000, 'k')), std::string_view("long key"));
    }

    void binaryValues()
    {
        const std::string withNul("a\0b\0\0c", 6);
        const std::string allBytes = [] {
            std::string s;
            for (int b = 0; b < 256; ++b) s += char(b);
            return s;
        }();
        const Pairs pairs{{"nul", withNul}, {std::string("k\0ey", 4), allBytes}, {"after", "plain"}};
        const AttributeList list = fromPairs(pairs);
        QVERIFY(toPairs(list) == pairs);
        QCOMPARE(list.find("nul")->size(), size_t(6));
        QCOMPARE(*list.find(std::string_view("k\0ey", 4)), std::string_view(allBytes));
        QVERIFY(!list.find("k")); // a key is matched whole, not up to a NUL
    }

    void equality()
    {
        const AttributeList a{{"a", "1"}, {"b", "2"}};
        QVERIFY(a == (AttributeList{{"a", "1"}, {"b", "2"}}));
        QVERIFY(a != (AttributeList{{"b", "2"}, {"a", "1"}})); // order matters
        QVERIFY(a != (AttributeList{{"a", "1"}, {"b", "3"}}));
        QVERIFY(a != (AttributeList{{"a", "1"}}));
        QVERIFY(a != (AttributeList{{"a", "1"}, {"b", "2"}, {"c", ""}}));
        // Same bytes, split differently between key and value.
        QVERIFY((AttributeList{{"ab", "c"}}) != (AttributeList{{"a", "bc"}}));
        // Spare capacity from growth does not count.
        AttributeList grown;
        grown.reserveBytes(4096);
        grown.push_back({"a", "1"});
        grown.emplace_back("b", "2");
        QVERIFY(grown == a);
    }

    void copyAndMove()
    {
        const AttributeList original = typicalBuilding();
        AttributeList copy(original);
        QVERIFY(copy == original);
        QVERIFY(copy.begin() != original.begin()); // its own block
        copy.emplace_back("extra", "1");
        QCOMPARE(original.size(), size_t(5));
        QCOMPARE(copy.size(), size_t(6));

        AttributeList moved(std::move(copy));
        QCOMPARE(moved.size(), size_t(6));
        QVERIFY(copy.empty()); // a moved-from list is empty, by contract
        QCOMPARE(copy.heapBytes(), size_t(0));

        AttributeList assigned;
        assigned = original;
        QVERIFY(assigned == original);
        assigned = std::move(moved);
        QCOMPARE(assigned.size(), size_t(6));
        QCOMPARE(*assigned.find("extra"), std::string_view("1"));
        assigned = {{"x", "y"}};
        QVERIFY(toPairs(assigned) == (Pairs{{"x", "y"}}));
        const AttributeList& self = assigned;
        assigned = self;
        QVERIFY(toPairs(assigned) == (Pairs{{"x", "y"}}));
    }

    void appendFromItself()
    {
        // Growth must not free the block the new entry is read from.
        AttributeList list{{"key", std::string(20, 'v')}};
        for (int i = 0; i < 10; ++i) {
            const auto [key, value] = list[list.size() - 1];
            list.emplace_back(key, value);
        }
        QCOMPARE(list.size(), size_t(11));
        for (const auto& [key, value] : list) {
            QCOMPARE(key, std::string_view("key"));
            QCOMPARE(value, std::string_view(std::string(20, 'v')));
        }
    }

    void assignInOneBlock()
    {
        // Every text length up to 40 (the short-copy paths), from views of
        // the list itself: the old block must outlive the copy.
        Pairs pairs;
        const std::string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP";
        for (size_t n = 0; n <= 40; ++n) pairs.emplace_back(letters.substr(0, n), letters.substr(n));
        AttributeList list = fromPairs(pairs);
        std::vector<AttributeList::value_type> views(list.begin(), list.end());
        std::reverse(views.begin(), views.end());
        QVERIFY(list.assign(views));
        Pairs reversed(pairs.rbegin(), pairs.rend());
        QVERIFY(toPairs(list) == reversed);
        size_t exact = 0;
        for (const auto& [key, value] : pairs) exact += AttributeList::entryBytes(key.size(), value.size());
        QCOMPARE(list.heapBytes(), exact);
        QVERIFY(list.assign({}));
        QVERIFY(list.empty());
        QCOMPARE(list.heapBytes(), size_t(0));
    }

    void findMissing()
    {
        const AttributeList list = typicalBuilding();
        QVERIFY(!list.find("name"));
        QVERIFY(!list.find("heigh"));   // a prefix of a key
        QVERIFY(!list.find("height "));
        QVERIFY(!list.find("13.5"));    // a value, not a key
        QCOMPARE(*list.find("height"), std::string_view("13.5"));
    }

    void clearKeepsBlock()
    {
        AttributeList list = typicalBuilding();
        const size_t heap = list.heapBytes();
        list.clear();
        QVERIFY(list.empty());
        QVERIFY(list.begin() == list.end());
        QCOMPARE(list.heapBytes(), heap);
        list.emplace_back("a", "b");
        QVERIFY(toPairs(list) == (Pairs{{"a", "b"}}));
        list.shrink_to_fit();
        QCOMPARE(list.heapBytes(), AttributeList::entryBytes(1, 1));
        QVERIFY(toPairs(list) == (Pairs{{"a", "b"}}));
    }

    void vectorLikeUse()
    {
        AttributeList list;
        list.reserve(3);
        list.push_back({"height", "12"});
        list.emplace_back(std::string("use"), std::string("office"));
        QCOMPARE(list[0].first, "height");
        QVERIFY(list[1].second == "office");
        std::vector<std::string> keys;
        for (auto it = list.begin(); it != list.end(); it++) keys.emplace_back((*it).first);
        QVERIFY(keys == (std::vector<std::string>{"height", "use"}));
    }

    void compactPerFeature()
    {
        // The point of the class: a typical building's five fields in one
        // small block instead of a vector of string pairs (24 + 5 x 64 bytes
        // before any heap text), whether built entry by entry (the importer,
        // then shrink_to_fit) or sized up front (the cache decoder).
        AttributeList built;
        for (const auto& [key, value] : typicalBuilding()) built.emplace_back(key, value);
        built.shrink_to_fit();
        const AttributeList list = typicalBuilding();
        QVERIFY(built == list);
        const size_t perFeature = sizeof(AttributeList) + list.heapBytes();
        qInfo("typical 5-attribute feature: %zu bytes (%zu object + %zu block)", perFeature,
              sizeof(AttributeList), list.heapBytes());
        QCOMPARE(built.heapBytes(), list.heapBytes());
        QVERIFY(sizeof(AttributeList) <= 24);
        QVERIFY2(perFeature < 100, qPrintable(QString::number(perFeature)));
        const size_t vectorOfPairs =
            sizeof(std::vector<std::pair<std::string, std::string>>) + 5 * sizeof(std::pair<std::string, std::string>);
        QVERIFY(perFeature * 3 < vectorOfPairs);
    }
};

int runAttributeListTest(int argc, char** argv)
{
    AttributeListTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_AttributeList.moc"
