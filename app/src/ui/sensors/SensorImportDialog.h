#pragma once
// Importing sensors from a CSV or GeoJSON file or any OGR vector layer
// (GeoPackage, Shapefile, FlatGeobuf, KML, SpatiaLite; a layer combo when
// the source has several): pick the file, map its columns (id, name, kind,
// lat/lon or WKT for CSV, unit; OGR and GeoJSON use the feature geometry,
// reprojected to WGS 84 for OGR; a fixed kind when kind is not mapped), an id prefix and what to do with duplicate ids, look at the
// first 20 rows, choose how to bind the sensors to a layer (none, by key, or
// the nearest feature within N metres), then Import: the counts and every
// skipped row's reason show, and "Add sensors" accepts. The window adds
// result().sensors and applies bindRequest().

#include "citytwin/data/sensors/SensorImport.h"
#include "ui/sensors/SensorLayerChoice.h"
#include "ui/sensors/SensorTableSource.h"

#include <QDialog>
#include <QList>

#include <array>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace citytwin::app {

/// GUI thread only.
class SensorImportDialog : public QDialog {
    Q_OBJECT
public:
    /// The mappable columns, in the order of their combos.
    enum class Field { Id, Name, Kind, Lat, Lon, Wkt, Unit };
    /// How rows become sensors: one per row (importSensorsCsv / GeoJSON), or
    /// a yearly traffic-count table with one sensor per station
    /// (importTrafficCounts: the latest year's volumes become attributes the
    /// simulator reads; Name maps the street column). A CSV whose header has
    /// "AMPeak<year>" columns opens as TrafficCounts.
    enum class Layout { Rows, TrafficCounts };
    static constexpr int kFieldCount = 7;
    static constexpr int kPreviewRows = 20;

    explicit SensorImportDialog(QList<SensorLayerChoice> layers, QWidget* parent = nullptr);

    /// Reads the file's columns and first rows (the Browse button calls this).
    /// False, with the error shown, when it cannot be read.
    bool setPath(const QString& path);
    QString path() const;
    /// OGR sources: the layer whose features become sensors (the first one
    /// after setPath). Switching re-reads columns and preview; false when
    /// the source has no such layer.
    bool setSourceLayer(const QString& layer);
    QString sourceLayer() const;

    /// Maps a field to a column; an empty name means "(none)".
    void setColumn(Field field, const QString& column);
    QString column(Field field) const;
    data::SensorImportMapping mapping() const;

    /// Runs the import with the current mapping (the Import button); false
    /// when it failed as a whole.
    bool runImport();
    /// The last successful import.
    const data::ImportedSensors& result() const { return m_result; }
    SensorBindRequest bindRequest() const;

    QComboBox* columnCombo(Field field) const { return m_columns[size_t(field)]; }
    QComboBox* layoutCombo() const { return m_layout; }
    QComboBox* sourceLayerCombo() const { return m_sourceLayer; }
    Layout layout() const;
    QComboBox* fixedKindCombo() const { return m_fixedKind; }
    QLineEdit* idPrefixEdit() const { return m_idPrefix; }
    QComboBox* duplicatesCombo() const { return m_duplicates; }
    QTableWidget* previewTable() const { return m_preview; }
    QComboBox* bindModeCombo() const { return m_bindMode; }
    QComboBox* bindLayerCombo() const { return m_bindLayer; }
    QComboBox* bindAttributeCombo() const { return m_bindAttribute; }
    QComboBox* bindColumnCombo() const { return m_bindColumn; }
    QDoubleSpinBox* bindRadiusSpin() const { return m_bindRadius; }
    QPushButton* importButton() const { return m_import; }
    QPushButton* acceptButton() const { return m_accept; }
    /// "312 sensors from 313 rows, 1 skipped" after an import.
    QString resultText() const;
    /// The import's diagnostics, one line each.
    QStringList diagnosticLines() const;

private:
    QWidget* createMappingBox();
    QWidget* createBindingBox();
    void browse();
    bool readTable(const std::string& layer);
    void fillSourceLayers();
    void fillColumns();
    void fillPreview();
    void fillLayerAttributes();
    void invalidate();
    void updateState();
    QString blockingProblem() const;

    QList<SensorLayerChoice> m_layers;
    SensorTablePreview m_table;
    QString m_readPath;
    bool m_loaded = false;
    data::ImportedSensors m_result;
    bool m_imported = false;

    QLineEdit* m_path = nullptr;
    QComboBox* m_sourceLayer = nullptr;
    QLabel* m_sourceLayerLabel = nullptr;
    QComboBox* m_layout = nullptr;
    std::array<QComboBox*, kFieldCount> m_columns{};
    QComboBox* m_fixedKind = nullptr;
    QLineEdit* m_idPrefix = nullptr;
    QComboBox* m_duplicates = nullptr;
    QTableWidget* m_preview = nullptr;
    QComboBox* m_bindMode = nullptr;
    QComboBox* m_bindLayer = nullptr;
    QComboBox* m_bindAttribute = nullptr;
    QComboBox* m_bindColumn = nullptr;
    QDoubleSpinBox* m_bindRadius = nullptr;
    QPushButton* m_import = nullptr;
    QPushButton* m_accept = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_resultLabel = nullptr;
    QListWidget* m_diagnostics = nullptr;
};

} // namespace citytwin::app
