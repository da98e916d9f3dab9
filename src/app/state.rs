//! What the desk remembers of a feed between runs: the filter and sort of the view, the
//! selected item, the marks, the focused pane (which decides the layout). Paths are kept relative to the feed's root, so the same
//! folder opened as `.` or by its full path finds its state. Pure data here; the runtime
//! reads and writes the file.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::app::find;
use crate::app::model::{Model, Pane};
use crate::app::update::select_item;
use crate::feed::ItemId;
use crate::feed::sort::Sort;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeskState {
    /// The selected item's file, relative to the feed's root.
    pub selected: Option<PathBuf>,
    /// The focused pane: `list`, `detail` or `related`.
    pub focus: Option<String>,
    /// The filter as typed (the query language); empty for none.
    pub query: Option<String>,
    /// The order, as `--sort` takes it (`date:desc`).
    pub sort: Option<String>,
    /// The marked items' files, relative to the feed's root.
    pub marks: Vec<PathBuf>,
}

/// The state to keep of `model`.
pub fn capture(model: &Model) -> DeskState {
    let root = &model.feed.root;
    DeskState {
        selected: (model.selected_item())
            .map(|i| i.path.strip_prefix(root).unwrap_or(&i.path).to_owned()),
        focus: Some(model.focus.name().to_owned()),
        query: Some(model.find.query.clone()),
        sort: Some(model.view.sort().to_string()),
        marks: {
            let mut marks: Vec<PathBuf> = (model.bulk.marks.iter())
                .filter_map(|&id| model.feed.get(id))
                .map(|i| i.path.strip_prefix(root).unwrap_or(&i.path).to_owned())
                .collect();
            marks.sort();
            marks
        },
    }
}

/// Take the state over. The selected item may not be loaded yet: it is selected as soon
/// as it arrives, unless the editor has chosen another by then.
pub fn restore(model: &mut Model, state: DeskState) {
    // What no longer parses (an older or hand-edited file) is left as the start made it.
    if let Some(sort) = state.sort.and_then(|s| s.parse::<Sort>().ok()) {
        model.view.set_sort(sort, &model.feed);
    }
    if let Some(query) = state.query {
        let _ = find::set_filter(model, &query);
        model.find.view_name = None;
    }
    if let Some(pane) = Pane::ALL
        .into_iter()
        .find(|p| Some(p.name()) == state.focus.as_deref())
    {
        model.focus = pane;
    }
    // Marks are ids; those whose files do not load are dropped when the load ends.
    let root = model.feed.root.clone();
    (model.bulk.marks).extend(state.marks.iter().map(|rel| ItemId::of(&root.join(rel))));
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
    // The editor's own choice wins over the remembered one.
    if model.chosen || select_item(model, id) {
        model.restore_selection = None;
    }
}

/// The load is done: a remembered item that never came stays unselected, and marks of
/// files that are gone are forgotten.
pub fn loaded(model: &mut Model) {
    restore_selection(model);
    model.restore_selection = None;
    let feed = &model.feed;
    model.bulk.marks.retain(|&id| feed.contains(id));
}
