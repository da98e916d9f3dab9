//! The history as the records tell it: replaying them gives every step, where each of
//! its files stands, and the transition a crash left unfinished.

use super::record::{Action, At, FileChange, Op, Outcome, Record};

/// Where a step stands as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// At least one file holds the step's edit: `undo` takes it back.
    Applied,
    /// Taken back: `redo` applies it again.
    Undone,
    /// Nothing left to undo or redo (every file failed, was rolled back, or a newer step
    /// was made after it was undone).
    Dropped,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: u64,
    pub time: String,
    pub action: Action,
    pub label: String,
    pub files: Vec<FileChange>,
    pub at: Vec<At>,
    pub state: State,
    /// A transition begun and never ended: a crash or kill mid-step.
    pub pending: Option<Op>,
}

impl Step {
    /// The files a transition `op` works on, by index.
    pub fn candidates(&self, op: Op) -> Vec<usize> {
        let want = match op {
            Op::Do | Op::Redo => At::Before,
            Op::Undo => At::After,
        };
        (0..self.files.len())
            .filter(|&i| self.at[i] == want)
            .collect()
    }

    pub fn count(&self, at: At) -> usize {
        self.at.iter().filter(|a| **a == at).count()
    }

    /// The step once a transition has ended with these results.
    fn end(&mut self, op: Op, results: &[(usize, Outcome)]) {
        for (i, outcome) in results {
            let Some(at) = self.at.get_mut(*i) else {
                continue;
            };
            *at = match (op, outcome) {
                (Op::Do | Op::Redo, Outcome::Done) => At::After,
                (Op::Undo, Outcome::Done) => At::Before,
                (Op::Do, _) => At::Out,
                (Op::Undo, Outcome::NotDone) => At::After,
                (Op::Redo, Outcome::NotDone) => At::Before,
                (_, Outcome::Conflict | Outcome::Failed(_)) => At::Out,
            };
        }
        self.pending = None;
        self.settle();
    }

    fn settle(&mut self) {
        self.state = if self.at.contains(&At::After) {
            State::Applied
        } else if self.at.contains(&At::Before) && self.state != State::Dropped {
            State::Undone
        } else {
            State::Dropped
        };
    }
}

/// Replay records into steps, oldest first. Records that do not fit (an unknown id, an
/// `End` without its `Begin`) are passed over: the journal is only trusted where it agrees
/// with itself.
pub fn replay(records: &[Record]) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    for record in records {
        play(&mut steps, record);
    }
    steps
}

/// One record's effect on the steps: what replay does, and what a live journal does with
/// each record it appends.
pub fn play(steps: &mut Vec<Step>, record: &Record) {
    {
        match record {
            Record::Step {
                id,
                time,
                action,
                label,
                files,
            } => {
                if steps.iter().any(|s| s.id == *id) {
                    return;
                }
                steps.push(Step {
                    id: *id,
                    time: time.clone(),
                    action: *action,
                    label: label.clone(),
                    files: files.clone(),
                    at: vec![At::Before; files.len()],
                    state: State::Undone,
                    pending: None,
                });
            }
            Record::Begin { id, op, .. } => {
                if *op == Op::Do {
                    // A new step ends every redo that was waiting.
                    for s in steps.iter_mut().filter(|s| s.id != *id) {
                        if s.state == State::Undone {
                            s.state = State::Dropped;
                        }
                    }
                }
                if let Some(s) = steps.iter_mut().find(|s| s.id == *id) {
                    s.pending = Some(*op);
                }
            }
            Record::End { id, op, results } => {
                if let Some(s) = steps.iter_mut().find(|s| s.id == *id)
                    && s.pending == Some(*op)
                {
                    s.end(*op, results);
                }
            }
            Record::At { id, at } => {
                if let Some(s) = steps.iter_mut().find(|s| s.id == *id)
                    && at.len() == s.files.len()
                {
                    s.at = at.clone();
                    s.state = State::Undone;
                    s.settle();
                }
            }
        }
    }
}

/// The records that say the same as `steps` now: each step and where its files stand,
/// and a pending transition's `Begin`. What compaction writes.
pub fn records_of(steps: &[Step]) -> Vec<Record> {
    let mut out = Vec::new();
    for s in steps {
        out.push(Record::Step {
            id: s.id,
            time: s.time.clone(),
            action: s.action,
            label: s.label.clone(),
            files: s.files.clone(),
        });
        // A dropped step must not come back as one waiting for a redo.
        let at = if s.state == State::Dropped {
            vec![At::Out; s.at.len()]
        } else {
            s.at.clone()
        };
        out.push(Record::At { id: s.id, at });
        if let Some(op) = s.pending {
            out.push(Record::Begin {
                id: s.id,
                op,
                time: s.time.clone(),
            });
        }
    }
    out
}

/// The step `undo` takes back: the newest one applied.
pub fn undo_target(steps: &[Step]) -> Option<usize> {
    steps.iter().rposition(|s| s.state == State::Applied)
}

/// The step `redo` applies again: the one undone most recently, which (undo going newest
/// first) is the oldest step still waiting for a redo.
pub fn redo_target(steps: &[Step]) -> Option<usize> {
    steps.iter().position(|s| s.state == State::Undone)
}
