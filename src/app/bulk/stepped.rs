//! A journal job answered: the model follows what the files now hold, and the editor is
//! told how it went (status line for one item, the summary overlay for a bulk step).

use super::{JobOutput, Origin, Pending, StepDone};
use crate::app::model::{Model, Overlay};
use crate::app::msg::Effect;
use crate::app::update::{select, view_changed};
use crate::feed::journal::{Action, Op, Outcome};
use crate::feed::{Item, ItemId};

pub fn pending_found(model: &mut Model, pending: Option<Pending>) {
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
                Origin::Inspect => return Vec::new(),
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
                if let Some(from) = model.feed.get(id).map(|i| i.rev) {
                    model.whole.published(id, from, value, rev);
                }
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
        Origin::Undo | Origin::Redo | Origin::Bulk | Origin::Recover | Origin::Inspect => {
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
    // An item that left the view when it was published (a filter of unpublished items)
    // gave its row to the next one: that row is looked at first, or P would skip it.
    let (from, first) = match from.and_then(|id| model.view.position(id)) {
        Some(row) => (row, 1),
        None => (model.cursor, 0),
    };
    let next = (first..len)
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
