//! The selected item read whole. The list keeps slim items (their related articles,
//! images and `secured` payload left on disk, only counted); when the selection lands on
//! one, `update` asks the worker to read its file, and the panes show the answer once it
//! matches the item as listed (same rev). A few recent answers are kept, so stepping off
//! an item and back does not read it again, and memory stays flat whatever the feed size.

use std::collections::{HashSet, VecDeque};
use std::path::Path;

use crate::app::model::Model;
use crate::app::msg::Effect;
use crate::feed::sanitize::clean;
use crate::feed::store::Rev;
use crate::feed::{Item, ItemId, LoadError};

/// Answers kept: the selected item and the last few the editor was on. A handful of
/// whole items (a few KB each) is nothing next to the feed, and covers going back and
/// forth between neighbours.
pub const KEEP: usize = 8;

/// The reads asked and the answers kept.
#[derive(Debug, Default)]
pub struct Whole {
    /// Reads on their way, by the id and the rev the item had when it was asked.
    asked: HashSet<(ItemId, Rev)>,
    /// Answers, oldest first, each for the rev the listed item had when it came.
    answers: VecDeque<Answer>,
}

#[derive(Debug)]
struct Answer {
    id: ItemId,
    rev: Rev,
    outcome: Result<Box<Item>, String>,
}

/// What the panes can show of the selected item.
#[derive(Debug, Clone, Copy)]
pub enum Shown<'a> {
    /// All of it: the item was never slim, or its file was read.
    Whole(&'a Item),
    /// The slim item (with the counts) while its file is being read.
    Reading(&'a Item),
    /// The slim item, and why its file could not be read, in plain words.
    Failed(&'a Item, &'a str),
}

impl<'a> Shown<'a> {
    /// The fullest item there is: the whole one, else the slim one.
    pub fn item(self) -> &'a Item {
        match self {
            Shown::Whole(i) | Shown::Reading(i) | Shown::Failed(i, _) => i,
        }
    }
}

impl Whole {
    /// How `item` (as listed) can be shown.
    pub fn shown<'a>(&'a self, item: &'a Item) -> Shown<'a> {
        if !item.is_slim() {
            return Shown::Whole(item);
        }
        match self.answer(item.id, item.rev).map(|a| &a.outcome) {
            Some(Ok(whole)) => Shown::Whole(whole),
            Some(Err(why)) => Shown::Failed(item, why),
            None => Shown::Reading(item),
        }
    }

    fn answer(&self, id: ItemId, rev: Rev) -> Option<&Answer> {
        self.answers.iter().find(|a| a.id == id && a.rev == rev)
    }

    /// Keep an answer for (`id`, `rev`), in place of any older one for that id.
    fn keep(&mut self, id: ItemId, rev: Rev, outcome: Result<Box<Item>, String>) {
        self.answers.retain(|a| a.id != id);
        if self.answers.len() >= KEEP {
            self.answers.pop_front();
        }
        self.answers.push_back(Answer { id, rev, outcome });
    }

    /// The editor asked for a reload (`R`): reads that failed may work now.
    pub fn forget_failures(&mut self) {
        self.answers.retain(|a| a.outcome.is_ok());
    }

    /// A write of ours changed only the `published` line: the kept whole item follows,
    /// rather than being read again for a change already known.
    pub fn published(&mut self, id: ItemId, from: Rev, value: bool, to: Rev) {
        for a in &mut self.answers {
            if a.id == id
                && a.rev == from
                && let Ok(item) = &mut a.outcome
            {
                item.published = Some(value);
                item.rev = to;
                a.rev = to;
            }
        }
    }

    /// A whole item read by other means (a reload after a conflict).
    pub fn hold(&mut self, item: Item) {
        self.keep(item.id, item.rev, Ok(Box::new(item)));
    }
}

/// After every message: when the selected item is slim and nothing is known of its
/// file at its rev, ask for it (once: the ask is remembered until its answer comes).
pub fn want(model: &mut Model) -> Option<Effect> {
    let item = model.selected_item()?;
    if !matches!(model.whole.shown(item), Shown::Reading(_)) {
        return None;
    }
    let (id, rev, path) = (item.id, item.rev, item.path.clone());
    if !model.whole.asked.insert((id, rev)) {
        return None;
    }
    Some(Effect::ReadDetail { id, rev, path })
}

/// A read came back. It is kept only as the answer for the item as listed now: an
/// answer for an item gone from the feed, or asked for a rev the feed has since replaced,
/// is dropped (`want` asks for the new rev), and a file that no longer matches the listed
/// item (changed on disk since) is not shown as its bulk.
pub fn read(
    model: &mut Model,
    id: ItemId,
    asked: Rev,
    result: Result<Option<Box<Item>>, LoadError>,
) {
    model.whole.asked.remove(&(id, asked));
    let Some(listed) = model.feed.get(id).filter(|i| i.rev == asked) else {
        return;
    };
    // The file as the editor knows it: inside the feed folder.
    let root = &model.feed.root;
    let name = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let outcome = match result {
        Ok(Some(item)) if item.id == id && item.rev == asked => Ok(item),
        Ok(Some(_)) => Err(format!(
            "{} changed on disk since it was listed; it is read again once it reloads (R)",
            name(&listed.path)
        )),
        Ok(None) => Err(format!(
            "{} has no front matter any more: it is not an item file now",
            name(&listed.path)
        )),
        Err(e) => {
            let place = match (e.line, e.column) {
                (Some(l), Some(c)) => format!(" (line {l}, column {c})"),
                (Some(l), None) => format!(" (line {l})"),
                _ => String::new(),
            };
            Err(format!(
                "Could not read {}{place}: {}",
                name(&e.path),
                e.message
            ))
        }
    };
    // Paths and parser messages come from the disk: made safe for the screen here.
    model
        .whole
        .keep(id, asked, outcome.map_err(|why| clean(&why)));
}

#[cfg(test)]
mod tests;
