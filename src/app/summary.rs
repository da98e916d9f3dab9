//! The lines of the bulk summary overlay: how a step went, and each file that failed with
//! its reason. Built here, as the other overlays' pages are, so `update` can bound its
//! scroll by the same lines the view draws.

use std::path::Path;

use crate::app::Model;
use crate::app::page::{Role, TextLine, wrapped};
use crate::feed::journal::{Op, Outcome};
use crate::feed::sanitize::clean;

pub fn lines(model: &Model, cols: usize) -> Vec<TextLine> {
    let Some(s) = &model.bulk.summary else {
        return vec![TextLine::new(Role::Plain, "No bulk step yet.")];
    };
    let changed = s.count(|o| *o == Outcome::Done);
    let stopped = s.count(|o| *o == Outcome::NotDone);
    let problems = s.problems();
    let what = match s.op {
        Op::Do => "",
        Op::Undo => "undo of ",
        Op::Redo => "redo of ",
    };
    let mut out = Vec::new();
    let head = format!(
        "Step {}: {what}{} {}",
        s.step,
        s.action.word(),
        clean(&s.label)
    );
    wrapped(&mut out, Role::Title, &head, cols);
    let counts = format!(
        "{changed} changed · {} already so · {} failed · {stopped} not reached",
        s.already,
        problems.len()
    );
    wrapped(&mut out, Role::Plain, &counts, cols);
    if !problems.is_empty() {
        out.push(TextLine::default());
        wrapped(
            &mut out,
            Role::Error,
            "Failed (each file left as it was):",
            cols,
        );
    }
    for (path, why) in &problems {
        let text = format!("{}: {}", shown(&model.feed.root, path), clean(why));
        wrapped(&mut out, Role::Plain, &text, cols);
    }
    out
}

/// A path as the editor knows it: inside the feed folder.
fn shown(root: &Path, path: &Path) -> String {
    clean(
        &path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string(),
    )
}
