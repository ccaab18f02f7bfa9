#pragma once
// Layer properties: source, CRS (with an override), feature count, height
// rule, style (single / categorised / graduated, filter, labels) and the
// diagnostics of the last load. Edits come back as a new state and spec; the
// window turns them into undoable commands.

#include "core/LayerEntry.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace citytwin::app {

/// GUI thread only.
class LayerPropertiesDialog : public QDialog {
    Q_OBJECT
public:
    LayerPropertiesDialog(const LayerEntry& entry, QWidget* parent = nullptr);

    LayerState state() const;
    gis::LayerSpec spec() const;

    // For tests: the style editor's widgets.
    QComboBox* modeCombo() const { return m_mode; }
    QComboBox* attributeCombo() const { return m_attribute; }
    QLineEdit* filterEdit() const { return m_filter; }
    QLineEdit* crsOverrideEdit() const { return m_crsOverride; }
    QLabel* filterStatus() const { return m_filterStatus; }
    void classify();

private:
    QWidget* createGeneralTab();
    QWidget* createHeightTab();
    QWidget* createStyleTab();
    QWidget* createDiagnosticsTab();
    void refreshStyleTable();
    void validateFilter();
    void validateCrs();
    void pickColor(int row);

    const LayerEntry m_entry;
    LayerState m_state;
    std::vector<std::string> m_fields;

    QLineEdit* m_name = nullptr;
    QComboBox* m_kind = nullptr;
    QDoubleSpinBox* m_exaggeration = nullptr;
    QLineEdit* m_crsOverride = nullptr;
    QLabel* m_crsStatus = nullptr;
    QDoubleSpinBox* m_defaultHeight = nullptr;
    QDoubleSpinBox* m_storeyHeight = nullptr;
    QPlainTextEdit* m_candidates = nullptr;
    QComboBox* m_mode = nullptr;
    QPushButton* m_singleColor = nullptr;
    QComboBox* m_attribute = nullptr;
    QComboBox* m_method = nullptr;
    QSpinBox* m_classCount = nullptr;
    QComboBox* m_ramp = nullptr;
    QTableWidget* m_table = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_filterStatus = nullptr;
    QComboBox* m_labelAttribute = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace citytwin::app
