#include "ui/MainWindow.h"

#include "core/SensorSceneSync.h"
#include "core/sensors/SensorSession.h"
#include "ui/sensors/TimeBar.h"

#include "commands/LayerCommands.h"
#include "core/DemoCityCache.h"
#include "core/LayerStack.h"
#include "ui/LayerPropertiesDialog.h"
#include "ui/LayerTreePanel.h"
#include "ui/LoadTask.h"
#include "ui/ViewerWidget.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace citytwin::app {

namespace {
/// Default frame triangle budgets: a software rasteriser (Mesa llvmpipe /
/// softpipe, 2 cores) needs about 0.15 s per million triangles, so its
/// budget keeps the heaviest street-level frames near 0.1 s; a GPU draws
/// several million in a few milliseconds.
constexpr int64_t kSoftwareFrameTriangleBudget = 600'000;
constexpr int64_t kGpuFrameTriangleBudget = 4'000'000;

bool isSoftwareRenderer(const QString& renderer)
{
    const QString r = renderer.toLower();
    return r.contains(QLatin1String("llvmpipe")) || r.contains(QLatin1String("softpipe")) ||
           r.contains(QLatin1String("swrast")) || r.contains(QLatin1String("software"));
}
} // namespace

MainWindow::MainWindow() : m_scene(std::make_unique<render::CityScene>())
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    resize(1280, 800);

    // A street-level view across a city of a million buildings selects a few
    // million triangles at full level of detail; the budget keeps such a frame
    // affordable by coarsening the far cells. Settings key
    // view/frameTriangleBudget (0 = none); by default it depends on the
    // renderer (set once the GL context is known, see glReady below).
    m_scene->setFrameTriangleBudget(
        QSettings().value(QStringLiteral("view/frameTriangleBudget"), qlonglong(kSoftwareFrameTriangleBudget)).toLongLong());
    m_stack = new LayerStack(*m_scene, this);
    m_undo = new QUndoStack(this);

    auto* central = new QWidget(this);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    createRecoveryBar();
    centralLayout->addWidget(m_recoveryBar);
    m_viewer = new ViewerWidget(*m_scene, central);
    connect(m_viewer, &ViewerWidget::glReady, this, [this](const QString& renderer) {
        const qlonglong fallback = isSoftwareRenderer(renderer) ? kSoftwareFrameTriangleBudget : kGpuFrameTriangleBudget;
        m_scene->setFrameTriangleBudget(
            QSettings().value(QStringLiteral("view/frameTriangleBudget"), fallback).toLongLong());
    });
    centralLayout->addWidget(m_viewer, 1);
    setCentralWidget(central);

    m_tree = new LayerTreePanel(*m_stack, this);
    auto* dock = new QDockWidget(tr("Layers"), this);
    dock->setObjectName(QStringLiteral("layersDock"));
    dock->setWidget(m_tree);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connectLayerTree();

    createActions();
    createStatusBar();
    createSensorUi();
    connect(m_viewer, &ViewerWidget::cursorMoved, this, [this](bool valid, double x, double y) {
        m_cursorLabel->setText(valid ? tr("E %1  N %2").arg(x, 0, 'f', 1).arg(y, 0, 'f', 1) : QString());
    });
    connect(m_stack, &LayerStack::layersChanged, m_viewer, &ViewerWidget::requestRedraw);
    connect(m_stack, &LayerStack::layerChanged, m_viewer, &ViewerWidget::requestRedraw);
    connect(m_undo, &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);

    m_autosaveTimer.setInterval(30000);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosaveRecovery);
    m_autosaveTimer.start();
    updateTitle();
    QTimer::singleShot(0, this, [this]() { offerRecovery(QString()); });
}

MainWindow::~MainWindow()
{
    if (m_task) m_task->cancel();
    // Commands refer to the stack: drop them before it goes.
    m_undo->clear();
    closeSensorSession();
}

void MainWindow::connectLayerTree()
{
    auto stateOf = [this](const QString& id) -> std::optional<LayerState> {
        const LayerEntry* e = m_stack->find(id.toStdString());
        return e ? std::optional<LayerState>(e->state) : std::nullopt;
    };
    connect(m_tree, &LayerTreePanel::visibilityToggled, this, [this, stateOf](const QString& id, bool visible) {
        auto before = stateOf(id);
        if (!before) return;
        LayerState after = *before;
        after.visible = visible;
        m_undo->push(new SetLayerStateCommand(*m_stack, id.toStdString(), *before, after,
                                              visible ? tr("Show layer") : tr("Hide layer")));
    });
    connect(m_tree, &LayerTreePanel::renameRequested, this, [this, stateOf](const QString& id, const QString& name) {
        auto before = stateOf(id);
        if (!before) return;
        LayerState after = *before;
        after.name = name.toStdString();
        m_undo->push(new SetLayerStateCommand(*m_stack, id.toStdString(), *before, after, tr("Rename layer")));
    });
    connect(m_tree, &LayerTreePanel::opacityRequested, this, [this, stateOf](const QString& id, float opacity) {
        auto before = stateOf(id);
        if (!before) return;
        LayerState after = *before;
        after.opacity = opacity;
        m_undo->push(new SetLayerStateCommand(*m_stack, id.toStdString(), *before, after, tr("Change opacity"),
                                              SetLayerStateCommand::OpacityMerge));
    });
    connect(m_tree, &LayerTreePanel::moveRequested, this, [this](const QString& id, int newIndex) {
        const int from = m_stack->indexOf(id.toStdString());
        if (from < 0 || from == newIndex) return;
        m_undo->push(new MoveLayerCommand(*m_stack, id.toStdString(), from, newIndex));
    });
    connect(m_tree, &LayerTreePanel::removeRequested, this, [this](const QString& id) {
        if (m_stack->find(id.toStdString())) m_undo->push(new RemoveLayerCommand(*m_stack, id.toStdString()));
    });
    connect(m_tree, &LayerTreePanel::zoomRequested, this, &MainWindow::zoomToLayer);
    connect(m_tree, &LayerTreePanel::propertiesRequested, this, &MainWindow::showProperties);
}

void MainWindow::createActions()
{
    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    auto* newAction = fileMenu->addAction(tr("&New Project"), this, &MainWindow::newProject);
    newAction->setShortcut(QKeySequence::New);
    auto* open = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open…"),
                                     this, &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(QStringLiteral("actionOpen"));
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    updateRecentMenu();
    auto* demo = fileMenu->addAction(tr("Open &Demo City"), this, &MainWindow::openDemoCity);
    demo->setObjectName(QStringLiteral("actionDemo"));
    fileMenu->addSeparator();
    auto* saveAction = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("document-save")), tr("&Save"),
                                           this, &MainWindow::save);
    saveAction->setShortcut(QKeySequence::Save);
    auto* saveAs = fileMenu->addAction(tr("Save &As…"), this, &MainWindow::showSaveAsDialog);
    saveAs->setShortcut(QKeySequence::SaveAs);
    fileMenu->addSeparator();
    auto* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* editMenu = menuBar()->addMenu(tr("&Edit"));
    auto* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    auto* redo = m_undo->createRedoAction(this, tr("&Redo"));
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    const QKeySequence ctrlShiftZ(Qt::CTRL | Qt::SHIFT | Qt::Key_Z);
    if (!redoKeys.contains(ctrlShiftZ)) redoKeys.prepend(ctrlShiftZ);
    redo->setShortcuts(redoKeys);
    editMenu->addAction(undo);
    editMenu->addAction(redo);
    editMenu->addSeparator();
    auto* props = editMenu->addAction(tr("Layer &Properties…"), this, [this]() {
        showProperties(m_tree->currentLayerId());
    });
    props->setShortcut(Qt::CTRL | Qt::Key_I);
    auto* remove = editMenu->addAction(tr("&Remove Layer"), this, [this]() {
        const QString id = m_tree->currentLayerId();
        if (!id.isEmpty()) m_undo->push(new RemoveLayerCommand(*m_stack, id.toStdString()));
    });
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_tree->addAction(remove);

    auto* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    auto* home = viewMenu->addAction(QIcon::fromTheme(QStringLiteral("go-home")), tr("&Home (fit all)"),
                                     this, &MainWindow::fitAll);
    home->setShortcut(Qt::Key_Home);
    home->setObjectName(QStringLiteral("actionHome"));
    viewMenu->addAction(tr("&Zoom to Layer"), this, [this]() { zoomToLayer(m_tree->currentLayerId()); });

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Controls"), this, [this]() {
        QMessageBox::information(this, tr("Controls"),
            tr("Left drag: orbit\nRight or Shift+left drag: pan\nWheel, +/-: zoom\n"
               "Ctrl+drag, Page Up/Down: tilt\nArrow keys: pan\nHome: fit all\n"
               "Ctrl+Z / Ctrl+Shift+Z: undo / redo"));
    });
    help->addAction(tr("&About CityTwin"), this, [this]() {
        QMessageBox::about(this, tr("About CityTwin"),
                           tr("CityTwin %1\nA digital twin of the city in 3D.").arg(QStringLiteral(CITYTWIN_VERSION)));
    });

    // Theme icons where the desktop has them, the style's own otherwise.
    auto withIcon = [this](QAction* action, const char* theme, QStyle::StandardPixmap fallback) {
        action->setIcon(QIcon::fromTheme(QString::fromLatin1(theme), style()->standardIcon(fallback)));
    };
    withIcon(open, "document-open", QStyle::SP_DialogOpenButton);
    withIcon(saveAction, "document-save", QStyle::SP_DialogSaveButton);
    withIcon(undo, "edit-undo", QStyle::SP_ArrowBack);
    withIcon(redo, "edit-redo", QStyle::SP_ArrowForward);
    withIcon(home, "go-home", QStyle::SP_DirHomeIcon);
    auto* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    toolbar->addAction(open);
    toolbar->addAction(saveAction);
    toolbar->addAction(undo);
    toolbar->addAction(redo);
    toolbar->addAction(home);
}

void MainWindow::createStatusBar()
{
    m_messageLabel = new QLabel(tr("Open building footprints, terrain or imagery with File > Open or drop files here."));
    m_messageLabel->setObjectName(QStringLiteral("statusMessage"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setVisible(false);
    connect(m_cancelButton, &QPushButton::clicked, this, &MainWindow::cancelLoading);
    m_crsLabel = new QLabel(tr("CRS: none"));
    m_crsLabel->setObjectName(QStringLiteral("crsLabel"));
    m_cursorLabel = new QLabel;
    m_cursorLabel->setObjectName(QStringLiteral("cursorLabel"));
    m_cursorLabel->setMinimumWidth(220);

    statusBar()->addWidget(m_messageLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancelButton);
    statusBar()->addPermanentWidget(m_cursorLabel);
    statusBar()->addPermanentWidget(m_crsLabel);
}

QString MainWindow::crsText() const { return m_crsLabel->text(); }
QString MainWindow::statusMessage() const { return m_messageLabel->text(); }
bool MainWindow::isLoading() const { return m_task != nullptr || !m_pending.empty(); }
bool MainWindow::isModified() const { return !m_undo->isClean(); }

void MainWindow::showOpenDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open data or a project"), QString(),
        tr("CityTwin projects and GIS data (*.citytwin *.gpkg *.shp *.geojson *.json *.fgb *.sqlite "
           "*.osm.pbf *.pbf *.zip *.tif *.tiff *.hgt *.asc *.vrt);;"
           "CityTwin projects (*.citytwin);;All files (*)"));
    if (!files.isEmpty()) openInputs(files);
}

void MainWindow::fitAll()
{
    // The city, not the region: imagery and terrain often cover far more than
    // the vector layers, so fit those when there are any.
    gis::Extent2 extent;
    double height = 0;
    for (const auto& entry : m_stack->layers()) {
        if (!entry.state.visible || !entry.loaded || !entry.loaded->vector) continue;
        extent.add(entry.loaded->extent);
        height = std::max(height, entry.loaded->vector->maxHeightMeters);
    }
    if (extent.empty()) {
        extent = m_scene->extent();
        height = m_scene->maxHeightMeters();
    }
    if (extent.empty()) return;
    m_viewer->fitTo(extent, height);
}

void MainWindow::zoomToLayer(const QString& id)
{
    const LayerEntry* e = m_stack->find(id.toStdString());
    if (!e || !e->loaded || e->loaded->extent.empty()) return;
    const double height = e->loaded->vector ? e->loaded->vector->maxHeightMeters : 0.0;
    m_viewer->fitTo(e->loaded->extent, height);
}

void MainWindow::showProperties(const QString& id)
{
    const LayerEntry* e = m_stack->find(id.toStdString());
    if (!e) return;
    LayerPropertiesDialog dialog(*e, this);
    if (dialog.exec() != QDialog::Accepted) return;
    const LayerEntry* now = m_stack->find(id.toStdString());
    if (!now) return;
    m_undo->beginMacro(tr("Change layer properties"));
    const LayerState state = dialog.state();
    if (!(state == now->state))
        m_undo->push(new SetLayerStateCommand(*m_stack, now->id, now->state, state, tr("Change style")));
    const gis::LayerSpec spec = dialog.spec();
    if (!(spec == now->spec)) {
        m_undo->push(new ChangeLayerSpecCommand(now->id, now->spec, spec,
                                                [this](const std::string& layerId, const gis::LayerSpec& s) {
                                                    reloadLayer(layerId, s);
                                                },
                                                tr("Change how the layer is read")));
    }
    m_undo->endMacro();
}

void MainWindow::setBusy(bool busy, const QString& what)
{
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    if (busy) {
        m_progress->setValue(0);
        m_messageLabel->setText(what);
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList files;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) files << url.toLocalFile();
    if (!files.isEmpty()) {
        openInputs(files);
        event->acceptProposedAction();
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    cancelLoading();
    event->accept();
}

} // namespace citytwin::app
