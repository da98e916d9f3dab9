//! What the list shows: the ids of the feed's items that pass a filter, in sort order.
//! The selection is an id, so a view that changes under it (items arriving, a new filter
//! or sort) never moves it to another item; only its row changes.
//!
//! The view also keeps every item's id in sort order (`all`), unfiltered: a new filter is
//! then one pass over that order, with no sort, which is what keeps filter-as-you-type
//! fast at 100k items.

use std::cmp::Ordering;
use std::fmt;

use crate::app::filtering::{pass_ids, pass_slots, passes, picked};
use crate::feed::query::Prepared;
use crate::feed::sort::{Sort, compare, sort_items, sorted_ids};
use crate::feed::{Feed, Item, ItemId};

/// The order of the list (src/feed/sort.rs): newest first unless set otherwise.
pub type SortKey = Sort;

/// Which items the list shows, given an item and its folded text when the feed keeps it.
/// `Sync` so a large view is filtered on all cores.
pub type Filter = Box<dyn Fn(&Item, Option<Prepared<'_>>) -> bool + Send + Sync>;

/// Below this many ids one thread filters faster than handing out the work.
const PARALLEL_FROM: usize = 20_000;

#[derive(Default)]
pub struct View {
    ids: Vec<ItemId>,
    /// Every item of the feed in `sort` order, filter or not.
    all: Vec<ItemId>,
    filter: Option<Filter>,
    /// The filter as the editor typed it, for the bulk confirmation.
    filter_text: Option<String>,
    sort: Sort,
}

impl fmt::Debug for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("View")
            .field("rows", &self.ids.len())
            .field("filtered", &self.filter.is_some())
            .field("sort", &self.sort)
            .finish()
    }
}

impl View {
    /// Every item of `feed`, in the default order.
    pub fn of(feed: &Feed) -> Self {
        let mut v = View::default();
        v.rebuild(feed);
        v
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn ids(&self) -> &[ItemId] {
        &self.ids
    }

    /// Every item of the feed in the view's order, filter or not.
    pub fn every_id(&self) -> &[ItemId] {
        &self.all
    }

    pub fn get(&self, row: usize) -> Option<ItemId> {
        self.ids.get(row).copied()
    }

    /// The row an item is on. A scan: the caller keeps the answer until the view changes.
    pub fn position(&self, id: ItemId) -> Option<usize> {
        self.ids.iter().position(|&x| x == id)
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// A new order. The filter is not run again: the rows are the ones shown before, in
    /// the new order.
    pub fn set_sort(&mut self, sort: Sort, feed: &Feed) {
        self.sort = sort;
        self.all = sorted_ids(feed, sort);
        self.ids = match self.filter {
            None => self.all.clone(),
            Some(_) => {
                let shown = shown_slots(&self.ids, feed);
                let shown = |id: &ItemId| feed.slot(*id).is_some_and(|s| shown[s]);
                self.all.iter().copied().filter(shown).collect()
            }
        };
    }

    /// A new filter: one pass over the sorted ids, O(n) matches and no sort.
    pub fn set_filter(&mut self, filter: Option<Filter>, feed: &Feed) {
        self.filter = filter;
        self.refilter(feed);
    }

    /// Put back a filter with the ids it gave before, which the caller kept and knows are
    /// still its result (the feed has not changed since): no item is tested.
    pub fn restore(&mut self, filter: Option<Filter>, ids: Vec<ItemId>) {
        self.filter = filter;
        self.ids = ids;
    }

    pub fn is_filtered(&self) -> bool {
        self.filter.is_some()
    }

    fn refilter(&mut self, feed: &Feed) {
        self.ids = match &self.filter {
            None => self.all.clone(),
            Some(f) => keep(&self.all, f, feed),
        };
    }

    /// Name the filter set by `set_filter` (its query text), or `None` for none.
    pub fn set_filter_text(&mut self, text: Option<String>) {
        self.filter_text = text;
    }

    pub fn filter_text(&self) -> Option<&str> {
        self.filter_text
            .as_deref()
            .filter(|_| self.filter.is_some())
    }

    fn passes(&self, item: &Item, feed: &Feed) -> bool {
        self.filter
            .as_ref()
            .is_none_or(|f| passes(f, feed, item.id))
    }

    /// From scratch: O(n log n).
    pub fn rebuild(&mut self, feed: &Feed) {
        self.all = sorted_ids(feed, self.sort);
        self.refilter(feed);
    }

    /// Add items that are in `feed` but not yet in the view, keeping the order. A batch
    /// of b costs O(b log b + b log n) comparisons and one O(n) pass of copying, so 100k
    /// items arriving in batches of a few hundred stay far from O(n^2).
    pub fn insert(&mut self, feed: &Feed, new: &[ItemId]) {
        let sort = self.sort;
        let mut batch: Vec<&Item> = new.iter().filter_map(|&id| feed.get(id)).collect();
        if batch.is_empty() {
            return;
        }
        sort_items(&mut batch, sort);
        merge(&mut self.all, &batch, feed, sort);
        batch.retain(|i| self.passes(i, feed));
        merge(&mut self.ids, &batch, feed, sort);
    }

    /// An item left the feed.
    pub fn remove(&mut self, id: ItemId) {
        if let Some(row) = self.position(id) {
            self.ids.remove(row);
        }
    }

    /// An item was read again: it may sort elsewhere now, or no longer pass the filter.
    pub fn refresh(&mut self, feed: &Feed, id: ItemId) {
        if let Some(row) = self.position(id) {
            self.ids.remove(row);
        }
        if let Some(at) = self.all.iter().position(|&x| x == id) {
            self.all.remove(at);
        }
        self.insert(feed, &[id]);
    }
}

/// The ids whose items pass `f`, in the same order; large lists on every core.
fn keep(ids: &[ItemId], f: &Filter, feed: &Feed) -> Vec<ItemId> {
    if ids.len() < PARALLEL_FROM {
        return ids
            .iter()
            .copied()
            .filter(|&id| passes(f, feed, id))
            .collect();
    }
    if ids.len() < feed.len() / 2 {
        return pass_ids(f, feed, ids);
    }
    // Most of the feed: test every item in memory order, then pick the ids in list order.
    picked(ids, &pass_slots(f, feed, 0..feed.len()), feed)
}

/// Which slots of the feed hold one of `ids`.
fn shown_slots(ids: &[ItemId], feed: &Feed) -> Vec<bool> {
    let mut shown = vec![false; feed.len()];
    for s in ids.iter().filter_map(|&id| feed.slot(id)) {
        shown[s] = true;
    }
    shown
}

/// Merge a sorted batch into sorted ids.
fn merge(ids: &mut Vec<ItemId>, batch: &[&Item], feed: &Feed, sort: Sort) {
    if batch.is_empty() {
        return;
    }
    let old = std::mem::take(ids);
    let mut merged = Vec::with_capacity(old.len() + batch.len());
    let mut from = 0;
    for item in batch {
        // Items the view lost from the feed sort first; they are dropped below anyway.
        let at = from
            + old[from..].partition_point(|&id| {
                feed.get(id)
                    .is_none_or(|x| compare(x, item, sort) == Ordering::Less)
            });
        merged.extend_from_slice(&old[from..at]);
        merged.push(item.id);
        from = at;
    }
    merged.extend_from_slice(&old[from..]);
    *ids = merged;
}

#[cfg(test)]
impl View {
    fn rebuilt(mut self, feed: &Feed) -> Vec<ItemId> {
        self.rebuild(feed);
        self.ids
    }
}

#[cfg(test)]
mod tests;
