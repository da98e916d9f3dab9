//! The data a journal job is made of and answers with: plain values, so `update` stays
//! pure and tests can build and compare them.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::feed::ItemId;
use crate::feed::journal::{Action, Op, Outcome};
use crate::feed::store::Rev;

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
    /// The look for an unfinished step at start.
    Inspect,
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
