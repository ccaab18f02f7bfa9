#include "ui/BrokerDialog.h"
#include "ui/DialogButtons.h"

#include "citytwin/data/sensors/MqttOptions.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace citytwin::app {
namespace {

QString settingsKey(const data::ProjectFeedSettings& s)
{
    // One entry per broker and user; the key holds no secret.
    const QString id = QString::fromStdString(s.brokerUrl + "|" + s.username);
    return QStringLiteral("mqtt/passwords/") + QString::fromLatin1(id.toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

} // namespace

QString storedBrokerPassword(const data::ProjectFeedSettings& settings)
{
    const QString env = qEnvironmentVariable("CITYTWIN_MQTT_PASSWORD");
    if (!env.isEmpty()) return env;
    if (settings.brokerUrl.empty()) return {};
    return QSettings().value(settingsKey(settings)).toString();
}

void storeBrokerPassword(const data::ProjectFeedSettings& settings, const QString& password)
{
    QSettings s;
    if (password.isEmpty()) s.remove(settingsKey(settings));
    else s.setValue(settingsKey(settings), password);
}

BrokerDialog::BrokerDialog(const data::ProjectFeedSettings& settings, const QString& password, QWidget* parent)
    : QDialog(parent), m_base(settings)
{
    setWindowTitle(tr("Connect to MQTT Broker"));
    m_url = new QLineEdit(QString::fromStdString(settings.brokerUrl));
    m_url->setObjectName(QStringLiteral("brokerUrl"));
    m_url->setPlaceholderText(QStringLiteral("mqtt://host:1883  or  mqtts://host:8883"));
    m_caFile = new QLineEdit(QString::fromStdString(settings.caFile));
    m_caFile->setObjectName(QStringLiteral("brokerCaFile"));
    m_caFile->setPlaceholderText(tr("PEM file the broker's certificate must chain to (mqtts:// only)"));
    auto* browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this]() {
        const QString f = QFileDialog::getOpenFileName(this, tr("CA certificate"), m_caFile->text(),
                                                       tr("PEM certificates (*.pem *.crt);;All files (*)"));
        if (!f.isEmpty()) m_caFile->setText(f);
    });
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    m_username = new QLineEdit(QString::fromStdString(settings.username));
    m_username->setObjectName(QStringLiteral("brokerUsername"));
    m_password = new QLineEdit(password);
    m_password->setObjectName(QStringLiteral("brokerPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("not stored in the project"));
    m_remember = new QCheckBox(tr("Remember the password in my settings (not in the project)"));
    m_clientId = new QLineEdit(QString::fromStdString(settings.clientId));
    m_clientId->setToolTip(tr("Fixed, so the broker keeps the session and queued messages across reconnects"));
    m_autoRegister = new QCheckBox(tr("Register unknown sensors on their first message"));
    m_autoRegister->setChecked(settings.autoRegister);

    auto* form = new QFormLayout;
    form->addRow(tr("Broker &URL:"), m_url);
    form->addRow(tr("&CA file:"), caRow);
    form->addRow(tr("User &name:"), m_username);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_remember);
    form->addRow(tr("Client &id:"), m_clientId);
    form->addRow(QString(), m_autoRegister);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("brokerStatus"));
    m_status->setWordWrap(true);
    m_buttons = okCancelButtons(this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    for (QLineEdit* e : {m_url, m_caFile, m_username, m_clientId})
        connect(e, &QLineEdit::textChanged, this, &BrokerDialog::validate);
    validate();
}

data::ProjectFeedSettings BrokerDialog::settings() const
{
    data::ProjectFeedSettings s = m_base;
    s.brokerUrl = m_url->text().trimmed().toStdString();
    s.caFile = m_caFile->text().trimmed().toStdString();
    s.username = m_username->text().trimmed().toStdString();
    s.clientId = m_clientId->text().trimmed().toStdString();
    s.autoRegister = m_autoRegister->isChecked();
    return s;
}

QString BrokerDialog::password() const { return m_password->text(); }
bool BrokerDialog::rememberPassword() const { return m_remember->isChecked(); }
bool BrokerDialog::acceptEnabled() const { return m_buttons->button(QDialogButtonBox::Ok)->isEnabled(); }

QString BrokerDialog::problem() const
{
    const data::ProjectFeedSettings s = settings();
    if (s.brokerUrl.empty()) return tr("Enter the broker's URL.");
    data::MqttOptions base;
    base.caFile = s.caFile;
    base.clientId = s.clientId;
    auto parsed = data::parseBrokerUrl(s.brokerUrl, base);
    if (!parsed.ok()) return QString::fromStdString(parsed.firstError());
    if (s.clientId.empty()) return tr("The client id must not be empty.");
    const std::string why = data::validateMqttOptions(parsed.value());
    return QString::fromStdString(why);
}

void BrokerDialog::validate()
{
    const QString why = problem();
    m_status->setText(why.isEmpty() ? tr("Ready to connect.") : why);
    m_status->setStyleSheet(why.isEmpty() ? QString() : QStringLiteral("color: #b3261e;"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

} // namespace citytwin::app
