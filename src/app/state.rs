//! What the desk remembers of a feed between runs: the selected item, the focused pane
//! (which decides the layout). Paths are kept relative to the feed's root, so the same
//! folder opened as `.` or by its full path finds its state. Pure data here; the runtime
//! reads and writes the file.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::app::model::{Model, Pane};
use crate::app::update::select_item;
use crate::feed::ItemId;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeskState {
    /// The selected item's file, relative to the feed's root.
    pub selected: Option<PathBuf>,
    /// The focused pane: `list`, `detail` or `related`.
    pub focus: Option<String>,
}

/// The state to keep of `model`.
pub fn capture(model: &Model) -> DeskState {
    let root = &model.feed.root;
    DeskState {
        selected: (model.selected_item())
            .map(|i| i.path.strip_prefix(root).unwrap_or(&i.path).to_owned()),
        focus: Some(model.focus.name().to_owned()),
    }
}

/// Take the state over. The selected item may not be loaded yet: it is selected as soon
/// as it arrives, unless the editor has chosen another by then.
pub fn restore(model: &mut Model, state: DeskState) {
    if let Some(pane) = Pane::ALL
        .into_iter()
        .find(|p| Some(p.name()) == state.focus.as_deref())
    {
        model.focus = pane;
    }
    model.restore_selection = state
        .selected
        .map(|rel| ItemId::of(&model.feed.root.join(rel)));
    restore_selection(model);
}

/// Select the remembered item once it is in the view (called as batches arrive).
pub fn restore_selection(model: &mut Model) {
    let Some(id) = model.restore_selection else {
        return;
    };
    if model.chosen {
        model.restore_selection = None;
    } else if select_item(model, id) {
        model.restore_selection = None;
    }
}
