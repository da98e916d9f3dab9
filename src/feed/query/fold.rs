//! Case- and accent-insensitive comparison: text is folded (NFD, combining marks dropped,
//! lowercased) so `cafe` finds `Café`. The needle is folded once; a haystack that is plain
//! ASCII (most titles) is searched as it is, with no copy, and only other text is folded,
//! into a buffer reused per thread, so matching allocates nothing per item.

use std::cell::RefCell;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Fold `s` into `out` (cleared first).
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    for c in s.nfd().filter(|c| !is_combining_mark(*c)) {
        out.extend(c.to_lowercase());
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

/// A folded needle and a searcher for it.
#[derive(Debug, Clone)]
pub struct Needle {
    searcher: Option<AhoCorasick>,
}

impl Needle {
    pub fn new(raw: &str) -> Needle {
        let folded = fold(raw);
        // ASCII case is ignored by the searcher, so an ASCII haystack needs no copy; the
        // folded needle is all lowercase, and so is any folded non-ASCII haystack.
        let searcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build([folded.as_str()])
            .ok();
        Needle { searcher }
    }

    pub fn is_in(&self, haystack: &str) -> bool {
        match &self.searcher {
            Some(s) => with_folded(haystack, |h| s.is_match(h)),
            None => false,
        }
    }
}
