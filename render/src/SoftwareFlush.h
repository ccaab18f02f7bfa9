#pragma once
// Mid-frame flushes for software rasterisers.
//
// A software rasteriser (Mesa llvmpipe) shades vertices and bins triangles on
// the drawing thread and rasterises only when the frame is flushed: the whole
// frame's binned triangles are held at once (tens of MiB for a city view) and
// its rasteriser threads wait while vertices are shaded. Flushing every few
// tens of thousands of triangles bounds that memory and lets the rasteriser
// threads work while later draws are shaded. A GPU driver needs none of it,
// so nothing is flushed there.

#include <osg/Drawable>

namespace citytwin::render {

/// Triangles drawn between two flushes on a software rasteriser.
constexpr unsigned kSoftwareFlushTriangles = 32768;

/// The draw callback of feature geometries: draws, and on a software
/// rasteriser flushes once `kSoftwareFlushTriangles` were drawn since the
/// last flush of that context. Draw thread of each context; one shared
/// instance serves every geometry.
osg::Drawable::DrawCallback* softwareFlushCallback();

} // namespace citytwin::render
