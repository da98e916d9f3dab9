//! The cache's own copy of an item's shape. `Item` serialises for JSON (keys skipped when
//! empty, unknown keys flattened in), which a schema-less binary format like postcard
//! cannot read back; this mirror lists every field, always, in a fixed order.
//! Adding or changing a field here means bumping `cache::VERSION`.

use serde::{Deserialize, Serialize};
use serde_yaml_ng::Value;

use std::sync::Arc;

use crate::feed::item::{
    Bulk, Extra, Image, Item, ItemId, More, Person, Provider, PubDate, Ratings, Related, Shared,
    Story,
};
use crate::feed::store::Rev;

#[derive(Serialize, Deserialize)]
pub enum Date {
    Time { second: i64, nano: i32 },
    Text(String),
}

/// Unknown keys with their values as YAML text: rare, and `Value` needs a
/// self-describing format to be read back.
type ExtraRec = Vec<(String, String)>;

#[derive(Serialize, Deserialize)]
pub struct ImageRec(
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<bool>,
    Option<String>,
    ExtraRec,
);

#[derive(Serialize, Deserialize)]
pub struct PersonRec(Option<String>, ExtraRec);

/// Name and domain are borrowed from the record's bytes: a provider with nothing else
/// is looked up in the feed's shared ones without a copy (`Shared::plain`).
#[derive(Serialize, Deserialize)]
pub struct ProviderRec<'a> {
    #[serde(borrow)]
    name: Option<&'a str>,
    #[serde(borrow)]
    domain: Option<&'a str>,
    images: Vec<ImageRec>,
    authors: Vec<PersonRec>,
    #[serde(borrow)]
    publishers: Vec<ProviderRec<'a>>,
    extra: ExtraRec,
}

/// The fields an item and a related article share (`Story`).
#[derive(Serialize, Deserialize)]
pub struct StoryRec<'a> {
    title: Option<String>,
    excerpt: Option<String>,
    date: Option<Date>,
    urls: [Option<String>; 4],
    #[serde(borrow)]
    kind: Option<&'a str>,
    quality: Option<i64>,
    #[serde(borrow)]
    provider: Option<ProviderRec<'a>>,
    images: Vec<ImageRec>,
}

#[derive(Serialize, Deserialize)]
pub struct RelatedRec<'a> {
    #[serde(borrow)]
    story: StoryRec<'a>,
    extra: ExtraRec,
}

#[derive(Serialize, Deserialize)]
pub struct ItemRec<'a> {
    rev: u64,
    /// `Bulk`: related, images, secured, slim.
    bulk: (u32, u32, u32, bool),
    #[serde(borrow)]
    category: Option<&'a str>,
    #[serde(borrow)]
    story: StoryRec<'a>,
    heat: Option<i64>,
    published: Option<bool>,
    /// Borrowed, as `kind` and `category`: each is shared through `Shared::texts` without
    /// a copy.
    #[serde(borrow)]
    topics: Vec<&'a str>,
    #[serde(borrow)]
    related: Vec<RelatedRec<'a>>,
    secured: Option<String>,
    more: Option<Box<MoreRec>>,
    extra: ExtraRec,
}

#[derive(Serialize, Deserialize)]
struct MoreRec {
    price: Option<String>,
    length: Option<String>,
    ratings: Option<(Option<i64>, Option<f64>, ExtraRec)>,
    levels: Vec<String>,
    items: Vec<String>,
    featured_content: Option<String>,
    taxonomy: Option<String>,
    org_id: Option<String>,
    name: Option<String>,
    domain: Option<String>,
    description: Option<String>,
}

/// A record that does not convert back (a date out of range, unknown keys that no longer
/// parse): the cache entry is not trusted and the file is read again.
pub struct Invalid;

fn date_rec(d: &PubDate) -> Date {
    match d {
        PubDate::Time(t) => Date::Time {
            second: t.as_second(),
            nano: t.subsec_nanosecond(),
        },
        PubDate::Text(s) => Date::Text(s.clone()),
    }
}

fn date(d: Date) -> Result<PubDate, Invalid> {
    Ok(match d {
        Date::Time { second, nano } => {
            PubDate::Time(jiff::Timestamp::new(second, nano).map_err(|_| Invalid)?)
        }
        Date::Text(s) => PubDate::Text(s),
    })
}

fn extra_rec(e: &Extra) -> ExtraRec {
    e.0.iter()
        .map(|(k, v)| (k.clone(), serde_yaml_ng::to_string(v).unwrap_or_default()))
        .collect()
}

fn extra(e: ExtraRec) -> Result<Extra, Invalid> {
    let mut out = Vec::with_capacity(e.len());
    for (k, v) in e {
        out.push((
            k,
            serde_yaml_ng::from_str::<Value>(&v).map_err(|_| Invalid)?,
        ));
    }
    Ok(Extra(out))
}

fn image_rec(i: &Image) -> ImageRec {
    ImageRec(
        i.url.clone(),
        i.width,
        i.height,
        i.is_cached,
        i.title.clone(),
        extra_rec(&i.extra),
    )
}

fn image(r: ImageRec) -> Result<Image, Invalid> {
    Ok(Image {
        url: r.0,
        width: r.1,
        height: r.2,
        is_cached: r.3,
        title: r.4,
        extra: extra(r.5)?,
    })
}

fn images(v: Vec<ImageRec>) -> Result<Vec<Image>, Invalid> {
    v.into_iter().map(image).collect()
}

fn provider_rec(p: &Provider) -> ProviderRec<'_> {
    ProviderRec {
        name: p.name.as_deref(),
        domain: p.domain.as_deref(),
        images: p.images.iter().map(image_rec).collect(),
        authors: p
            .authors
            .iter()
            .map(|a| PersonRec(a.name.clone(), extra_rec(&a.extra)))
            .collect(),
        publishers: p.publishers.iter().map(provider_rec).collect(),
        extra: extra_rec(&p.extra),
    }
}

/// The provider, shared through `shared` when it has only a name and a domain.
fn shared_provider(r: ProviderRec, shared: &Shared) -> Result<Arc<Provider>, Invalid> {
    let plain = r.images.is_empty()
        && r.authors.is_empty()
        && r.publishers.is_empty()
        && r.extra.is_empty();
    if plain {
        return Ok(shared.plain(r.name, r.domain));
    }
    Ok(Arc::new(provider(r)?))
}

fn provider(r: ProviderRec) -> Result<Provider, Invalid> {
    Ok(Provider {
        name: r.name.map(str::to_owned),
        domain: r.domain.map(str::to_owned),
        images: images(r.images)?,
        authors: r
            .authors
            .into_iter()
            .map(|a| {
                Ok(Person {
                    name: a.0,
                    extra: extra(a.1)?,
                })
            })
            .collect::<Result<_, Invalid>>()?,
        publishers: r
            .publishers
            .into_iter()
            .map(provider)
            .collect::<Result<_, Invalid>>()?,
        extra: extra(r.extra)?,
    })
}

fn story_rec(r: &Story) -> StoryRec<'_> {
    StoryRec {
        title: r.title.clone(),
        excerpt: r.excerpt.clone(),
        date: r.date.as_ref().map(date_rec),
        urls: [
            r.original_url.clone(),
            r.web_url.clone(),
            r.amp_web_url.clone(),
            r.cdn_amp_web_url.clone(),
        ],
        kind: r.kind.as_deref(),
        quality: r.quality,
        provider: r.provider.as_deref().map(provider_rec),
        images: r.images.iter().map(image_rec).collect(),
    }
}

/// The story back; its type is `kind` when the caller has shared it already.
fn story(r: StoryRec, kind: Option<Arc<str>>, shared: &Shared) -> Result<Story, Invalid> {
    let kind = kind.or_else(|| r.kind.map(|k| shared.text(k)));
    let [original_url, web_url, amp_web_url, cdn_amp_web_url] = r.urls;
    Ok(Story {
        title: r.title,
        excerpt: r.excerpt,
        date: r.date.map(date).transpose()?,
        original_url,
        web_url,
        amp_web_url,
        cdn_amp_web_url,
        kind,
        quality: r.quality,
        provider: r.provider.map(|p| shared_provider(p, shared)).transpose()?,
        images: images(r.images)?,
    })
}

fn related_rec(r: &Related) -> RelatedRec<'_> {
    RelatedRec {
        story: story_rec(&r.story),
        extra: extra_rec(&r.extra),
    }
}

fn related(r: RelatedRec, shared: &Shared) -> Result<Related, Invalid> {
    Ok(Related {
        story: story(r.story, None, shared)?,
        extra: extra(r.extra)?,
    })
}

impl ItemRec<'_> {
    pub fn of(i: &Item) -> ItemRec<'_> {
        ItemRec {
            rev: i.rev.0,
            bulk: (i.bulk.related, i.bulk.images, i.bulk.secured, i.bulk.slim),
            category: i.category.as_deref(),
            story: story_rec(&i.story),
            heat: i.heat,
            published: i.published,
            topics: i.topics.iter().map(|t| &**t).collect(),
            related: i.related.iter().map(related_rec).collect(),
            secured: i.secured.clone(),
            more: i.more.as_deref().map(|m| Box::new(MoreRec::of(m))),
            extra: extra_rec(&i.extra),
        }
    }

    /// The item back, for the file at `path` (its id; the `path` field is left empty for
    /// the loader to move the walk's in), its provider and topics shared through `shared`.
    pub fn into_item(self, path: &std::path::Path, shared: &Shared) -> Result<Item, Invalid> {
        // The short texts, shared under one lock: category, type, topics.
        let texts: Vec<&str> = (self.category.iter().chain(&self.story.kind))
            .chain(&self.topics)
            .copied()
            .collect();
        let mut texts = shared.texts(&texts).into_iter();
        let category = self.category.and_then(|_| texts.next());
        let kind = self.story.kind.and_then(|_| texts.next());
        Ok(Item {
            id: ItemId::of(path),
            path: std::path::PathBuf::new(),
            rev: Rev(self.rev),
            bulk: Bulk {
                related: self.bulk.0,
                images: self.bulk.1,
                secured: self.bulk.2,
                slim: self.bulk.3,
            },
            category,
            story: story(self.story, kind, shared)?,
            heat: self.heat,
            published: self.published,
            topics: texts.collect(),
            related: self
                .related
                .into_iter()
                .map(|r| related(r, shared))
                .collect::<Result<_, Invalid>>()?,
            secured: self.secured,
            more: match self.more {
                Some(m) => Some(Box::new(m.into_more()?)),
                None => None,
            },
            extra: extra(self.extra)?,
        })
    }
}

impl MoreRec {
    fn of(i: &More) -> MoreRec {
        MoreRec {
            price: i.price.clone(),
            length: i.length.clone(),
            ratings: i
                .ratings
                .as_ref()
                .map(|r| (r.count, r.average, extra_rec(&r.extra))),
            levels: i.levels.clone(),
            items: i.items.clone(),
            featured_content: i.featured_content.clone(),
            taxonomy: i.taxonomy.clone(),
            org_id: i.org_id.clone(),
            name: i.name.clone(),
            domain: i.domain.clone(),
            description: i.description.clone(),
        }
    }

    fn into_more(self) -> Result<More, Invalid> {
        Ok(More {
            price: self.price,
            length: self.length,
            ratings: self
                .ratings
                .map(|(count, average, e)| {
                    Ok(Ratings {
                        count,
                        average,
                        extra: extra(e)?,
                    })
                })
                .transpose()?,
            levels: self.levels,
            items: self.items,
            featured_content: self.featured_content,
            taxonomy: self.taxonomy,
            org_id: self.org_id,
            name: self.name,
            domain: self.domain,
            description: self.description,
        })
    }
}
