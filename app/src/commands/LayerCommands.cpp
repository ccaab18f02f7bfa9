#include "commands/LayerCommands.h"

#include "core/LayerStack.h"

namespace citytwin::app {

SetLayerStateCommand::SetLayerStateCommand(LayerStack& stack, std::string id, LayerState before,
                                           LayerState after, const QString& text, int mergeKey)
    : QUndoCommand(text), m_stack(stack), m_id(std::move(id)), m_before(std::move(before)),
      m_after(std::move(after)), m_mergeKey(mergeKey)
{
}

void SetLayerStateCommand::undo() { m_stack.setState(m_id, m_before); }
void SetLayerStateCommand::redo() { m_stack.setState(m_id, m_after); }

bool SetLayerStateCommand::mergeWith(const QUndoCommand* other)
{
    const auto* o = static_cast<const SetLayerStateCommand*>(other);
    if (m_mergeKey == NoMerge || o->m_id != m_id) return false;
    m_after = o->m_after;
    return true;
}

AddLayerCommand::AddLayerCommand(LayerStack& stack, LayerEntry entry, int index)
    : QUndoCommand(QObject::tr("Add layer %1").arg(QString::fromStdString(entry.state.name))),
      m_stack(stack), m_taken(std::move(entry)), m_index(index)
{
    m_id = m_taken->id;
}

AddLayerCommand::~AddLayerCommand()
{
    if (m_taken) m_stack.destroyScene(*m_taken);
}

void AddLayerCommand::redo()
{
    if (!m_taken) return;
    m_stack.insert(std::move(*m_taken), m_index);
    m_taken.reset();
}

void AddLayerCommand::undo()
{
    m_index = m_stack.indexOf(m_id);
    m_taken = m_stack.take(m_id);
}

RemoveLayerCommand::RemoveLayerCommand(LayerStack& stack, std::string id)
    : m_stack(stack), m_id(std::move(id))
{
    const LayerEntry* e = m_stack.find(m_id);
    setText(QObject::tr("Remove layer %1").arg(e ? QString::fromStdString(e->state.name) : QString()));
}

RemoveLayerCommand::~RemoveLayerCommand()
{
    if (m_taken) m_stack.destroyScene(*m_taken);
}

void RemoveLayerCommand::redo()
{
    m_index = m_stack.indexOf(m_id);
    m_taken = m_stack.take(m_id);
}

void RemoveLayerCommand::undo()
{
    if (!m_taken) return;
    m_stack.insert(std::move(*m_taken), m_index);
    m_taken.reset();
}

MoveLayerCommand::MoveLayerCommand(LayerStack& stack, std::string id, int from, int to)
    : QUndoCommand(QObject::tr("Move layer")), m_stack(stack), m_id(std::move(id)), m_from(from), m_to(to)
{
}

void MoveLayerCommand::redo() { m_stack.move(m_id, m_to); }
void MoveLayerCommand::undo() { m_stack.move(m_id, m_from); }

ChangeLayerSpecCommand::ChangeLayerSpecCommand(std::string id, gis::LayerSpec before, gis::LayerSpec after,
                                               Reload reload, const QString& text)
    : QUndoCommand(text), m_id(std::move(id)), m_before(std::move(before)), m_after(std::move(after)),
      m_reload(std::move(reload))
{
}

void ChangeLayerSpecCommand::redo() { m_reload(m_id, m_after); }
void ChangeLayerSpecCommand::undo() { m_reload(m_id, m_before); }

} // namespace citytwin::app
