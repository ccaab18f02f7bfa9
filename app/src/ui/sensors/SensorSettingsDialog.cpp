#include "ui/sensors/SensorSettingsDialog.h"
#include "ui/DialogButtons.h"

#include "ui/sensors/SensorUi.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <map>
#include <optional>

namespace citytwin::app {
namespace {

QDoubleSpinBox* numberSpin(double min, double max, int decimals)
{
    auto* spin = new QDoubleSpinBox;
    spin->setRange(min, max);
    spin->setDecimals(decimals);
    spin->setFrame(false);
    return spin;
}

/// The value every sensor shares, else nothing.
template <typename T, typename Get>
std::optional<T> common(const std::vector<const data::Sensor*>& sensors, Get get)
{
    std::optional<T> value;
    for (const data::Sensor* s : sensors) {
        const T v = get(*s);
        if (value && !(*value == v)) return std::nullopt;
        value = v;
    }
    return value;
}

} // namespace

SensorSettingsDialog::SensorSettingsDialog(std::vector<data::Sensor> sensors, data::ProjectFeedSettings feeds,
                                           QWidget* parent)
    : QDialog(parent), m_sensors(std::move(sensors)), m_feeds(std::move(feeds))
{
    setWindowTitle(tr("Sensor Settings"));
    std::map<int, std::vector<const data::Sensor*>> byKind;
    for (const data::Sensor& s : m_sensors) byKind[int(s.kind)].push_back(&s);

    m_table = new QTableWidget(int(byKind.size()), 7);
    m_table->setObjectName(QStringLiteral("kindTable"));
    m_table->setHorizontalHeaderLabels({tr("Kind"), tr("Sensors"), tr("Unit"), tr("Warning"), tr("Critical"),
                                        tr("Alert when"), tr("Period (s)")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    int row = 0;
    for (const auto& [k, members] : byKind) {
        const auto kind = data::SensorKind(k);
        const data::Sensor defaults = data::sensorDefaults(kind);
        m_kinds.push_back(kind);
        auto* name = new QTableWidgetItem(QString::fromLatin1(data::sensorKindName(kind)));
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_table->setItem(row, KindColumn, name);
        auto* count = new QTableWidgetItem(QString::number(members.size()));
        count->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_table->setItem(row, CountColumn, count);
        auto* unit = new QLineEdit;
        unit->setFrame(false);
        m_table->setCellWidget(row, UnitColumn, unit);
        m_table->setCellWidget(row, WarningColumn, numberSpin(-1e9, 1e9, 3));
        m_table->setCellWidget(row, CriticalColumn, numberSpin(-1e9, 1e9, 3));
        auto* direction = new QComboBox;
        direction->addItem(tr("above"), int(data::ThresholdDirection::Above));
        direction->addItem(tr("below"), int(data::ThresholdDirection::Below));
        m_table->setCellWidget(row, DirectionColumn, direction);
        m_table->setCellWidget(row, PeriodColumn, numberSpin(0, 30 * 86'400, 1));

        RowValues v;
        v.unit = QString::fromStdString(common<std::string>(members, [](const data::Sensor& s) { return s.unit; })
                                            .value_or(defaults.unit));
        v.warning = common<double>(members, [](const data::Sensor& s) { return s.warning; }).value_or(defaults.warning);
        v.critical = common<double>(members, [](const data::Sensor& s) { return s.critical; }).value_or(defaults.critical);
        v.direction = int(common<data::ThresholdDirection>(members, [](const data::Sensor& s) { return s.direction; })
                              .value_or(defaults.direction));
        v.period = common<double>(members, [](const data::Sensor& s) { return s.periodSeconds; })
                       .value_or(defaults.periodSeconds);
        fillRow(row, v);
        m_initial.push_back(rowValues(row)); // as shown (spin boxes round)
        connect(unit, &QLineEdit::textChanged, this, &SensorSettingsDialog::validate);
        for (int c : {WarningColumn, CriticalColumn, PeriodColumn})
            connect(static_cast<QDoubleSpinBox*>(m_table->cellWidget(row, c)), &QDoubleSpinBox::valueChanged, this,
                    &SensorSettingsDialog::validate);
        connect(direction, &QComboBox::currentIndexChanged, this, &SensorSettingsDialog::validate);
        ++row;
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(UnitColumn, QHeaderView::Stretch);

    m_defaults = new QPushButton(tr("Use kind &defaults"));
    m_defaults->setObjectName(QStringLiteral("kindDefaultsButton"));
    m_defaults->setToolTip(tr("Unit, thresholds, direction and period of the selected kind's defaults"));
    connect(m_defaults, &QPushButton::clicked, this, [this]() {
        const int r = m_table->currentRow();
        if (r >= 0 && r < int(m_kinds.size())) useDefaults(m_kinds[size_t(r)]);
    });

    auto* kindsBox = new QGroupBox(tr("Kinds (a change applies to every sensor of the kind)"));
    auto* kindsLayout = new QVBoxLayout(kindsBox);
    kindsLayout->addWidget(m_table);
    kindsLayout->addWidget(m_defaults, 0, Qt::AlignLeft);
    if (m_kinds.empty()) kindsLayout->addWidget(new QLabel(tr("The project has no sensors yet.")));

    auto* historyBox = new QGroupBox(tr("History and feeds"));
    auto* form = new QFormLayout(historyBox);
    m_retention = new QSpinBox;
    m_retention->setObjectName(QStringLiteral("retentionSpin"));
    m_retention->setRange(0, 36'500);
    m_retention->setSuffix(tr(" days"));
    m_retention->setSpecialValueText(tr("Keep everything"));
    m_retention->setValue(m_feeds.retentionDays);
    m_retention->setToolTip(tr("Samples older than this are deleted from the history file"));
    form->addRow(tr("Keep &history"), m_retention);
    m_autoRegister = new QCheckBox(tr("Register unknown sensor ids from the feeds"));
    m_autoRegister->setObjectName(QStringLiteral("autoRegisterCheck"));
    m_autoRegister->setChecked(m_feeds.autoRegister);
    form->addRow(tr("&Auto-registration"), m_autoRegister);

    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("validationLabel"));
    m_message->setWordWrap(true);
    auto* buttons = okCancelButtons(this);
    m_ok = buttons->button(QDialogButtonBox::Ok);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(kindsBox, 1);
    layout->addWidget(historyBox);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(760, 460);
    validate();
}

int SensorSettingsDialog::rowOf(data::SensorKind kind) const
{
    for (size_t i = 0; i < m_kinds.size(); ++i)
        if (m_kinds[i] == kind) return int(i);
    return -1;
}

QLineEdit* SensorSettingsDialog::unitEdit(data::SensorKind kind) const
{
    const int r = rowOf(kind);
    return r < 0 ? nullptr : static_cast<QLineEdit*>(m_table->cellWidget(r, UnitColumn));
}

QDoubleSpinBox* SensorSettingsDialog::warningSpin(data::SensorKind kind) const
{
    const int r = rowOf(kind);
    return r < 0 ? nullptr : static_cast<QDoubleSpinBox*>(m_table->cellWidget(r, WarningColumn));
}

QDoubleSpinBox* SensorSettingsDialog::criticalSpin(data::SensorKind kind) const
{
    const int r = rowOf(kind);
    return r < 0 ? nullptr : static_cast<QDoubleSpinBox*>(m_table->cellWidget(r, CriticalColumn));
}

QComboBox* SensorSettingsDialog::directionCombo(data::SensorKind kind) const
{
    const int r = rowOf(kind);
    return r < 0 ? nullptr : static_cast<QComboBox*>(m_table->cellWidget(r, DirectionColumn));
}

QDoubleSpinBox* SensorSettingsDialog::periodSpin(data::SensorKind kind) const
{
    const int r = rowOf(kind);
    return r < 0 ? nullptr : static_cast<QDoubleSpinBox*>(m_table->cellWidget(r, PeriodColumn));
}

SensorSettingsDialog::RowValues SensorSettingsDialog::rowValues(int row) const
{
    RowValues v;
    v.unit = static_cast<QLineEdit*>(m_table->cellWidget(row, UnitColumn))->text().trimmed();
    v.warning = static_cast<QDoubleSpinBox*>(m_table->cellWidget(row, WarningColumn))->value();
    v.critical = static_cast<QDoubleSpinBox*>(m_table->cellWidget(row, CriticalColumn))->value();
    v.direction = static_cast<QComboBox*>(m_table->cellWidget(row, DirectionColumn))->currentData().toInt();
    v.period = static_cast<QDoubleSpinBox*>(m_table->cellWidget(row, PeriodColumn))->value();
    return v;
}

void SensorSettingsDialog::fillRow(int row, const RowValues& v)
{
    static_cast<QLineEdit*>(m_table->cellWidget(row, UnitColumn))->setText(v.unit);
    static_cast<QDoubleSpinBox*>(m_table->cellWidget(row, WarningColumn))->setValue(v.warning);
    static_cast<QDoubleSpinBox*>(m_table->cellWidget(row, CriticalColumn))->setValue(v.critical);
    auto* direction = static_cast<QComboBox*>(m_table->cellWidget(row, DirectionColumn));
    direction->setCurrentIndex(direction->findData(v.direction));
    static_cast<QDoubleSpinBox*>(m_table->cellWidget(row, PeriodColumn))->setValue(v.period);
}

void SensorSettingsDialog::useDefaults(data::SensorKind kind)
{
    const int r = rowOf(kind);
    if (r < 0) return;
    const data::Sensor d = data::sensorDefaults(kind);
    fillRow(r, {QString::fromStdString(d.unit), d.warning, d.critical, d.periodSeconds, int(d.direction)});
}

std::vector<data::Sensor> SensorSettingsDialog::sensors() const
{
    std::vector<data::Sensor> out = m_sensors;
    for (size_t r = 0; r < m_kinds.size(); ++r) {
        const RowValues now = rowValues(int(r)), was = m_initial[r];
        for (data::Sensor& s : out) {
            if (s.kind != m_kinds[r]) continue;
            if (now.unit != was.unit) s.unit = now.unit.toStdString();
            if (now.warning != was.warning) s.warning = now.warning;
            if (now.critical != was.critical) s.critical = now.critical;
            if (now.direction != was.direction) s.direction = data::ThresholdDirection(now.direction);
            if (now.period != was.period) s.periodSeconds = now.period;
        }
    }
    return out;
}

bool SensorSettingsDialog::sensorsChanged() const { return sensors() != m_sensors; }

data::ProjectFeedSettings SensorSettingsDialog::feedSettings() const
{
    data::ProjectFeedSettings f = m_feeds;
    f.retentionDays = m_retention->value();
    f.autoRegister = m_autoRegister->isChecked();
    return f;
}

QString SensorSettingsDialog::validationMessage() const
{
    for (size_t r = 0; r < m_kinds.size(); ++r) {
        const RowValues v = rowValues(int(r));
        const QString kind = QString::fromLatin1(data::sensorKindName(m_kinds[r]));
        const QString problem =
            sensorui::thresholdProblem(data::ThresholdDirection(v.direction), v.warning, v.critical, v.period);
        if (!problem.isEmpty()) return kind + QStringLiteral(": ") + problem;
    }
    return {};
}

void SensorSettingsDialog::validate()
{
    sensorui::showValidation(m_message, m_ok, validationMessage());
}

} // namespace citytwin::app
