//! Orders for the list: by date, quality, heat, title or provider, ascending or descending.
//! Items without the key go last either way; ties break by date (newest first) then path,
//! so every order is total and the same on every run.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use crate::feed::item::Item;
use crate::feed::query::{FoldedTexts, fields, fold};
use crate::feed::{Feed, ItemId};

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
    let s = match key {
        SortKey::Title => fields::title(item),
        SortKey::Provider => fields::provider(item),
        _ => None,
    };
    s.map(fold)
        .map(|f| f.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// The same key, read from the folded texts of the item in `slot`.
fn folded_key(texts: &FoldedTexts, slot: usize, key: SortKey) -> Option<TextKey<&str>> {
    let p = texts.get(slot);
    let s = match key {
        SortKey::Title => p.title(),
        _ => p.provider(),
    };
    Some(s.trim()).filter(|s| !s.is_empty()).map(TextKey::new)
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

/// Every item of `feed` in `sort` order. Keys are read slot by slot (in memory order) into
/// a flat vector, titles and providers borrowed from the feed's folded texts when it keeps
/// them, and sorted on every core.
pub fn sorted_ids(feed: &Feed, sort: Sort) -> Vec<ItemId> {
    let items = feed.items();
    let d = sort.descending;
    let slots = match (sort.key, feed.folded()) {
        (SortKey::Title | SortKey::Provider, Some(t)) => match ranks(t, items.len(), sort.key) {
            // Few distinct names (providers): order those once, then sort by their rank.
            Some(rank) => sorted_slots(items, d, |s, _| rank[s]),
            None => sorted_slots(items, d, |s, _| folded_key(t, s, sort.key)),
        },
        (SortKey::Title | SortKey::Provider, None) => {
            sorted_slots(items, d, |_, i| text_key(i, sort.key).map(TextKey::new))
        }
        (SortKey::Date, _) => sorted_slots(items, d, |_, i| fields::timestamp(i)),
        (SortKey::Quality, _) => sorted_slots(items, d, |_, i| fields::quality(i)),
        (SortKey::Heat, _) => sorted_slots(items, d, |_, i| fields::heat(i)),
    };
    slots.into_iter().map(|s| items[s as usize].id).collect()
}

/// Each slot's text key as its rank among the distinct keys, when there are few of them
/// (a quarter of the items or less): then comparing two items is comparing two numbers,
/// where comparing equal names would read both from the arena.
fn ranks(texts: &FoldedTexts, n: usize, key: SortKey) -> Option<Vec<Option<u32>>> {
    let mut distinct: HashMap<&str, u32, foldhash::fast::RandomState> = HashMap::default();
    let mut of_slot = Vec::with_capacity(n);
    for s in 0..n {
        let k = folded_key(texts, s, key).map(|k| k.full);
        if let Some(k) = k
            && !distinct.contains_key(k)
        {
            if distinct.len() > n / 4 {
                return None;
            }
            distinct.insert(k, 0);
        }
        of_slot.push(k);
    }
    let mut names: Vec<&str> = distinct.keys().copied().collect();
    names.sort_unstable();
    for (rank, name) in names.iter().enumerate() {
        distinct.insert(name, rank as u32);
    }
    Some(
        of_slot
            .into_iter()
            .map(|k| k.map(|k| distinct[k]))
            .collect(),
    )
}

fn sorted_slots<K: Ord + Send>(
    items: &[Item],
    descending: bool,
    key: impl Fn(usize, &Item) -> Option<K>,
) -> Vec<u32> {
    use rayon::prelude::*;
    let mut keyed: Vec<(Option<K>, Option<jiff::Timestamp>, u32)> = (items.iter().enumerate())
        .map(|(s, i)| (key(s, i), fields::timestamp(i), s as u32))
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
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn item(n: usize) -> Item {
        // Few providers (so ranks are used), titles that tie, accents, blanks and gaps.
        let title = ["Zeta", "  alpha", "Álpha", "beta ", "", "Gamma"][n % 6];
        let yaml = format!(
            "title: \"{title} {}\"\nprovider:\n  name: \"{}\"\nquality: {}\n{}",
            // Half the titles distinct: too many names for ranks, so both paths run.
            if n.is_multiple_of(2) { n % 7 } else { n },
            ["Outlet B", "outlet a", "Öutlet c", " "][n % 4],
            n % 5,
            if n.is_multiple_of(9) {
                String::new()
            } else {
                format!("publishedDateTime: 2024-01-{:02}T00:00:00Z\n", n % 28 + 1)
            }
        );
        let map: serde_yaml_ng::Mapping = serde_yaml_ng::from_str(&yaml).unwrap();
        let mut item = crate::feed::read::item(&map);
        item.path = format!("/feed/{n:04}.md").into();
        item.id = crate::feed::id_of(&item.path);
        item
    }

    #[test]
    fn every_sort_of_the_feed_is_the_order_of_sort_items_with_or_without_folded_texts() {
        let items: Vec<Item> = (0..400).map(item).collect();
        let plain = Feed::new("/feed".into(), items.clone());
        let mut folded = Feed::new("/feed".into(), items);
        folded.keep_folded();
        for (_, key) in SortKey::ALL {
            for descending in [false, true] {
                let sort = Sort { key, descending };
                let mut want: Vec<&Item> = plain.items().iter().collect();
                sort_items(&mut want, sort);
                let want: Vec<ItemId> = want.iter().map(|i| i.id).collect();
                assert_eq!(sorted_ids(&plain, sort), want, "{sort}");
                assert_eq!(sorted_ids(&folded, sort), want, "{sort}, folded");
            }
        }
    }

    proptest! {
        /// The inline head never changes the order of the texts themselves.
        #[test]
        fn text_key_orders_as_the_text(a in "[a\\x00-\\x02é]{0,20}", b in "[a\\x00-\\x02é]{0,20}") {
            let (ka, kb) = (TextKey::new(a.clone()), TextKey::new(b.clone()));
            prop_assert_eq!(ka.cmp(&kb), a.cmp(&b));
        }
    }
}
