#pragma once

namespace citytwin::app {

/// Sets the default OpenGL surface format before QApplication exists. OSG here
/// is a GL2 / fixed-function build: it needs a compatibility context (a Core
/// profile gives a blank image and GL errors).
void installSurfaceFormat();

} // namespace citytwin::app
