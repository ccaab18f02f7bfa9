#include "ui/sensors/SensorPropertiesDialog.h"
#include "ui/DialogButtons.h"

#include "ui/sensors/SensorUi.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <cmath>

namespace citytwin::app {
namespace {

QDoubleSpinBox* thresholdSpin(const char* name, double value)
{
    auto* spin = new QDoubleSpinBox;
    spin->setObjectName(QString::fromLatin1(name));
    spin->setRange(-1e9, 1e9);
    spin->setDecimals(3);
    spin->setValue(value);
    return spin;
}

} // namespace

SensorPropertiesDialog::SensorPropertiesDialog(data::Sensor sensor, QList<SensorLayerChoice> layers, QWidget* parent)
    : QDialog(parent), m_sensor(std::move(sensor)), m_layers(std::move(layers))
{
    const QString id = QString::fromStdString(m_sensor.id);
    setWindowTitle(tr("Sensor Properties — %1").arg(id));
    auto* form = new QFormLayout;
    auto* idLabel = new QLabel(id);
    idLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Id"), idLabel);
    m_name = new QLineEdit(QString::fromStdString(m_sensor.name));
    m_name->setObjectName(QStringLiteral("sensorName"));
    m_name->setPlaceholderText(id);
    form->addRow(tr("&Name"), m_name);
    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("sensorKind"));
    for (int k = 0; k <= int(data::SensorKind::Custom); ++k)
        m_kind->addItem(QString::fromLatin1(data::sensorKindName(data::SensorKind(k))), k);
    m_kind->setCurrentIndex(m_kind->findData(int(m_sensor.kind)));
    auto* defaults = new QPushButton(tr("Use kind &defaults"));
    defaults->setObjectName(QStringLiteral("kindDefaultsButton"));
    defaults->setToolTip(tr("Unit, thresholds, direction and period of the kind"));
    connect(defaults, &QPushButton::clicked, this, &SensorPropertiesDialog::applyKindDefaults);
    auto* kindRow = new QHBoxLayout;
    kindRow->addWidget(m_kind, 1);
    kindRow->addWidget(defaults);
    form->addRow(tr("&Kind"), kindRow);
    m_unit = new QLineEdit(QString::fromStdString(m_sensor.unit));
    m_unit->setObjectName(QStringLiteral("sensorUnit"));
    form->addRow(tr("&Unit"), m_unit);
    m_direction = new QComboBox;
    m_direction->setObjectName(QStringLiteral("thresholdDirection"));
    m_direction->addItem(tr("Alert above the thresholds"), int(data::ThresholdDirection::Above));
    m_direction->addItem(tr("Alert below the thresholds"), int(data::ThresholdDirection::Below));
    m_direction->setCurrentIndex(m_direction->findData(int(m_sensor.direction)));
    form->addRow(tr("&Direction"), m_direction);
    m_warning = thresholdSpin("warningThreshold", m_sensor.warning);
    form->addRow(tr("&Warning"), m_warning);
    m_critical = thresholdSpin("criticalThreshold", m_sensor.critical);
    form->addRow(tr("&Critical"), m_critical);
    m_period = new QDoubleSpinBox;
    m_period->setObjectName(QStringLiteral("periodSeconds"));
    m_period->setRange(0, 30 * 86'400);
    m_period->setDecimals(1);
    m_period->setSuffix(tr(" s"));
    m_period->setValue(m_sensor.periodSeconds);
    m_period->setToolTip(tr("Expected reporting period; the sensor is stale after three periods without data"));
    form->addRow(tr("&Period"), m_period);
    m_location = new QComboBox;
    m_location->setObjectName(QStringLiteral("locationMode"));
    m_location->addItem(tr("No position"), int(Location::None));
    m_location->addItem(tr("Point (longitude, latitude)"), int(Location::Point));
    m_location->addItem(tr("Bound to a feature"), int(Location::Bound));
    const Location initial = !m_sensor.binding.layerId.empty() ? Location::Bound
                             : m_sensor.lonLat                 ? Location::Point
                                                               : Location::None;
    m_location->setCurrentIndex(m_location->findData(int(initial)));
    form->addRow(tr("&Location"), m_location);

    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("validationMessage"));
    m_message->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_message->setWordWrap(true);
    auto* buttons = okCancelButtons(this);
    m_ok = buttons->button(QDialogButtonBox::Ok);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(createLocationPage());
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);

    for (QDoubleSpinBox* spin : {m_warning, m_critical, m_period, m_lon, m_lat})
        connect(spin, &QDoubleSpinBox::valueChanged, this, &SensorPropertiesDialog::validate);
    for (QComboBox* combo : {m_direction, m_location, m_bindLayer, m_keyAttribute})
        connect(combo, &QComboBox::currentTextChanged, this, &SensorPropertiesDialog::validate);
    connect(m_featureKey, &QLineEdit::textChanged, this, &SensorPropertiesDialog::validate);
    connect(m_location, &QComboBox::currentIndexChanged, m_locationPages, &QStackedWidget::setCurrentIndex);
    connect(m_bindLayer, &QComboBox::currentIndexChanged, this, &SensorPropertiesDialog::fillAttributes);
    m_locationPages->setCurrentIndex(m_location->currentIndex());
    validate();
}

QWidget* SensorPropertiesDialog::createLocationPage()
{
    m_locationPages = new QStackedWidget;
    m_locationPages->addWidget(new QWidget);

    auto* point = new QWidget;
    auto* pointForm = new QFormLayout(point);
    m_lon = new QDoubleSpinBox;
    m_lon->setObjectName(QStringLiteral("longitude"));
    m_lon->setRange(-180, 180);
    m_lon->setDecimals(7);
    m_lon->setSuffix(QStringLiteral("°"));
    m_lat = new QDoubleSpinBox;
    m_lat->setObjectName(QStringLiteral("latitude"));
    m_lat->setRange(-90, 90);
    m_lat->setDecimals(7);
    m_lat->setSuffix(QStringLiteral("°"));
    if (m_sensor.lonLat) {
        m_lon->setValue(m_sensor.lonLat->x);
        m_lat->setValue(m_sensor.lonLat->y);
    }
    pointForm->addRow(tr("Longitude"), m_lon);
    pointForm->addRow(tr("Latitude"), m_lat);
    m_locationPages->addWidget(point);

    auto* bound = new QWidget;
    auto* boundForm = new QFormLayout(bound);
    m_bindLayer = new QComboBox;
    m_bindLayer->setObjectName(QStringLiteral("bindLayer"));
    for (const SensorLayerChoice& layer : m_layers) m_bindLayer->addItem(layer.name, layer.id);
    const QString layerId = QString::fromStdString(m_sensor.binding.layerId);
    if (!layerId.isEmpty() && m_bindLayer->findData(layerId) < 0) m_bindLayer->addItem(layerId, layerId);
    m_bindLayer->setCurrentIndex(layerId.isEmpty() ? 0 : m_bindLayer->findData(layerId));
    m_keyAttribute = new QComboBox;
    m_keyAttribute->setObjectName(QStringLiteral("keyAttribute"));
    m_keyAttribute->setEditable(true);
    fillAttributes();
    m_keyAttribute->setCurrentText(QString::fromStdString(m_sensor.binding.keyAttribute));
    m_featureKey = new QLineEdit(QString::fromStdString(m_sensor.binding.featureKey));
    m_featureKey->setObjectName(QStringLiteral("featureKey"));
    boundForm->addRow(tr("Layer"), m_bindLayer);
    boundForm->addRow(tr("Key attribute"), m_keyAttribute);
    boundForm->addRow(tr("Feature key"), m_featureKey);
    m_locationPages->addWidget(bound);
    return m_locationPages;
}

void SensorPropertiesDialog::fillAttributes()
{
    const QString current = m_keyAttribute->currentText();
    const QSignalBlocker block(m_keyAttribute);
    m_keyAttribute->clear();
    const QString layerId = m_bindLayer->currentData().toString();
    for (const SensorLayerChoice& layer : m_layers)
        if (layer.id == layerId) m_keyAttribute->addItems(layer.attributes);
    m_keyAttribute->setCurrentText(current);
}

void SensorPropertiesDialog::applyKindDefaults()
{
    const data::Sensor d = data::sensorDefaults(data::SensorKind(m_kind->currentData().toInt()));
    m_unit->setText(QString::fromStdString(d.unit));
    m_direction->setCurrentIndex(m_direction->findData(int(d.direction)));
    m_warning->setValue(d.warning);
    m_critical->setValue(d.critical);
    m_period->setValue(d.periodSeconds);
}

QString SensorPropertiesDialog::validationMessage() const
{
    QString problem = sensorui::thresholdProblem(data::ThresholdDirection(m_direction->currentData().toInt()),
                                                 m_warning->value(), m_critical->value(), m_period->value());
    if (!problem.isEmpty()) {
        problem[0] = problem[0].toUpper(); // a sentence of its own here
        return problem;
    }
    if (Location(m_location->currentData().toInt()) == Location::Bound &&
        (m_bindLayer->currentData().toString().isEmpty() || m_keyAttribute->currentText().trimmed().isEmpty() ||
         m_featureKey->text().trimmed().isEmpty()))
        return tr("A bound sensor needs a layer, a key attribute and a feature key.");
    return {};
}

void SensorPropertiesDialog::validate()
{
    sensorui::showValidation(m_message, m_ok, validationMessage());
}

data::Sensor SensorPropertiesDialog::sensor() const
{
    data::Sensor s = m_sensor;
    s.name = m_name->text().trimmed().toStdString();
    s.kind = data::SensorKind(m_kind->currentData().toInt());
    s.unit = m_unit->text().trimmed().toStdString();
    s.direction = data::ThresholdDirection(m_direction->currentData().toInt());
    s.warning = m_warning->value();
    s.critical = m_critical->value();
    s.periodSeconds = m_period->value();
    switch (Location(m_location->currentData().toInt())) {
    case Location::None:
        s.lonLat.reset();
        s.binding = {};
        break;
    case Location::Point:
        s.lonLat = gis::DVec2{m_lon->value(), m_lat->value()};
        s.binding = {};
        break;
    case Location::Bound:
        s.binding.layerId = m_bindLayer->currentData().toString().toStdString();
        s.binding.keyAttribute = m_keyAttribute->currentText().trimmed().toStdString();
        s.binding.featureKey = m_featureKey->text().trimmed().toStdString();
        break;
    }
    return s;
}

} // namespace citytwin::app
