//! The history as the records tell it: replaying them gives every step, where each of
//! its files stands, and the transition a crash left unfinished.

use super::record::{Action, At, FileChange, Op, Outcome, Record};

/// Where a step stands as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
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
                // A new step ends every redo that was waiting.
                for s in steps.iter_mut() {
                    if s.state == State::Undone {
                        s.state = State::Dropped;
                    }
                }
                // Pending from its first record: a kill before its `Begin` still
                // leaves it to be completed or rolled back, never taken as undone.
                steps.push(Step {
                    id: *id,
                    time: time.clone(),
                    action: *action,
                    label: label.clone(),
                    files: files.clone(),
                    at: vec![At::Before; files.len()],
                    state: State::Undone,
                    pending: Some(Op::Do),
                });
            }
            Record::Begin { id, op, .. } => {
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
            Record::At { id, at, state } => {
                if let Some(s) = steps.iter_mut().find(|s| s.id == *id)
                    && at.len() == s.files.len()
                {
                    s.at = at.clone();
                    s.state = *state;
                    s.pending = None;
                }
            }
        }
    }
}

/// The records that say the same as `steps` now: each step and where its files stand,
/// and a pending transition's `Begin`. What compaction writes.
pub fn records_of(steps: &[Step]) -> Vec<Record> {
    // Every step first (each new step would drop the redo of the ones before it), then
    // where each stands, which sets its state outright.
    let mut out: Vec<Record> = steps
        .iter()
        .map(|s| Record::Step {
            id: s.id,
            time: s.time.clone(),
            action: s.action,
            label: s.label.clone(),
            files: s.files.clone(),
        })
        .collect();
    for s in steps {
        out.push(Record::At {
            id: s.id,
            at: s.at.clone(),
            state: s.state,
        });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::store::Rev;

    fn step(id: u64) -> Record {
        Record::Step {
            id,
            time: "2026-12-01T00:00:00Z".into(),
            action: Action::Publish,
            label: format!("s{id}"),
            files: vec![FileChange {
                path: format!("/f/{id}.md").into(),
                before: "---\n---\n".into(),
                before_rev: Rev(1),
                after_rev: Rev(2),
            }],
        }
    }

    fn end(id: u64, op: Op) -> Vec<Record> {
        vec![
            Record::Begin {
                id,
                op,
                time: String::new(),
            },
            Record::End {
                id,
                op,
                results: vec![(0, Outcome::Done)],
            },
        ]
    }

    /// Compaction writes `records_of`: it must replay to the very same steps, whatever
    /// mix of applied, undone, dropped and pending they are.
    #[test]
    fn compacted_records_replay_to_the_same_steps() {
        let mut records = vec![step(1)];
        records.extend(end(1, Op::Do));
        records.push(step(2));
        records.extend(end(2, Op::Do));
        records.extend(end(2, Op::Undo));
        records.push(step(3)); // drops 2's redo
        records.extend(end(3, Op::Do));
        records.extend(end(3, Op::Undo));
        records.extend(end(1, Op::Undo));
        records.extend(end(1, Op::Redo));
        records.push(Record::Begin {
            id: 1,
            op: Op::Undo,
            time: String::new(),
        }); // killed during an undo: pending
        let steps = replay(&records);
        let states: Vec<_> = steps.iter().map(|s| (s.state, s.pending)).collect();
        assert_eq!(
            states,
            vec![
                (State::Applied, Some(Op::Undo)),
                (State::Dropped, None),
                (State::Undone, None),
            ]
        );
        assert_eq!(replay(&records_of(&steps)), steps);
        // A new step recorded, even before its first write, ends the waiting redo.
        records.extend(end(1, Op::Undo));
        records.push(step(4));
        let steps = replay(&records);
        assert_eq!(steps[2].state, State::Dropped);
        assert_eq!(steps[3].pending, Some(Op::Do));
        assert_eq!(replay(&records_of(&steps)), steps);
    }
}
