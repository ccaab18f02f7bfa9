#include "citytwin/data/Project.h"

#include <QUuid>

namespace citytwin::data {

std::string newLayerId() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

} // namespace citytwin::data
