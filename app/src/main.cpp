// citytwin: the window by default, headless subcommands by name.

#include "cli/Commands.h"
#include "ui/MainWindow.h"
#include "ui/SurfaceFormat.h"

#include <QApplication>
#include <QStringList>

#include <cstdio>
#include <cstring>
#include <string>

namespace {

int runWindow(int argc, char** argv)
{
    citytwin::app::installSurfaceFormat();

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("citytwin"));
    QApplication::setOrganizationName(QStringLiteral("CityTwin"));
    QApplication::setApplicationVersion(QStringLiteral(CITYTWIN_VERSION));

    bool demo = false;
    QString broker;
    QStringList inputs;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--demo") demo = true;
        else if (arg == "--broker" || arg.starts_with("--broker=")) {
            if (arg == "--broker" && i + 1 >= argc) {
                std::fprintf(stderr, "citytwin: --broker needs a URL, e.g. mqtt://127.0.0.1:1883\n");
                return 2;
            }
            broker = QString::fromLocal8Bit(arg == "--broker" ? argv[++i] : argv[i] + std::strlen("--broker="));
        } else if (arg.starts_with("--")) {
            std::fprintf(stderr, "citytwin: unknown option %s (see citytwin --help)\n", arg.c_str());
            return 2;
        } else inputs << QString::fromLocal8Bit(argv[i]);
    }

    citytwin::app::MainWindow window;
    window.show();
    if (demo) window.openDemoCity();
    if (!inputs.isEmpty()) window.openInputs(inputs);
    // After a project (whose own broker settings this overrides) is opened.
    if (!broker.isEmpty() && !window.connectBroker(broker)) {
        std::fprintf(stderr, "citytwin: %s\n", qPrintable(window.statusMessage()));
        return 2;
    }
    return app.exec();
}

} // namespace

int main(int argc, char** argv)
{
    using namespace citytwin::app;
    if (argc > 1) {
        const char* cmd = argv[1];
        if (!std::strcmp(cmd, "--help") || !std::strcmp(cmd, "-h") || !std::strcmp(cmd, "help")) {
            printUsage();
            return 0;
        }
        if (!std::strcmp(cmd, "--version")) { printVersion(); return 0; }
        if (!std::strcmp(cmd, "render")) return runRenderCommand(argc, argv);
        if (!std::strcmp(cmd, "generate")) return runGenerateCommand(argc, argv);
        if (!std::strcmp(cmd, "import")) return runImportCommand(argc, argv);
        if (!std::strcmp(cmd, "simulate")) return runSimulateCommand(argc, argv);
        if (!std::strcmp(cmd, "bench")) return runBenchCommand(argc, argv);
    }
    return runWindow(argc, argv);
}
