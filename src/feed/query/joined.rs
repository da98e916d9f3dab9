//! A regex run ONCE over an item's folded text in the arena (`title \0 excerpt \0
//! provider (\0 topic)*`) instead of once per text: per call, the regex crate's setup and
//! cache pool cost as much as scanning a short title, and a pattern with no literal to
//! look for (`/^[^0-9]+$/`) otherwise runs four to six times per item.
//!
//! The pattern is rewritten so that a match in the joined text is exactly a match in one
//! of its fields: every class loses the NUL (so no match crosses a field), `^` and `$`
//! (text start and end) become line anchors with NUL as the line terminator (field start
//! and end), and a word boundary at a NUL sees a non-word char, as at a text's edge.
//! Patterns whose meaning that could change are not rewritten (`Joined::new` gives `None`
//! and the matcher runs the fields one by one): one that can match the empty string (an
//! absent field is an empty one here), one with a NUL literal, `(?m)` line anchors, or
//! case-sensitive parts (`(?-i)`), because for an ASCII text the rewrite's answer stands
//! for the regex on the text as written only when the case is ignored everywhere.
//!
//! So `Joined` answers "does the regex match the folded form of some field"; the matcher
//! adds the fields whose text is not ASCII, run as written (`/[éà]/` finds `Café`).
//!
//! The engine is a fully built DFA when it is small (no cache, no pool, about a byte a
//! cycle), else the regex crate's own engines over the rewritten pattern.

use regex_automata::dfa::{Automaton, dense};
use regex_automata::nfa::thompson;
use regex_automata::util::look::LookMatcher;
use regex_automata::{Input, meta};
use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look,
};

/// A DFA past this size is not built: its build time grows with it, and it is paid per
/// keystroke. About a millisecond; larger patterns take the lazy engine.
const DFA_LIMIT: usize = 1 << 16;
/// The lazy engine's limits, as `Re::new` sets them.
const SIZE_LIMIT: usize = 1 << 20;

#[derive(Debug)]
pub struct Joined {
    engine: Engine,
}

#[derive(Debug)]
enum Engine {
    Dfa(Box<dense::DFA<Vec<u32>>>),
    Meta(meta::Regex),
}

impl Joined {
    /// The rewritten form of a regex (`Re::hir`), or `None` when the rewrite could change
    /// what it means (see the top).
    pub fn new(hir: &Hir) -> Option<Joined> {
        if hir.properties().minimum_len().is_none_or(|n| n == 0) {
            return None;
        }
        let hir = rewrite(hir)?;
        let mut look = LookMatcher::new();
        look.set_line_terminator(b'\0');
        let dfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .look_matcher(look)
                    .nfa_size_limit(Some(SIZE_LIMIT))
                    .which_captures(thompson::WhichCaptures::None),
            )
            .build_from_hir(&hir)
            .ok()
            .and_then(|nfa| {
                dense::Builder::new()
                    .configure(
                        dense::Config::new()
                            .dfa_size_limit(Some(DFA_LIMIT))
                            .determinize_size_limit(Some(DFA_LIMIT))
                            .unicode_word_boundary(true)
                            .minimize(false),
                    )
                    .build_from_nfa(&nfa)
                    .ok()
            });
        let engine = match dfa {
            Some(dfa) => Engine::Dfa(Box::new(dfa)),
            None => Engine::Meta(
                meta::Builder::new()
                    .configure(
                        meta::Config::new()
                            .line_terminator(b'\0')
                            .nfa_size_limit(Some(SIZE_LIMIT))
                            .hybrid_cache_capacity(SIZE_LIMIT),
                    )
                    .build_from_hir(&hir)
                    .ok()?,
            ),
        };
        Some(Joined { engine })
    }

    /// Whether some field of the joined folded `text` matches; `None` when the DFA gave up
    /// (a Unicode word boundary next to a non-ASCII byte), and the fields must be run.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        let input = Input::new(text).earliest(true);
        match &self.engine {
            Engine::Dfa(dfa) => dfa.try_search_fwd(&input).ok().map(|m| m.is_some()),
            Engine::Meta(re) => Some(re.is_match(input)),
        }
    }
}

/// The pattern with NUL out of every class and text anchors made line anchors; `None`
/// for what the rewrite cannot keep the meaning of.
fn rewrite(hir: &Hir) -> Option<Hir> {
    Some(match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            if text.contains('\0') || !text.chars().all(caseless) {
                return None;
            }
            hir.clone()
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut folded = class.clone();
            folded.case_fold_simple();
            if folded != *class {
                return None;
            }
            let mut class = class.clone();
            class.difference(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\0')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut folded = class.clone();
            folded.case_fold_simple();
            if folded != *class {
                return None;
            }
            let mut class = class.clone();
            class.difference(&ClassBytes::new([ClassBytesRange::new(0, 0)]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Look(look) => Hir::look(match look {
            Look::Start => Look::StartLF,
            Look::End => Look::EndLF,
            Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF => return None,
            other => *other,
        }),
        HirKind::Repetition(rep) => {
            let mut rep = rep.clone();
            rep.sub = Box::new(rewrite(&rep.sub)?);
            Hir::repetition(rep)
        }
        HirKind::Capture(cap) => rewrite(&cap.sub)?,
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(rewrite).collect::<Option<_>>()?),
        HirKind::Alternation(parts) => {
            Hir::alternation(parts.iter().map(rewrite).collect::<Option<_>>()?)
        }
    })
}

/// Whether `c` has no other case: a literal in a case-ignoring pattern is one.
fn caseless(c: char) -> bool {
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class.ranges() == [ClassUnicodeRange::new(c, c)]
}

#[cfg(test)]
mod tests;
