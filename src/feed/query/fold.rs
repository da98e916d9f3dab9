//! Case- and accent-insensitive comparison: text is folded (canonical decomposition,
//! combining marks dropped, lowercased) so `cafe` finds `Café`. The needle is folded once; a haystack that is plain
//! ASCII (most titles) is searched as it is, with no copy, and only other text is folded,
//! into a buffer reused per thread, so matching allocates nothing per item.

use std::cell::RefCell;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Fold `s` into `out` (cleared first).
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    // Char by char: NFD's reordering of combining marks is not needed when every mark is
    // dropped, and skipping its buffer makes folding several times faster.
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        });
    }
}

pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

thread_local! {
    static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Run `f` on the folded form of `s`, borrowing `s` itself when folding would only
/// lowercase ASCII (the caller's matcher then ignores ASCII case).
pub fn with_folded<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    if s.is_ascii() {
        return f(s);
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            fold_into(s, &mut buf);
            f(&buf)
        }
        // Only if `f` itself folds again on this thread: fall back to a fresh string.
        Err(_) => f(&fold(s)),
    })
}

/// A folded needle, searched for in folded text. Short texts (titles, names, topics) make
/// the per-call setup of a general searcher cost more than the search, so the search is a
/// `memchr2` for the needle's rarest byte (either ASCII case) and a check around each hit.
#[derive(Debug, Clone)]
pub struct Needle {
    folded: Box<[u8]>,
    /// Where in the needle the rarest byte is, and that byte in lower and upper case.
    rare_at: usize,
    rare: (u8, u8),
}

impl Needle {
    pub fn new(raw: &str) -> Needle {
        let folded: Box<[u8]> = fold(raw).into_bytes().into();
        let rare_at = (0..folded.len())
            .min_by_key(|&i| rank(folded[i]))
            .unwrap_or(0);
        let b = folded.get(rare_at).copied().unwrap_or(0);
        Needle {
            rare: (b, b.to_ascii_uppercase()),
            rare_at,
            folded,
        }
    }

    pub fn is_in(&self, haystack: &str) -> bool {
        if self.folded.is_empty() {
            return false;
        }
        // ASCII case is ignored below, so an ASCII haystack needs no folded copy; the
        // needle is all lowercase, and so is any folded non-ASCII haystack.
        with_folded(haystack, |h| self.find(h.as_bytes()))
    }

    /// Search text that is folded already (see `Prepared`).
    pub fn is_in_folded(&self, folded: &str) -> bool {
        !self.folded.is_empty() && self.find(folded.as_bytes())
    }

    fn find(&self, h: &[u8]) -> bool {
        let n = &self.folded;
        if h.len() < n.len() {
            return false;
        }
        // Only positions where the whole needle fits are candidates for the rare byte.
        let last = h.len() - n.len() + self.rare_at;
        let mut from = self.rare_at;
        while from <= last {
            let Some(i) = memchr::memchr2(self.rare.0, self.rare.1, &h[from..=last]) else {
                return false;
            };
            let start = from + i - self.rare_at;
            if h[start..start + n.len()].eq_ignore_ascii_case(n) {
                return true;
            }
            from += i + 1;
        }
        false
    }
}

/// How common a byte is in text (lower is rarer), so the search waits on the rarest one.
fn rank(b: u8) -> u8 {
    const COMMON: &[u8] = b" etaoinshrdlcumwfgypbvkjxqz";
    match COMMON.iter().position(|&c| c == b.to_ascii_lowercase()) {
        Some(p) => 255 - p as u8,
        None if b.is_ascii_digit() => 100,
        None => 50,
    }
}
