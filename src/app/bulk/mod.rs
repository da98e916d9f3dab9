//! Marks, bulk publish, and undo/redo through the feed's journal. Every publish change,
//! a single `p` too, is one journal step run by the worker; the model changes only from
//! the step's result, so a row shows published only once its file says so.

mod job;
mod stepped;

use std::collections::HashSet;

pub use job::{Cancel, FileDone, Job, JobOutput, Origin, Pending, StepDone, Target};
pub use stepped::{pending_found, stepped};

use crate::app::model::{Model, Overlay};
use crate::app::msg::{Effect, Msg};
use crate::app::update::select;
use crate::feed::journal::Action;
use crate::feed::{Item, ItemId};

/// A bulk action waiting for `y`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ask {
    /// `None` until chosen (`B` asks publish or unpublish).
    pub action: Option<Action>,
    pub ids: Vec<ItemId>,
    /// "marked", or the view's query.
    pub source: String,
}

impl Ask {
    /// Items still in the feed, and how many of them `action` would change.
    pub fn counts(&self, model: &Model, action: Action) -> (usize, usize) {
        let items: Vec<&Item> = self
            .ids
            .iter()
            .filter_map(|&id| model.feed.get(id))
            .collect();
        let change = items
            .iter()
            .filter(|i| i.is_published() != action.value())
            .count();
        (items.len(), change)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Running {
    pub done: usize,
    pub total: usize,
    pub label: String,
    pub cancel: Cancel,
}

#[derive(Debug, Default)]
pub struct Bulk {
    pub marks: HashSet<ItemId>,
    /// Where a visual range began (`v`); the next `v` marks up to the cursor.
    pub anchor: Option<ItemId>,
    pub ask: Option<Ask>,
    pub running: Option<Running>,
    /// The last bulk step's result, for the summary overlay.
    pub summary: Option<StepDone>,
    pub pending: Option<Pending>,
    /// Journal jobs handed to the worker and not yet answered.
    pub inflight: usize,
}

/// Space: mark or unmark the selected item and move down.
pub fn toggle_mark(model: &mut Model) {
    let Some(id) = model.selected else { return };
    if !model.bulk.marks.remove(&id) {
        model.bulk.marks.insert(id);
    }
    let next = (model.cursor + 1).min(model.view.len().saturating_sub(1));
    select(model, next);
    model.chosen = true;
}

/// `v`: start a range here, or mark the run from where it started to here.
pub fn visual(model: &mut Model) {
    let Some(id) = model.selected else { return };
    match model
        .bulk
        .anchor
        .take()
        .and_then(|a| model.view.position(a))
    {
        None => {
            model.bulk.anchor = Some(id);
            model.info("Range: move, then v again marks the run");
        }
        Some(from) => {
            let (a, b) = (from.min(model.cursor), from.max(model.cursor));
            let ids = model.view.ids()[a..=b].to_vec();
            model.bulk.marks.extend(ids);
            model.info(format!("Marked {} items", b - a + 1));
        }
    }
}

/// The rows a visual range started but not yet marked covers (a scan: once a frame).
pub fn range(model: &Model) -> Option<std::ops::RangeInclusive<usize>> {
    let from = model.bulk.anchor.and_then(|a| model.view.position(a))?;
    Some(from.min(model.cursor)..=from.max(model.cursor))
}

pub fn mark_all(model: &mut Model) {
    let ids = model.view.ids().to_vec();
    model.bulk.marks.extend(ids);
    model.info(format!("Marked all {} items in the view", model.view.len()));
}

pub fn clear_marks(model: &mut Model) {
    let n = model.bulk.marks.len();
    model.bulk.marks.clear();
    model.bulk.anchor = None;
    model.info(format!("Cleared {n} marks"));
}

/// `p`/`P` with marks: ask before acting on the marked items. `p` publishes them unless
/// all are published already, then it unpublishes them.
pub fn ask_marked(model: &mut Model, publish_only: bool) {
    // In list order where they are shown, so the step's files go top to bottom; marked
    // items the filter hides now come after. One pass over the view, not a search each.
    let marks = &model.bulk.marks;
    let mut ids: Vec<ItemId> = (model.view.ids().iter().copied())
        .filter(|id| marks.contains(id))
        .collect();
    let shown: HashSet<ItemId> = ids.iter().copied().collect();
    ids.extend(
        marks
            .iter()
            .copied()
            .filter(|id| !shown.contains(id) && model.feed.contains(*id)),
    );
    let all_published = ids
        .iter()
        .all(|&id| model.feed.get(id).is_some_and(Item::is_published));
    let action = if publish_only || !all_published {
        Action::Publish
    } else {
        Action::Unpublish
    };
    ask(model, Some(action), ids, "marked".into());
}

/// `B`: the whole view, publish or unpublish as the overlay asks.
pub fn ask_view(model: &mut Model) {
    let ids = model.view.ids().to_vec();
    let source = match (model.view.filter_text(), model.view.is_filtered()) {
        (Some(q), _) => format!("query {q}"),
        (None, true) => "the filtered view".into(),
        (None, false) => "the whole feed (no filter)".into(),
    };
    ask(model, None, ids, source);
}

fn ask(model: &mut Model, action: Option<Action>, ids: Vec<ItemId>, source: String) {
    if ids.is_empty() {
        model.info("No items to act on");
        return;
    }
    model.bulk.ask = Some(Ask {
        action,
        ids,
        source,
    });
    model.overlay = Some(Overlay::Confirm);
    model.overlay_scroll = 0;
}

/// Keys of the bulk overlays. `None`: not theirs, go on as usual.
pub fn overlay_msg(model: &mut Model, msg: &Msg) -> Option<Vec<Effect>> {
    match (model.overlay?, msg) {
        (Overlay::Confirm, Msg::ChoosePublish) => choose(model, Action::Publish),
        (Overlay::Confirm, Msg::ChooseUnpublish) => choose(model, Action::Unpublish),
        (Overlay::Confirm, Msg::Confirm) => return Some(confirm(model)),
        (Overlay::Confirm, Msg::Decline | Msg::CloseOverlay | Msg::Quit) => {
            model.bulk.ask = None;
            model.overlay = None;
            model.info("Cancelled: nothing written");
        }
        (Overlay::Working, Msg::CloseOverlay) => {
            if let Some(r) = &model.bulk.running {
                r.cancel.stop();
                model.info("Stopping after the current file…");
            }
        }
        (Overlay::Recover, Msg::RecoverComplete | Msg::RecoverRollBack) => {
            let complete = *msg == Msg::RecoverComplete;
            return Some(start(model, Job::Recover { complete }, Origin::Recover, 0));
        }
        (Overlay::Recover, Msg::CloseOverlay) => {
            model.overlay = None;
            model.error("An unfinished step is waiting: publish, undo and redo ask about it again");
        }
        (Overlay::Working | Overlay::Confirm | Overlay::Recover, Msg::Click { .. }) => {}
        (_, Msg::Confirm | Msg::Decline | Msg::ChoosePublish | Msg::ChooseUnpublish) => {}
        (_, Msg::RecoverComplete | Msg::RecoverRollBack) => {}
        _ => return None,
    }
    Some(Vec::new())
}

fn choose(model: &mut Model, action: Action) {
    if let Some(ask) = &mut model.bulk.ask {
        ask.action = Some(action);
    }
}

fn confirm(model: &mut Model) -> Vec<Effect> {
    let Some(ask) = model.bulk.ask.clone() else {
        return Vec::new();
    };
    let Some(action) = ask.action else {
        model.info("Choose p (publish) or u (unpublish) first");
        return Vec::new();
    };
    model.bulk.ask = None;
    let targets: Vec<Target> = ask
        .ids
        .iter()
        .filter_map(|&id| model.feed.get(id))
        .map(|i| Target {
            id: i.id,
            path: i.path.clone(),
            rev: i.rev,
        })
        .collect();
    let total = targets.len();
    model.info(format!(
        "{} {total} items… (Esc stops)",
        match action {
            Action::Publish => "Publishing",
            Action::Unpublish => "Unpublishing",
        }
    ));
    let label = ask.source.strip_prefix("query ").unwrap_or(&ask.source);
    let job = Job::Apply {
        action,
        label: label.to_owned(),
        targets,
    };
    start(model, job, Origin::Bulk, total)
}

/// Hand a job to the worker; a bulk one shows its progress in an overlay.
fn start(model: &mut Model, job: Job, origin: Origin, total: usize) -> Vec<Effect> {
    let cancel = Cancel::default();
    model.bulk.inflight += 1;
    if matches!(origin, Origin::Bulk | Origin::Recover) {
        model.bulk.running = Some(Running {
            done: 0,
            total,
            label: String::new(),
            cancel: cancel.clone(),
        });
        model.overlay = Some(Overlay::Working);
    }
    vec![Effect::Journal {
        root: model.feed.root.clone(),
        job,
        origin,
        cancel,
    }]
}

/// `p` and `P` without marks: one item, one step.
pub fn single(model: &mut Model, id: ItemId, value: bool, origin: Origin) -> Vec<Effect> {
    let Some(item) = model.feed.get(id) else {
        return Vec::new();
    };
    if model.saving.contains(&id) {
        let title = item.display_title();
        model.info(format!("Still saving: {title}"));
        return Vec::new();
    }
    let action = if value {
        Action::Publish
    } else {
        Action::Unpublish
    };
    let label = item
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let job = Job::Apply {
        action,
        label,
        targets: vec![Target {
            id,
            path: item.path.clone(),
            rev: item.rev,
        }],
    };
    model.saving.insert(id);
    start(model, job, origin, 1)
}

pub fn undo_redo(model: &mut Model, redo: bool) -> Vec<Effect> {
    let (job, origin) = if redo {
        (Job::Redo, Origin::Redo)
    } else {
        (Job::Undo, Origin::Undo)
    };
    start(model, job, origin, 0)
}

/// The load is done: look for a step a crash left unfinished.
pub fn inspect(model: &mut Model) -> Vec<Effect> {
    model.bulk.inflight += 1;
    vec![Effect::Journal {
        root: model.feed.root.clone(),
        job: Job::Inspect,
        origin: Origin::Inspect,
        cancel: Cancel::default(),
    }]
}

pub fn progress(model: &mut Model, done: usize, total: usize) {
    if let Some(r) = &mut model.bulk.running {
        r.done = done;
        r.total = total;
    }
}
