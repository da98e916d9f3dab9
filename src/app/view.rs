//! What the list shows: the ids of the feed's items that pass a filter, in sort order.
//! The selection is an id, so a view that changes under it (items arriving, a new filter
//! or sort) never moves it to another item; only its row changes.

use std::cmp::Ordering;
use std::fmt;

use crate::feed::{Feed, Item, ItemId, newest_first};

/// The order of the list. One key today; the find issue adds more.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Newest first, undated last, then by path: a total order (paths are unique).
    #[default]
    Newest,
}

impl SortKey {
    pub fn cmp(self, a: &Item, b: &Item) -> Ordering {
        match self {
            SortKey::Newest => newest_first(a, b),
        }
    }
}

/// Which items the list shows.
pub type Filter = Box<dyn Fn(&Item) -> bool + Send>;

#[derive(Default)]
pub struct View {
    ids: Vec<ItemId>,
    filter: Option<Filter>,
    sort: SortKey,
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

    pub fn get(&self, row: usize) -> Option<ItemId> {
        self.ids.get(row).copied()
    }

    /// The row an item is on. A scan: the caller keeps the answer until the view changes.
    pub fn position(&self, id: ItemId) -> Option<usize> {
        self.ids.iter().position(|&x| x == id)
    }

    pub fn sort(&self) -> SortKey {
        self.sort
    }

    pub fn set_sort(&mut self, sort: SortKey, feed: &Feed) {
        self.sort = sort;
        self.rebuild(feed);
    }

    pub fn set_filter(&mut self, filter: Option<Filter>, feed: &Feed) {
        self.filter = filter;
        self.rebuild(feed);
    }

    fn passes(&self, item: &Item) -> bool {
        self.filter.as_ref().is_none_or(|f| f(item))
    }

    /// From scratch: O(n log n).
    pub fn rebuild(&mut self, feed: &Feed) {
        let mut items: Vec<&Item> = feed.items().iter().filter(|i| self.passes(i)).collect();
        let sort = self.sort;
        items.sort_unstable_by(|a, b| sort.cmp(a, b));
        self.ids = items.into_iter().map(|i| i.id).collect();
    }

    /// Add items that are in `feed` but not yet in the view, keeping the order. A batch
    /// of b costs O(b log b + b log n) comparisons and one O(n) pass of copying, so 100k
    /// items arriving in batches of a few hundred stay far from O(n^2).
    pub fn insert(&mut self, feed: &Feed, new: &[ItemId]) {
        let sort = self.sort;
        let mut batch: Vec<&Item> = new
            .iter()
            .filter_map(|&id| feed.get(id))
            .filter(|i| self.passes(i))
            .collect();
        if batch.is_empty() {
            return;
        }
        batch.sort_unstable_by(|a, b| sort.cmp(a, b));
        let old = std::mem::take(&mut self.ids);
        let mut merged = Vec::with_capacity(old.len() + batch.len());
        let mut from = 0;
        for item in batch {
            // Items the view lost from the feed sort first; they are dropped below anyway.
            let at = from
                + old[from..].partition_point(|&id| {
                    feed.get(id)
                        .is_none_or(|x| sort.cmp(x, item) == Ordering::Less)
                });
            merged.extend_from_slice(&old[from..at]);
            merged.push(item.id);
            from = at;
        }
        merged.extend_from_slice(&old[from..]);
        self.ids = merged;
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
        self.insert(feed, &[id]);
    }
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
