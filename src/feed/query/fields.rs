//! The one place the query, sort and facet code reads an `Item`, so a change to the item's
//! shape (boxed or interned strings, related articles kept off the resident item) is an
//! edit here only.

use jiff::Timestamp;

use crate::feed::item::Item;

pub fn title(item: &Item) -> Option<&str> {
    item.title.as_deref().or(item.more().name.as_deref())
}

pub fn excerpt(item: &Item) -> Option<&str> {
    item.excerpt.as_deref()
}

pub fn provider(item: &Item) -> Option<&str> {
    item.provider_name()
}

/// The provider's domain, else (organisation records) the item's own.
pub fn domains(item: &Item) -> impl Iterator<Item = &str> {
    let provider = item.provider.as_ref().and_then(|p| p.domain.as_deref());
    provider.into_iter().chain(item.more().domain.as_deref())
}

pub fn topics(item: &Item) -> impl Iterator<Item = &str> {
    item.topics.iter().map(|t| &**t)
}

pub fn category(item: &Item) -> Option<&str> {
    item.category.as_deref()
}

pub fn kind(item: &Item) -> Option<&str> {
    item.kind.as_deref()
}

/// Original, web and AMP URLs.
pub fn urls(item: &Item) -> impl Iterator<Item = &str> {
    [
        &item.original_url,
        &item.web_url,
        &item.amp_web_url,
        &item.cdn_amp_web_url,
    ]
    .into_iter()
    .filter_map(|u| u.as_deref())
}

/// The path as text; a path that is not UTF-8 is matched through its lossy form.
pub fn path(item: &Item) -> std::borrow::Cow<'_, str> {
    item.path.to_string_lossy()
}

pub fn path_cmp(a: &Item, b: &Item) -> std::cmp::Ordering {
    a.path.cmp(&b.path)
}

pub fn is_published(item: &Item) -> bool {
    item.is_published()
}

pub fn quality(item: &Item) -> Option<i64> {
    item.quality
}

pub fn heat(item: &Item) -> Option<i64> {
    item.heat
}

pub fn related_count(item: &Item) -> usize {
    item.related_count()
}

pub fn has_image(item: &Item) -> bool {
    item.image_count() > 0
}

pub fn has_original(item: &Item) -> bool {
    item.original_url
        .as_deref()
        .is_some_and(|u| !u.trim().is_empty())
}

pub fn timestamp(item: &Item) -> Option<Timestamp> {
    item.timestamp()
}
