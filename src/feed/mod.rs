//! The domain: items, loading, and writing the published flag back. Never imports ratatui.

pub mod cache;
pub mod facets;
pub mod frontmatter;
pub mod fsutil;
pub mod item;
pub mod journal;
pub mod loader;
pub mod query;
pub mod read;
pub mod sanitize;
pub mod sort;
pub mod store;
pub mod textpos;
pub mod walk;

use std::collections::HashMap;

use rayon::prelude::*;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

pub use item::{Item, ItemId};
pub use loader::{LoadError, LoadEvent, LoadOptions, LoadReport, load, load_streaming, load_with};

use std::sync::{Mutex, MutexGuard};

use crate::feed::query::FoldedTexts;
use crate::feed::sort::{SortKey, TextOrders};
use crate::feed::store::Rev;

/// Ids are hashes of paths already: a fast hasher is enough, and every lookup of an item
/// by id (each row drawn, each item a filter tests) pays for the hasher.
type IdMap<V> = HashMap<ItemId, V, foldhash::fast::RandomState>;

/// The loaded items, looked up by id, path or URL in O(1). Storage order is the order
/// `new` sorted them in (newest first, undated last, then by path) followed by arrival
/// (a removal moves the last item into the gap)
/// order; what the screen shows in which order is the app's view, not this.
///
/// Items are only changed through methods, so the published count stays true without a
/// recount.
#[derive(Debug, Default)]
pub struct Feed {
    pub root: PathBuf,
    items: Vec<Item>,
    by_id: IdMap<usize>,
    /// A hash of the URL key, not the URL: 100k items carry about 200k URLs, and the
    /// item itself has them to check a hit against.
    by_url: HashMap<u64, ItemId, foldhash::fast::RandomState>,
    url_hasher: foldhash::fast::RandomState,
    published: usize,
    /// Every item's text folded for the filter and the text sorts, by slot; kept only
    /// once asked for (`keep_folded`), since the CLI and `check` do not need it.
    folded: Option<FoldedTexts>,
    /// The title and provider orders, kept with the folded texts (sort/kept.rs). Behind a
    /// lock because a sort (`&Feed`) settles the changes noted since the last one.
    orders: Mutex<TextOrders>,
}

/// URLs compare without surrounding blanks or a trailing slash.
pub fn url_key(url: &str) -> &str {
    url.trim().trim_end_matches('/')
}

/// The id a file's item has (as the loader gives it).
pub fn id_of(path: &Path) -> ItemId {
    ItemId::of(path)
}

/// What `Feed::insert` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    New,
    /// An item with the same id was there; it was replaced in place.
    Replaced,
}

impl Feed {
    pub fn new(root: PathBuf, items: Vec<Item>) -> Self {
        let by_path = items.is_sorted_by(|a, b| a.path <= b.path);
        Feed::sorted_from(root, items, by_path)
    }

    /// As `new`, for items already in path order (the walk's, as the loader gives them):
    /// a tie on the date then breaks on the position, without comparing paths.
    pub(crate) fn from_path_order(root: PathBuf, items: Vec<Item>) -> Self {
        debug_assert!(items.is_sorted_by(|a, b| a.path <= b.path));
        Feed::sorted_from(root, items, true)
    }

    fn sorted_from(root: PathBuf, mut items: Vec<Item>, by_path: bool) -> Self {
        let mut feed = Feed {
            root,
            ..Feed::default()
        };
        // The URLs are hashed on every core, before the sort: in the order the items were
        // read in, their strings lie one after another in memory (after it, each was a
        // cache miss, a third of the feed's build). The maps are filled in order after.
        let urls: Vec<[Option<u64>; 2]> = items.par_iter().map(|i| feed.url_keys(i)).collect();
        let order = newest_first_order(&items, by_path);
        permute(&mut items, &order);
        feed.by_id.reserve(items.len());
        feed.by_url.reserve(items.len() * 2);
        // The items are taken as they are, not copied: at 100k items a second vector
        // of them was the load's peak of memory.
        feed.items = items;
        // The two maps are filled on two cores, each in the feed's order.
        let (items, by_id, by_url) = (&feed.items, &mut feed.by_id, &mut feed.by_url);
        let ((twice, published), ()) = rayon::join(
            || {
                let (mut twice, mut published) = (false, 0);
                for (slot, item) in items.iter().enumerate() {
                    twice |= by_id.insert(item.id, slot).is_some();
                    published += usize::from(item.is_published());
                }
                (twice, published)
            },
            || {
                for (item, &from) in items.iter().zip(&order) {
                    for h in urls[from].into_iter().flatten() {
                        by_url.entry(h).or_insert(item.id);
                    }
                }
            },
        );
        if twice {
            // Two items with one id (one file given twice): the later one stands, as
            // `insert` would have it.
            let items = std::mem::take(&mut feed.items);
            return Feed::by_insert(feed.root, items);
        }
        feed.published = published;
        feed
    }

    fn by_insert(root: PathBuf, items: Vec<Item>) -> Self {
        let mut feed = Feed {
            root,
            ..Feed::default()
        };
        for item in items {
            feed.insert(item);
        }
        feed
    }

    /// Make room for `total` items while none have arrived (later calls do nothing).
    pub fn reserve_total(&mut self, total: usize) {
        if self.items.is_empty() {
            self.items.reserve_exact(total);
            self.by_id.reserve(total);
            self.by_url.reserve(total * 2);
        }
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Kept by every change, never recounted.
    pub fn published_count(&self) -> usize {
        self.published
    }

    pub fn get(&self, id: ItemId) -> Option<&Item> {
        self.by_id.get(&id).map(|&i| &self.items[i])
    }

    /// Where the item is in `items()`, until the next `remove`.
    pub fn slot(&self, id: ItemId) -> Option<usize> {
        self.by_id.get(&id).copied()
    }

    /// Keep every item's folded text from now on (built now on every core for the items
    /// there are, then kept in step by `insert` and `remove`), and the text sorts' orders
    /// (built now when there are items; a streaming load settles them at its end).
    pub fn keep_folded(&mut self) {
        if self.folded.is_none() {
            self.folded = Some(FoldedTexts::build(&self.items));
            if !self.items.is_empty() {
                self.settle_orders();
            }
        }
    }

    /// Build the title and provider orders, or place the items changed since they were
    /// last settled: off the key path (the load's end, changes from the folder), so a
    /// sort key finds them ready. Nothing without the folded texts.
    pub fn settle_orders(&mut self) {
        let mut orders = std::mem::take(orders_mut(&mut self.orders));
        orders.settle(self, &crate::feed::sort::TEXT_KEYS);
        *orders_mut(&mut self.orders) = orders;
    }

    /// Every item in `key`'s order (title or provider), settled first; `None` when the
    /// feed keeps no folded texts (or for another key).
    pub(crate) fn text_order(&self, key: SortKey, descending: bool) -> Option<Vec<ItemId>> {
        self.folded.as_ref()?;
        let mut orders = self.lock_orders();
        orders.settle(self, &[key]);
        orders.ids(self, key, descending)
    }

    /// Whether a title or provider sort would find its order ready (no sort, no merge).
    pub fn text_orders_ready(&self) -> bool {
        self.lock_orders().ready()
    }

    /// A panic while the orders were being settled may have left them half done: they
    /// are dropped then, to be built again.
    fn lock_orders(&self) -> MutexGuard<'_, TextOrders> {
        self.orders.lock().unwrap_or_else(|poisoned| {
            let mut orders = poisoned.into_inner();
            *orders = TextOrders::default();
            self.orders.clear_poison();
            orders
        })
    }

    /// The folded texts by slot, when kept (`keep_folded`).
    pub fn folded(&self) -> Option<&FoldedTexts> {
        self.folded.as_ref()
    }

    pub fn contains(&self, id: ItemId) -> bool {
        self.by_id.contains_key(&id)
    }

    pub fn id_of_path(&self, path: &Path) -> Option<ItemId> {
        let id = id_of(path);
        self.get(id).filter(|i| i.path == path).map(|_| id)
    }

    /// The item whose original or web URL is `url`.
    pub fn id_of_url(&self, url: &str) -> Option<ItemId> {
        let key = url_key(url);
        let id = *self.by_url.get(&self.url_hash(key))?;
        let item = self.get(id)?;
        let urls = [&item.original_url, &item.web_url];
        urls.into_iter()
            .flatten()
            .any(|u| url_key(u) == key)
            .then_some(id)
    }

    /// Add an item, or put a fresh reading of one in place of the old (same id).
    pub fn insert(&mut self, item: Item) -> Inserted {
        let id = item.id;
        self.published += usize::from(item.is_published());
        let len = self.items.len();
        let orders = orders_mut(&mut self.orders);
        let (slot, inserted) = match self.by_id.get(&id) {
            Some(&i) => {
                let old = std::mem::replace(&mut self.items[i], item);
                orders.replaced(&old, &self.items[i], len);
                self.published -= usize::from(old.is_published());
                self.unindex_urls(&old);
                (i, Inserted::Replaced)
            }
            None => {
                orders.inserted(id, len + 1);
                self.by_id.insert(id, len);
                self.items.push(item);
                (len, Inserted::New)
            }
        };
        self.index_urls(slot);
        if let Some(f) = &mut self.folded {
            match inserted {
                Inserted::New => f.push(&self.items[slot]),
                Inserted::Replaced => f.replace(slot, &self.items[slot]),
            }
        }
        inserted
    }

    /// Take an item out (its file is gone). O(1): the last item moves into its slot.
    pub fn remove(&mut self, id: ItemId) -> Option<Item> {
        let slot = self.by_id.remove(&id)?;
        let item = self.items.swap_remove(slot);
        if let Some(f) = &mut self.folded {
            f.swap_remove(slot);
        }
        orders_mut(&mut self.orders).removed();
        if let Some(moved) = self.items.get(slot) {
            self.by_id.insert(moved.id, slot);
        }
        self.published -= usize::from(item.is_published());
        self.unindex_urls(&item);
        Some(item)
    }

    /// Record a write that succeeded. Returns the value the item had before.
    pub fn set_published(&mut self, id: ItemId, value: bool, rev: Rev) -> Option<bool> {
        let &i = self.by_id.get(&id)?;
        let item = &mut self.items[i];
        let was = item.is_published();
        item.published = Some(value);
        item.rev = rev;
        self.published = self.published - usize::from(was) + usize::from(value);
        Some(was)
    }

    fn url_hash(&self, key: &str) -> u64 {
        self.url_hasher.hash_one(key)
    }

    /// The first item with a URL keeps it, so a related link leads to one item, not to
    /// whichever loaded last.
    fn index_urls(&mut self, slot: usize) {
        let item = &self.items[slot];
        let (keys, id) = (self.url_keys(item), item.id);
        for h in keys.into_iter().flatten() {
            self.by_url.entry(h).or_insert(id);
        }
    }

    /// The hashes `by_url` knows an item by: its original and web URLs.
    fn url_keys(&self, item: &Item) -> [Option<u64>; 2] {
        [&item.original_url, &item.web_url].map(|u| u.as_deref().map(|u| self.url_hash(url_key(u))))
    }

    fn unindex_urls(&mut self, item: &Item) {
        for url in [&item.original_url, &item.web_url].into_iter().flatten() {
            let h = self.url_hash(url_key(url));
            if self.by_url.get(&h) == Some(&item.id) {
                self.by_url.remove(&h);
            }
        }
    }
}

/// The orders, to change them; dropped if a panic left them half settled (see
/// `Feed::lock_orders`).
fn orders_mut(orders: &mut Mutex<TextOrders>) -> &mut TextOrders {
    if orders.is_poisoned() {
        orders.clear_poison();
        *orders.get_mut().unwrap_or_else(|p| p.into_inner()) = TextOrders::default();
    }
    orders.get_mut().unwrap_or_else(|p| p.into_inner())
}

/// The order of `newest_first`: where each position takes its item from. The sort runs
/// on small keys; `permute` then moves each item once.
fn newest_first_order(items: &[Item], by_path: bool) -> Vec<usize> {
    // Newest first, undated last: the date reversed, then the position (items in path
    // order break a tie on the date by their place, without comparing paths).
    let mut keys: Vec<(std::cmp::Reverse<Option<jiff::Timestamp>>, usize)> = (items.iter())
        .map(Item::timestamp)
        .map(std::cmp::Reverse)
        .zip(0..)
        .collect();
    if by_path {
        keys.par_sort_unstable();
    } else {
        keys.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| items[a.1].path.cmp(&items[b.1].path))
        });
    }
    keys.into_iter().map(|(_, from)| from).collect()
}

/// Put `items[order[i]]` at position `i`, for a permutation `order` of the positions:
/// each cycle is rotated through one held item, so every item is copied once (swapping,
/// as before, copied each about three times: 45 MB at 100k items, a tenth of a warm load's
/// feed build).
fn permute(items: &mut [Item], order: &[usize]) {
    let n = items.len();
    assert_eq!(order.len(), n, "a permutation of every position");
    let mut seen = vec![false; n];
    for &from in order {
        assert!(from < n && !seen[from], "a permutation of every position");
        seen[from] = true;
    }
    // `seen` now marks the positions still to settle.
    let base = items.as_mut_ptr();
    for start in 0..n {
        if !seen[start] || order[start] == start {
            continue;
        }
        // SAFETY: `order` is a permutation of 0..n (checked above), so every index is in
        // bounds and each position is read once and written once per cycle: the item
        // held in `held` is written back to the one slot left open. Nothing in the loop
        // can panic (plain indexing of checked indices), so no item is dropped twice.
        unsafe {
            let held = std::ptr::read(base.add(start));
            let mut at = start;
            loop {
                seen[at] = false;
                let from = order[at];
                if from == start {
                    std::ptr::write(base.add(at), held);
                    break;
                }
                std::ptr::copy_nonoverlapping(base.add(from), base.add(at), 1);
                at = from;
            }
        }
    }
}

/// The feed's own order (and the CLI's): newest first, undated last, then by path.
pub fn newest_first(a: &Item, b: &Item) -> std::cmp::Ordering {
    b.timestamp()
        .cmp(&a.timestamp())
        .then_with(|| a.path.cmp(&b.path))
}

#[cfg(test)]
mod tests;
