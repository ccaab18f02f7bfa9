#pragma once
// RAII owners for GDAL/OGR handles and a per-thread GDAL error collector.

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>
#include <vector>

namespace citytwin::gis {

struct GdalDatasetCloser {
    void operator()(GDALDataset* d) const { if (d) GDALClose(GDALDataset::ToHandle(d)); }
};
using GdalDatasetPtr = std::unique_ptr<GDALDataset, GdalDatasetCloser>;

struct OgrFeatureDeleter {
    void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using OgrFeaturePtr = std::unique_ptr<OGRFeature, OgrFeatureDeleter>;

struct OgrGeometryDeleter {
    void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using OgrGeometryPtr = std::unique_ptr<OGRGeometry, OgrGeometryDeleter>;

/// While alive, GDAL errors raised on the constructing thread are collected
/// instead of printed (GDAL's handler stack is per thread). Warnings are only
/// counted: some drivers emit one per feature.
class GdalErrorCapture {
public:
    GdalErrorCapture();
    ~GdalErrorCapture();
    GdalErrorCapture(const GdalErrorCapture&) = delete;
    GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;

    /// Errors (CE_Failure, CE_Fatal) seen so far, at most 100 kept.
    const std::vector<std::string>& errors() const { return m_errors; }
    int64_t errorCount() const { return m_errorCount; }
    int64_t warningCount() const { return m_warningCount; }
    /// Clears the collected errors and returns them.
    std::vector<std::string> takeErrors();

private:
    static void CPL_STDCALL handler(CPLErr type, CPLErrorNum num, const char* msg);
    std::vector<std::string> m_errors;
    int64_t m_errorCount = 0;
    int64_t m_warningCount = 0;
};

/// Registers GDAL drivers once; safe from any thread.
void ensureGdalRegistered();

} // namespace citytwin::gis
