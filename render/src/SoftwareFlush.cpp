#include "SoftwareFlush.h"

#include <osg/GL>
#include <osg/Geometry>
#include <osg/PrimitiveSet>
#include <osg/RenderInfo>
#include <osg/State>

#include <array>
#include <cstring>

namespace citytwin::render {
namespace {

constexpr unsigned kMaxContexts = 32;

/// Per graphics context, touched only by that context's draw thread.
struct ContextFlushState {
    int software = -1;       ///< -1 not asked yet, 0 a GPU, 1 a software rasteriser
    unsigned sinceFlush = 0; ///< triangles drawn since the last flush
};

bool isSoftwareRenderer()
{
    const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    if (!renderer) return false;
    for (const char* name : {"llvmpipe", "softpipe", "swrast", "SWR"})
        if (std::strstr(renderer, name)) return true;
    return false;
}

unsigned trianglesOf(const osg::Drawable& drawable)
{
    const osg::Geometry* g = drawable.asGeometry();
    if (!g) return 0;
    unsigned n = 0;
    for (unsigned i = 0; i < g->getNumPrimitiveSets(); ++i) {
        const osg::PrimitiveSet* p = g->getPrimitiveSet(i);
        if (p->getMode() == GL_TRIANGLES) n += p->getNumIndices() / 3;
    }
    return n;
}

class SoftwareFlush : public osg::Drawable::DrawCallback {
public:
    void drawImplementation(osg::RenderInfo& info, const osg::Drawable* drawable) const override
    {
        drawable->drawImplementation(info);
        const unsigned id = info.getContextID();
        if (id >= kMaxContexts) return;
        ContextFlushState& s = m_states[id];
        if (s.software < 0) s.software = isSoftwareRenderer() ? 1 : 0;
        if (s.software == 0) return;
        s.sinceFlush += trianglesOf(*drawable);
        if (s.sinceFlush < kSoftwareFlushTriangles) return;
        glFlush();
        s.sinceFlush = 0;
    }

private:
    mutable std::array<ContextFlushState, kMaxContexts> m_states{};
};

} // namespace

osg::Drawable::DrawCallback* softwareFlushCallback()
{
    static const osg::ref_ptr<SoftwareFlush> callback = new SoftwareFlush;
    return callback.get();
}

} // namespace citytwin::render
