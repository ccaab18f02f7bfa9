#pragma once
// Helpers for tests that drive the real window: wait for loads, grab settled
// frames, compare what the user sees.

#include "ui/MainWindow.h"
#include "ui/ViewerWidget.h"

#include "citytwin/render/CityScene.h"

#include <QElapsedTimer>
#include <QImage>
#include <QtTest>

namespace citytwin::test {

/// Pixels that differ clearly (sum of channel differences > 30) between two
/// images of the same size; every pixel when the sizes differ.
inline int differingPixels(const QImage& a, const QImage& b)
{
    if (a.size() != b.size()) return a.width() * a.height();
    int count = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            if (qAbs(qRed(p) - qRed(q)) + qAbs(qGreen(p) - qGreen(q)) + qAbs(qBlue(p) - qBlue(q)) > 30) ++count;
        }
    return count;
}

/// Pixels that differ clearly from the sky colour (the top-left corner).
inline int nonSkyPixels(const QImage& image)
{
    QImage sky(image.size(), QImage::Format_RGB32);
    sky.fill(image.pixel(1, 1));
    return differingPixels(image, sky);
}

/// Waits until the load queue is empty and every tile is attached.
inline bool waitUntilLoaded(app::MainWindow& w, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (!w.isLoading() && w.scene().pendingTiles() == 0) return true;
        QTest::qWait(50);
    }
    return false;
}

/// The view once the merge queue has drained and on-demand frames are done.
inline QImage settledImage(app::MainWindow& w)
{
    for (int i = 0; i < 40 && w.scene().pendingTiles() > 0; ++i) QTest::qWait(50);
    QTest::qWait(200);
    return w.viewer()->grabFramebuffer();
}

} // namespace citytwin::test
