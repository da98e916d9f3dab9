//! `publish --query Q FEED` and `unpublish --query Q FEED`: every matching item as one step
//! of the feed's history, written through the journal so `undo` takes it all back.

use std::io::{self, Write};
use std::path::PathBuf;

use super::{FlagArgs, load_matching, parse_query, set_flag_files};
use crate::feed::journal::{Action, Journal, Outcome};

pub fn set_flag(
    args: &FlagArgs,
    value: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let Some(text) = &args.query else {
        return set_flag_files(args, value, out, err);
    };
    let [feed] = args.files.as_slice() else {
        writeln!(err, "newsdesk: --query takes exactly one feed folder")?;
        return Ok(2);
    };
    let Some(query) = parse_query(Some(text), None, err)? else {
        return Ok(2);
    };
    let Some((report, keep)) = load_matching(feed, &query, false, err)? else {
        return Ok(2);
    };
    let paths: Vec<PathBuf> = keep
        .iter()
        .map(|&n| report.feed.items()[n].path.clone())
        .collect();
    let action = if value {
        Action::Publish
    } else {
        Action::Unpublish
    };
    let word = if value { "published" } else { "unpublished" };
    let plan = Journal::plan(action, &paths);
    for (path, reason) in &plan.refused {
        writeln!(err, "{}: {reason}", path.display())?;
    }
    if args.dry_run {
        for change in &plan.changes {
            writeln!(out, "{}: would be {word}", change.path.display())?;
        }
        writeln!(
            out,
            "{} of {} matching would change, {} already {word}, {} refused",
            plan.changes.len(),
            paths.len(),
            plan.already.len(),
            plan.refused.len()
        )?;
        return Ok(i32::from(!plan.refused.is_empty()));
    }
    if plan.changes.is_empty() {
        writeln!(
            out,
            "nothing to change: {} matching, {} already {word}, {} refused",
            paths.len(),
            plan.already.len(),
            plan.refused.len()
        )?;
        return Ok(i32::from(!plan.refused.is_empty()));
    }
    let mut journal = match Journal::for_feed(feed) {
        Ok(j) => j,
        Err(e) => {
            writeln!(err, "newsdesk: {}: history: {e}", feed.display())?;
            return Ok(2);
        }
    };
    let step = match journal.apply(action, text, plan.changes, &mut |_, _| true) {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "newsdesk: {}: history: {e}", feed.display())?;
            return Ok(2);
        }
    };
    for (path, outcome) in &step.results {
        match outcome {
            Outcome::Done => writeln!(out, "{}: {word}", path.display())?,
            Outcome::NotDone => writeln!(out, "{}: not reached", path.display())?,
            Outcome::Conflict => writeln!(
                err,
                "{}: changed on disk since it was read; not written",
                path.display()
            )?,
            Outcome::Failed(reason) => writeln!(err, "{}: {reason}", path.display())?,
        }
    }
    let failed = step.count(|o| !matches!(o, Outcome::Done)) + plan.refused.len();
    writeln!(
        out,
        "step {}: {} {word}, {} already so, {failed} failed",
        step.id,
        step.count(|o| *o == Outcome::Done),
        plan.already.len(),
    )?;
    Ok(i32::from(failed > 0))
}
