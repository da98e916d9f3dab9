//! Orders for the list: by date, quality, heat, title or provider, ascending or descending.
//! Items without the key go last either way; ties break by date (newest first) then path,
//! so every order is total and the same on every run.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;

use crate::feed::item::Item;
use crate::feed::query::{fields, fold};

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

/// Titles and providers compare folded (case and accents ignored); blank counts as missing.
fn text_key(item: &Item, key: SortKey) -> Option<String> {
    let s = match key {
        SortKey::Title => fields::title(item),
        SortKey::Provider => fields::provider(item),
        _ => None,
    };
    s.map(str::trim).filter(|s| !s.is_empty()).map(fold)
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

pub fn sort_items(items: &mut [&Item], sort: Sort) {
    match sort.key {
        SortKey::Title | SortKey::Provider => {
            let mut keyed: Vec<(Option<String>, &Item)> =
                items.iter().map(|i| (text_key(i, sort.key), *i)).collect();
            keyed.sort_unstable_by(|(ka, a), (kb, b)| {
                by_option(ka.as_deref(), kb.as_deref(), sort.descending).then_with(|| tie(a, b))
            });
            for (slot, (_, item)) in items.iter_mut().zip(keyed) {
                *slot = item;
            }
        }
        // Numbers and dates: each item's key and date read once, not per comparison
        // (a 100k sort makes ~1.7M comparisons); the same order as `compare`, which is
        // total (paths differ), so an unstable sort gives the same result.
        _ => {
            let mut keyed: Vec<(Option<i128>, Option<Timestamp>, &Item)> = items
                .iter()
                .map(|i| (number_key(i, sort.key), fields::timestamp(i), *i))
                .collect();
            keyed.sort_unstable_by(|(ka, ta, a), (kb, tb, b)| {
                by_option(*ka, *kb, sort.descending)
                    .then_with(|| by_option(*ta, *tb, true))
                    .then_with(|| fields::path_cmp(a, b))
            });
            for (slot, (_, _, item)) in items.iter_mut().zip(keyed) {
                *slot = item;
            }
        }
    }
}

/// The primary key of a number or date order, as one integer type.
fn number_key(item: &Item, key: SortKey) -> Option<i128> {
    match key {
        SortKey::Date => fields::timestamp(item).map(|t| t.as_nanosecond()),
        SortKey::Quality => fields::quality(item).map(i128::from),
        SortKey::Heat => fields::heat(item).map(i128::from),
        SortKey::Title | SortKey::Provider => None,
    }
}
