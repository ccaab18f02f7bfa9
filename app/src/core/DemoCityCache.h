#pragma once
// Where the built-in demo city lives: generated once into the user's cache folder.

#include "citytwin/gis/DemoCity.h"

#include <QString>

namespace citytwin::app {

/// Options of the demo city shown by `citytwin --demo` (cache folder filled in).
gis::DemoCityOptions demoCityOptions();
/// The buildings file if it was generated completely before, else empty.
QString existingDemoCity(const gis::DemoCityOptions& options);
/// Marks a generated city complete (writes a stamp file). Any thread.
void markDemoCityComplete(const gis::DemoCityOptions& options, const QString& buildingsPath);

} // namespace citytwin::app
