//! Marks, bulk publish, and undo/redo through the feed's journal. Every publish change,
//! a single `p` too, is one journal step run by the worker; the model changes only from
//! the step's result, so a row shows published only once its file says so.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::app::model::{Model, Overlay};
use crate::app::msg::{Effect, Msg};
use crate::app::update::{select, view_changed};
use crate::feed::journal::{Action, Op, Outcome};
use crate::feed::store::Rev;
use crate::feed::{Item, ItemId};

/// Shared with the worker: once set, a running step stops before its next file.
#[derive(Debug, Clone, Default)]
pub struct Cancel(pub Arc<AtomicBool>);

impl Cancel {
    pub fn stop(&self) {
        self.0.store(true, Ordering::Release);
    }

    pub fn stopped(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// The same flag, not an equal value: effects compare in tests.
impl PartialEq for Cancel {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// An item to write, with the revision the editor saw: a file changed since is not written.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: ItemId,
    pub path: PathBuf,
    pub rev: Rev,
}

/// What the worker does with the journal.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Apply {
        action: Action,
        label: String,
        targets: Vec<Target>,
    },
    Undo,
    Redo,
    /// Finish (`complete`) or roll back the step a crash left half done.
    Recover {
        complete: bool,
    },
    /// Look for a step a crash left half done.
    Inspect,
}

/// Who asked: a single key answers on the status line, a bulk step in a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Toggle,
    PublishAndNext,
    Bulk,
    Undo,
    Redo,
    Recover,
}

/// One file of a finished step; `now` is the flag and rev it has once `Done`.
#[derive(Debug, Clone, PartialEq)]
pub struct FileDone {
    pub path: PathBuf,
    pub outcome: Outcome,
    pub now: Option<(bool, Rev)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepDone {
    /// The journal step; 0 when nothing was left to write.
    pub step: u64,
    pub op: Op,
    pub action: Action,
    pub label: String,
    pub files: Vec<FileDone>,
    /// Already so: not written.
    pub already: usize,
    /// Could not be edited at all (not text, no front matter the edit accepts).
    pub refused: Vec<(PathBuf, String)>,
}

impl StepDone {
    pub fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.files.iter().filter(|d| f(&d.outcome)).count()
    }

    /// Conflicts, failures and refusals, each with its file and reason.
    pub fn problems(&self) -> Vec<(PathBuf, String)> {
        let mut out: Vec<(PathBuf, String)> = self
            .files
            .iter()
            .filter_map(|d| {
                let why = match &d.outcome {
                    Outcome::Conflict => {
                        "changed on disk since newsdesk read it; left alone".to_owned()
                    }
                    Outcome::Failed(reason) => reason.clone(),
                    _ => return None,
                };
                Some((d.path.clone(), why))
            })
            .collect();
        out.extend(self.refused.iter().cloned());
        out
    }
}

/// The step a crash left unfinished, as the recovery overlay describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub step: u64,
    pub op: Op,
    pub action: Action,
    pub label: String,
    pub files: usize,
}

/// What the worker answers to a `Job`.
#[derive(Debug, Clone, PartialEq)]
pub enum JobOutput {
    /// `None`: nothing to undo, redo or recover.
    Step(Option<StepDone>),
    Pending(Option<Pending>),
}

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
        origin: Origin::Recover,
        cancel: Cancel::default(),
    }]
}

pub fn progress(model: &mut Model, done: usize, total: usize) {
    if let Some(r) = &mut model.bulk.running {
        r.done = done;
        r.total = total;
    }
}

pub fn pending_found(model: &mut Model, pending: Option<Pending>) {
    model.bulk.running = None;
    if model.overlay == Some(Overlay::Working) {
        model.overlay = None;
    }
    model.bulk.pending = pending;
    if model.bulk.pending.is_some() && model.overlay.is_none() {
        model.overlay = Some(Overlay::Recover);
        model.overlay_scroll = 0;
    }
}

/// A step ended (or could not start): the model follows what the files now hold.
pub fn stepped(
    model: &mut Model,
    origin: Origin,
    result: Result<JobOutput, String>,
) -> Vec<Effect> {
    model.bulk.inflight = model.bulk.inflight.saturating_sub(1);
    let bulky = matches!(origin, Origin::Bulk | Origin::Recover);
    if bulky {
        model.bulk.running = None;
        if model.overlay == Some(Overlay::Working) {
            model.overlay = None;
        }
    }
    let done = match result {
        Err(e) => {
            clear_saving(model, origin, None);
            model.error(format!("Not written: {e}"));
            // Refused for the unfinished step: offer the choice again.
            if model.bulk.pending.is_some() && model.overlay.is_none() {
                model.overlay = Some(Overlay::Recover);
                model.overlay_scroll = 0;
            }
            return Vec::new();
        }
        Ok(JobOutput::Pending(p)) => {
            pending_found(model, p);
            return Vec::new();
        }
        Ok(JobOutput::Step(None)) => {
            clear_saving(model, origin, None);
            model.info(match origin {
                Origin::Undo => "Nothing to undo",
                Origin::Redo => "Nothing to redo",
                _ => "Nothing to do",
            });
            if origin == Origin::Recover {
                model.bulk.pending = None;
            }
            return Vec::new();
        }
        Ok(JobOutput::Step(Some(done))) => done,
    };
    clear_saving(model, origin, Some(&done));
    let mut effects = Vec::new();
    let mut last = None;
    for f in &done.files {
        let Some(id) = model.feed.id_of_path(&f.path) else {
            continue;
        };
        match f.now {
            Some((value, rev)) => {
                model.feed.set_published(id, value, rev);
                model.view.refresh(&model.feed, id);
                last = Some(id);
            }
            // Someone else's bytes, or a write that failed: show what the disk holds.
            None if f.outcome != Outcome::NotDone || origin == Origin::Recover => {
                effects.push(Effect::ReloadItem {
                    id,
                    path: f.path.clone(),
                })
            }
            None => {}
        }
    }
    // The editor acted: keep the selection on its item while rows move.
    model.chosen = true;
    view_changed(model);
    if origin == Origin::Recover {
        model.bulk.pending = None;
    }
    report(model, origin, &done, last);
    effects
}

fn clear_saving(model: &mut Model, origin: Origin, done: Option<&StepDone>) {
    if !matches!(origin, Origin::Toggle | Origin::PublishAndNext) {
        return;
    }
    match done {
        Some(d) => {
            for f in &d.files {
                if let Some(id) = model.feed.id_of_path(&f.path) {
                    model.saving.remove(&id);
                }
            }
            for (p, _) in &d.refused {
                if let Some(id) = model.feed.id_of_path(p) {
                    model.saving.remove(&id);
                }
            }
            if d.files.is_empty() && d.refused.is_empty() {
                // Already so: the plan wrote nothing; the only item is the one asked.
                model.saving.clear();
            }
        }
        None => model.saving.clear(),
    }
}

/// Say how it went: single keys on the status line, the rest in the summary overlay
/// when anything needs reading.
fn report(model: &mut Model, origin: Origin, done: &StepDone, last: Option<ItemId>) {
    let changed = done.count(|o| *o == Outcome::Done);
    let problems = done.problems();
    let title = |m: &Model, id: Option<ItemId>| {
        id.and_then(|id| m.feed.get(id))
            .map(Item::display_title)
            .unwrap_or_default()
    };
    let word = match (done.op, done.action) {
        (Op::Undo, Action::Publish) | (Op::Do | Op::Redo, Action::Unpublish) => "Unpublished",
        _ => "Published",
    };
    match origin {
        Origin::Toggle | Origin::PublishAndNext => {
            if let Some(text) = single_problem(done) {
                model.error(text);
            } else if changed == 0 {
                let id = model.selected;
                model.info(format!(
                    "Already {}: {}",
                    word.to_lowercase(),
                    title(model, id)
                ));
            } else {
                model.info(format!("{word}: {}", title(model, last)));
            }
            if origin == Origin::PublishAndNext && problems.is_empty() {
                next_unpublished(model, last.or(model.selected));
            }
        }
        Origin::Undo | Origin::Redo | Origin::Bulk | Origin::Recover => {
            let verb = match (origin, done.op) {
                (Origin::Undo, _) => "Undone",
                (Origin::Redo, _) => "Redone",
                (Origin::Recover, _) if changed == 0 => "Rolled back",
                (Origin::Recover, _) => "Completed",
                _ => word,
            };
            let stopped = done.count(|o| *o == Outcome::NotDone);
            let mut text = format!(
                "{verb}: step {} ({} {}): {changed} changed, {} already so, {} failed",
                done.step,
                done.action.word(),
                done.label,
                done.already,
                problems.len()
            );
            if stopped > 0 && origin != Origin::Recover {
                text.push_str(&format!(", {stopped} not reached (stopped)"));
            }
            if problems.is_empty() {
                model.info(text);
            } else {
                model.error(text);
            }
            if let (1, Some(id)) = (done.files.len(), last) {
                // One file changed back: show the editor which row it is.
                if let Some(row) = model.view.position(id) {
                    select(model, row);
                }
            }
            if origin == Origin::Bulk || !problems.is_empty() {
                model.bulk.summary = Some(done.clone());
                if model.overlay.is_none() {
                    model.overlay = Some(Overlay::Summary);
                    model.overlay_scroll = 0;
                }
            }
        }
    }
}

/// What went wrong with a one-file step, reason first, then the file by its name.
fn single_problem(done: &StepDone) -> Option<String> {
    let name = |p: &std::path::Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let (path, why, reloaded) = done
        .files
        .iter()
        .find_map(|f| match &f.outcome {
            Outcome::Conflict => Some((
                &f.path,
                "changed on disk since it was loaded".to_owned(),
                true,
            )),
            Outcome::Failed(reason) => Some((
                &f.path,
                reason
                    .strip_prefix(&format!("{}: ", f.path.display()))
                    .unwrap_or(reason)
                    .to_owned(),
                true,
            )),
            _ => None,
        })
        .or_else(|| done.refused.first().map(|(p, why)| (p, why.clone(), false)))?;
    let tail = if reloaded {
        "; reloaded it from disk, press again to retry"
    } else {
        ""
    };
    Some(format!("Not written: {why} ({}){tail}", name(path)))
}

/// After `P`: the next unpublished item below (wrapping), if any.
fn next_unpublished(model: &mut Model, from: Option<ItemId>) {
    let len = model.view.len();
    let from = from
        .and_then(|id| model.view.position(id))
        .unwrap_or(model.cursor);
    let next = (1..len)
        .map(|d| (from + d) % len)
        .find(|&row| model.item_at(row).is_some_and(|i| !i.is_published()));
    match next {
        Some(next) => select(model, next),
        None => {
            let text = model
                .status
                .as_ref()
                .map(|s| s.text.clone())
                .unwrap_or_default();
            model.info(format!("{text}; every item is published now"));
        }
    }
}
