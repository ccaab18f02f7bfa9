#include "citytwin/render/OffscreenRenderer.h"

#include "citytwin/render/CityScene.h"
#include "citytwin/render/EmbeddedViewer.h"
#include "citytwin/render/GroundNode.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/gl.h>
#include <GL/glext.h>

#include <osg/observer_ptr>
#include <osgViewer/Viewer>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

namespace citytwin::render {

namespace {

/// Longest wait for the tile loader between two frames of renderComplete().
constexpr int kTileWaitMs = 100;

/// Framebuffer-object entry points (GL 3.0), fetched from the EGL driver.
struct FboFunctions {
    PFNGLGENFRAMEBUFFERSPROC genFramebuffers = nullptr;
    PFNGLDELETEFRAMEBUFFERSPROC deleteFramebuffers = nullptr;
    PFNGLBINDFRAMEBUFFERPROC bindFramebuffer = nullptr;
    PFNGLGENRENDERBUFFERSPROC genRenderbuffers = nullptr;
    PFNGLDELETERENDERBUFFERSPROC deleteRenderbuffers = nullptr;
    PFNGLBINDRENDERBUFFERPROC bindRenderbuffer = nullptr;
    PFNGLRENDERBUFFERSTORAGEPROC renderbufferStorage = nullptr;
    PFNGLFRAMEBUFFERRENDERBUFFERPROC framebufferRenderbuffer = nullptr;
    PFNGLCHECKFRAMEBUFFERSTATUSPROC checkFramebufferStatus = nullptr;

    bool load() {
        auto get = [](const char* name) { return eglGetProcAddress(name); };
        genFramebuffers = reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(get("glGenFramebuffers"));
        deleteFramebuffers = reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(get("glDeleteFramebuffers"));
        bindFramebuffer = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(get("glBindFramebuffer"));
        genRenderbuffers = reinterpret_cast<PFNGLGENRENDERBUFFERSPROC>(get("glGenRenderbuffers"));
        deleteRenderbuffers = reinterpret_cast<PFNGLDELETERENDERBUFFERSPROC>(get("glDeleteRenderbuffers"));
        bindRenderbuffer = reinterpret_cast<PFNGLBINDRENDERBUFFERPROC>(get("glBindRenderbuffer"));
        renderbufferStorage = reinterpret_cast<PFNGLRENDERBUFFERSTORAGEPROC>(get("glRenderbufferStorage"));
        framebufferRenderbuffer =
            reinterpret_cast<PFNGLFRAMEBUFFERRENDERBUFFERPROC>(get("glFramebufferRenderbuffer"));
        checkFramebufferStatus =
            reinterpret_cast<PFNGLCHECKFRAMEBUFFERSTATUSPROC>(get("glCheckFramebufferStatus"));
        return genFramebuffers && deleteFramebuffers && bindFramebuffer && genRenderbuffers &&
               deleteRenderbuffers && bindRenderbuffer && renderbufferStorage &&
               framebufferRenderbuffer && checkFramebufferStatus;
    }
};

EGLDisplay openSurfacelessDisplay() {
    auto getPlatformDisplay = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
        eglGetProcAddress("eglGetPlatformDisplayEXT"));
    EGLDisplay display = EGL_NO_DISPLAY;
    if (getPlatformDisplay)
        display = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (display == EGL_NO_DISPLAY) display = eglGetDisplay(EGL_DEFAULT_DISPLAY);
    return display;
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const double pos = p * (values.size() - 1);
    const size_t i = static_cast<size_t>(pos);
    const double frac = pos - i;
    return i + 1 < values.size() ? values[i] * (1 - frac) + values[i + 1] * frac : values[i];
}

} // namespace

struct OffscreenRenderer::Impl {
    int width = 0, height = 0;
    EGLDisplay display = EGL_NO_DISPLAY;
    EGLContext context = EGL_NO_CONTEXT;
    FboFunctions gl;
    GLuint fbo = 0, colorRb = 0, depthRb = 0;
    osg::ref_ptr<osgViewer::Viewer> viewer;
    osg::observer_ptr<osg::Node> sceneRoot;
    double firstFrameSeconds = -1;

    gis::Result<bool> init() {
        using R = gis::Result<bool>;
        display = openSurfacelessDisplay();
        if (display == EGL_NO_DISPLAY) return R::failure("EGL: no display");
        EGLint major = 0, minor = 0;
        if (!eglInitialize(display, &major, &minor)) return R::failure("EGL: eglInitialize failed");
        if (!eglBindAPI(EGL_OPENGL_API)) return R::failure("EGL: desktop OpenGL not available");

        const EGLint configAttribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE,
                                        EGL_OPENGL_BIT, EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8,
                                        EGL_BLUE_SIZE, 8, EGL_DEPTH_SIZE, 24, EGL_NONE};
        EGLConfig config = nullptr;
        EGLint numConfigs = 0;
        if (!eglChooseConfig(display, configAttribs, &config, 1, &numConfigs) || numConfigs < 1)
            config = nullptr; // EGL_KHR_no_config_context: we draw into our own FBO anyway
        // No profile request: the default is the compatibility profile that
        // Debian's fixed-function OSG build needs.
        const EGLint contextAttribs[] = {EGL_NONE};
        context = eglCreateContext(display, config, EGL_NO_CONTEXT, contextAttribs);
        if (context == EGL_NO_CONTEXT) return R::failure("EGL: cannot create an OpenGL context");
        if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context))
            return R::failure("EGL: cannot make the context current without a surface");
        if (!gl.load()) return R::failure("OpenGL: framebuffer objects unavailable");

        gl.genRenderbuffers(1, &colorRb);
        gl.bindRenderbuffer(GL_RENDERBUFFER, colorRb);
        gl.renderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
        gl.genRenderbuffers(1, &depthRb);
        gl.bindRenderbuffer(GL_RENDERBUFFER, depthRb);
        gl.renderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
        gl.genFramebuffers(1, &fbo);
        gl.bindFramebuffer(GL_FRAMEBUFFER, fbo);
        gl.framebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colorRb);
        gl.framebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depthRb);
        if (gl.checkFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
            return R::failure("OpenGL: offscreen framebuffer incomplete");
        return true;
    }

    void makeCurrent() { eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context); }

    void prepare(CityScene& scene, const CameraView& view) {
        makeCurrent();
        if (!viewer) {
            viewer = new osgViewer::Viewer;
            setUpEmbeddedViewer(*viewer, scene, width, height);
        } else if (viewer->getSceneData() != scene.root()) {
            viewer->setSceneData(scene.root());
        }
        sceneRoot = scene.root();
        setViewerCameraView(*viewer, view);
    }

    void frame() { renderEmbeddedFrame(*viewer, fbo); }

    RgbaImage readPixels() {
        RgbaImage image;
        image.width = width;
        image.height = height;
        image.pixels.resize(size_t(width) * height * 4);
        std::vector<uint8_t> bottomUp(image.pixels.size());
        gl.bindFramebuffer(GL_FRAMEBUFFER, fbo);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, bottomUp.data());
        const size_t row = size_t(width) * 4;
        for (int y = 0; y < height; ++y)
            std::memcpy(image.pixels.data() + row * y, bottomUp.data() + row * (height - 1 - y), row);
        return image;
    }

    ~Impl() {
        if (context == EGL_NO_CONTEXT) return;
        makeCurrent();
        if (viewer) {
            // Free the scene's GL objects of this context: a later context may
            // reuse the same OSG context id and must not see stale names.
            osg::ref_ptr<osg::Node> root;
            if (sceneRoot.lock(root))
                if (osg::GraphicsContext* gc = viewer->getCamera()->getGraphicsContext())
                    root->releaseGLObjects(gc->getState());
            viewer->setSceneData(nullptr);
            viewer = nullptr;
        }
        if (fbo) gl.deleteFramebuffers(1, &fbo);
        if (colorRb) gl.deleteRenderbuffers(1, &colorRb);
        if (depthRb) gl.deleteRenderbuffers(1, &depthRb);
        eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(display, context);
        // The display stays initialised: other renderers may share it.
    }
};

OffscreenRenderer::OffscreenRenderer() : m_impl(std::make_unique<Impl>()) {}
OffscreenRenderer::~OffscreenRenderer() = default;

gis::Result<std::unique_ptr<OffscreenRenderer>> OffscreenRenderer::create(int width, int height) {
    using R = gis::Result<std::unique_ptr<OffscreenRenderer>>;
    if (width < 1 || height < 1 || width > 16384 || height > 16384)
        return R::failure("offscreen size must be within 1..16384 pixels");
    std::unique_ptr<OffscreenRenderer> renderer(new OffscreenRenderer);
    renderer->m_impl->width = width;
    renderer->m_impl->height = height;
    auto ok = renderer->m_impl->init();
    if (!ok) return R::failure(ok.diagnostics());
    return R(std::move(renderer));
}

int OffscreenRenderer::width() const { return m_impl->width; }
int OffscreenRenderer::height() const { return m_impl->height; }

std::string OffscreenRenderer::glDescription() const {
    m_impl->makeCurrent();
    const char* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const char* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    return std::string(renderer ? renderer : "?") + " (OpenGL " + (version ? version : "?") + ")";
}

RgbaImage OffscreenRenderer::renderComplete(CityScene& scene, const CameraView& view) {
    m_impl->prepare(scene, view);
    // Each frame's update traversal attaches tilesPerFrame() tiles, and the
    // ground builds the terrain levels the previous cull asked for: done when
    // a frame leaves neither. Paged tiles arrive from the loader thread:
    // wait for some rather than draw frames that change nothing.
    for (int guard = 0; guard < 1000000; ++guard) {
        m_impl->frame();
        if (scene.pendingTiles() == 0 && pendingGroundWork(scene.root()) == 0) break;
        scene.waitForTileLoads(kTileWaitMs);
    }
    m_impl->frame();
    glFinish();
    if (m_impl->firstFrameSeconds < 0) m_impl->firstFrameSeconds = secondsSinceProcessStart();
    return m_impl->readPixels();
}

std::vector<DrawnMesh> OffscreenRenderer::lastDrawnMeshes() const {
    return m_impl->viewer ? lastDrawnFeatureMeshes(*m_impl->viewer) : std::vector<DrawnMesh>{};
}

FrameStats OffscreenRenderer::measureFrames(CityScene& scene, const CameraView& view, int n) {
    m_impl->prepare(scene, view);
    std::vector<double> ms;
    ms.reserve(std::max(n, 0));
    for (int i = 0; i < n; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        m_impl->frame();
        glFinish();
        const auto t1 = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    FrameStats stats;
    stats.frames = n;
    stats.firstFrameSeconds = std::max(0.0, m_impl->firstFrameSeconds);
    stats.medianFrameMs = percentile(ms, 0.5);
    stats.p95FrameMs = percentile(ms, 0.95);
    if (m_impl->viewer) {
        const FrameCounts counts = lastFrameCounts(*m_impl->viewer);
        stats.drawCalls = counts.drawCalls;
        stats.triangles = counts.triangles;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    stats.peakRssBytes = int64_t(usage.ru_maxrss) * 1024;
    return stats;
}

double secondsSinceProcessStart() {
    std::ifstream statFile("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(statFile)), std::istreambuf_iterator<char>());
    const size_t close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    // Fields after the command name start at #3 (state); starttime is #22.
    for (int i = 3; i <= 22 && (fields >> field); ++i) {}
    const double startTicks = std::atof(field.c_str());
    std::ifstream uptimeFile("/proc/uptime");
    double uptime = 0;
    uptimeFile >> uptime;
    return std::max(0.0, uptime - startTicks / double(sysconf(_SC_CLK_TCK)));
}

} // namespace citytwin::render
