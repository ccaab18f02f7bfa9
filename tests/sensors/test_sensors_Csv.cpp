// CsvReader: every line ending (the Cambridge files use CR only), quoting,
// BOM, short rows reported but kept, and streaming across buffer boundaries.
#include "citytwin/data/sensors/CsvReader.h"

#include "TestData.h"
#include "test_sensors_Suites.h"

#include <QFile>
#include <QtTest>

using citytwin::data::CsvOptions;
using citytwin::data::CsvReader;
using citytwin::data::CsvRow;

namespace {

/// Records as "f1|f2|f3" strings (fields keep their own line breaks).
QStringList readAllRecords(CsvReader& reader) {
    QStringList out;
    CsvRow row;
    while (reader.next(row)) {
        QStringList fields;
        for (const auto& f : row.fields) fields << QString::fromStdString(f);
        out << fields.join('|');
    }
    return out;
}

QString joinedHeader(const CsvReader& reader) {
    QStringList h;
    for (const auto& f : reader.header()) h << QString::fromStdString(f);
    return h.join('|');
}

} // namespace

class TestCsvReader : public QObject {
    Q_OBJECT

private slots:
    void table_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("header");
        QTest::addColumn<QStringList>("records");
        QTest::addColumn<int>("warnings");

        const QStringList two{"1|x", "2|y"};
        QTest::newRow("LF") << QByteArray("id,v\n1,x\n2,y\n") << "id|v" << two << 0;
        QTest::newRow("CRLF") << QByteArray("id,v\r\n1,x\r\n2,y\r\n") << "id|v" << two << 0;
        QTest::newRow("CR only") << QByteArray("id,v\r1,x\r2,y\r") << "id|v" << two << 0;
        QTest::newRow("no final line break") << QByteArray("id,v\r1,x\r2,y") << "id|v" << two << 0;
        QTest::newRow("mixed endings") << QByteArray("id,v\r\n1,x\r2,y\n") << "id|v" << two << 0;
        QTest::newRow("blank lines skipped") << QByteArray("id,v\n\n1,x\r\r\n2,y\n\n") << "id|v" << two << 0;
        QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBFid,v\n1,x\n2,y\n") << "id|v" << two << 0;
        QTest::newRow("quoted comma")
            << QByteArray("id,loc\r1,\"  &  Cambridge, MA\"\r") << "id|loc" << QStringList{"1|  &  Cambridge, MA"} << 0;
        QTest::newRow("doubled quotes")
            << QByteArray("id,name\n1,\"the \"\"big\"\" one\"\n") << "id|name" << QStringList{"1|the \"big\" one"} << 0;
        QTest::newRow("embedded LF in CR file")
            << QByteArray("id,loc,lat\r1,\"South of Upland Road\n(42.38, -71.11)\",42.38\r")
            << "id|loc|lat" << QStringList{"1|South of Upland Road\n(42.38, -71.11)|42.38"} << 0;
        QTest::newRow("embedded CRLF")
            << QByteArray("id,loc\r\n1,\"a\r\nb\"\r\n2,c\r\n") << "id|loc" << QStringList{"1|a\r\nb", "2|c"} << 0;
        QTest::newRow("quoted empty and delimiter only")
            << QByteArray("a,b,c\n\"\",,\"\"\n") << "a|b|c" << QStringList{"||"} << 0;
        QTest::newRow("short row kept and reported")
            << QByteArray("a,b,c\n1,2\n3,4,5\n") << "a|b|c" << QStringList{"1|2", "3|4|5"} << 1;
        QTest::newRow("long row kept and reported")
            << QByteArray("a,b\n1,2,3\n") << "a|b" << QStringList{"1|2|3"} << 1;
        QTest::newRow("unterminated quote reported")
            << QByteArray("a,b\n1,\"open\n") << "a|b" << QStringList{"1|open\n"} << 1;
        QTest::newRow("header only") << QByteArray("a,b\r") << "a|b" << QStringList{} << 0;
        QTest::newRow("empty input") << QByteArray() << "" << QStringList{} << 0;
    }

    void table() {
        QFETCH(QByteArray, input);
        QFETCH(QString, header);
        QFETCH(QStringList, records);
        QFETCH(int, warnings);
        CsvReader reader = CsvReader::fromString(input.toStdString());
        QCOMPARE(joinedHeader(reader), header);
        QCOMPARE(readAllRecords(reader), records);
        QCOMPARE(static_cast<int>(reader.diagnostics().size()), warnings);
    }

    void shortRowsAreNamedAndPadded() {
        CsvReader reader = CsvReader::fromString("a,b,c\r1,2,3\r4\r");
        CsvRow row;
        QVERIFY(reader.next(row));
        QCOMPARE(row.missingFields, 0);
        QVERIFY(reader.next(row));
        QCOMPARE(row.record, 2);
        QCOMPARE(row.line, 3);
        QCOMPARE(row.missingFields, 2);
        QCOMPARE(row.at(0), std::string("4"));
        QCOMPARE(row.at(2), std::string()); // missing reads as empty, never out of range
        QCOMPARE(reader.diagnostics().size(), size_t(1));
        QVERIFY(QString::fromStdString(reader.diagnostics()[0].message).contains("line 3"));
        QCOMPARE(reader.diagnostics()[0].featureIndex, 2);
    }

    void lineNumbersCountQuotedBreaks() {
        CsvReader reader = CsvReader::fromString("a,b\r1,\"x\ny\"\r2,z\r");
        CsvRow row;
        QVERIFY(reader.next(row));
        QCOMPARE(row.line, 2);
        QVERIFY(reader.next(row));
        QCOMPARE(row.line, 4);
    }

    void columnsByName() {
        CsvReader reader = CsvReader::fromString("Crash Number,Steet Name, Latitude \n");
        QCOMPARE(reader.column("Crash Number"), 0);
        QCOMPARE(reader.column("latitude"), 2); // trimmed, case-insensitive
        QCOMPARE(reader.column("Longitude"), -1);
    }

    void otherDelimiterWithoutHeader() {
        CsvOptions options;
        options.delimiter = ';';
        options.hasHeader = false;
        CsvReader reader = CsvReader::fromString("1;\"a;b\"\n2;c\n", options);
        QVERIFY(reader.header().empty());
        QCOMPARE(readAllRecords(reader), (QStringList{"1|a;b", "2|c"}));
    }

    /// A file far larger than the reader's buffer, with CRLF and quotes
    /// falling across buffer boundaries: every record arrives intact.
    void streamsLargeFile() {
        const QString path = citytwin::test::testOutDir("sensors/csv") + "/large.csv";
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("id,name,value\r\n");
        const int rows = 200000;
        for (int i = 0; i < rows; ++i)
            f.write(QStringLiteral("%1,\"st, \"\"%1\"\"\",%2\r\n").arg(i).arg(i * 0.5).toUtf8());
        f.close();
        auto reader = CsvReader::open(path.toStdString());
        QVERIFY(reader.ok());
        CsvRow row;
        int n = 0;
        while (reader->next(row)) {
            if (row.fields.size() != 3 || row.fields[0] != std::to_string(n) ||
                row.fields[1] != "st, \"" + std::to_string(n) + "\"")
                QFAIL(qPrintable(QStringLiteral("record %1 damaged: %2").arg(n).arg(QString::fromStdString(row.fields[1]))));
            ++n;
        }
        QCOMPARE(n, rows);
        QCOMPARE(row.line, rows + 1);
        QVERIFY(reader->diagnostics().empty());
    }

    void missingFileFails() {
        auto reader = CsvReader::open("/nonexistent/none.csv");
        QVERIFY(!reader.ok());
        QVERIFY(QString::fromStdString(reader.firstError()).contains("/nonexistent/none.csv"));
    }
};

int runCsvReaderTests(int argc, char** argv) {
    TestCsvReader t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_Csv.moc"
