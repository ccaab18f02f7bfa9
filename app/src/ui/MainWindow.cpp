#include "ui/MainWindow.h"

#include "core/DemoCityCache.h"
#include "ui/LayerListPanel.h"
#include "ui/LoadTask.h"
#include "ui/ViewerWidget.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QToolBar>
#include <QtConcurrent>

namespace citytwin::app {

MainWindow::MainWindow() : m_scene(std::make_unique<render::CityScene>())
{
    setWindowTitle(tr("CityTwin"));
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    resize(1280, 800);

    m_viewer = new ViewerWidget(*m_scene, this);
    setCentralWidget(m_viewer);

    m_layers = new LayerListPanel(this);
    auto* dock = new QDockWidget(tr("Layers"), this);
    dock->setObjectName(QStringLiteral("layersDock"));
    dock->setWidget(m_layers);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connect(m_layers, &LayerListPanel::layerVisibilityChanged, this, [this](render::LayerId id, bool visible) {
        m_scene->setLayerVisible(id, visible);
        m_viewer->requestRedraw();
    });
    connect(m_layers, &LayerListPanel::zoomToLayerRequested, this, [this](render::LayerId) { fitAll(); });

    createActions();
    createStatusBar();
    connect(m_viewer, &ViewerWidget::cursorMoved, this, [this](bool valid, double x, double y) {
        m_cursorLabel->setText(valid ? tr("E %1  N %2").arg(x, 0, 'f', 1).arg(y, 0, 'f', 1) : QString());
    });
}

MainWindow::~MainWindow()
{
    if (m_task) m_task->cancel();
}

void MainWindow::createActions()
{
    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    auto* open = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open…"),
                                     this, &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(QStringLiteral("actionOpen"));
    auto* demo = fileMenu->addAction(tr("Open &Demo City"), this, &MainWindow::openDemoCity);
    demo->setObjectName(QStringLiteral("actionDemo"));
    fileMenu->addSeparator();
    auto* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* viewMenu = menuBar()->addMenu(tr("&View"));
    auto* home = viewMenu->addAction(QIcon::fromTheme(QStringLiteral("go-home")), tr("&Home (fit all)"),
                                     this, &MainWindow::fitAll);
    home->setShortcut(Qt::Key_Home);
    home->setObjectName(QStringLiteral("actionHome"));

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Controls"), this, [this]() {
        QMessageBox::information(this, tr("Controls"),
            tr("Left drag: orbit\nRight or Shift+left drag: pan\nWheel, +/-: zoom\n"
               "Ctrl+drag, Page Up/Down: tilt\nArrow keys: pan\nHome: fit all"));
    });
    help->addAction(tr("&About CityTwin"), this, [this]() {
        QMessageBox::about(this, tr("About CityTwin"),
                           tr("CityTwin %1\nA digital twin of the city in 3D.").arg(QStringLiteral(CITYTWIN_VERSION)));
    });

    auto* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->addAction(open);
    toolbar->addAction(home);
}

void MainWindow::createStatusBar()
{
    m_messageLabel = new QLabel(tr("Open building footprints with File > Open or drop files here."));
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

void MainWindow::showOpenDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open building footprints"), QString(),
        tr("Vector data (*.gpkg *.shp *.geojson *.json *.fgb *.sqlite *.osm.pbf *.pbf *.zip);;All files (*)"));
    if (!files.isEmpty()) openInputs(files);
}

void MainWindow::openInputs(const QStringList& inputs)
{
    for (const QString& input : inputs) m_pending.push_back(input);
    if (!m_task) startNextLoad();
}

void MainWindow::openDemoCity()
{
    const gis::DemoCityOptions options = demoCityOptions();
    const QString existing = existingDemoCity(options);
    if (!existing.isEmpty()) {
        openInputs({existing});
        return;
    }
    setBusy(true, tr("Generating the demo city (first use only)…"));
    auto* watcher = new QFutureWatcher<gis::Result<gis::DemoCityFiles>>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, m_progress, &QProgressBar::setValue);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, options]() {
        const auto result = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!result.ok()) {
            m_layers->addFailedLayer(tr("demo city"), result.diagnostics());
            m_messageLabel->setText(tr("The demo city could not be generated: %1")
                                        .arg(QString::fromStdString(result.firstError())));
            return;
        }
        const QString path = QString::fromStdString(result->buildingsPath);
        markDemoCityComplete(options, path);
        openInputs({path});
    });
    watcher->setFuture(QtConcurrent::run([options](QPromise<gis::Result<gis::DemoCityFiles>>& promise) {
        // Worker thread.
        promise.setProgressRange(0, 100);
        promise.addResult(gis::generateDemoCity(options, [&promise](double f) {
            promise.setProgressValue(int(f * 100));
        }));
    }));
}

void MainWindow::startNextLoad()
{
    if (m_pending.empty()) {
        setBusy(false);
        emit loadingFinished();
        return;
    }
    const QString input = m_pending.front();
    m_pending.pop_front();
    m_task = new LoadTask(specForInput(input.toStdString()), m_frame, this);
    connect(m_task, &LoadTask::progressChanged, m_progress, &QProgressBar::setValue);
    connect(m_task, &LoadTask::finished, this, &MainWindow::onLoadFinished);
    setBusy(true, tr("Loading %1…").arg(input));
    m_task->start();
}

void MainWindow::onLoadFinished(const std::shared_ptr<gis::Result<LoadedLayer>>& result)
{
    const bool cancelled = m_task && m_task->isCancelled();
    const QString name = m_task ? QString::fromStdString(m_task->spec().name) : QString();
    if (m_task) m_task->deleteLater();
    m_task = nullptr;

    if (cancelled) {
        m_messageLabel->setText(tr("Loading of %1 cancelled.").arg(name));
        m_pending.clear();
    } else if (!result->ok()) {
        m_layers->addFailedLayer(name, result->diagnostics());
        m_messageLabel->setText(tr("Could not load %1: %2").arg(name, QString::fromStdString(result->firstError())));
    } else {
        LoadedLayer& loaded = result->value();
        const bool first = !m_frame.has_value();
        m_frame = loaded.layer.frame;
        m_crsLabel->setText(tr("CRS: %1").arg(QString::fromStdString(
            m_frame->crsName.empty() ? m_frame->crsDefinition : m_frame->crsName)));
        const render::LayerId id = m_scene->addLayer(loaded.prepared);
        m_layers->addLayer(id, loaded.layer, result->diagnostics());
        m_viewer->setSceneFrame(*m_frame);
        if (first) fitAll();
        m_viewer->requestRedraw();
        m_messageLabel->setText(tr("%1: %2 features in %3 s")
                                    .arg(name, QLocale(QLocale::English).toString(qlonglong(loaded.layer.stats.featuresBuilt)))
                                    .arg(loaded.importSeconds, 0, 'f', 2));
    }
    startNextLoad();
}

void MainWindow::cancelLoading()
{
    m_pending.clear();
    if (m_task) m_task->cancel();
}

void MainWindow::fitAll()
{
    if (m_scene->extent().empty()) return;
    m_viewer->fitTo(m_scene->extent(), m_scene->maxHeightMeters());
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
    cancelLoading();
    event->accept();
}

} // namespace citytwin::app
