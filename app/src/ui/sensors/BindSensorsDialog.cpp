#include "ui/sensors/BindSensorsDialog.h"
#include "ui/DialogButtons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <set>

namespace citytwin::app {

QString BindSensorsDialog::sensorIdKey() { return tr("(sensor id)"); }

BindSensorsDialog::BindSensorsDialog(std::vector<data::Sensor> sensors, QList<SensorLayerChoice> layers,
                                     LoadedLayerLookup lookup, const QString& selectedSensor, QWidget* parent)
    : QDialog(parent), m_sensors(std::move(sensors)), m_layers(std::move(layers)), m_lookup(std::move(lookup)),
      m_selected(selectedSensor)
{
    setWindowTitle(tr("Bind Sensors to Layer"));
    auto* form = new QFormLayout;

    m_which = new QComboBox;
    m_which->setObjectName(QStringLiteral("whichCombo"));
    m_which->addItem(tr("All sensors"), int(Which::All));
    m_which->addItem(tr("Sensors of one kind"), int(Which::Kind));
    m_which->addItem(tr("Unbound sensors only"), int(Which::Unbound));
    if (!m_selected.isEmpty())
        m_which->addItem(tr("The selected sensor (%1)").arg(m_selected), int(Which::Selected));
    form->addRow(tr("&Sensors"), m_which);
    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    std::set<int> kinds;
    std::set<std::string> attributes;
    for (const data::Sensor& s : m_sensors) {
        kinds.insert(int(s.kind));
        for (const auto& [name, value] : s.attributes) attributes.insert(name);
    }
    for (int k : kinds) m_kind->addItem(QString::fromLatin1(data::sensorKindName(data::SensorKind(k))), k);
    form->addRow(tr("&Kind"), m_kind);

    m_layer = new QComboBox;
    m_layer->setObjectName(QStringLiteral("layerCombo"));
    for (const SensorLayerChoice& layer : m_layers) m_layer->addItem(layer.name, layer.id);
    form->addRow(tr("&Layer"), m_layer);

    m_mode = new QComboBox;
    m_mode->setObjectName(QStringLiteral("modeCombo"));
    m_mode->addItem(tr("Nearest feature"), int(Mode::Nearest));
    m_mode->addItem(tr("By key"), int(Mode::ByKey));
    form->addRow(tr("&Binding"), m_mode);
    m_sensorKey = new QComboBox;
    m_sensorKey->setObjectName(QStringLiteral("sensorKeyCombo"));
    m_sensorKey->addItem(sensorIdKey(), QString());
    for (const std::string& a : attributes) m_sensorKey->addItem(QString::fromStdString(a), QString::fromStdString(a));
    m_sensorKey->setToolTip(tr("By key: the sensor's value that must equal the layer attribute"));
    form->addRow(tr("Sensor &key"), m_sensorKey);
    m_layerAttribute = new QComboBox;
    m_layerAttribute->setObjectName(QStringLiteral("layerAttributeCombo"));
    m_layerAttribute->setToolTip(tr("The feature attribute the binding stores (by key: the one compared)"));
    form->addRow(tr("Layer &attribute"), m_layerAttribute);
    m_radius = new QDoubleSpinBox;
    m_radius->setObjectName(QStringLiteral("radiusSpin"));
    m_radius->setRange(0.1, 10'000);
    m_radius->setValue(50);
    m_radius->setSuffix(tr(" m"));
    form->addRow(tr("&Within"), m_radius);
    m_containing = new QCheckBox(tr("Buildings and areas: a footprint containing the sensor wins"));
    m_containing->setObjectName(QStringLiteral("containingCheck"));
    m_containing->setChecked(true);
    form->addRow(QString(), m_containing);

    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("bindCountLabel"));
    m_count->setWordWrap(true);
    auto* buttons = okCancelButtons(this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Bind"));
    m_ok->setObjectName(QStringLiteral("bindButton"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_count);
    layout->addWidget(buttons);

    // Counting binds a copy of the sensors: wait for the user to settle.
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(150);
    connect(&m_refresh, &QTimer::timeout, this, &BindSensorsDialog::refresh);
    for (QComboBox* c : {m_which, m_kind, m_mode, m_sensorKey, m_layerAttribute})
        connect(c, &QComboBox::currentIndexChanged, this, &BindSensorsDialog::invalidate);
    connect(m_layer, &QComboBox::currentIndexChanged, this, [this]() {
        fillLayerAttributes();
        invalidate();
    });
    connect(m_radius, &QDoubleSpinBox::valueChanged, this, &BindSensorsDialog::invalidate);
    connect(m_containing, &QCheckBox::toggled, this, &BindSensorsDialog::invalidate);
    if (!m_selected.isEmpty()) m_which->setCurrentIndex(m_which->findData(int(Which::Selected)));
    fillLayerAttributes();
    invalidate();
    refresh();
}

void BindSensorsDialog::fillLayerAttributes()
{
    const QSignalBlocker block(m_layerAttribute);
    const QString previous = m_layerAttribute->currentData().toString();
    m_layerAttribute->clear();
    m_layerAttribute->addItem(tr("(feature id)"), QString::fromLatin1(kFidKeyAttribute.data(), int(kFidKeyAttribute.size())));
    const int index = m_layer->currentIndex();
    if (index >= 0 && index < m_layers.size())
        for (const QString& a : m_layers[index].attributes) m_layerAttribute->addItem(a, a);
    m_layerAttribute->setCurrentIndex(std::max(0, m_layerAttribute->findData(previous)));
}

void BindSensorsDialog::invalidate()
{
    m_outcome.reset();
    const auto mode = Mode(m_mode->currentData().toInt());
    m_kind->setEnabled(Which(m_which->currentData().toInt()) == Which::Kind);
    m_sensorKey->setEnabled(mode == Mode::ByKey);
    m_radius->setEnabled(mode == Mode::Nearest);
    m_containing->setEnabled(mode == Mode::Nearest);
    m_ok->setEnabled(false);
    m_count->setText(tr("Counting…"));
    m_refresh.start();
}

void BindSensorsDialog::refresh()
{
    m_refresh.stop();
    const Outcome& o = outcome();
    m_count->setText(countText());
    m_ok->setEnabled(o.error.isEmpty() && o.bound > 0);
}

const BindSensorsDialog::Outcome& BindSensorsDialog::outcome() const
{
    if (!m_outcome) m_outcome = compute();
    return *m_outcome;
}

QString BindSensorsDialog::countText() const
{
    const Outcome& o = outcome();
    if (!o.error.isEmpty()) return o.error;
    return tr("%1 of %2 sensors will be bound (%3 not).").arg(o.bound).arg(o.chosen).arg(o.chosen - o.bound);
}

bool BindSensorsDialog::isChosen(const data::Sensor& sensor) const
{
    switch (Which(m_which->currentData().toInt())) {
    case Which::All: return true;
    case Which::Kind: return m_kind->currentIndex() >= 0 && int(sensor.kind) == m_kind->currentData().toInt();
    case Which::Unbound: return sensor.binding.layerId.empty();
    case Which::Selected: return QString::fromStdString(sensor.id) == m_selected;
    }
    return false;
}

BindSensorsDialog::Outcome BindSensorsDialog::compute() const
{
    Outcome out;
    out.sensors = m_sensors;
    std::vector<size_t> chosen;
    for (size_t i = 0; i < out.sensors.size(); ++i)
        if (isChosen(out.sensors[i])) chosen.push_back(i);
    out.chosen = chosen.size();
    const std::string layerId = m_layer->currentData().toString().toStdString();
    const auto loaded = m_lookup && !layerId.empty() ? m_lookup(layerId) : nullptr;
    const gis::ImportedLayer* layer = loaded ? loaded->vector.get() : nullptr;
    if (!layer) {
        out.error = m_layers.isEmpty() ? tr("The project has no loaded vector layer to bind to.")
                                       : tr("The layer is not loaded.");
        return out;
    }
    if (chosen.empty()) return out;
    const std::string attribute = m_layerAttribute->currentData().toString().toStdString();
    if (Mode(m_mode->currentData().toInt()) == Mode::Nearest) {
        std::vector<data::Sensor> subset;
        for (size_t i : chosen) subset.push_back(out.sensors[i]);
        BindNearestOptions options;
        options.layerId = layerId;
        options.keyAttribute = attribute == kFidKeyAttribute ? std::string() : attribute;
        options.radiusMeters = m_radius->value();
        options.rebind = true;
        options.preferContaining = m_containing->isChecked();
        auto report = bindNearest(subset, LayerMeshes(*loaded), options);
        if (!report.ok()) {
            out.error = tr("Cannot bind: %1").arg(QString::fromStdString(report.firstError()));
            return out;
        }
        out.bound = report->bound;
        for (size_t k = 0; k < chosen.size(); ++k) out.sensors[chosen[k]] = std::move(subset[k]);
        return out;
    }
    const FeatureKeyIndex index(*layer, attribute);
    const std::string sensorKey = m_sensorKey->currentData().toString().toStdString();
    for (size_t i : chosen) {
        data::Sensor& s = out.sensors[i];
        std::string key = s.id;
        if (!sensorKey.empty()) {
            const auto it = s.attributes.find(sensorKey);
            if (it == s.attributes.end()) continue;
            key = it->second;
        }
        if (!index.find(key)) continue;
        s.binding = {layerId, key, attribute};
        ++out.bound;
    }
    return out;
}

} // namespace citytwin::app
