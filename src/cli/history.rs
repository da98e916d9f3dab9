//! `history`, `undo` and `redo`: the feed's journal from the command line, with the same
//! rules as the TUI (exact bytes back; a file changed since is left alone).

use std::io::{self, Write};
use std::path::Path;

use crate::feed::journal::{Journal, Op, Outcome, Report, State, Step};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    Back,
    Forward,
}

fn open(path: &Path, err: &mut dyn Write) -> io::Result<Option<Journal>> {
    match Journal::for_feed(path) {
        Ok(j) => Ok(Some(j)),
        Err(e) => {
            writeln!(err, "newsdesk: {}: history: {e}", path.display())?;
            Ok(None)
        }
    }
}

fn state_word(step: &Step) -> &'static str {
    if step.pending.is_some() {
        return "unfinished";
    }
    match step.state {
        State::Applied => "applied",
        State::Undone => "undone",
        State::Dropped => "dropped",
    }
}

pub fn list(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<i32> {
    let Some(journal) = open(path, err)? else {
        return Ok(2);
    };
    for s in journal.steps() {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            s.id,
            s.time,
            s.action.word(),
            s.files.len(),
            state_word(s),
            s.label.replace(['\t', '\n', '\r'], " ")
        )?;
    }
    if let Some(s) = journal.pending() {
        writeln!(
            err,
            "newsdesk: step {} was left unfinished (a crash or kill): `newsdesk redo` completes it, `newsdesk undo` rolls it back",
            s.id
        )?;
    }
    Ok(0)
}

pub fn step(path: &Path, way: Way, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<i32> {
    let Some(mut journal) = open(path, err)? else {
        return Ok(2);
    };
    let mut go = |_: usize, _: usize| true;
    let recovering = journal.pending().is_some();
    let result = if recovering {
        journal.recover(way == Way::Forward, &mut go)
    } else if way == Way::Back {
        journal.undo(&mut go)
    } else {
        journal.redo(&mut go)
    };
    let report = match result {
        Ok(Some(r)) => r,
        Ok(None) => {
            let what = if way == Way::Back { "undo" } else { "redo" };
            writeln!(err, "newsdesk: nothing to {what}")?;
            return Ok(0);
        }
        Err(e) => {
            writeln!(err, "newsdesk: {}: history: {e}", path.display())?;
            return Ok(2);
        }
    };
    print_report(&report, way, recovering, out, err)
}

fn print_report(
    r: &Report,
    way: Way,
    recovering: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let done_word = match r.op {
        Op::Undo => "restored",
        Op::Do | Op::Redo => "applied",
    };
    for (path, outcome) in &r.results {
        match outcome {
            Outcome::Done => writeln!(out, "{}: {done_word}", path.display())?,
            Outcome::NotDone => writeln!(out, "{}: as before the step", path.display())?,
            Outcome::Conflict => writeln!(
                err,
                "{}: changed since newsdesk wrote it; left alone",
                path.display()
            )?,
            Outcome::Failed(reason) => writeln!(err, "{}: {reason}", path.display())?,
        }
    }
    let op = match r.op {
        Op::Do => "step",
        Op::Undo => "undo of step",
        Op::Redo => "redo of step",
    };
    let verb = match (recovering, way) {
        (true, Way::Back) => format!("rolled back the unfinished {op}"),
        (true, Way::Forward) => format!("completed the unfinished {op}"),
        (false, Way::Back) => "undid step".to_owned(),
        (false, Way::Forward) => "redid step".to_owned(),
    };
    let bad = r.count(|o| matches!(o, Outcome::Conflict | Outcome::Failed(_)));
    writeln!(
        out,
        "{verb} {} ({} {}): {} {done_word}, {bad} left alone",
        r.id,
        r.action.word(),
        r.label,
        r.count(|o| *o == Outcome::Done),
    )?;
    Ok(i32::from(bad > 0))
}
