#pragma once
// The OK / Cancel row every CityTwin dialog ends with. GUI thread.

#include <QDialog>
#include <QDialogButtonBox>

namespace citytwin::app {

/// OK and Cancel buttons wired to the dialog's accept() and reject()
/// (Enter / Escape work as usual). The dialog owns them once laid out.
QDialogButtonBox* okCancelButtons(QDialog* dialog);

} // namespace citytwin::app
