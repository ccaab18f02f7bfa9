// Broker URLs (mqtt://, mqtts://, HOST:PORT), option checks and the
// reconnect backoff with jitter.
#include "citytwin/data/sensors/MqttOptions.h"

#include "test_sensors_Suites.h"

#include <QtTest>

using citytwin::data::MqttOptions;
using citytwin::data::parseBrokerUrl;
using citytwin::data::reconnectDelayMs;
using citytwin::data::validateMqttOptions;

class TestMqttUrl : public QObject {
    Q_OBJECT

private slots:
    void parse_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<bool>("tls");
        QTest::newRow("mqtt with port") << "mqtt://broker.city:1884" << true << "broker.city" << 1884 << false;
        QTest::newRow("mqtt default port") << "mqtt://broker.city" << true << "broker.city" << 1883 << false;
        QTest::newRow("mqtts default port") << "mqtts://broker.city" << true << "broker.city" << 8883 << true;
        QTest::newRow("mqtts with port") << "mqtts://10.0.0.5:9999/" << true << "10.0.0.5" << 9999 << true;
        QTest::newRow("bare host:port") << "127.0.0.1:1883" << true << "127.0.0.1" << 1883 << false;
        QTest::newRow("bare host") << "localhost" << true << "localhost" << 1883 << false;
        QTest::newRow("ipv6") << "mqtt://[::1]:1885" << true << "::1" << 1885 << false;
        QTest::newRow("http scheme") << "http://broker:80" << false << "" << 0 << false;
        QTest::newRow("no host") << "mqtt://:1883" << false << "" << 0 << false;
        QTest::newRow("port zero") << "mqtt://h:0" << false << "" << 0 << false;
        QTest::newRow("port too big") << "mqtt://h:70000" << false << "" << 0 << false;
        QTest::newRow("port text") << "mqtt://h:abc" << false << "" << 0 << false;
        QTest::newRow("credentials in url") << "mqtt://user:secret@h:1883" << false << "" << 0 << false;
        QTest::newRow("path") << "mqtt://h:1883/x" << false << "" << 0 << false;
    }

    void parse() {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        const auto r = parseBrokerUrl(url.toStdString());
        QCOMPARE(r.ok(), ok);
        if (!ok) {
            QVERIFY(!r.firstError().empty());
            QVERIFY2(r.firstError().find("secret") == std::string::npos, "error repeats the password");
            return;
        }
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(bool, tls);
        QCOMPARE(QString::fromStdString(r->host), host);
        QCOMPARE(r->port, port);
        QCOMPARE(r->tls, tls);
    }

    void keepsOtherSettings() {
        MqttOptions base;
        base.clientId = "twin-7";
        base.caFile = "/etc/ssl/ca.pem";
        const auto r = parseBrokerUrl("mqtts://h", base);
        QVERIFY(r.ok());
        QCOMPARE(r->clientId, std::string("twin-7"));
        QCOMPARE(r->caFile, std::string("/etc/ssl/ca.pem"));
    }

    void validate() {
        MqttOptions o;
        QVERIFY(validateMqttOptions(o).empty());
        o.tls = true;
        QVERIFY(validateMqttOptions(o).find("CA file") != std::string::npos);
        o.caFile = "/nonexistent/ca.pem";
        const std::string missing = validateMqttOptions(o);
        QVERIFY2(missing.find("/nonexistent/ca.pem") != std::string::npos, missing.c_str());
        o = MqttOptions{};
        o.password = "pw";
        QVERIFY(!validateMqttOptions(o).empty());
        o = MqttOptions{};
        o.clientId.clear();
        QVERIFY(!validateMqttOptions(o).empty()); // persistent session without id
    }

    void backoffGrowsWithJitterAndCap() {
        MqttOptions o;
        o.reconnectMinMs = 100;
        o.reconnectMaxMs = 5000;
        o.reconnectJitter = 0.25;
        QCOMPARE(reconnectDelayMs(o, 1, 0.5), int64_t(100));
        QCOMPARE(reconnectDelayMs(o, 2, 0.5), int64_t(200));
        QCOMPARE(reconnectDelayMs(o, 4, 0.5), int64_t(800));
        QCOMPARE(reconnectDelayMs(o, 30, 0.5), int64_t(5000));
        QCOMPARE(reconnectDelayMs(o, 1000, 0.5), int64_t(5000));
        QCOMPARE(reconnectDelayMs(o, 3, 0.0), int64_t(300));  // 400 * 0.75
        QCOMPARE(reconnectDelayMs(o, 3, 1.0), int64_t(500));  // 400 * 1.25
        for (int attempt = 1; attempt < 12; ++attempt)
            for (double u : {0.0, 0.3, 0.99}) {
                const int64_t d = reconnectDelayMs(o, attempt, u);
                QVERIFY(d >= 75 && d <= 6250);
            }
    }
};

int runMqttUrlTests(int argc, char** argv) {
    TestMqttUrl t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_MqttUrl.moc"
