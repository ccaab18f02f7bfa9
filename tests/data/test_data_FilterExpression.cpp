// FilterExpression: what a filter typed by an analyst keeps, where a typo
// is reported, and unknown attribute warnings.
#include "citytwin/data/FilterExpression.h"

#include "test_data_StyleSamples.h"
#include "test_data_Suites.h"

#include <QtTest>

using citytwin::data::FilterExpression;
using citytwin::gis::AttributeList;

namespace {

/// "k=v|k2=v2" → attributes in that order ("" = none; "k=" = empty text).
AttributeList attributesFrom(const QString& text) {
    AttributeList list;
    if (text.isEmpty()) return list;
    for (const QString& pair : text.split('|')) {
        const auto eq = pair.indexOf('=');
        list.emplace_back(pair.left(eq).toStdString(), pair.mid(eq + 1).toStdString());
    }
    return list;
}

} // namespace

class TestFilterExpression : public QObject {
    Q_OBJECT

private slots:
    void evaluate_data() {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("attributes");
        QTest::addColumn<bool>("expected");
        const QString brief = "stories >= 10 and bra_use = 'Office'";
        QTest::newRow("tall office") << brief << "stories=12|bra_use=Office" << true;
        QTest::newRow("low office") << brief << "stories=8|bra_use=Office" << false;
        QTest::newRow("tall retail") << brief << "stories=12|bra_use=Retail" << false;
        QTest::newRow("keywords any case") << "stories >= 10 AND bra_use = 'Office'" << "bra_use=Office|stories=10" << true;
        QTest::newRow("numeric, not text: 9.5 < 10") << "stories >= 10" << "stories=9.5" << false;
        QTest::newRow("numeric, not text: 10 > 9") << "stories > 9" << "stories=10" << true;
        QTest::newRow("3.0 equals 3") << "stories = 3" << "stories=3.0" << true;
        QTest::newRow("text with a number is text") << "stories = 3" << "stories=3 floors" << false;
        QTest::newRow("two attributes") << "a = b" << "a=3|b=3.0" << true;
        QTest::newRow("negative number") << "temp < -5" << "temp=-10" << true;
        QTest::newRow("like prefix") << "name LIKE 'Park%'" << "name=Parkside" << true;
        QTest::newRow("like ignores case") << "name like 'park%'" << "name=Parkside" << true;
        QTest::newRow("like is anchored") << "name LIKE 'Park%'" << "name=Central Park" << false;
        QTest::newRow("like suffix") << "name like '%Park'" << "name=Central Park" << true;
        QTest::newRow("like one char") << "name like 'P_rk'" << "name=Pork" << true;
        QTest::newRow("not like") << "name not like '%Park%'" << "name=Boston Common" << true;
        QTest::newRow("not (or) true") << "not (a < 3 or b != 'x')" << "a=5|b=x" << true;
        QTest::newRow("not (or) left") << "not (a < 3 or b != 'x')" << "a=1|b=x" << false;
        QTest::newRow("not (or) right") << "not (a < 3 or b != 'x')" << "a=5|b=y" << false;
        QTest::newRow("<> and !=") << "a <> 1 and b != 'x'" << "a=2|b=y" << true;
        QTest::newRow("in list") << "bra_use in ('Office','Retail')" << "bra_use=Retail" << true;
        QTest::newRow("not in list") << "bra_use in ('Office', 'Retail')" << "bra_use=Residential" << false;
        QTest::newRow("not in") << "bra_use not in ('Office','Retail')" << "bra_use=Residential" << true;
        QTest::newRow("in numbers") << "stories in (1, 2, 3)" << "stories=2.0" << true;
        QTest::newRow("is null, missing") << "x is null" << "y=1" << true;
        QTest::newRow("is null, present") << "x is null" << "x=1" << false;
        QTest::newRow("empty text is not null") << "x is not null" << "x=" << true;
        QTest::newRow("between inclusive") << "height between 10 and 20" << "height=20" << true;
        QTest::newRow("between above") << "height between 10 and 20" << "height=20.5" << false;
        QTest::newRow("not between") << "height not between 10 and 20" << "height=5" << true;
        QTest::newRow("between then and") << "height between 10 and 20 and a = 1" << "height=15|a=1" << true;
        QTest::newRow("unknown attribute is null") << "missing = 1" << "a=1" << false;
        QTest::newRow("not of null is not true") << "not missing = 1" << "a=1" << false;
        QTest::newRow("null or true") << "missing = 1 or a = 1" << "a=1" << true;
        QTest::newRow("and binds tighter") << "a = 1 or b = 2 and c = 3" << "a=1" << true;
        QTest::newRow("parentheses") << "(a = 1 or b = 2) and c = 3" << "a=1" << false;
        QTest::newRow("not binds tightest") << "not a = 1 and b = 2" << "a=2|b=2" << true;
        QTest::newRow("quoted text quote") << "name = 'O''Brien'" << "name=O'Brien" << true;
        QTest::newRow("quoted attribute") << "\"odd name\" = 'v'" << "odd name=v" << true;
        QTest::newRow("osm other_tags key") << "building:levels >= 4"
                                            << "osm_id=1|other_tags=\"building:levels\"=>\"5\"" << true;
        QTest::newRow("text order") << "bra_use < 'P'" << "bra_use=Office" << true;
        QTest::newRow("text is case-sensitive") << "bra_use = 'office'" << "bra_use=Office" << false;
        QTest::newRow("empty filter") << "  " << "a=1" << true;
    }
    void evaluate() {
        QFETCH(QString, filter);
        QFETCH(QString, attributes);
        QFETCH(bool, expected);
        auto parsed = FilterExpression::parse(filter.toStdString());
        QVERIFY2(parsed.ok(), parsed.firstError().c_str());
        QCOMPARE(parsed->matches(attributesFrom(attributes)), expected);
    }

    void syntaxErrorsSayWhere_data() {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("value missing") << "stories >= " << 12 << "expected a value after '>=', found the end of the filter";
        QTest::newRow("open text") << "bra_use = 'Office" << 11 << "text starting here has no closing '";
        QTest::newRow("missing and") << "a = 1 b = 2" << 7 << "expected 'and', 'or' or the end of the filter, found 'b'";
        QTest::newRow("missing )") << "(a = 1" << 7 << "expected ')', found the end of the filter";
        QTest::newRow("extra )") << "a = 1)" << 6 << "')' without a matching '('";
        QTest::newRow("bad character") << "a ! 3" << 3 << "unexpected character '!'";
        QTest::newRow("in without list") << "a in 1" << 6 << "expected '(' after 'in', found '1'";
        QTest::newRow("no operator") << "stories" << 8 << "expected a comparison";
        QTest::newRow("starts with and") << "and a = 1" << 1 << "expected an attribute or a value, found 'and'";
        QTest::newRow("dangling and") << "a = 1 and" << 10 << "expected an attribute or a value, found the end";
        QTest::newRow("between without and") << "a between 1 or 2" << 13 << "expected 'and' in 'between ... and ...'";
        QTest::newRow("unquoted pattern") << "name like Park" << 11 << "expected a quoted pattern";
        QTest::newRow("columns count characters") << "größe = 1 )" << 11 << "')' without a matching '('";
    }
    void syntaxErrorsSayWhere() {
        QFETCH(QString, filter);
        QFETCH(int, column);
        QFETCH(QString, message);
        auto parsed = FilterExpression::parse(filter.toStdString());
        QVERIFY(!parsed.ok());
        const QString error = QString::fromStdString(parsed.firstError());
        QVERIFY2(error.startsWith(QStringLiteral("filter: column %1: ").arg(column)), qPrintable(error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void unknownAttributesWarn() {
        const std::vector<std::string> fields{"name", "bra_use", "stories"};
        auto parsed = FilterExpression::parse("stories > 3 and colour = 'red' or hieght < 2", fields);
        QVERIFY(parsed.ok()); // a warning, not an error: the filter still works
        QCOMPARE(parsed.diagnostics().size(), size_t(2));
        QVERIFY(parsed.diagnostics()[0].severity == citytwin::gis::Severity::Warning);
        QVERIFY(QString::fromStdString(parsed.diagnostics()[0].message).contains("unknown attribute 'colour'"));
        QVERIFY(QString::fromStdString(parsed.diagnostics()[1].message).contains("unknown attribute 'hieght'"));

        auto known = FilterExpression::parse("stories > 3 and bra_use = 'x'", fields);
        QVERIFY(known.ok());
        QVERIFY(known.diagnostics().empty());
        // OSM layers: keys of other_tags are not known in advance.
        auto osm = FilterExpression::parse("building:levels > 3", {"osm_id", "other_tags"});
        QVERIFY(osm.diagnostics().empty());
    }

    void resolvedIndicesStillFindByName() {
        auto parsed = FilterExpression::parse("b = 'x' and c >= 2");
        QVERIFY(parsed.ok());
        FilterExpression filter = *parsed;
        QCOMPARE(filter.attributes(), (std::vector<std::string>{"b", "c"}));
        filter.resolve(attributesFrom("a=1|b=x|c=3"));
        QVERIFY(filter.matches(attributesFrom("a=1|b=x|c=3")));
        QVERIFY(filter.matches(attributesFrom("b=x|c=3")));       // a null: fields shift
        QVERIFY(filter.matches(attributesFrom("c=3|a=1|b=x")));   // another order
        QVERIFY(!filter.matches(attributesFrom("a=1|c=3")));      // b null
        QVERIFY(!filter.matches(attributesFrom("a=x|b=1|c=3")));  // a at b's place: not b
        const FilterExpression copy = filter;                     // copies evaluate alike
        QVERIFY(copy.matches(attributesFrom("b=x|c=3")));
    }

    void emptyFilterMatchesEverything() {
        FilterExpression none;
        QVERIFY(none.isEmpty());
        QVERIFY(none.matches({}));
        auto blank = FilterExpression::parse("");
        QVERIFY(blank.ok());
        QVERIFY(blank->isEmpty());
    }
};

int runFilterExpressionTests(int argc, char** argv) {
    TestFilterExpression t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_data_FilterExpression.moc"
