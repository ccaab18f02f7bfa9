#include "vector/GdalHandles.h"

#include <mutex>

namespace citytwin::gis {

GdalErrorCapture::GdalErrorCapture()
{
    CPLPushErrorHandlerEx(&GdalErrorCapture::handler, this);
}

GdalErrorCapture::~GdalErrorCapture()
{
    CPLPopErrorHandler();
}

std::vector<std::string> GdalErrorCapture::takeErrors()
{
    std::vector<std::string> out;
    out.swap(m_errors);
    return out;
}

void CPL_STDCALL GdalErrorCapture::handler(CPLErr type, CPLErrorNum, const char* msg)
{
    auto* self = static_cast<GdalErrorCapture*>(CPLGetErrorHandlerUserData());
    if (!self) return;
    if (type == CE_Failure || type == CE_Fatal) {
        ++self->m_errorCount;
        if (self->m_errors.size() < 100) self->m_errors.emplace_back(msg ? msg : "");
    } else if (type == CE_Warning) {
        ++self->m_warningCount;
    }
}

void ensureGdalRegistered()
{
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

} // namespace citytwin::gis
