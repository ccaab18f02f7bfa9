#pragma once
// Undoable edits of the layer stack. Every user edit of layers and styles is
// one of these on the window's QUndoStack. GUI thread only.

#include "core/LayerEntry.h"

#include <QUndoCommand>

#include <functional>
#include <optional>

namespace citytwin::app {

class LayerStack;

/// Changes a layer's state (visibility, opacity, name, style): the one
/// generic "change value" command. Consecutive changes with the same
/// `mergeKey` (e.g. one opacity slider drag) merge into one undo step.
class SetLayerStateCommand : public QUndoCommand {
public:
    enum MergeKey { NoMerge = -1, OpacityMerge = 1 };
    SetLayerStateCommand(LayerStack& stack, std::string id, LayerState before, LayerState after,
                         const QString& text, int mergeKey = NoMerge);
    void undo() override;
    void redo() override;
    int id() const override { return m_mergeKey; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    LayerStack& m_stack;
    std::string m_id;
    LayerState m_before, m_after;
    int m_mergeKey;
};

/// Adds a loaded layer on top (redo) / takes it away (undo).
class AddLayerCommand : public QUndoCommand {
public:
    AddLayerCommand(LayerStack& stack, LayerEntry entry, int index = -1);
    ~AddLayerCommand() override;
    void undo() override;
    void redo() override;

private:
    LayerStack& m_stack;
    std::optional<LayerEntry> m_taken; ///< set while undone
    std::string m_id;
    int m_index;
};

/// Removes a layer (redo) / puts it back where it was (undo).
class RemoveLayerCommand : public QUndoCommand {
public:
    RemoveLayerCommand(LayerStack& stack, std::string id);
    ~RemoveLayerCommand() override;
    void undo() override;
    void redo() override;

private:
    LayerStack& m_stack;
    std::string m_id;
    std::optional<LayerEntry> m_taken; ///< set while done
    int m_index = -1;
};

/// Moves a layer to another place in the stack.
class MoveLayerCommand : public QUndoCommand {
public:
    MoveLayerCommand(LayerStack& stack, std::string id, int from, int to);
    void undo() override;
    void redo() override;

private:
    LayerStack& m_stack;
    std::string m_id;
    int m_from, m_to;
};

/// Changes how a layer is read (CRS override, height rule, ...): the layer
/// is reloaded through `reload(id, spec)` on redo and undo.
class ChangeLayerSpecCommand : public QUndoCommand {
public:
    using Reload = std::function<void(const std::string& id, const gis::LayerSpec& spec)>;
    ChangeLayerSpecCommand(std::string id, gis::LayerSpec before, gis::LayerSpec after, Reload reload,
                           const QString& text);
    void undo() override;
    void redo() override;

private:
    std::string m_id;
    gis::LayerSpec m_before, m_after;
    Reload m_reload;
};

} // namespace citytwin::app
