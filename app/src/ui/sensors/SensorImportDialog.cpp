#include "ui/sensors/SensorImportDialog.h"
#include "ui/DialogButtons.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace citytwin::app {
namespace {

constexpr int kMaxDiagnosticLines = 1000;

/// Column names tried, case-insensitively, when a file is opened.
const std::array<QStringList, SensorImportDialog::kFieldCount> kGuesses = {
    QStringList{QStringLiteral("id"), QStringLiteral("sensor_id"), QStringLiteral("sensorid")},
    QStringList{QStringLiteral("name"), QStringLiteral("title")},
    QStringList{QStringLiteral("kind"), QStringLiteral("sensor_kind")},
    QStringList{QStringLiteral("lat"), QStringLiteral("latitude"), QStringLiteral("y")},
    QStringList{QStringLiteral("lon"), QStringLiteral("lng"), QStringLiteral("longitude"), QStringLiteral("x")},
    QStringList{QStringLiteral("wkt"), QStringLiteral("the_geom"), QStringLiteral("geometry")},
    QStringList{QStringLiteral("unit"), QStringLiteral("units")},
};

/// Traffic counts merge rows per station and keep only their own attributes:
/// copy the binding's key column into each sensor (first row of its station).
void attachColumn(data::ImportedSensors& imported, const std::string& path, const std::string& idColumn,
                  const std::string& idPrefix, const std::string& column)
{
    auto reader = data::CsvReader::open(path);
    if (!reader.ok()) return;
    const int idIndex = reader->column(idColumn), valueIndex = reader->column(column);
    if (idIndex < 0 || valueIndex < 0) return;
    std::map<std::string, std::string> values;
    data::CsvRow row;
    while (reader->next(row)) values.emplace(idPrefix + row.at(idIndex), row.at(valueIndex));
    for (data::Sensor& sensor : imported.sensors)
        if (const auto it = values.find(sensor.id); it != values.end()) sensor.attributes[column] = it->second;
}

QString none() { return QCoreApplication::translate("citytwin::app::SensorImportDialog", "(none)"); }

void fillColumnCombo(QComboBox* combo, const std::vector<std::string>& columns)
{
    combo->clear();
    combo->addItem(none(), QString());
    for (const auto& c : columns) combo->addItem(QString::fromStdString(c), QString::fromStdString(c));
}

} // namespace

SensorImportDialog::SensorImportDialog(QList<SensorLayerChoice> layers, QWidget* parent)
    : QDialog(parent), m_layers(std::move(layers))
{
    setWindowTitle(tr("Import Sensors"));
    m_path = new QLineEdit;
    m_path->setObjectName(QStringLiteral("pathEdit"));
    m_path->setPlaceholderText(tr("CSV, GeoJSON, GeoPackage, Shapefile, … file"));
    connect(m_path, &QLineEdit::editingFinished, this, [this]() {
        if (!m_path->text().isEmpty() && m_path->text() != m_readPath) setPath(m_path->text());
    });
    auto* browseButton = new QPushButton(tr("&Browse…"));
    connect(browseButton, &QPushButton::clicked, this, &SensorImportDialog::browse);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(new QLabel(tr("File")));
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browseButton);
    m_sourceLayer = new QComboBox;
    m_sourceLayer->setObjectName(QStringLiteral("sourceLayerCombo"));
    m_sourceLayer->setToolTip(tr("The layer of the source whose features become sensors"));
    m_sourceLayerLabel = new QLabel(tr("Layer"));
    connect(m_sourceLayer, &QComboBox::currentIndexChanged, this, [this]() {
        if (m_sourceLayer->currentIndex() >= 0) setSourceLayer(m_sourceLayer->currentText());
    });
    fileRow->addWidget(m_sourceLayerLabel);
    fileRow->addWidget(m_sourceLayer);

    m_preview = new QTableWidget;
    m_preview->setObjectName(QStringLiteral("previewTable"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setMinimumHeight(140);

    m_import = new QPushButton(tr("&Import"));
    m_import->setObjectName(QStringLiteral("importButton"));
    connect(m_import, &QPushButton::clicked, this, &SensorImportDialog::runImport);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_status->setWordWrap(true);
    m_resultLabel = new QLabel;
    m_resultLabel->setObjectName(QStringLiteral("resultLabel"));
    m_diagnostics = new QListWidget;
    m_diagnostics->setObjectName(QStringLiteral("diagnosticsList"));
    m_diagnostics->setMaximumHeight(120);
    auto* importRow = new QHBoxLayout;
    importRow->addWidget(m_import);
    importRow->addWidget(m_resultLabel, 1);

    auto* buttons = okCancelButtons(this);
    m_accept = buttons->button(QDialogButtonBox::Ok);
    m_accept->setText(tr("&Add sensors"));
    m_accept->setObjectName(QStringLiteral("addSensorsButton"));

    auto* top = new QHBoxLayout;
    top->addWidget(createMappingBox());
    top->addWidget(createBindingBox());
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(fileRow);
    layout->addLayout(top);
    layout->addWidget(new QLabel(tr("First %1 rows").arg(kPreviewRows)));
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_status);
    layout->addLayout(importRow);
    layout->addWidget(m_diagnostics);
    layout->addWidget(buttons);
    resize(820, 680);
    updateState();
}

QWidget* SensorImportDialog::createMappingBox()
{
    auto* box = new QGroupBox(tr("Columns"));
    auto* form = new QFormLayout(box);
    m_layout = new QComboBox;
    m_layout->setObjectName(QStringLiteral("layoutCombo"));
    m_layout->addItem(tr("One sensor per row"), int(Layout::Rows));
    m_layout->addItem(tr("Yearly traffic counts (one sensor per station)"), int(Layout::TrafficCounts));
    connect(m_layout, &QComboBox::currentIndexChanged, this, &SensorImportDialog::invalidate);
    form->addRow(tr("Table"), m_layout);
    const QString labels[kFieldCount] = {tr("Id"),       tr("Name"),      tr("Kind"), tr("Latitude"),
                                         tr("Longitude"), tr("WKT geometry"), tr("Unit")};
    const char* names[kFieldCount] = {"idColumn", "nameColumn", "kindColumn", "latColumn",
                                      "lonColumn", "wktColumn", "unitColumn"};
    for (int f = 0; f < kFieldCount; ++f) {
        auto* combo = new QComboBox;
        combo->setObjectName(QString::fromLatin1(names[f]));
        combo->addItem(none(), QString());
        connect(combo, &QComboBox::currentIndexChanged, this, &SensorImportDialog::invalidate);
        m_columns[size_t(f)] = combo;
        form->addRow(labels[f], combo);
    }
    m_fixedKind = new QComboBox;
    m_fixedKind->setObjectName(QStringLiteral("fixedKindCombo"));
    for (int k = 0; k <= int(data::SensorKind::Custom); ++k)
        m_fixedKind->addItem(QString::fromLatin1(data::sensorKindName(data::SensorKind(k))), k);
    m_fixedKind->setCurrentIndex(m_fixedKind->findData(int(data::SensorKind::Custom)));
    m_fixedKind->setToolTip(tr("The kind of every sensor when no kind column is mapped"));
    connect(m_fixedKind, &QComboBox::currentIndexChanged, this, &SensorImportDialog::invalidate);
    form->addRow(tr("Kind when not mapped"), m_fixedKind);
    m_idPrefix = new QLineEdit;
    m_idPrefix->setObjectName(QStringLiteral("idPrefixEdit"));
    m_idPrefix->setPlaceholderText(tr("e.g. parking-"));
    connect(m_idPrefix, &QLineEdit::textChanged, this, &SensorImportDialog::invalidate);
    form->addRow(tr("Id prefix"), m_idPrefix);
    m_duplicates = new QComboBox;
    m_duplicates->setObjectName(QStringLiteral("duplicatesCombo"));
    m_duplicates->addItem(tr("Skip (keep the first)"), int(data::DuplicateIds::Skip));
    m_duplicates->addItem(tr("Keep all (add -2, -3, …)"), int(data::DuplicateIds::MakeUnique));
    connect(m_duplicates, &QComboBox::currentIndexChanged, this, &SensorImportDialog::invalidate);
    form->addRow(tr("Duplicate ids"), m_duplicates);
    return box;
}

QWidget* SensorImportDialog::createBindingBox()
{
    auto* box = new QGroupBox(tr("Bind to city objects"));
    auto* form = new QFormLayout(box);
    m_bindMode = new QComboBox;
    m_bindMode->setObjectName(QStringLiteral("bindModeCombo"));
    m_bindMode->addItem(tr("None (keep positions)"), int(SensorBindRequest::Mode::None));
    m_bindMode->addItem(tr("By key"), int(SensorBindRequest::Mode::ByKey));
    m_bindMode->addItem(tr("Nearest feature"), int(SensorBindRequest::Mode::Nearest));
    form->addRow(tr("Binding"), m_bindMode);
    m_bindLayer = new QComboBox;
    m_bindLayer->setObjectName(QStringLiteral("bindLayerCombo"));
    for (const SensorLayerChoice& layer : m_layers) m_bindLayer->addItem(layer.name, layer.id);
    form->addRow(tr("Layer"), m_bindLayer);
    m_bindColumn = new QComboBox;
    m_bindColumn->setObjectName(QStringLiteral("bindColumnCombo"));
    form->addRow(tr("Sensor column"), m_bindColumn);
    m_bindAttribute = new QComboBox;
    m_bindAttribute->setObjectName(QStringLiteral("bindAttributeCombo"));
    form->addRow(tr("Layer attribute"), m_bindAttribute);
    m_bindRadius = new QDoubleSpinBox;
    m_bindRadius->setObjectName(QStringLiteral("bindRadiusSpin"));
    m_bindRadius->setRange(1, 10'000);
    m_bindRadius->setValue(25);
    m_bindRadius->setSuffix(tr(" m"));
    form->addRow(tr("Within"), m_bindRadius);
    connect(m_bindMode, &QComboBox::currentIndexChanged, this, &SensorImportDialog::invalidate);
    connect(m_bindLayer, &QComboBox::currentIndexChanged, this, [this]() {
        fillLayerAttributes();
        invalidate();
    });
    connect(m_bindColumn, &QComboBox::currentIndexChanged, this, &SensorImportDialog::invalidate);
    connect(m_bindAttribute, &QComboBox::currentIndexChanged, this, &SensorImportDialog::invalidate);
    fillLayerAttributes();
    return box;
}

void SensorImportDialog::browse()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Import Sensors"), m_path->text(),
                                                      tr("Sensor tables (*.csv *.txt *.geojson *.json *.gpkg *.shp *.fgb *.kml *.sqlite);;"
                                                         "CSV (*.csv *.txt);;GeoJSON (*.geojson *.json);;"
                                                         "GIS layers (*.gpkg *.shp *.fgb *.geojson *.json *.kml *.sqlite);;"
                                                         "All files (*)"));
    if (!file.isEmpty()) setPath(file);
}

bool SensorImportDialog::setPath(const QString& path)
{
    m_path->setText(path);
    m_readPath = path;
    const bool ok = readTable({});
    fillSourceLayers();
    return ok;
}

bool SensorImportDialog::setSourceLayer(const QString& layer)
{
    if (m_table.format != SensorTableFormat::Ogr ||
        std::find(m_table.layers.begin(), m_table.layers.end(), layer.toStdString()) == m_table.layers.end())
        return false;
    if (layer.toStdString() == m_table.layer) return true;
    const std::vector<std::string> layers = m_table.layers;
    const bool ok = readTable(layer.toStdString());
    if (!ok) m_table.layers = layers; // keep offering the others
    fillSourceLayers();
    return ok;
}

QString SensorImportDialog::sourceLayer() const
{
    return m_table.format == SensorTableFormat::Ogr ? QString::fromStdString(m_table.layer) : QString();
}

void SensorImportDialog::fillSourceLayers()
{
    const QSignalBlocker block(m_sourceLayer);
    m_sourceLayer->clear();
    for (const auto& l : m_table.layers) m_sourceLayer->addItem(QString::fromStdString(l));
    m_sourceLayer->setCurrentIndex(m_sourceLayer->findText(QString::fromStdString(m_table.layer)));
    const bool several = m_table.layers.size() > 1;
    m_sourceLayer->setVisible(several);
    m_sourceLayerLabel->setVisible(several);
}

bool SensorImportDialog::readTable(const std::string& layer)
{
    const QString path = m_readPath;
    auto preview = readSensorTablePreview(path.toStdString(), kPreviewRows, layer);
    m_loaded = preview.ok();
    m_table = m_loaded ? preview.takeValue() : SensorTablePreview{};
    fillColumns();
    fillPreview();
    m_imported = false;
    m_result = {};
    m_resultLabel->clear();
    m_diagnostics->clear();
    if (!m_loaded) {
        m_diagnostics->addItem(QString::fromStdString(preview.firstError().empty()
                                                          ? std::string("cannot read the file")
                                                          : preview.firstError()));
    }
    updateState();
    return m_loaded;
}

QString SensorImportDialog::path() const { return m_path->text(); }

void SensorImportDialog::fillColumns()
{
    for (int f = 0; f < kFieldCount; ++f) {
        QComboBox* combo = m_columns[size_t(f)];
        const QSignalBlocker block(combo);
        fillColumnCombo(combo, m_table.columns);
        for (const QString& guess : kGuesses[size_t(f)]) {
            const int index = combo->findData(guess, Qt::UserRole, Qt::MatchFixedString);
            if (index > 0) {
                combo->setCurrentIndex(index);
                break;
            }
        }
    }
    // Cambridge-style traffic counts: peak-hour columns per year.
    bool counts = false;
    for (const auto& c : m_table.columns)
        counts = counts || QRegularExpression(QStringLiteral("^AM ?Peak ?\\d{4}$"), QRegularExpression::CaseInsensitiveOption)
                               .match(QString::fromStdString(c))
                               .hasMatch();
    {
        const QSignalBlocker blockLayout(m_layout);
        m_layout->setCurrentIndex(m_layout->findData(int(counts ? Layout::TrafficCounts : Layout::Rows)));
    }
    const QSignalBlocker block(m_bindColumn);
    m_bindColumn->clear();
    for (const auto& c : m_table.columns) m_bindColumn->addItem(QString::fromStdString(c));
}

void SensorImportDialog::fillPreview()
{
    m_preview->clear();
    m_preview->setColumnCount(int(m_table.columns.size()));
    m_preview->setRowCount(int(m_table.rows.size()));
    QStringList headers;
    for (const auto& c : m_table.columns) headers << QString::fromStdString(c);
    m_preview->setHorizontalHeaderLabels(headers);
    for (int r = 0; r < int(m_table.rows.size()); ++r)
        for (int c = 0; c < int(m_table.rows[size_t(r)].size()); ++c)
            m_preview->setItem(r, c, new QTableWidgetItem(QString::fromStdString(m_table.rows[size_t(r)][size_t(c)])));
}

void SensorImportDialog::fillLayerAttributes()
{
    const QSignalBlocker block(m_bindAttribute);
    m_bindAttribute->clear();
    const int index = m_bindLayer->currentIndex();
    if (index >= 0 && index < m_layers.size()) m_bindAttribute->addItems(m_layers[index].attributes);
}

void SensorImportDialog::setColumn(Field field, const QString& column)
{
    QComboBox* combo = m_columns[size_t(field)];
    combo->setCurrentIndex(std::max(0, combo->findData(column)));
}

SensorImportDialog::Layout SensorImportDialog::layout() const
{
    return m_table.format == SensorTableFormat::Csv ? Layout(m_layout->currentData().toInt()) : Layout::Rows;
}

QString SensorImportDialog::column(Field field) const { return m_columns[size_t(field)]->currentData().toString(); }

data::SensorImportMapping SensorImportDialog::mapping() const
{
    data::SensorImportMapping m;
    m.id = column(Field::Id).toStdString();
    m.idPrefix = m_idPrefix->text().toStdString();
    m.name = column(Field::Name).toStdString();
    m.kind = column(Field::Kind).toStdString();
    m.fixedKind = data::SensorKind(m_fixedKind->currentData().toInt());
    m.unit = column(Field::Unit).toStdString();
    if (m_table.format == SensorTableFormat::Csv) {
        m.lat = column(Field::Lat).toStdString();
        m.lon = column(Field::Lon).toStdString();
        m.wkt = column(Field::Wkt).toStdString();
    }
    m.duplicates = data::DuplicateIds(m_duplicates->currentData().toInt());
    const SensorBindRequest bind = bindRequest();
    if (bind.mode == SensorBindRequest::Mode::ByKey && !bind.sensorColumn.isEmpty())
        m.attributes.push_back(bind.sensorColumn.toStdString());
    return m;
}

SensorBindRequest SensorImportDialog::bindRequest() const
{
    SensorBindRequest r;
    r.mode = SensorBindRequest::Mode(m_bindMode->currentData().toInt());
    if (r.mode == SensorBindRequest::Mode::None) return r;
    r.layerId = m_bindLayer->currentData().toString();
    if (r.mode == SensorBindRequest::Mode::ByKey) {
        r.keyAttribute = m_bindAttribute->currentText();
        r.sensorColumn = m_bindColumn->currentText();
    } else {
        r.radiusMeters = m_bindRadius->value();
    }
    return r;
}

QString SensorImportDialog::blockingProblem() const
{
    if (!m_loaded)
        return m_path->text().isEmpty() ? tr("Choose a CSV, GeoJSON or GIS layer file.") : tr("The file cannot be read.");
    if (layout() == Layout::TrafficCounts &&
        (column(Field::Id).isEmpty() || column(Field::Lat).isEmpty() || column(Field::Lon).isEmpty()))
        return tr("A traffic-count table needs the id, latitude and longitude columns.");
    if (m_table.format == SensorTableFormat::Csv && column(Field::Wkt).isEmpty() &&
        (column(Field::Lat).isEmpty() || column(Field::Lon).isEmpty()))
        return tr("Map the latitude and longitude columns, or a WKT geometry column.");
    const auto mode = SensorBindRequest::Mode(m_bindMode->currentData().toInt());
    if (mode != SensorBindRequest::Mode::None && m_bindLayer->currentIndex() < 0)
        return tr("Binding needs a layer; the project has none to offer.");
    if (mode == SensorBindRequest::Mode::ByKey && (m_bindColumn->currentText().isEmpty() ||
                                                   m_bindAttribute->currentText().isEmpty()))
        return tr("Binding by key needs a sensor column and a layer attribute.");
    return {};
}

void SensorImportDialog::invalidate()
{
    if (m_imported) {
        m_imported = false;
        m_result = {};
        m_resultLabel->setText(tr("The settings changed: import again."));
        m_diagnostics->clear();
    }
    updateState();
}

void SensorImportDialog::updateState()
{
    const bool csv = m_table.format == SensorTableFormat::Csv;
    const bool rows = layout() == Layout::Rows;
    m_layout->setEnabled(csv);
    for (Field f : {Field::Lat, Field::Lon}) m_columns[size_t(f)]->setEnabled(csv);
    for (Field f : {Field::Kind, Field::Wkt, Field::Unit}) m_columns[size_t(f)]->setEnabled(csv ? rows : f != Field::Wkt);
    m_fixedKind->setEnabled(rows && column(Field::Kind).isEmpty());
    m_duplicates->setEnabled(rows);
    const auto mode = SensorBindRequest::Mode(m_bindMode->currentData().toInt());
    m_bindLayer->setEnabled(mode != SensorBindRequest::Mode::None);
    m_bindColumn->setEnabled(mode == SensorBindRequest::Mode::ByKey);
    m_bindAttribute->setEnabled(mode == SensorBindRequest::Mode::ByKey);
    m_bindRadius->setEnabled(mode == SensorBindRequest::Mode::Nearest);
    const QString problem = blockingProblem();
    m_status->setText(problem);
    m_import->setEnabled(problem.isEmpty());
    m_accept->setEnabled(problem.isEmpty() && m_imported && !m_result.sensors.empty());
}

bool SensorImportDialog::runImport()
{
    m_diagnostics->clear();
    m_imported = false;
    m_result = {};
    if (!blockingProblem().isEmpty()) {
        updateState();
        return false;
    }
    const std::string file = m_path->text().toStdString();
    gis::Result<data::ImportedSensors> imported;
    if (m_table.format == SensorTableFormat::GeoJson) {
        imported = data::importSensorsGeoJson(file, mapping());
    } else if (m_table.format == SensorTableFormat::Ogr) {
        imported = data::importSensorsOgr(file, m_table.layer, mapping());
    } else if (layout() == Layout::TrafficCounts) {
        data::TrafficCountOptions options;
        options.idColumn = column(Field::Id).toStdString();
        options.idPrefix = m_idPrefix->text().toStdString();
        if (!column(Field::Name).isEmpty()) options.streetColumn = column(Field::Name).toStdString();
        options.latColumn = column(Field::Lat).toStdString();
        options.lonColumn = column(Field::Lon).toStdString();
        imported = data::importTrafficCounts(file, options);
        const SensorBindRequest bind = bindRequest();
        if (imported.ok() && bind.mode == SensorBindRequest::Mode::ByKey)
            attachColumn(imported.value(), file, options.idColumn, options.idPrefix, bind.sensorColumn.toStdString());
    } else {
        imported = data::importSensorsCsv(file, mapping());
    }
    const gis::Diagnostics& diagnostics = imported.diagnostics();
    for (size_t i = 0; i < diagnostics.size() && i < size_t(kMaxDiagnosticLines); ++i)
        m_diagnostics->addItem(QString::fromStdString(gis::formatDiagnostic(diagnostics[i])));
    if (diagnostics.size() > size_t(kMaxDiagnosticLines))
        m_diagnostics->addItem(tr("… and %1 more").arg(diagnostics.size() - size_t(kMaxDiagnosticLines)));
    if (!imported.ok()) {
        m_resultLabel->setText(tr("Import failed: %1").arg(QString::fromStdString(imported.firstError())));
        updateState();
        return false;
    }
    m_result = imported.takeValue();
    m_imported = true;
    const QLocale en(QLocale::English);
    m_resultLabel->setText(tr("%1 sensors from %2 rows, %3 skipped")
                               .arg(en.toString(qulonglong(m_result.sensors.size())),
                                    en.toString(qlonglong(m_result.rowsRead)), en.toString(qlonglong(m_result.rowsSkipped))));
    updateState();
    return true;
}

QString SensorImportDialog::resultText() const { return m_resultLabel->text(); }

QStringList SensorImportDialog::diagnosticLines() const
{
    QStringList lines;
    for (int i = 0; i < m_diagnostics->count(); ++i) lines << m_diagnostics->item(i)->text();
    return lines;
}

} // namespace citytwin::app
