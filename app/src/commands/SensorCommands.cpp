#include "commands/SensorCommands.h"

namespace citytwin::app {

SetSensorsCommand::SetSensorsCommand(SensorSession& session, std::vector<data::Sensor> before,
                                     std::vector<data::Sensor> after, const QString& text)
    : QUndoCommand(text), m_session(&session), m_before(std::move(before)), m_after(std::move(after))
{
}

void SetSensorsCommand::undo()
{
    if (m_session) m_session->setSensors(m_before);
}

void SetSensorsCommand::redo()
{
    if (m_session) m_session->setSensors(m_after);
}

} // namespace citytwin::app
