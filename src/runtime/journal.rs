//! The worker's side of a journal job: plan, apply, undo, redo or recover a step of the
//! feed's journal, telling progress through the one channel and stopping between files
//! once the editor asked it to.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use crate::app::Msg;
use crate::app::bulk::{Cancel, FileDone, Job, JobOutput, Origin, Pending, StepDone};
use crate::feed::journal::{self, Action, FileChange, Journal, Op, Outcome, Report};
use crate::feed::store::Rev;
use crate::platform::Platform;
use crate::runtime::Input;

/// Run `job` through the platform, sending progress as it goes; the answer for `update`.
pub fn perform(
    platform: &dyn Platform,
    tx: &Sender<Input>,
    root: &Path,
    job: &Job,
    origin: Origin,
    cancel: &Cancel,
) -> Msg {
    let mut last = None;
    let mut progress = |done: usize, total: usize| {
        // About a hundred updates a step, whatever its size: each one is a frame.
        let every = (total / 100).max(1);
        if (done.is_multiple_of(every) || done == total) && last != Some(done) {
            last = Some(done);
            let _ = tx.send(Input::Done(Msg::StepProgress { done, total }));
        }
        !cancel.stopped()
    };
    let result = platform.journal(root, job, &mut progress);
    Msg::Stepped { origin, result }
}

/// The real thing, on the journal in the state dir.
pub fn run(root: &Path, job: &Job, progress: journal::Progress) -> Result<JobOutput, String> {
    let history = |e: std::io::Error| format!("history: {e}");
    match job {
        Job::Inspect => {
            // Nothing to look at before the first step: do not create the journal.
            let path = journal::path_for_feed(root).map_err(history)?;
            if !path.exists() {
                return Ok(JobOutput::Pending(None));
            }
            with_journal(root, |j| {
                Ok(JobOutput::Pending(j.pending().map(|s| Pending {
                    step: s.id,
                    op: s.pending.unwrap_or(Op::Do),
                    action: s.action,
                    label: s.label.clone(),
                    files: s.files.len(),
                })))
            })
        }
        Job::Apply {
            action,
            label,
            targets,
        } => apply(root, *action, label, targets, progress),
        Job::Undo | Job::Redo | Job::Recover { .. } => with_journal(root, |j| {
            let report = match job {
                Job::Undo => j.undo(progress),
                Job::Redo => j.redo(progress),
                Job::Recover { complete } => j.recover(*complete, progress),
                _ => unreachable!("matched above"),
            }
            .map_err(history)?;
            let Some(report) = report else {
                return Ok(JobOutput::Step(None));
            };
            let files = j
                .steps()
                .iter()
                .find(|s| s.id == report.id)
                .map(|s| s.files.clone())
                .unwrap_or_default();
            Ok(JobOutput::Step(Some(done(report, &files, 0, Vec::new()))))
        }),
    }
}

thread_local! {
    /// The journal last used on this thread (the worker's), kept open: opening one reads
    /// it whole, while an open one reads only what another process appended since.
    static OPEN: std::cell::RefCell<Option<(PathBuf, Journal)>> =
        const { std::cell::RefCell::new(None) };
}

fn with_journal<T>(
    root: &Path,
    f: impl FnOnce(&mut Journal) -> Result<T, String>,
) -> Result<T, String> {
    OPEN.with_borrow_mut(|open| {
        if open.as_ref().is_none_or(|(r, _)| r != root) {
            let j = Journal::for_feed(root).map_err(|e| format!("history: {e}"))?;
            *open = Some((root.to_owned(), j));
        }
        let (_, j) = open.as_mut().expect("opened above");
        f(j)
    })
}

fn apply(
    root: &Path,
    action: Action,
    label: &str,
    targets: &[crate::app::bulk::Target],
    progress: journal::Progress,
) -> Result<JobOutput, String> {
    let paths: Vec<PathBuf> = targets.iter().map(|t| t.path.clone()).collect();
    let seen: HashMap<&Path, Rev> = targets.iter().map(|t| (t.path.as_path(), t.rev)).collect();
    let plan = Journal::plan(action, &paths);
    // Never write over a change the editor has not seen: the file must still be what
    // was loaded. Such a file is a conflict, reported and reloaded; the rest go on.
    let (changes, stale): (Vec<FileChange>, Vec<FileChange>) = plan
        .changes
        .into_iter()
        .partition(|c| seen.get(c.path.as_path()) == Some(&c.before_rev));
    let stale: Vec<FileDone> = stale
        .into_iter()
        .map(|c| FileDone {
            path: c.path,
            outcome: Outcome::Conflict,
            now: None,
        })
        .collect();
    let already = plan.already.len();
    if changes.is_empty() {
        return Ok(JobOutput::Step(Some(StepDone {
            step: 0,
            op: Op::Do,
            action,
            label: label.to_owned(),
            files: stale,
            already,
            refused: plan.refused,
        })));
    }
    let report = with_journal(root, |j| {
        j.apply(action, label, changes.clone(), progress)
            .map_err(|e| format!("history: {e}"))
    })?;
    let mut step = done(report, &changes, already, plan.refused);
    step.files.extend(stale);
    Ok(JobOutput::Step(Some(step)))
}

/// A journal report, with the flag and rev each file that reached its target now has.
fn done(
    report: Report,
    files: &[FileChange],
    already: usize,
    refused: Vec<(PathBuf, String)>,
) -> StepDone {
    let by_path: HashMap<&Path, &FileChange> =
        files.iter().map(|f| (f.path.as_path(), f)).collect();
    let value = report.action.value();
    let files = report
        .results
        .into_iter()
        .map(|(path, outcome)| {
            // Done: at the transition's target. Not done (stopped, or rolled back after
            // a crash): at its source. Either way the flag and rev are known, so the
            // desk shows the file as it is and the watch does not take our own write
            // for someone else's.
            let at_target = match outcome {
                Outcome::Done => Some(true),
                Outcome::NotDone => Some(false),
                Outcome::Conflict | Outcome::Failed(_) => None,
            };
            let now = match (at_target, by_path.get(path.as_path())) {
                (Some(target), Some(f)) => Some(match (report.op, target) {
                    (Op::Do | Op::Redo, true) | (Op::Undo, false) => (value, f.after_rev),
                    (Op::Do | Op::Redo, false) | (Op::Undo, true) => (!value, f.before_rev),
                }),
                _ => None,
            };
            FileDone { path, outcome, now }
        })
        .collect();
    StepDone {
        step: report.id,
        op: report.op,
        action: report.action,
        label: report.label,
        files,
        already,
        refused,
    }
}
