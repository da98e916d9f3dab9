//! Every item's searchable text, folded once and kept in ONE arena: a full filter pass
//! then reads one contiguous buffer instead of folding and visiting four or five small
//! strings per item, and a text sort compares borrowed slices instead of folding titles.
//!
//! Per item: `title \0 excerpt \0 provider (\0 topic)*`, always three fields before the
//! topics (an absent one is empty), so a field's text is found by position. Cleaned text
//! never holds a NUL, so no word can match across two fields. Items are addressed by
//! their slot in the feed (`Feed::slot`); the feed keeps the arena in step.

use super::fields;
use super::fold::fold_into;
use crate::feed::item::Item;

#[derive(Debug, Default)]
pub struct FoldedTexts {
    text: String,
    /// Where in `text` each slot's text is.
    spans: Vec<Span>,
    /// Bytes of `text` no slot points at any more (replaced or removed items).
    dead: usize,
}

/// Start and end in the arena of one slot's text, and whether the item's texts as
/// written were all ASCII (then each folded text is its text lowercased, and a regex run
/// on the folded texts has nothing left to run on: see joined.rs).
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    end: u32,
    ascii: bool,
}

/// One item's folded text, borrowed from the arena.
#[derive(Debug, Clone, Copy)]
pub struct Prepared<'a>(&'a str, bool);

impl<'a> Prepared<'a> {
    /// Whether the item's texts as written (title, excerpt, provider, topics) are ASCII.
    pub fn ascii(self) -> bool {
        self.1
    }

    /// The whole text: what a bare word searches.
    pub fn all(self) -> &'a str {
        self.0
    }

    fn field(self, n: usize) -> &'a str {
        self.0.split('\0').nth(n).unwrap_or("")
    }

    pub fn title(self) -> &'a str {
        self.field(0)
    }

    pub fn excerpt(self) -> &'a str {
        self.field(1)
    }

    pub fn provider(self) -> &'a str {
        self.field(2)
    }

    pub fn topics(self) -> impl Iterator<Item = &'a str> {
        self.0.split('\0').skip(3)
    }

    /// The topics as one text, NUL between them as kept (empty when there are none).
    pub fn topics_joined(self) -> &'a str {
        self.0.splitn(4, '\0').nth(3).unwrap_or("")
    }

    /// Title, excerpt, provider and topics in one pass over the text.
    pub fn fields(self) -> ([&'a str; 3], impl Iterator<Item = &'a str>) {
        let mut parts = self.0.split('\0');
        let fixed = [(); 3].map(|_| parts.next().unwrap_or(""));
        (fixed, parts)
    }
}

/// Append `item`'s folded text to `out`; `scratch` is reused between items. Whether its
/// texts were all ASCII.
fn fold_item(item: &Item, out: &mut String, scratch: &mut String) -> bool {
    let mut ascii = true;
    let fixed = [
        fields::title(item),
        fields::excerpt(item),
        fields::provider(item),
    ];
    for (i, part) in fixed.into_iter().map(Option::unwrap_or_default).enumerate() {
        if i > 0 {
            out.push('\0');
        }
        ascii &= part.is_ascii();
        push_folded(part, out, scratch);
    }
    for topic in fields::topics(item) {
        out.push('\0');
        ascii &= topic.is_ascii();
        push_folded(topic, out, scratch);
    }
    ascii
}

fn push_folded(part: &str, out: &mut String, scratch: &mut String) {
    fold_into(part, scratch);
    // Cleaned text holds no NUL; should one get through, it must not move the fields.
    // Another control character stands in: no needle holds one, so it matches nothing.
    if scratch.contains('\0') {
        *scratch = scratch.replace('\0', "\u{1}");
    }
    out.push_str(scratch);
}

/// Below this many items one thread builds faster than handing out the work.
const PARALLEL_FROM: usize = 4_096;

impl FoldedTexts {
    /// The texts of `items`, slot by slot; on every core for a large feed.
    pub fn build(items: &[Item]) -> FoldedTexts {
        use rayon::prelude::*;
        let chunk = items
            .len()
            .div_ceil(rayon::current_num_threads().max(1) * 4);
        let parts: Vec<(String, Vec<Span>)> = if items.len() < PARALLEL_FROM {
            vec![fold_chunk(items)]
        } else {
            items.par_chunks(chunk.max(1)).map(fold_chunk).collect()
        };
        let mut texts = FoldedTexts::default();
        texts.text.reserve(parts.iter().map(|p| p.0.len()).sum());
        texts.spans.reserve(items.len());
        for (text, spans) in parts {
            let base = texts.offset();
            texts.text.push_str(&text);
            texts.spans.extend(spans.iter().map(|s| Span {
                start: s.start.saturating_add(base),
                end: s.end.saturating_add(base),
                ascii: s.ascii,
            }));
        }
        texts.text.shrink_to_fit();
        texts
    }

    /// The text of the item in `slot`.
    pub fn get(&self, slot: usize) -> Prepared<'_> {
        let s = self.spans.get(slot).copied().unwrap_or_default();
        let text = self.text.get(s.start as usize..s.end as usize);
        Prepared(text.unwrap_or(""), s.ascii)
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Heap bytes held (the arena's capacity and the spans), to weigh memory against time.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.spans.capacity() * size_of::<Span>()
    }

    /// A new item, in the next slot.
    pub fn push(&mut self, item: &Item) {
        let span = self.append(item);
        self.spans.push(span);
    }

    /// A fresh reading of the item in `slot`: its new text goes at the end, the old
    /// becomes dead space, reclaimed once it is as large as what is live.
    pub fn replace(&mut self, slot: usize, item: &Item) {
        let Some(old) = self.spans.get(slot) else {
            return;
        };
        self.dead += (old.end - old.start) as usize;
        let span = self.append(item);
        self.spans[slot] = span;
        self.compact_if_wasteful();
    }

    /// The item in `slot` left; the last slot moves into its place (as in the feed).
    pub fn swap_remove(&mut self, slot: usize) {
        if slot < self.spans.len() {
            let old = self.spans.swap_remove(slot);
            self.dead += (old.end - old.start) as usize;
            self.compact_if_wasteful();
        }
    }

    fn offset(&self) -> u32 {
        // An arena past 4 GiB would take a million items of 4 KB of text each; offsets
        // saturate rather than wrap, so such an item finds nothing instead of a neighbour's
        // text.
        u32::try_from(self.text.len()).unwrap_or(u32::MAX)
    }

    fn append(&mut self, item: &Item) -> Span {
        let start = self.offset();
        let mut scratch = String::new();
        let ascii = fold_item(item, &mut self.text, &mut scratch);
        Span {
            start,
            end: self.offset(),
            ascii,
        }
    }

    fn compact_if_wasteful(&mut self) {
        let live = self.text.len() - self.dead;
        if self.dead < 1 << 16 || self.dead < live {
            return;
        }
        let mut text = String::with_capacity(live);
        for span in &mut self.spans {
            let start = u32::try_from(text.len()).unwrap_or(u32::MAX);
            text.push_str(
                (self.text)
                    .get(span.start as usize..span.end as usize)
                    .unwrap_or(""),
            );
            span.start = start;
            span.end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
        self.text = text;
        self.dead = 0;
    }
}

fn fold_chunk(items: &[Item]) -> (String, Vec<Span>) {
    let (mut text, mut scratch) = (String::new(), String::new());
    let mut spans = Vec::with_capacity(items.len());
    for item in items {
        let start = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let ascii = fold_item(item, &mut text, &mut scratch);
        let end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        spans.push(Span { start, end, ascii });
    }
    (text, spans)
}

#[cfg(test)]
mod tests;
