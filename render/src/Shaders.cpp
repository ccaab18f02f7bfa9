#include "Shaders.h"

#include <QFile>

#include <osg/Shader>

// The resources live in an object library that Qt links into every
// consumer of this static library; naming the initializer keeps the linker
// honest (a missing resource object fails to link instead of at run time).
static void initShaderResources() { Q_INIT_RESOURCE(render_shaders); }

namespace citytwin::render {

gis::Result<std::string> loadShaderSource(const std::string& name) {
    static const bool initialised = (initShaderResources(), true);
    (void)initialised;
    const QString path = QStringLiteral(":/citytwin/shaders/") + QString::fromStdString(name);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return gis::Result<std::string>::failure("shader resource missing: " + path.toStdString());
    const QByteArray text = file.readAll();
    if (text.trimmed().isEmpty())
        return gis::Result<std::string>::failure("shader resource empty: " + path.toStdString());
    return text.toStdString();
}

namespace {
/// `source` with `#define <name>` after its #version line.
std::string withDefine(const std::string& source, const std::string& name) {
    const size_t eol = source.rfind("#version", 0) == 0 ? source.find('\n') : std::string::npos;
    const std::string define = "#define " + name + "\n";
    return eol == std::string::npos ? define + source : source.substr(0, eol + 1) + define + source.substr(eol + 1);
}

gis::Result<osg::ref_ptr<osg::Program>> programOf(const std::string& name, const std::string& define = {}) {
    using R = gis::Result<osg::ref_ptr<osg::Program>>;
    auto vert = loadShaderSource(name + ".vert");
    if (!vert) return R::failure(vert.diagnostics());
    if (!define.empty()) *vert = withDefine(*vert, define);
    auto frag = loadShaderSource(name + ".frag");
    if (!frag) return R::failure(frag.diagnostics());
    osg::ref_ptr<osg::Program> program = new osg::Program;
    program->setName("citytwin_" + name + (define.empty() ? "" : "_" + define));
    program->addShader(new osg::Shader(osg::Shader::VERTEX, *vert));
    program->addShader(new osg::Shader(osg::Shader::FRAGMENT, *frag));
    return program;
}
} // namespace

gis::Result<osg::ref_ptr<osg::Program>> buildingProgram() {
    auto program = programOf("building");
    if (program) (*program)->addBindAttribLocation("a_featureId", kFeatureIdAttribute);
    return program;
}

gis::Result<osg::ref_ptr<osg::Program>> buildingSharedStateProgram() {
    auto program = programOf("building", "SHARED_STATE");
    if (program) (*program)->addBindAttribLocation("a_featureId", kFeatureIdAttribute);
    return program;
}

gis::Result<osg::ref_ptr<osg::Program>> groundProgram() { return programOf("ground"); }

gis::Result<osg::ref_ptr<osg::Program>> drapeProgram() {
    auto program = programOf("drape");
    if (program) (*program)->addBindAttribLocation("a_featureId", kFeatureIdAttribute);
    return program;
}

gis::Result<osg::ref_ptr<osg::Program>> pointProgram() {
    auto program = programOf("point");
    if (program) (*program)->addBindAttribLocation("a_featureId", kFeatureIdAttribute);
    return program;
}

gis::Result<osg::ref_ptr<osg::Program>> sensorMarkerProgram() { return programOf("sensor_marker"); }

gis::Result<osg::ref_ptr<osg::Program>> sensorBadgeProgram() { return programOf("sensor_badge"); }

gis::Result<osg::ref_ptr<osg::Program>> heatProgram() { return programOf("heat"); }

} // namespace citytwin::render
