//! The item model: every field the corpus README describes, typed, plus the keys we do not
//! know, kept in file order. Serialising an `Item` gives the front matter back under its
//! original key names (the JSON of `newsdesk list --format json`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_yaml_ng::Value;

use crate::feed::store::Rev;

/// Stable identity of an item: a hash of its path, the same on every load, in every build
/// and on every Rust release (so it can be written to disk: undo entries, the cache).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId(pub u64);

impl ItemId {
    /// FNV-1a 64 of the path's bytes as the OS gives them. `DefaultHasher` is not used:
    /// Rust does not promise its output stays the same across releases. The loader hands
    /// in the path it found under the feed's root, so one feed opened the same way gives
    /// the same ids.
    pub fn of(path: &Path) -> ItemId {
        ItemId(fnv1a64(path.as_os_str().as_encoded_bytes()))
    }
}

/// FNV-1a, 64 bit: fixed by its definition (offset basis and prime below).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME))
}

/// Keys the model does not know (or known keys whose value could not be read sensibly),
/// in file order, with their strings already made safe.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra(pub Vec<(String, Value)>);

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Extra {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `publishedDateTime`: a parsed instant, or the text as written when it does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PubDate {
    Time(Timestamp),
    Text(String),
}

impl PubDate {
    pub fn timestamp(&self) -> Option<Timestamp> {
        match self {
            PubDate::Time(t) => Some(*t),
            PubDate::Text(_) => None,
        }
    }
}

impl Serialize for PubDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PubDate::Time(t) => s.collect_str(t),
            PubDate::Text(t) => s.serialize_str(t),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Image {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<i64>,
    #[serde(rename = "isCached", skip_serializing_if = "Option::is_none")]
    pub is_cached: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Person {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `provider` (and, in learning files, each of `provider.publishers[]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Provider {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Person>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub publishers: Vec<Provider>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ratings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// What an item and a related article both say about a story: title and excerpt, when
/// and where it was published, its type and quality, the outlet and the images. Both
/// reach these fields directly (`item.title`, `related.title`) through `Deref`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Story {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    #[serde(rename = "publishedDateTime", skip_serializing_if = "Option::is_none")]
    pub date: Option<PubDate>,
    #[serde(rename = "originalUrl", skip_serializing_if = "Option::is_none")]
    pub original_url: Option<String>,
    #[serde(rename = "webUrl", skip_serializing_if = "Option::is_none")]
    pub web_url: Option<String>,
    #[serde(rename = "ampWebUrl", skip_serializing_if = "Option::is_none")]
    pub amp_web_url: Option<String>,
    #[serde(rename = "cdnAmpWebUrl", skip_serializing_if = "Option::is_none")]
    pub cdn_amp_web_url: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    /// Shared with the feed's other items (`Shared`).
    pub kind: Option<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<Arc<Provider>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
}

/// One entry of `related[]`: an article on the same story from another outlet.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Related {
    #[serde(flatten)]
    pub story: Story,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Related {
    /// The URL to open: the web URL, else the original.
    pub fn url(&self) -> Option<&str> {
        self.web_url.as_deref().or(self.original_url.as_deref())
    }
}

impl std::ops::Deref for Related {
    type Target = Story;
    fn deref(&self) -> &Story {
        &self.story
    }
}

impl std::ops::DerefMut for Related {
    fn deref_mut(&mut self) -> &mut Story {
        &mut self.story
    }
}

impl std::ops::Deref for Item {
    type Target = Story;
    fn deref(&self) -> &Story {
        &self.story
    }
}

impl std::ops::DerefMut for Item {
    fn deref_mut(&mut self) -> &mut Story {
        &mut self.story
    }
}

/// Fields of learning resources (`_learning/*`) and publisher records
/// (`_data/organizations/*`): see `Item::more`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct More {
    // Learning resources (`_learning/*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratings: Option<Ratings>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    #[serde(rename = "featuredContent", skip_serializing_if = "Option::is_none")]
    pub featured_content: Option<String>,

    // Publisher records (`_data/organizations/*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<String>,
    #[serde(rename = "_id", skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl More {
    const EMPTY: More = More {
        price: None,
        length: None,
        ratings: None,
        levels: Vec::new(),
        items: Vec::new(),
        featured_content: None,
        taxonomy: None,
        org_id: None,
        name: None,
        domain: None,
        description: None,
    };

    pub fn is_empty(&self) -> bool {
        *self == More::EMPTY
    }
}

/// One item file. Field order is the corpus key order, so JSON output reads like the file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Item {
    #[serde(skip)]
    pub id: ItemId,
    #[serde(skip)]
    pub path: PathBuf,
    /// Content hash of the file as loaded; the write-back refuses if the disk differs.
    #[serde(skip)]
    pub rev: Rev,
    /// How much bulk the item has; true also when the bulk itself was left on disk.
    #[serde(skip)]
    pub bulk: Bulk,

    #[serde(skip_serializing_if = "Option::is_none")]
    /// Shared with the feed's other items (`Shared`).
    pub category: Option<Arc<str>>,
    #[serde(flatten)]
    pub story: Story,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heat: Option<i64>,
    /// As written; `None` (missing or empty) means unpublished.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// Shared with the feed's other items (`Shared`).
    pub topics: Vec<Arc<str>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// `"<base64>;<base64>"`: an encrypted payload we never decode, only report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secured: Option<String>,

    /// The fields only learning resources and publisher records have, apart so that a
    /// news item does not carry room for them (100k items: 30 MB).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub more: Option<Box<More>>,

    #[serde(flatten)]
    pub extra: Extra,
}

/// The counts of an item's bulk: the parts a file is mostly made of but only the selected
/// item shows (its related articles, its images, the `secured` payload, and the
/// provider's images, authors and publishers). The list keeps the counts; the bulk itself
/// is read from the file when the item is selected (`Item::slimmed`, `loader::read_item`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bulk {
    pub related: u32,
    pub images: u32,
    /// Characters of the `secured` payload (0: none).
    pub secured: u32,
    /// The bulk was left on disk: `related`, `images`, `secured` and the provider's
    /// images, authors and publishers are empty here whatever the file holds.
    pub slim: bool,
}

impl Bulk {
    /// The counts of a whole item (as read from its file).
    pub fn of(item: &Item) -> Bulk {
        let n = |len: usize| u32::try_from(len).unwrap_or(u32::MAX);
        Bulk {
            related: n(item.related.len()),
            images: n(item.images.len()),
            secured: n(item.secured.as_deref().map_or(0, |s| s.chars().count())),
            slim: false,
        }
    }
}

impl Item {
    /// The learning and publisher fields (all empty for a news item).
    pub fn more(&self) -> &More {
        static NONE: More = More::EMPTY;
        self.more.as_deref().unwrap_or(&NONE)
    }

    /// The item as the list keeps it: the bulk dropped, its counts kept in `bulk`.
    pub fn slimmed(mut self) -> Item {
        if self.is_slim() {
            // Its vectors are empty already: counting them again would lose the counts.
            return self;
        }
        self.bulk = Bulk {
            slim: true,
            ..Bulk::of(&self)
        };
        self.story.images = Vec::new();
        self.related = Vec::new();
        self.secured = None;
        if let Some(p) = &mut self.story.provider {
            let p = Arc::make_mut(p);
            p.images = Vec::new();
            p.authors = Vec::new();
            p.publishers = Vec::new();
        }
        self
    }

    /// Whether the bulk was left on disk (see `Bulk`); read the file for it.
    pub fn is_slim(&self) -> bool {
        self.bulk.slim
    }

    /// Related articles in the file, whether or not they are held here.
    pub fn related_count(&self) -> usize {
        if self.is_slim() {
            self.bulk.related as usize
        } else {
            self.related.len()
        }
    }

    /// The item's own images in the file, whether or not they are held here.
    pub fn image_count(&self) -> usize {
        if self.is_slim() {
            self.bulk.images as usize
        } else {
            self.images.len()
        }
    }

    pub fn is_published(&self) -> bool {
        self.published == Some(true)
    }

    pub fn timestamp(&self) -> Option<Timestamp> {
        self.date.as_ref().and_then(PubDate::timestamp)
    }

    /// What to call the item on screen: its title, else an organisation's name, else the
    /// file name.
    pub fn display_title(&self) -> String {
        self.title
            .as_deref()
            .or(self.more().name.as_deref())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| {
                self.path
                    .file_name()
                    .map(|n| crate::feed::sanitize::clean(&n.to_string_lossy()))
                    .unwrap_or_default()
            })
    }

    pub fn provider_name(&self) -> Option<&str> {
        self.provider.as_ref().and_then(|p| p.name.as_deref())
    }

    /// The URL `o` opens: the original article, else the aggregator's web URL.
    pub fn open_url(&self) -> Option<&str> {
        self.original_url.as_deref().or(self.web_url.as_deref())
    }
}

/// One copy of each outlet and each short text (topic, category, type) for a whole feed:
/// 100k items name a few hundred of each, and each item holding its own (the provider's
/// name, domain and box: about 220 bytes; three topics, a category and a type: about
/// 250) multiplied them. Only a provider with nothing but a name and a domain is shared
/// (a slim item's), and only texts of up to `MAX_TEXT` bytes, up to `MAX_TEXTS` of them.
/// The loader's threads share through one `Shared`, each lookup under its lock.
#[derive(Debug, Default)]
pub struct Shared {
    hasher: foldhash::fast::RandomState,
    providers: std::sync::Mutex<
        std::collections::HashMap<u64, Arc<Provider>, foldhash::fast::RandomState>,
    >,
    texts: std::sync::Mutex<std::collections::HashMap<u64, Arc<str>, foldhash::fast::RandomState>>,
}

/// Longer texts are kept as they are, each its own.
pub(crate) const MAX_TEXT: usize = 64;
/// Distinct texts shared at most: a feed whose topics are all different shares nothing
/// and must not grow the table without end.
pub(crate) const MAX_TEXTS: usize = 1 << 16;

impl Shared {
    /// Point `item` (one just parsed) at the shared copies of its provider and topics (made
    /// from its own the first time). Its category and type keep their own: replacing them
    /// too left the allocator so fragmented that a cold load took 15% longer.
    pub fn share(&self, item: &mut Item) {
        if let Some(p) = &item.story.provider {
            let plain = p.images.is_empty()
                && p.authors.is_empty()
                && p.publishers.is_empty()
                && p.extra.is_empty();
            if plain {
                let shared = self.find(p.name.as_deref(), p.domain.as_deref(), || Arc::clone(p));
                item.story.provider = Some(shared);
            }
        }
        let topics: Vec<&str> = item.topics.iter().map(|t| &**t).collect();
        item.topics = self.texts(&topics);
    }

    /// The shared provider with this name and domain and nothing else, made the first
    /// time it is asked for.
    pub fn plain(&self, name: Option<&str>, domain: Option<&str>) -> Arc<Provider> {
        self.find(name, domain, || {
            Arc::new(Provider {
                name: name.map(str::to_owned),
                domain: domain.map(str::to_owned),
                ..Provider::default()
            })
        })
    }

    fn find(
        &self,
        name: Option<&str>,
        domain: Option<&str>,
        make: impl FnOnce() -> Arc<Provider>,
    ) -> Arc<Provider> {
        use std::hash::BuildHasher;
        let key = self.hasher.hash_one((name, domain));
        let mut shared = self.providers.lock().unwrap_or_else(|p| p.into_inner());
        match shared.get(&key) {
            Some(p) if p.name.as_deref() == name && p.domain.as_deref() == domain => Arc::clone(p),
            // A different provider with the same hash keeps its own copy.
            Some(_) => make(),
            None => Arc::clone(shared.entry(key).or_insert_with(make)),
        }
    }

    /// The shared copy of `text`.
    pub fn text(&self, text: &str) -> Arc<str> {
        self.texts(&[text]).swap_remove(0)
    }

    /// The shared copies of `texts` (one lock for them all).
    pub fn texts(&self, texts: &[&str]) -> Vec<Arc<str>> {
        use std::hash::BuildHasher;
        if texts.is_empty() {
            return Vec::new();
        }
        let mut shared = self.texts.lock().unwrap_or_else(|p| p.into_inner());
        (texts.iter())
            .map(|&t| {
                if t.len() > MAX_TEXT {
                    return Arc::from(t);
                }
                let key = self.hasher.hash_one(t);
                match shared.get(&key) {
                    Some(s) if **s == *t => Arc::clone(s),
                    // A different text with the same hash keeps its own copy.
                    Some(_) => Arc::from(t),
                    None if shared.len() >= MAX_TEXTS => Arc::from(t),
                    None => Arc::clone(shared.entry(key).or_insert_with(|| Arc::from(t))),
                }
            })
            .collect()
    }
}
