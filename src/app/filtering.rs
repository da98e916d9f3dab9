//! A filter run over the list a slice at a time, so that typing in the filter prompt never
//! holds a frame for longer than a slice: a query whose every item costs a regex pass over
//! its text (`/^[^0-9]+$/`, `/(?-i)[A-Z]{4}/`) takes 15-60 ms at 100k items. The list keeps
//! the last result until the job is done; the prompt shows how far it got. Nothing else
//! runs beside a job: any message but another keystroke in the prompt finishes it first
//! (app/update.rs), so the feed cannot change under it.

use std::ops::Range;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::app::view::{Filter, View};
use crate::feed::{Feed, ItemId};

/// Items tested between two looks at the clock: about a millisecond of the dearest regex
/// on two cores, and enough to hand to both.
const SLICE: usize = 8_192;

/// What a slice of work may take before the frame is drawn.
pub const BUDGET: Duration = Duration::from_millis(8);

pub struct Job {
    filter: Filter,
    work: Work,
    /// How many of the items to test are tested.
    done: usize,
}

enum Work {
    /// Every item of the feed, in memory order; `pass` by slot.
    Feed { pass: Vec<bool> },
    /// The ids shown (a narrower query), in list order, and those that passed so far.
    Ids { ids: Vec<ItemId>, kept: Vec<ItemId> },
}

impl Job {
    /// Test every item of the feed.
    pub fn whole(filter: Filter, feed: &Feed) -> Job {
        let pass = Vec::with_capacity(feed.len());
        Job {
            filter,
            work: Work::Feed { pass },
            done: 0,
        }
    }

    /// Test only `ids` (a query that narrows the one they passed).
    pub fn among(filter: Filter, ids: Vec<ItemId>) -> Job {
        let kept = Vec::new();
        Job {
            filter,
            work: Work::Ids { ids, kept },
            done: 0,
        }
    }

    /// Items tested, of how many.
    pub fn progress(&self, feed: &Feed) -> (usize, usize) {
        let total = match &self.work {
            Work::Feed { .. } => feed.len(),
            Work::Ids { ids, .. } => ids.len(),
        };
        (self.done, total)
    }

    pub fn is_done(&self, feed: &Feed) -> bool {
        let (done, total) = self.progress(feed);
        done >= total
    }

    /// Test slices while another one fits in `budget` (the last one's time telling what
    /// the next takes), at least one; whether all is tested.
    pub fn run(&mut self, feed: &Feed, budget: Duration) -> bool {
        let started = Instant::now();
        while !self.is_done(feed) {
            let t = Instant::now();
            self.slice(feed);
            if started.elapsed().saturating_add(t.elapsed()) > budget {
                break;
            }
        }
        self.is_done(feed)
    }

    fn slice(&mut self, feed: &Feed) {
        let from = self.done;
        match &mut self.work {
            Work::Feed { pass } => {
                let to = (from + SLICE).min(feed.len());
                pass.extend(pass_slots(&self.filter, feed, from..to));
                self.done = to;
            }
            Work::Ids { ids, kept } => {
                let to = (from + SLICE).min(ids.len());
                kept.extend(pass_ids(&self.filter, feed, &ids[from..to]));
                self.done = to;
            }
        }
    }

    /// The filter and the ids that pass it, in the view's order; every item is tested
    /// first if some are not yet.
    pub fn finish(mut self, feed: &Feed, view: &View) -> (Filter, Vec<ItemId>) {
        self.run(feed, Duration::MAX);
        let ids = match self.work {
            Work::Feed { pass } => picked(view.every_id(), &pass, feed),
            Work::Ids { kept, .. } => kept,
        };
        (self.filter, ids)
    }
}

/// Whether the item in `slot` passes `f`.
fn passes_at(f: &Filter, feed: &Feed, slot: usize) -> bool {
    f(&feed.items()[slot], feed.folded().map(|t| t.get(slot)))
}

/// Whether the item `id` is in the feed and passes `f`.
pub fn passes(f: &Filter, feed: &Feed, id: ItemId) -> bool {
    feed.slot(id).is_some_and(|s| passes_at(f, feed, s))
}

/// Whether each item of the slots in `range` passes `f`: items and their folded texts
/// read front to back, on every core.
pub fn pass_slots(f: &Filter, feed: &Feed, range: Range<usize>) -> Vec<bool> {
    range
        .into_par_iter()
        .map(|s| passes_at(f, feed, s))
        .collect()
}

/// The ids whose items pass `f`, in the same order, on every core (rayon's collect
/// keeps the order).
pub fn pass_ids(f: &Filter, feed: &Feed, ids: &[ItemId]) -> Vec<ItemId> {
    ids.par_iter()
        .copied()
        .filter(|&id| passes(f, feed, id))
        .collect()
}

/// The ids of `order` whose slot passed (`pass_slots` over the whole feed), in order.
pub fn picked(order: &[ItemId], pass: &[bool], feed: &Feed) -> Vec<ItemId> {
    let passed = |id: &ItemId| feed.slot(*id).is_some_and(|s| pass.get(s) == Some(&true));
    order.par_iter().copied().filter(passed).collect()
}

#[cfg(test)]
mod tests;
