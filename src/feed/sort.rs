//! Orders for the list: by date, quality, heat, title or provider, ascending or descending.
//! Items without the key go last either way; ties break by date (newest first) then path,
//! so every order is total and the same on every run.

mod kept;

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::feed::item::Item;
use crate::feed::query::{FoldedTexts, fields, fold};
use crate::feed::{Feed, ItemId};

pub(crate) use kept::{KEYS as TEXT_KEYS, TextOrders};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Date,
    Quality,
    Heat,
    Title,
    Provider,
}

impl SortKey {
    pub const ALL: [(&'static str, SortKey); 5] = [
        ("date", SortKey::Date),
        ("quality", SortKey::Quality),
        ("heat", SortKey::Heat),
        ("title", SortKey::Title),
        ("provider", SortKey::Provider),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |p| p.0)
    }

    /// The text a text key sorts by, as the item has it (not folded).
    fn text(self, item: &Item) -> Option<&str> {
        match self {
            SortKey::Title => fields::title(item),
            SortKey::Provider => fields::provider(item),
            _ => None,
        }
    }

    /// Numbers and dates read best highest / newest first, names from A.
    pub fn default_descending(self) -> bool {
        matches!(self, SortKey::Date | SortKey::Quality | SortKey::Heat)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for Sort {
    /// Newest first: the feed's own order.
    fn default() -> Sort {
        Sort {
            key: SortKey::Date,
            descending: true,
        }
    }
}

impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dir = if self.descending { "desc" } else { "asc" };
        write!(f, "{}:{dir}", self.key.name())
    }
}

impl FromStr for Sort {
    type Err = String;

    /// `KEY` or `KEY:asc` / `KEY:desc`.
    fn from_str(s: &str) -> Result<Sort, String> {
        let (name, dir) = s.split_once(':').unwrap_or((s, ""));
        let key = SortKey::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, k)| *k)
            .ok_or_else(|| {
                format!(
                    "unknown sort key '{name}': expected date, quality, heat, title or provider"
                )
            })?;
        let descending = match dir.trim().to_ascii_lowercase().as_str() {
            "" => key.default_descending(),
            "asc" => false,
            "desc" => true,
            other => return Err(format!("unknown direction '{other}': expected asc or desc")),
        };
        Ok(Sort { key, descending })
    }
}

/// Missing values last in both directions.
fn by_option<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) if descending => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The tie-break under every order: newest first, then path.
fn tie(a: &Item, b: &Item) -> Ordering {
    by_option(fields::timestamp(a), fields::timestamp(b), true).then_with(|| fields::path_cmp(a, b))
}

/// Titles and providers compare folded (case and accents ignored), then trimmed; blank
/// counts as missing. (Folded first so the feed's folded texts give the same key.)
fn text_key(item: &Item, key: SortKey) -> Option<String> {
    key.text(item)
        .map(fold)
        .map(|f| f.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// The same key, read from the folded texts of the item in `slot`.
fn text_of(texts: &FoldedTexts, slot: usize, key: SortKey) -> Option<&str> {
    let p = texts.get(slot);
    let s = match key {
        SortKey::Title => p.title(),
        _ => p.provider(),
    };
    Some(s.trim()).filter(|s| !s.is_empty())
}

/// One comparison under `sort`. Text keys are folded on each call: to order many items use
/// `sort_items`, which folds each once.
pub fn compare(a: &Item, b: &Item, sort: Sort) -> Ordering {
    let d = sort.descending;
    let primary = match sort.key {
        SortKey::Date => by_option(fields::timestamp(a), fields::timestamp(b), d),
        SortKey::Quality => by_option(fields::quality(a), fields::quality(b), d),
        SortKey::Heat => by_option(fields::heat(a), fields::heat(b), d),
        SortKey::Title | SortKey::Provider => {
            by_option(text_key(a, sort.key), text_key(b, sort.key), d)
        }
    };
    primary.then_with(|| tie(a, b))
}

/// Every item of `feed` in `sort` order. A feed that keeps its folded texts keeps the text
/// orders ready too (see kept.rs): a title or provider sort is then a copy of one. Other
/// keys are read slot by slot (in memory order) into a flat vector and sorted on every
/// core.
pub fn sorted_ids(feed: &Feed, sort: Sort) -> Vec<ItemId> {
    let items = feed.items();
    let d = sort.descending;
    let slots = match sort.key {
        SortKey::Title | SortKey::Provider => {
            if let Some(ids) = feed.text_order(sort.key, d) {
                return ids;
            }
            sorted_slots(items, d, |i| text_key(i, sort.key).map(TextKey::new))
        }
        SortKey::Date => sorted_slots(items, d, fields::timestamp),
        SortKey::Quality => sorted_slots(items, d, fields::quality),
        SortKey::Heat => sorted_slots(items, d, fields::heat),
    };
    slots.into_iter().map(|s| items[s as usize].id).collect()
}

fn sorted_slots<K: Ord + Send>(
    items: &[Item],
    descending: bool,
    key: impl Fn(&Item) -> Option<K>,
) -> Vec<u32> {
    use rayon::prelude::*;
    let mut keyed: Vec<(Option<K>, Option<jiff::Timestamp>, u32)> = (items.iter().enumerate())
        .map(|(s, i)| (key(i), fields::timestamp(i), s as u32))
        .collect();
    // The order is total (paths differ), so an unstable sort gives the one result.
    keyed.par_sort_unstable_by(|(ka, ta, a), (kb, tb, b)| {
        by_option(ka.as_ref(), kb.as_ref(), descending)
            .then_with(|| by_option(*ta, *tb, true))
            .then_with(|| fields::path_cmp(&items[*a as usize], &items[*b as usize]))
    });
    keyed.into_iter().map(|(_, _, s)| s).collect()
}

/// Sort `items` by `sort`. Each item's keys are read once into a flat vector first, so the
/// comparisons touch no item (and fold no title) again.
pub fn sort_items(items: &mut [&Item], sort: Sort) {
    match sort.key {
        SortKey::Title | SortKey::Provider => keyed_sort(items, sort.descending, |i| {
            text_key(i, sort.key).map(TextKey::new)
        }),
        SortKey::Date => keyed_sort(items, sort.descending, fields::timestamp),
        SortKey::Quality => keyed_sort(items, sort.descending, fields::quality),
        SortKey::Heat => keyed_sort(items, sort.descending, fields::heat),
    }
}

/// A folded text with its first bytes kept inline: most comparisons end within them, so
/// a sort of 100,000 titles seldom follows a pointer to the heap. Ordering by `head` then
/// `full` is the same as ordering by `full` (a shorter text is padded with zero bytes).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct TextKey<S> {
    head: [u8; 16],
    full: S,
}

impl<S: AsRef<str>> TextKey<S> {
    fn new(full: S) -> TextKey<S> {
        let mut head = [0u8; 16];
        let bytes = full.as_ref().as_bytes();
        let n = bytes.len().min(head.len());
        head[..n].copy_from_slice(&bytes[..n]);
        TextKey { head, full }
    }
}

fn keyed_sort<'a, K: Ord>(
    items: &mut [&'a Item],
    descending: bool,
    key: impl Fn(&Item) -> Option<K>,
) {
    let mut keyed: Vec<(Option<K>, Option<jiff::Timestamp>, &'a Item)> = items
        .iter()
        .map(|i| (key(i), fields::timestamp(i), *i))
        .collect();
    // The order is total (paths differ), so an unstable sort gives the one result.
    keyed.sort_unstable_by(|(ka, ta, a), (kb, tb, b)| {
        by_option(ka.as_ref(), kb.as_ref(), descending)
            .then_with(|| by_option(*ta, *tb, true))
            .then_with(|| fields::path_cmp(a, b))
    });
    for (slot, (_, _, item)) in items.iter_mut().zip(keyed) {
        *slot = item;
    }
}

#[cfg(test)]
mod tests;
