#pragma once
// Undoable edits of the project's sensors (import, edit, bind, remove): the
// whole list before and after, so one command covers any edit. GUI thread only.

#include "core/sensors/SensorSession.h"

#include <QPointer>
#include <QUndoCommand>

#include <vector>

namespace citytwin::app {

class SetSensorsCommand : public QUndoCommand {
public:
    SetSensorsCommand(SensorSession& session, std::vector<data::Sensor> before, std::vector<data::Sensor> after,
                      const QString& text);
    void undo() override;
    void redo() override;

private:
    QPointer<SensorSession> m_session; ///< null once the project (and its session) is gone
    std::vector<data::Sensor> m_before, m_after;
};

} // namespace citytwin::app
