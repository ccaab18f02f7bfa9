#include "ui/LayerPropertiesDialog.h"
#include "ui/DialogButtons.h"

#include "citytwin/data/ColorRamp.h"
#include "citytwin/data/FilterExpression.h"
#include "citytwin/data/StyleBuilder.h"
#include "citytwin/gis/CrsTransformer.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace citytwin::app {
namespace {

QColor toQColor(const data::Rgb& c) { return QColor(c.r, c.g, c.b); }
data::Rgb toRgb(const QColor& c) { return {uint8_t(c.red()), uint8_t(c.green()), uint8_t(c.blue())}; }

void setSwatch(QPushButton* button, const data::Rgb& c)
{
    button->setStyleSheet(QStringLiteral("background-color: %1;").arg(toQColor(c).name()));
}

const std::vector<gis::FeatureRecord>& featuresOf(const LayerEntry& e)
{
    static const std::vector<gis::FeatureRecord> none;
    return e.loaded && e.loaded->vector ? e.loaded->vector->features : none;
}

} // namespace

LayerPropertiesDialog::LayerPropertiesDialog(const LayerEntry& entry, QWidget* parent)
    : QDialog(parent), m_entry(entry), m_state(entry.state)
{
    setWindowTitle(tr("Layer Properties — %1").arg(QString::fromStdString(entry.state.name)));
    m_fields = data::layerFieldNames(featuresOf(entry));
    auto* tabs = new QTabWidget;
    tabs->addTab(createGeneralTab(), tr("General"));
    if (entry.loaded && entry.loaded->vector) {
        tabs->addTab(createStyleTab(), tr("Style"));
        tabs->addTab(createHeightTab(), tr("Height"));
    }
    tabs->addTab(createDiagnosticsTab(), tr("Diagnostics"));
    auto* buttons = okCancelButtons(this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
    resize(620, 520);
}

QWidget* LayerPropertiesDialog::createGeneralTab()
{
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);
    m_name = new QLineEdit(QString::fromStdString(m_entry.state.name));
    form->addRow(tr("Name"), m_name);
    QStringList sources;
    for (const auto& s : m_entry.spec.sources) sources << QString::fromStdString(s);
    auto* sourceLabel = new QLabel(sources.size() > 3 ? tr("%1 … (%2 sources)").arg(sources.first()).arg(sources.size())
                                                      : sources.join(QLatin1Char('\n')));
    sourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sourceLabel->setWordWrap(true);
    form->addRow(tr("Source"), sourceLabel);
    const gis::LayerKind kind = m_entry.loaded ? m_entry.loaded->kind : m_entry.spec.kind;
    if (kind == gis::LayerKind::Terrain || kind == gis::LayerKind::Imagery) {
        form->addRow(tr("Kind"), new QLabel(QString::fromLatin1(gis::layerKindName(kind))));
        if (kind == gis::LayerKind::Terrain) {
            m_exaggeration = new QDoubleSpinBox;
            m_exaggeration->setObjectName(QStringLiteral("verticalExaggeration"));
            m_exaggeration->setRange(0.1, 20.0);
            m_exaggeration->setSingleStep(0.5);
            m_exaggeration->setSuffix(QStringLiteral(" ×"));
            m_exaggeration->setValue(m_entry.spec.verticalExaggeration);
            form->addRow(tr("Vertical exaggeration"), m_exaggeration);
        }
    } else {
        m_kind = new QComboBox;
        m_kind->setObjectName(QStringLiteral("layerKind"));
        m_kind->addItem(tr("Buildings (extruded)"), int(gis::LayerKind::Buildings));
        m_kind->addItem(tr("Areas (flat, draped)"), int(gis::LayerKind::Areas));
        m_kind->addItem(tr("Lines (ribbons)"), int(gis::LayerKind::Lines));
        m_kind->addItem(tr("Points (icons)"), int(gis::LayerKind::Points));
        m_kind->setCurrentIndex(std::max(0, m_kind->findData(int(kind))));
        form->addRow(tr("Kind"), m_kind);
    }
    form->addRow(tr("Source CRS"), new QLabel(m_entry.loaded ? QString::fromStdString(m_entry.loaded->sourceCrsName)
                                                             : tr("unknown")));
    m_crsOverride = new QLineEdit(QString::fromStdString(m_entry.spec.crsOverride));
    m_crsOverride->setPlaceholderText(tr("as declared by the source (or EPSG:xxxx / WKT)"));
    m_crsStatus = new QLabel;
    form->addRow(tr("CRS override"), m_crsOverride);
    form->addRow(QString(), m_crsStatus);
    connect(m_crsOverride, &QLineEdit::textChanged, this, &LayerPropertiesDialog::validateCrs);
    if (m_entry.loaded && m_entry.loaded->vector) {
        const auto& s = m_entry.loaded->stats;
        const QLocale en(QLocale::English);
        form->addRow(tr("Features"), new QLabel(tr("%1 built of %2 read (%3 skipped, %4 repaired)")
                                                     .arg(en.toString(qlonglong(s.featuresBuilt)),
                                                          en.toString(qlonglong(s.featuresRead)),
                                                          en.toString(qlonglong(s.featuresSkipped)),
                                                          en.toString(qlonglong(s.featuresRepaired)))));
    }
    return page;
}

QWidget* LayerPropertiesDialog::createHeightTab()
{
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);
    const gis::HeightRule& rule = m_entry.spec.heightRule;
    m_candidates = new QPlainTextEdit;
    QStringList lines;
    for (const auto& c : rule.candidates)
        lines << QStringLiteral("%1 %2").arg(QString::fromStdString(c.attribute),
                                              c.unit == gis::HeightUnit::Storeys ? QStringLiteral("storeys")
                                                                                 : QStringLiteral("metres"));
    m_candidates->setPlainText(lines.join(QLatin1Char('\n')));
    m_candidates->setToolTip(tr("One attribute per line, tried in order: \"name metres\" or \"name storeys\""));
    form->addRow(tr("Attributes"), m_candidates);
    m_storeyHeight = new QDoubleSpinBox;
    m_storeyHeight->setRange(1, 10);
    m_storeyHeight->setSuffix(tr(" m"));
    m_storeyHeight->setValue(rule.storeyHeightMeters);
    form->addRow(tr("Storey height"), m_storeyHeight);
    m_defaultHeight = new QDoubleSpinBox;
    m_defaultHeight->setRange(0.5, 1000);
    m_defaultHeight->setSuffix(tr(" m"));
    m_defaultHeight->setValue(rule.defaultHeightMeters);
    form->addRow(tr("Default height"), m_defaultHeight);
    form->addRow(new QLabel(tr("Changing the height rule rebuilds the layer.")));
    return page;
}

QWidget* LayerPropertiesDialog::createStyleTab()
{
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);
    m_mode = new QComboBox;
    m_mode->setObjectName(QStringLiteral("styleMode"));
    m_mode->addItem(tr("Single colour"), int(data::StyleMode::Single));
    m_mode->addItem(tr("Categorised"), int(data::StyleMode::Categorised));
    m_mode->addItem(tr("Graduated"), int(data::StyleMode::Graduated));
    m_mode->setCurrentIndex(m_mode->findData(int(m_state.style.mode)));
    form->addRow(tr("Style"), m_mode);

    m_singleColor = new QPushButton(tr("Colour…"));
    setSwatch(m_singleColor, m_state.style.color);
    form->addRow(tr("Colour"), m_singleColor);
    connect(m_singleColor, &QPushButton::clicked, this, [this]() {
        const QColor c = QColorDialog::getColor(toQColor(m_state.style.color), this);
        if (!c.isValid()) return;
        m_state.style.color = toRgb(c);
        setSwatch(m_singleColor, m_state.style.color);
    });

    m_attribute = new QComboBox;
    m_attribute->setObjectName(QStringLiteral("styleAttribute"));
    for (const auto& f : m_fields) m_attribute->addItem(QString::fromStdString(f));
    m_attribute->setCurrentText(QString::fromStdString(m_state.style.attribute));
    form->addRow(tr("Attribute"), m_attribute);
    m_method = new QComboBox;
    m_method->addItem(tr("Equal interval"), int(data::ClassMethod::EqualInterval));
    m_method->addItem(tr("Quantile"), int(data::ClassMethod::Quantile));
    m_method->setCurrentIndex(m_method->findData(int(m_state.style.method)));
    m_classCount = new QSpinBox;
    m_classCount->setRange(2, 12);
    m_classCount->setValue(m_state.style.classCount);
    m_ramp = new QComboBox;
    for (const auto& r : data::colorRampNames()) m_ramp->addItem(QString::fromStdString(r));
    m_ramp->setCurrentText(QString::fromStdString(m_state.style.ramp));
    auto* classify = new QPushButton(tr("Classify"));
    classify->setObjectName(QStringLiteral("classifyButton"));
    form->addRow(tr("Method"), m_method);
    form->addRow(tr("Classes"), m_classCount);
    form->addRow(tr("Colour ramp"), m_ramp);
    form->addRow(QString(), classify);
    connect(classify, &QPushButton::clicked, this, &LayerPropertiesDialog::classify);

    m_table = new QTableWidget(0, 3);
    m_table->setHorizontalHeaderLabels({tr("Colour"), tr("Value"), tr("Label")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { pickColor(row); });
    form->addRow(m_table);

    m_filter = new QLineEdit(QString::fromStdString(m_state.style.filter));
    m_filter->setObjectName(QStringLiteral("styleFilter"));
    m_filter->setPlaceholderText(tr("e.g. stories >= 10 and bra_use = 'Office'"));
    m_filterStatus = new QLabel;
    form->addRow(tr("Filter"), m_filter);
    form->addRow(QString(), m_filterStatus);
    connect(m_filter, &QLineEdit::textChanged, this, &LayerPropertiesDialog::validateFilter);

    m_labelAttribute = new QComboBox;
    m_labelAttribute->addItem(tr("(none)"), QString());
    for (const auto& f : m_fields) m_labelAttribute->addItem(QString::fromStdString(f), QString::fromStdString(f));
    m_labelAttribute->setCurrentIndex(std::max(0, m_labelAttribute->findData(QString::fromStdString(m_state.style.labelAttribute))));
    form->addRow(tr("Labels"), m_labelAttribute);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this]() {
        m_state.style.mode = data::StyleMode(m_mode->currentData().toInt());
        refreshStyleTable();
    });
    refreshStyleTable();
    validateFilter();
    return page;
}

QWidget* LayerPropertiesDialog::createDiagnosticsTab()
{
    auto* list = new QListWidget;
    auto add = [list](const gis::Diagnostics& diagnostics) {
        for (const auto& d : diagnostics) list->addItem(QString::fromStdString(gis::formatDiagnostic(d)));
    };
    add(m_entry.diagnostics);
    add(m_entry.styleDiagnostics);
    if (list->count() == 0) list->addItem(tr("No problems were found."));
    return list;
}

void LayerPropertiesDialog::classify()
{
    const std::string attribute = m_attribute->currentText().toStdString();
    if (attribute.empty()) return;
    const auto& features = featuresOf(m_entry);
    if (m_state.style.mode == data::StyleMode::Graduated)
        m_state.style = data::classify(m_state.style, attribute, data::ClassMethod(m_method->currentData().toInt()),
                                       m_classCount->value(), m_ramp->currentText().toStdString(), features);
    else {
        m_state.style.mode = data::StyleMode::Categorised;
        m_state.style = data::categorise(m_state.style, attribute, features);
        m_mode->setCurrentIndex(m_mode->findData(int(data::StyleMode::Categorised)));
    }
    refreshStyleTable();
}

void LayerPropertiesDialog::refreshStyleTable()
{
    const data::LayerStyle& s = m_state.style;
    m_table->setRowCount(0);
    auto addRow = [this](const data::Rgb& c, const QString& value, const QString& label) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto* swatch = new QTableWidgetItem;
        swatch->setBackground(toQColor(c));
        m_table->setItem(row, 0, swatch);
        m_table->setItem(row, 1, new QTableWidgetItem(value));
        m_table->setItem(row, 2, new QTableWidgetItem(label));
    };
    if (s.mode == data::StyleMode::Categorised)
        for (const auto& c : s.categories)
            addRow(c.color, QString::fromStdString(c.value), QString::fromStdString(c.label));
    if (s.mode == data::StyleMode::Graduated)
        for (const auto& c : s.classes)
            addRow(c.color, QStringLiteral("%1 – %2").arg(c.lower).arg(c.upper), QString::fromStdString(c.label));
    const bool single = s.mode == data::StyleMode::Single;
    m_singleColor->setEnabled(single);
    m_attribute->setEnabled(!single);
    m_table->setEnabled(!single);
}

void LayerPropertiesDialog::pickColor(int row)
{
    data::LayerStyle& s = m_state.style;
    data::Rgb* color = nullptr;
    if (s.mode == data::StyleMode::Categorised && row < int(s.categories.size())) color = &s.categories[size_t(row)].color;
    if (s.mode == data::StyleMode::Graduated && row < int(s.classes.size())) color = &s.classes[size_t(row)].color;
    if (!color) return;
    const QColor c = QColorDialog::getColor(toQColor(*color), this);
    if (!c.isValid()) return;
    *color = toRgb(c);
    refreshStyleTable();
}

void LayerPropertiesDialog::validateFilter()
{
    const auto parsed = data::FilterExpression::parse(m_filter->text().toStdString(), m_fields);
    QString text;
    for (const auto& d : parsed.diagnostics()) text += QString::fromStdString(d.message) + QLatin1Char('\n');
    m_filterStatus->setText(text.trimmed());
    m_filterStatus->setStyleSheet(parsed.ok() ? QString() : QStringLiteral("color: #b00020;"));
    if (m_ok) m_ok->setEnabled(parsed.ok());
}

void LayerPropertiesDialog::validateCrs()
{
    const QString text = m_crsOverride->text().trimmed();
    if (text.isEmpty()) {
        m_crsStatus->clear();
        if (m_ok) m_ok->setEnabled(true);
        return;
    }
    auto tr = gis::CrsTransformer::create(text.toStdString(), "EPSG:4326");
    m_crsStatus->setText(tr.ok() ? QString::fromStdString(tr->sourceName())
                                 : QString::fromStdString(tr.firstError()));
    m_crsStatus->setStyleSheet(tr.ok() ? QString() : QStringLiteral("color: #b00020;"));
    if (m_ok) m_ok->setEnabled(tr.ok());
}

LayerState LayerPropertiesDialog::state() const
{
    LayerState s = m_state;
    s.name = m_name->text().trimmed().isEmpty() ? m_entry.state.name : m_name->text().trimmed().toStdString();
    if (m_filter) {
        s.style.filter = m_filter->text().trimmed().toStdString();
        s.style.attribute = s.style.mode == data::StyleMode::Single ? s.style.attribute
                                                                    : m_attribute->currentText().toStdString();
        s.style.labelAttribute = m_labelAttribute->currentData().toString().toStdString();
        s.style.method = data::ClassMethod(m_method->currentData().toInt());
        s.style.classCount = m_classCount->value();
        s.style.ramp = m_ramp->currentText().toStdString();
    }
    return s;
}

gis::LayerSpec LayerPropertiesDialog::spec() const
{
    gis::LayerSpec spec = m_entry.spec;
    spec.crsOverride = m_crsOverride->text().trimmed().toStdString();
    if (m_exaggeration && std::abs(m_exaggeration->value() - spec.verticalExaggeration) > 1e-9)
        spec.verticalExaggeration = m_exaggeration->value();
    if (m_kind) {
        const auto chosen = gis::LayerKind(m_kind->currentData().toInt());
        const gis::LayerKind loadedKind = m_entry.loaded ? m_entry.loaded->kind : m_entry.spec.kind;
        if (chosen != loadedKind) spec.kind = chosen;
    }
    if (m_candidates) {
        std::vector<gis::HeightCandidate> candidates;
        for (const QString& line : m_candidates->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QStringList parts = line.simplified().split(QLatin1Char(' '));
            if (parts.isEmpty() || parts.first().isEmpty()) continue;
            gis::HeightCandidate c;
            c.attribute = parts.first().toStdString();
            c.unit = parts.size() > 1 && parts.at(1).startsWith(QStringLiteral("stor")) ? gis::HeightUnit::Storeys
                                                                                          : gis::HeightUnit::Meters;
            candidates.push_back(c);
        }
        spec.heightRule.candidates = candidates;
        spec.heightRule.storeyHeightMeters = m_storeyHeight->value();
        spec.heightRule.defaultHeightMeters = m_defaultHeight->value();
    }
    return spec;
}

} // namespace citytwin::app
