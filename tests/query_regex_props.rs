//! Regexes over the folded arena (the TUI's path, `matches_prepared`) must find exactly
//! what they find over the items' own strings (`matches`): the arena only serves as a
//! prefilter that rejects items whose folded text lacks a literal every match needs. The
//! texts and patterns here are built from pieces where folding and case are tricky: accents
//! precomposed and combining, the long s and the Kelvin sign (which match `s` and `k` with
//! the case ignored), ß, dotted İ, final sigma, ligatures, digits and blanks.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::feed::Item;
use newsdesk::feed::query::{Clock, FoldedTexts, Matcher, Pattern, Query, Re, Term, TextField};
use proptest::prelude::*;
use serde_yaml_ng::{Mapping, Value};

/// Pieces of text: each is also a literal the patterns use.
const PIECES: &[&str] = &[
    "fer",
    "ry",
    "Ferry",
    "café",
    "CAFÉ",
    "cafe\u{301}",
    "e",
    "é",
    "É",
    "s",
    "S",
    "ſ",
    "k",
    "K",
    "\u{212a}",
    "ß",
    "ss",
    "İ",
    "i",
    "σ",
    "Σ",
    "ς",
    "ﬁ",
    "fi",
    "Ö",
    "o",
    "7",
    " ",
    ":",
    "-",
    "story",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..6).prop_map(|v| v.concat())
}

fn item(n: usize, title: String, excerpt: String, provider: String, topics: Vec<String>) -> Item {
    let mut map = Mapping::new();
    let mut put = |k: &str, v: Value| map.insert(Value::String(k.into()), v);
    put("title", Value::String(title));
    put("excerpt", Value::String(excerpt));
    let mut p = Mapping::new();
    p.insert(Value::String("name".into()), Value::String(provider));
    put("provider", Value::Mapping(p));
    put(
        "topics",
        Value::Sequence(topics.into_iter().map(Value::String).collect()),
    );
    let mut item = newsdesk::feed::read::item(&map);
    item.path = format!("/feed/{n:03}.md").into();
    item.id = newsdesk::feed::id_of(&item.path);
    item
}

fn items() -> impl Strategy<Value = Vec<Item>> {
    let one = (text(), text(), text(), prop::collection::vec(text(), 0..3));
    prop::collection::vec(one, 1..12).prop_map(|v| {
        (v.into_iter().enumerate())
            .map(|(n, (t, e, p, topics))| item(n, t, e, p, topics))
            .collect()
    })
}

/// A pattern of literal pieces (escaped), classes, repetitions, alternations, anchors and
/// case switched on and off.
fn pattern() -> impl Strategy<Value = String> {
    let literal = prop::sample::select(PIECES).prop_map(regex::escape);
    let atom = prop_oneof![
        6 => literal,
        1 => Just(".".to_owned()),
        1 => Just(r"\d".to_owned()),
        1 => Just("[a-f]".to_owned()),
        1 => Just(r"\s".to_owned()),
        1 => Just(r"\b".to_owned()),
    ];
    let piece = (
        atom,
        prop::sample::select(vec!["", "", "", "+", "*", "?", "{2}"]),
    )
        .prop_map(|(a, q)| {
            if q.is_empty() {
                a
            } else {
                format!("(?:{a}){q}")
            }
        });
    let seq = prop::collection::vec(piece, 1..4).prop_map(|v| v.concat());
    let cased = (seq, prop::sample::select(vec!["", "", "(?-i)", "(?i)"])).prop_map(|(s, flag)| {
        if flag.is_empty() {
            s
        } else {
            format!("{flag}{s}")
        }
    });
    let alt = prop::collection::vec(cased, 1..3).prop_map(|v| v.join("|"));
    (alt, prop::sample::select(vec!["", "^", "$"])).prop_map(|(a, anchor)| match anchor {
        "^" => format!("^(?:{a})"),
        "$" => format!("(?:{a})$"),
        _ => a,
    })
}

fn field() -> impl Strategy<Value = TextField> {
    prop::sample::select(vec![
        TextField::Any,
        TextField::Any,
        TextField::Title,
        TextField::Excerpt,
        TextField::Provider,
        TextField::Topic,
    ])
}

fn check(items: &[Item], field: TextField, src: &str) -> Result<(), TestCaseError> {
    let Ok(re) = Re::new(src) else {
        return Ok(());
    };
    let query = Query::Term(Term::Text(field, Pattern::Regex(re)));
    let clock = Clock {
        now: "2024-03-15T12:00:00Z".parse::<Timestamp>().unwrap(),
        tz: TimeZone::UTC,
    };
    let m = Matcher::new(&query, &clock);
    let texts = FoldedTexts::build(items);
    for (slot, item) in items.iter().enumerate() {
        prop_assert_eq!(
            m.matches(item),
            m.matches_prepared(item, texts.get(slot)),
            "{:?} {:?} on {:?} / {:?} / {:?} / {:?}",
            field,
            src,
            item.title,
            item.excerpt,
            item.provider_name(),
            item.topics
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn a_regex_over_the_folded_arena_finds_what_it_finds_over_the_items(
        items in items(),
        field in field(),
        src in pattern(),
    ) {
        check(&items, field, &src)?;
    }
}

/// Cases where a prefilter that looked for a literal as written (`é`, `ſ`, the Kelvin
/// sign, `ß`, `İ`) instead of folded would reject an item the regex matches.
#[test]
fn literals_are_looked_for_folded() {
    let texts = [
        "Café",
        "cafe\u{301}",
        "ſtory",
        "\u{212a}ey",
        "STRASSE",
        "Straße",
        "İstanbul",
    ];
    let items: Vec<Item> = (texts.iter().enumerate())
        .map(|(n, t)| item(n, (*t).into(), String::new(), "P".into(), Vec::new()))
        .collect();
    for src in [
        "café",
        "(?-i)Café",
        "cafe",
        "é",
        "\u{301}",
        "story",
        "(?-i)ſ",
        "key",
        "(?-i)\u{212a}",
        "ß",
        "strasse",
        "(?-i)İ",
        "istanbul",
        "i\u{307}",
    ] {
        check(&items, TextField::Any, src).unwrap();
        check(&items, TextField::Title, src).unwrap();
    }
}
