//! Search within the view: jump to the next item whose title matches, without narrowing
//! the list; `n`/`N` walk the matches of the kept search.

use crate::app::find::clock;
use crate::app::model::Model;
use crate::app::update::select;
use crate::feed::query::{Matcher, Pattern, Query, Term, TextField};

/// A title search: the words as typed, case and accents ignored.
fn title_matcher(model: &Model, text: &str) -> Matcher {
    let q = Query::Term(Term::Text(TextField::Title, Pattern::Text(text.to_owned())));
    Matcher::new(&q, &clock(model))
}

/// The first row from `from` (wrapping), forwards or backwards, whose title matches.
fn find_row(model: &Model, text: &str, from: usize, forward: bool) -> Option<usize> {
    let len = model.view.len();
    if len == 0 {
        return None;
    }
    let m = title_matcher(model, text);
    (0..len)
        .map(|d| {
            if forward {
                (from + d) % len
            } else {
                (from + len - d % len) % len
            }
        })
        .find(|&row| model.item_at(row).is_some_and(|i| m.matches(i)))
}

pub fn as_typed(model: &mut Model, text: &str) {
    let Some(p) = model.find.prompt.as_mut() else {
        return;
    };
    let (_, origin) = p.origin;
    if text.trim().is_empty() {
        p.missing = false;
        select(model, origin.min(model.view.len().saturating_sub(1)));
        return;
    }
    let found = find_row(model, text.trim(), origin, true);
    if let Some(row) = found {
        select(model, row);
        model.chosen = true;
    }
    if let Some(p) = model.find.prompt.as_mut() {
        p.missing = found.is_none();
    }
}

pub fn step(model: &mut Model, forward: bool) {
    let Some(text) = model.find.search.clone() else {
        model.info("No search yet: press f (or Ctrl-f) and type a title");
        return;
    };
    let len = model.view.len().max(1);
    let from = if forward {
        (model.cursor + 1) % len
    } else {
        (model.cursor + len - 1) % len
    };
    match find_row(model, &text, from, forward) {
        Some(row) => {
            if (forward && row <= model.cursor) || (!forward && row >= model.cursor) {
                model.info(format!("Search wrapped: {text}"));
            } else {
                model.status = None;
            }
            select(model, row);
            model.chosen = true;
        }
        None => model.error(format!("No title in the list matches {text:?}")),
    }
}
