use proptest::prelude::*;

use super::*;
use crate::feed::query::Re;
use crate::feed::query::fold::fold;

impl Joined {
    fn of(re: &str) -> Option<Joined> {
        Joined::new(&Re::new(re).unwrap().hir().unwrap())
    }
}

/// What `Joined` stands for: the regex on the folded form of some field.
fn by_fields(re: &Re, fields: &[&str]) -> bool {
    fields.iter().any(|f| re.0.is_match(&fold(f)))
}

fn joined_text(fields: &[&str]) -> String {
    let folded: Vec<String> = fields.iter().map(|f| fold(f)).collect();
    folded.join("\0")
}

/// Patterns that take the rewrite, each with the anchors, classes and boundaries it
/// has to keep the meaning of.
const REWRITTEN: &[&str] = &[
    "^[^0-9]+$",
    "[éà]",
    "fer+y",
    r"^a",
    r"b$",
    r"^ab$",
    r"\bab\b",
    r"\Bb",
    r"a.b",
    r"(?s)a.b",
    r"a[^x]b",
    r"a\sb",
    r"\w+ing\b",
    r"^\w{2}",
    r"(a|b)+$",
    r"^(?:story|a) \d+",
    r"[[:^alpha:]]a",
    r"\p{L}{3}\d",
    r"(?-u:\w)a",
    r"é$",
    r"\Aab",
    r"ab\z",
    r"a\b{start-half}b",
    r"^a|^b$",
    r"^(?:a|\w\d)",
    r"\A[^x]{2}",
];

/// Patterns whose meaning the rewrite could change: the fields are run one by one.
const KEPT: &[&str] = &[
    "",
    "x*",
    "^$",
    r"(?m)^a",
    r"(?-i)A",
    r"(?-i:Café) h",
    r"\x00",
    r"a\x00b",
];

#[test]
fn rewrite_is_declined_where_the_meaning_could_change() {
    for p in KEPT {
        assert!(Joined::of(p).is_none(), "{p:?}");
    }
    for p in REWRITTEN {
        assert!(Joined::of(p).is_some(), "{p:?}");
    }
}

#[test]
fn both_engines_are_used() {
    let dfa = Joined::of("^[^0-9]+$").unwrap();
    assert!(matches!(dfa.engine, Engine::Dfa(_)));
    // Unicode letters three times over, then a digit: past the DFA's size.
    let lazy = Joined::of(r"\p{L}{3}\d").unwrap();
    assert!(matches!(lazy.engine, Engine::Meta(_)));
}

#[test]
fn examples() {
    let j = Joined::of("^[^0-9]+$").unwrap();
    // The title has a digit, the topic none: a match in the topic alone.
    assert_eq!(
        j.is_match(&joined_text(&["story 7", "in 2023", "Google AI"])),
        Some(true)
    );
    // No field is free of digits; across the NULs there would be a match.
    assert_eq!(j.is_match(&joined_text(&["a1", "b2", "3c"])), Some(false));
    let j = Joined::of(r"^ab$").unwrap();
    assert_eq!(j.is_match(&joined_text(&["x", "AB", "y"])), Some(true));
    assert_eq!(j.is_match(&joined_text(&["xab", "aby"])), Some(false));
    // A class that would take the NUL does not join two fields.
    let j = Joined::of(r"a[^x]b").unwrap();
    assert_eq!(j.is_match(&joined_text(&["a", "b"])), Some(false));
}

fn field() -> impl Strategy<Value = String> {
    // Letters of both cases, accents, digits, spaces, word and non-word chars.
    proptest::collection::vec(
        prop_oneof![
            Just('a'),
            Just('A'),
            Just('b'),
            Just('B'),
            Just('é'),
            Just('É'),
            Just('à'),
            Just('0'),
            Just('7'),
            Just(' '),
            Just('-'),
            Just('\n'),
            Just('x'),
            Just('ſ'),
        ],
        0..8,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Over random fields, every rewritten pattern answers as the regex does on the
    /// folded fields one by one (or declines to answer, which the matcher covers).
    #[test]
    fn joined_answers_as_the_fields_do(
        fields in proptest::collection::vec(field(), 1..5),
        which in 0..REWRITTEN.len(),
    ) {
        let pattern = REWRITTEN[which];
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        let j = Joined::of(pattern).unwrap();
        let re = Re::new(pattern).unwrap();
        if let Some(hit) = j.is_match(&joined_text(&fields)) {
            prop_assert_eq!(hit, by_fields(&re, &fields), "{:?} on {:?}", pattern, fields);
        }
    }
}
