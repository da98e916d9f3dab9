//! From parsed YAML to the typed model, leniently: a wrong type is read the sensible way
//! when there is one (`"42"` as 42, a lone string as a one-element list), and when there
//! is none the key is kept, as written, among the unknown keys. Nothing is dropped.
//! Every string passes through `sanitize` here, once.

use std::borrow::Cow;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use serde_yaml_ng::value::Tag;
use serde_yaml_ng::{Mapping, Value};

use crate::feed::item::{
    Extra, Image, Item, More, Person, Provider, PubDate, Ratings, Related, Story,
};
use crate::feed::sanitize::{clean, clean_html};

/// The keys of one mapping, taken one by one; what is left over becomes `Extra`. It
/// borrows the parsed tree: only the (rare) leftovers are copied, never a whole related
/// list or provider.
struct Fields<'a> {
    entries: Vec<(String, &'a Value)>,
    extra: Vec<(String, Value)>,
}

impl<'a> Fields<'a> {
    fn new(map: &'a Mapping) -> Self {
        let mut entries = Vec::with_capacity(map.len());
        entries.extend(map.iter().map(|(k, v)| (key_text(k), v)));
        Fields {
            entries,
            extra: Vec::new(),
        }
    }

    /// Take `key` and read it with `f`; a value `f` cannot read is kept in `extra`.
    fn take<T>(&mut self, key: &str, f: impl FnOnce(&'a Value) -> Option<T>) -> Option<T> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        let (k, v) = self.entries.remove(i);
        if v.is_null() {
            return None;
        }
        let read = f(v);
        if read.is_none() {
            self.extra.push((k, safe_value(v.clone())));
        }
        read
    }

    fn list<T>(&mut self, key: &str, f: impl Fn(&'a Value) -> Option<T>) -> Vec<T> {
        self.take(key, |v| list_of(v, &f)).unwrap_or_default()
    }

    /// The leftover keys in file order (known keys that failed to read are placed where
    /// the unknown keys are, after them).
    fn finish(self) -> Extra {
        if self.entries.is_empty() && self.extra.is_empty() {
            return Extra::default();
        }
        let mut out: Vec<(String, Value)> =
            Vec::with_capacity(self.entries.len() + self.extra.len());
        out.extend(
            self.entries
                .into_iter()
                .map(|(k, v)| (k, safe_value(v.clone()))),
        );
        out.extend(self.extra);
        Extra(out)
    }
}

fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => clean(s),
        // A tagged key (`! x: 1`) is text too, and as hostile (found by fuzzing).
        other => match scalar_text(other) {
            Some(s) => clean(&s),
            None => clean(serde_yaml_ng::to_string(other).unwrap_or_default().trim()),
        },
    }
}

/// Make every string inside a value safe to show (keys too).
pub fn safe_value(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(clean(&s)),
        Value::Sequence(seq) => Value::Sequence(seq.into_iter().map(safe_value).collect()),
        // Keys become text (`~: 1` -> "~", `[a, b]: 1` -> "[a, b]") so that every value
        // can be shown and written as JSON.
        Value::Mapping(map) => Value::Mapping(
            map.into_iter()
                .map(|(k, v)| (Value::String(key_text(&k)), safe_value(v)))
                .collect(),
        ),
        Value::Tagged(t) => {
            let mut t = *t;
            // A tag can spell any character as `%XX`, and it is shown as a JSON key
            // (found by fuzzing). Never empty: the cleaned text keeps its `!`.
            t.tag = Tag::new(clean(&t.tag.to_string()));
            t.value = safe_value(t.value);
            Value::Tagged(Box::new(t))
        }
        other => other,
    }
}

/// A scalar as text; borrowed when it already is a string (the common case), so reading
/// it costs one allocation (the cleaned copy), not two.
fn scalar_text(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Owned(b.to_string())),
        Value::Tagged(t) => scalar_text(&t.value),
        _ => None,
    }
}

/// A one-line field (a title, a name, a URL): a newline in it would break a list row.
fn one_line(s: String) -> String {
    if s.contains('\n') {
        s.replace('\n', " ")
    } else {
        s
    }
}

fn text(v: &Value) -> Option<String> {
    scalar_text(v).map(|s| one_line(clean(&s)))
}

/// Running text (an excerpt, a description): newlines stay.
fn prose(v: &Value) -> Option<String> {
    scalar_text(v).map(|s| clean_html(&s))
}

/// Markup kept as written (an `<iframe>` snippet): only made safe, never decoded.
fn prose_raw(v: &Value) -> Option<String> {
    scalar_text(v).map(|s| clean(&s))
}

fn html_text(v: &Value) -> Option<String> {
    prose(v).map(one_line)
}

fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite())
                .map(|f| f.round() as i64)
        }),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>().ok().or_else(|| {
                s.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .map(|f| f.round() as i64)
            })
        }
        _ => None,
    }
}

fn float(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f: &f64| f.is_finite())
}

/// Whether a front matter's `published` value reads as published: the one rule shared by
/// the loader and the write-back, so "already published" means what the list shows.
pub fn reads_published(v: Option<&Value>) -> bool {
    v.and_then(boolean).unwrap_or(false)
}

fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "on" => Some(true),
            "false" | "no" | "n" | "off" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// `publishedDateTime`: RFC 3339 with `Z` or an offset, or a date alone (midnight UTC).
/// Anything else is kept as the text written.
pub fn date(v: &Value) -> Option<PubDate> {
    let s = scalar_text(v)?;
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Some(PubDate::Time(ts));
    }
    if let Ok(d) = t.parse::<Date>()
        && let Ok(ts) =
            jiff::tz::TimeZone::UTC.to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
    {
        return Some(PubDate::Time(ts));
    }
    Some(PubDate::Text(clean(t)))
}

/// A list, or a lone value read as a list of one.
fn list_of<'a, T>(v: &'a Value, f: &impl Fn(&'a Value) -> Option<T>) -> Option<Vec<T>> {
    match v {
        Value::Sequence(seq) => {
            // Sized exactly: `filter_map(..).collect()` starts at room for four, which
            // for the usual one image was most of an item's memory.
            let mut items = Vec::with_capacity(seq.len());
            items.extend(seq.iter().filter_map(f));
            (items.len() == seq.len()).then_some(items)
        }
        other => f(other).map(|x| vec![x]),
    }
}

fn mapping(v: &Value) -> Option<Fields<'_>> {
    match v {
        Value::Mapping(m) => Some(Fields::new(m)),
        Value::Tagged(t) => mapping(&t.value),
        _ => None,
    }
}

fn image(v: &Value) -> Option<Image> {
    if let Some(url) = v.as_str() {
        return Some(Image {
            url: Some(clean(url)),
            ..Image::default()
        });
    }
    let mut f = mapping(v)?;
    Some(Image {
        url: f.take("url", text),
        width: f.take("width", int),
        height: f.take("height", int),
        is_cached: f.take("isCached", boolean),
        title: f.take("title", html_text),
        extra: f.finish(),
    })
}

fn person(v: &Value) -> Option<Person> {
    if let Some(name) = v.as_str() {
        return Some(Person {
            name: Some(clean(name)),
            extra: Extra::default(),
        });
    }
    let mut f = mapping(v)?;
    Some(Person {
        name: f.take("name", text),
        extra: f.finish(),
    })
}

fn provider(v: &Value) -> Option<Provider> {
    if let Some(name) = v.as_str() {
        return Some(Provider {
            name: Some(clean(name)),
            ..Provider::default()
        });
    }
    let mut f = mapping(v)?;
    Some(Provider {
        name: f.take("name", html_text),
        domain: f.take("domain", text),
        images: f.list("images", image),
        authors: f.list("authors", person),
        publishers: f.list("publishers", provider),
        extra: f.finish(),
    })
}

fn ratings(v: &Value) -> Option<Ratings> {
    let mut f = mapping(v)?;
    Some(Ratings {
        count: f.take("count", int),
        average: f.take("average", float),
        extra: f.finish(),
    })
}

/// The fields an item and a related article share, read the same way for both.
fn story<'a>(f: &mut Fields<'a>) -> Story {
    Story {
        title: f.take("title", html_text),
        excerpt: f.take("excerpt", prose),
        date: f.take("publishedDateTime", date),
        original_url: f.take("originalUrl", text),
        web_url: f.take("webUrl", text),
        amp_web_url: f.take("ampWebUrl", text),
        cdn_amp_web_url: f.take("cdnAmpWebUrl", text),
        kind: f.take("type", text).map(Arc::from),
        quality: f.take("quality", int),
        provider: f.take("provider", provider).map(std::sync::Arc::new),
        images: f.list("images", image),
    }
}

fn related(v: &Value) -> Option<Related> {
    let mut f = mapping(v)?;
    Some(Related {
        story: story(&mut f),
        extra: f.finish(),
    })
}

/// Read a whole front matter mapping into an item (id, path and rev are the caller's).
pub fn item(map: &Mapping) -> Item {
    let mut f = Fields::new(map);
    let mut item = Item {
        category: f.take("category", text).map(Arc::from),
        story: story(&mut f),
        heat: f.take("heat", int),
        published: f.take("published", boolean),
        topics: f.list("topics", text).into_iter().map(Arc::from).collect(),
        related: f.list("related", related),
        secured: f.take("secured", text),
        more: {
            let more = More {
                price: f.take("price", text),
                length: f.take("length", text),
                ratings: f.take("ratings", ratings),
                levels: f.list("levels", text),
                items: f.list("items", text),
                featured_content: f.take("featuredContent", prose_raw),
                taxonomy: f.take("taxonomy", text),
                org_id: f.take("_id", text),
                name: f.take("name", html_text),
                domain: f.take("domain", text),
                description: f.take("description", prose),
            };
            (!more.is_empty()).then(|| Box::new(more))
        },
        extra: f.finish(),
        ..Item::default()
    };
    item.bulk = crate::feed::item::Bulk::of(&item);
    item
}

/// The slim item (see `Item::slimmed`) from what the quick reader kept and counted: the
/// same item as `item(full).slimmed()` on the whole front matter.
pub fn slim_item(q: &crate::feed::frontmatter::quick::Quick) -> Item {
    let mut item = item(&q.map).slimmed();
    let s = q.skipped;
    if let Some(n) = s.related {
        item.bulk.related = n;
    }
    if let Some(n) = s.images {
        item.bulk.images = n;
    }
    if let Some(n) = s.secured {
        item.bulk.secured = n;
    }
    item
}
