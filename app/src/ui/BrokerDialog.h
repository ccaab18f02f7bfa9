#pragma once
// Sensors > Connect to Broker…: the MQTT broker URL, TLS CA file, user name
// and password, client id and auto-registration, checked as they are typed.
// The password is never written into the project: it stays in memory, or in
// the user's settings when "Remember" is ticked, or comes from the
// environment (CITYTWIN_MQTT_PASSWORD).

#include "citytwin/data/Project.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace citytwin::app {

/// GUI thread only.
class BrokerDialog : public QDialog {
    Q_OBJECT
public:
    BrokerDialog(const data::ProjectFeedSettings& settings, const QString& password, QWidget* parent = nullptr);

    /// The settings as edited (brokerUrl, caFile, username, clientId, autoRegister).
    data::ProjectFeedSettings settings() const;
    QString password() const;
    bool rememberPassword() const;

    /// Empty when the fields make a usable connection; the problem otherwise.
    QString problem() const;

    // For tests.
    QLineEdit* urlEdit() const { return m_url; }
    QLineEdit* caFileEdit() const { return m_caFile; }
    QLabel* statusLabel() const { return m_status; }
    bool acceptEnabled() const;

private:
    void validate();

    data::ProjectFeedSettings m_base;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_caFile = nullptr;
    QLineEdit* m_username = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_clientId = nullptr;
    QCheckBox* m_remember = nullptr;
    QCheckBox* m_autoRegister = nullptr;
    QLabel* m_status = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

/// The broker password from the environment (CITYTWIN_MQTT_PASSWORD) or the
/// user's settings, for a broker URL + user name; empty when none. GUI thread.
QString storedBrokerPassword(const data::ProjectFeedSettings& settings);
/// Remembers (or, with an empty password, forgets) the password in the
/// user's settings for that broker URL + user name. GUI thread.
void storeBrokerPassword(const data::ProjectFeedSettings& settings, const QString& password);

} // namespace citytwin::app
