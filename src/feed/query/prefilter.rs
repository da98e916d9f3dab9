//! What a regex cannot match without: the literals every match starts with and those it
//! ends with (regex-syntax's extractor), looked for in the item's folded text before the
//! regex runs. It only ever rejects: where it passes, the regex still runs on the item's
//! own strings as before, so `(?-i)`, anchors and field boundaries keep their meaning.
//!
//! Why a rejection is sound: the regex runs on a text `s` as written and, if `s` is not
//! ASCII, on `fold(s)`; the arena holds `fold(s)`. A match contains one of the extracted
//! literals `L` (with the case ignored, the extractor lists every case variant). Fold maps
//! char by char, so if `s` contains `L`, `fold(s)` contains `fold(L)`; and if `fold(s)`
//! contains `L`, then `fold(fold(s))`, which is `fold(s)` (fold is idempotent, tested on
//! every char below), contains `fold(L)`. So `fold(L)` is what is looked for (ASCII case
//! ignored, which only finds more). A literal that is not UTF-8, is empty or holds a NUL
//! (which the arena stores as U+0001), or too many literals, and there is no prefilter.

use regex_syntax::hir::Hir;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::fold::{Needle, fold};

/// More needles than this cost more to look for than the regex they would spare.
const MAX_NEEDLES: usize = 8;

#[derive(Debug, Clone)]
pub struct Prefilter {
    /// One of each set must be in the text: the start of a match, and its end.
    sets: Vec<Vec<Needle>>,
}

impl Prefilter {
    /// The prefilter of a regex (`Re::hir`), if it has literals to look for.
    pub fn new(hir: &Hir) -> Option<Prefilter> {
        let mut sets: Vec<Vec<String>> = [ExtractKind::Prefix, ExtractKind::Suffix]
            .into_iter()
            .filter_map(|kind| literals(hir, kind))
            .collect();
        // A literal regex (`/ferry/`) starts and ends with the same ones: look once.
        sets.dedup();
        let sets: Vec<Vec<Needle>> = (sets.iter())
            .map(|set| set.iter().map(|t| Needle::new(t)).collect())
            .collect();
        (!sets.is_empty()).then_some(Prefilter { sets })
    }

    /// Whether folded text may hold a match; `false` means it cannot.
    pub fn may_match(&self, folded: &str) -> bool {
        self.sets
            .iter()
            .all(|set| set.iter().any(|n| n.is_in_folded(folded)))
    }
}

/// The texts to look for: every literal folded (which `Needle::new` does again, to the
/// same text).
fn literals(hir: &Hir, kind: ExtractKind) -> Option<Vec<String>> {
    let seq = Extractor::new().kind(kind).extract(hir);
    let literals = seq.literals()?;
    let mut texts: Vec<String> = Vec::new();
    for lit in literals {
        let text = fold(std::str::from_utf8(lit.as_bytes()).ok()?);
        if text.is_empty() || text.contains('\0') {
            return None;
        }
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    (!texts.is_empty() && texts.len() <= MAX_NEEDLES).then_some(texts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::query::Re;

    impl Prefilter {
        fn of(re: &str) -> Option<Prefilter> {
            Prefilter::new(&Re::new(re).unwrap().hir().unwrap())
        }
    }

    fn sets(re: &str) -> Option<Vec<Vec<String>>> {
        let p = Prefilter::of(re)?;
        let text = |n: &Needle| format!("{n:?}");
        Some(
            p.sets
                .iter()
                .map(|s| s.iter().map(text).collect())
                .collect(),
        )
    }

    /// What makes looking for folded literals in folded text enough (see the top).
    #[test]
    fn fold_is_idempotent_on_every_char() {
        let mut s = String::new();
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            s.clear();
            s.push(c);
            let once = fold(&s);
            assert_eq!(fold(&once), once, "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn literals_are_looked_for_folded() {
        let p = Prefilter::of("fer+y").unwrap();
        assert!(p.may_match("a ferry"));
        assert!(!p.may_match("a fey"));
        // Written with an accent: found folded in the arena.
        let p = Prefilter::of("(?-i)Café h").unwrap();
        assert!(p.may_match("cafe harbour"));
        assert!(!p.may_match("cafe council"));
        // The long s matches `s` with the case ignored; the fold keeps it as it is.
        let p = Prefilter::of("story").unwrap();
        assert!(p.may_match("ſtory"));
    }

    #[test]
    fn no_prefilter_where_a_match_needs_no_literal() {
        for re in ["", "x*", "^$", "[a-z]+", r"\w", "(?s).", "a|", r"\b"] {
            assert!(sets(re).is_none(), "{re}: {:?}", sets(re));
        }
    }
}
