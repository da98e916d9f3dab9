//! Facet counts: how many items carry each topic, provider, category or year. The CLI's
//! `count` prints them; the TUI's facet pane shows the same numbers.

use std::collections::HashMap;

use jiff::tz::TimeZone;

use crate::feed::item::Item;
use crate::feed::query::fields;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Topic,
    Provider,
    Category,
    Year,
}

/// Counts per value, most common first, then by name. An item is counted once per value
/// (a topic listed twice counts once); items without the field are not counted. Years are
/// those of the UTC date.
pub fn facets<'a>(items: impl IntoIterator<Item = &'a Item>, by: Facet) -> Vec<(String, usize)> {
    facets_in(items, by, &TimeZone::UTC)
}

/// As `facets`, with years read in `tz` (the zone the query's dates use).
pub fn facets_in<'a>(
    items: impl IntoIterator<Item = &'a Item>,
    by: Facet,
    tz: &TimeZone,
) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut seen: Vec<&str> = Vec::new();
    for item in items {
        match by {
            Facet::Topic => {
                seen.clear();
                for t in fields::topics(item)
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                {
                    if !seen.contains(&t) {
                        seen.push(t);
                        *counts.entry(t.to_owned()).or_default() += 1;
                    }
                }
            }
            Facet::Provider | Facet::Category => {
                let value = if by == Facet::Provider {
                    fields::provider(item)
                } else {
                    fields::category(item)
                };
                if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
                    *counts.entry(v.to_owned()).or_default() += 1;
                }
            }
            Facet::Year => {
                if let Some(t) = fields::timestamp(item) {
                    let year = t.to_zoned_datetime(tz.clone()).year();
                    *counts.entry(format!("{year:04}")).or_default() += 1;
                }
            }
        }
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_unstable_by(|(na, ca), (nb, cb)| cb.cmp(ca).then_with(|| na.cmp(nb)));
    out
}
