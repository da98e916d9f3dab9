//! The query language on our fixture feed (tests/fixtures/query): every field, operator
//! and form, errors with their columns, the canonical printed form, sort orders and facet
//! counts. Each fixture file starts with a letter; results are compared as those letters.
//! "Now" is fixed at 2024-03-15T12:00:00Z so dates and ages are deterministic.

use std::path::Path;
use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::feed::facets::{Facet, facets, facets_in};
use newsdesk::feed::query::{Clock, FoldedTexts, Matcher, Query, QueryError, parse};
use newsdesk::feed::sort::{Sort, compare, sort_items};
use newsdesk::feed::{Item, load};

fn items() -> &'static [Item] {
    static ITEMS: OnceLock<Vec<Item>> = OnceLock::new();
    ITEMS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/query");
        let report = load(&dir).expect("fixtures load");
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.feed.len(), 7);
        report.feed.items().to_vec()
    })
}

fn letter(item: &Item) -> char {
    let name = item.path.file_name().unwrap().to_string_lossy();
    name.chars().next().unwrap()
}

fn clock_in(tz: TimeZone) -> Clock {
    Clock {
        now: "2024-03-15T12:00:00Z".parse::<Timestamp>().unwrap(),
        tz,
    }
}

fn hits_in(q: &str, tz: TimeZone) -> String {
    let query = parse(q).unwrap_or_else(|e| panic!("{q:?}: {e}"));
    let m = Matcher::new(&query, &clock_in(tz));
    let mut found: Vec<char> = items()
        .iter()
        .filter(|i| m.matches(i))
        .map(letter)
        .collect();
    found.sort_unstable();
    // The prepared (pre-folded) path the TUI uses must agree on every query.
    let texts = FoldedTexts::build(items());
    let mut prepared: Vec<char> = (items().iter().enumerate())
        .filter(|(s, i)| m.matches_prepared(i, texts.get(*s)))
        .map(|(_, i)| letter(i))
        .collect();
    prepared.sort_unstable();
    assert_eq!(
        found,
        prepared,
        "{:?}: matches and matches_prepared differ",
        q.chars().take(60).collect::<String>()
    );
    found.into_iter().collect()
}

/// The letters of the matching fixtures, in alphabetical order.
fn hits(q: &str) -> String {
    hits_in(q, TimeZone::UTC)
}

fn err(q: &str) -> QueryError {
    match parse(q) {
        Ok(parsed) => panic!("{q:?} parsed as {parsed:?}"),
        Err(e) => e,
    }
}

/// Cases are (query, expected letters); all are checked, then the failures listed together.
fn check(cases: &[(&str, &str)]) {
    let wrong: Vec<String> = cases
        .iter()
        .map(|(q, want)| (q, want, hits(q)))
        .filter(|(_, want, got)| **want != *got)
        .map(|(q, want, got)| format!("{q:?}: want {want:?}, got {got:?}"))
        .collect();
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn empty_query_matches_everything() {
    check(&[("", "abcdefg"), ("   ", "abcdefg")]);
    assert_eq!(parse(" \t").unwrap(), Query::All);
}

#[test]
fn bare_words_search_title_excerpt_provider_and_topics_ignoring_case_and_accents() {
    check(&[
        ("cafe", "a"),
        ("CAFÉ", "a"),
        ("café", "a"),
        ("athens", "b"),          // excerpt
        ("αθηνας", "b"),          // Greek title, accent folded
        ("ΚΑΘΗΜΕΡΙΝΗ", "b"),      // provider name
        ("climate", "f"),         // topic only
        ("robotics", "cg"),       // title of c, excerpt and topic of g
        ("robotics review", "g"), // all words must match
        ("robotics zebra", ""),
        ("techwire", ""), // the domain is not searched by bare words
        ("\"google ai\"", "c"),
        ("\"passes, or does\"", "d"),
        ("\"or\"", "bdef"), // a quoted keyword is a word: "Transport", "or does", "more"
    ]);
}

#[test]
fn regexes_match_the_text_as_written_and_folded() {
    check(&[
        ("/robot(ic)?s/", "cg"),
        ("title:/^café/", "a"),
        ("title:/^cafe/", "a"),
        ("title:/^CAFE OWNERS/", "a"),
        ("/^$/", ""),
        ("title:/\\d/", ""),
        ("url:/\\/cafe-rent$/", "a"),
    ]);
}

#[test]
fn every_text_field() {
    check(&[
        ("title:deepmind", ""),
        ("excerpt:deepmind", "c"),
        ("title:council", "d"),
        ("provider:\"tech wire\"", "cg"),
        ("provider:καθημερινη", "b"),
        ("domain:techwire", "cg"),
        ("domain:example", "abcfg"),
        ("topic:\"google ai\"", "c"),
        ("topic:transport", "be"),
        ("category:news", "abdfg"),
        ("category:research", "c"),
        ("type:video", "c"),
        ("type:podcast", "g"),
        ("url:amp.example", "b"),         // AMP URL
        ("url:aggregator.example", "ab"), // web URL
        ("url:lemonde-local", "a"),       // original URL
        ("path:nested", "g"),
        ("path:/e-undated\\.md$/", "e"),
        ("Title:CAFE", "a"), // field names ignore case
    ]);
}

#[test]
fn state_and_presence() {
    check(&[
        ("is:published", "acg"),
        ("is:unpublished", "bdef"), // d has no flag at all: unpublished
        ("IS:Published", "acg"),
        ("has:related", "abd"),
        ("has:image", "af"),
        ("has:quality", "abcefg"),
        ("has:original", "acfg"),
    ]);
}

#[test]
fn numbers_with_every_operator_and_ranges() {
    check(&[
        ("quality:>=80", "abcf"),
        ("quality:>80", "abf"),
        ("quality:<50", "e"),
        ("quality:<=50", "eg"),
        ("quality:=120", "b"),
        ("quality:120", "b"),
        ("quality:80..95", "acf"),
        ("quality:95..95", "f"),
        ("heat:<10", "bdg"), // e has no heat: never matches a number
        ("heat:-5..0", "g"),
        ("related:>3", "b"),
        ("related:1..2", "ad"),
        ("related:0", "cefg"),
        ("-has:quality", "d"),
        ("-quality:>0", "d"), // negation includes items without the number
    ]);
}

#[test]
fn dates_days_months_years_operators_and_ranges_in_utc() {
    check(&[
        ("date:2023", "cdf"),
        ("date:2023-09", "c"),
        ("date:2023-09-19", "c"),
        ("date:2023-09-18", ""),
        ("date:=2023-09", "c"),
        ("date:>2023-01-31", "abcf"), // after the whole day
        ("date:>=2023-01-31", "abcdf"),
        ("date:<2023", "g"),
        ("date:<=2023-01", "dg"),
        ("date:2023-01..2023-03", "df"),
        ("date:2022..2022", "g"),
        ("-date:2023", "abeg"), // undated e is not in 2023
    ]);
}

#[test]
fn dates_follow_the_clocks_time_zone() {
    let athens: TimeZone = TimeZone::get("Europe/Athens").unwrap();
    // g is 2022-12-31T22:00Z = 2023-01-01 00:00 in Athens; d is 2023-02-01 01:59 there.
    assert_eq!(hits_in("date:2023-01", athens.clone()), "g");
    assert_eq!(hits_in("date:2023", athens.clone()), "cdfg");
    assert_eq!(hits("date:2023-01"), "d");
    // b is 2024-03-10T23:30Z: the 11th in Athens.
    assert_eq!(hits_in("date:2024-03-11", athens), "b");
}

#[test]
fn ages_and_today_count_back_from_the_clock() {
    check(&[
        ("newer:7d", "ab"),
        ("newer:1d", "a"),
        ("newer:3h", ""),
        ("newer:4h", "a"), // exactly 4h old: the bound is included
        ("newer:1m", "ab"),
        ("newer:1w", "ab"),
        ("older:2w", "cdfg"),
        ("older:1y", "dfg"),
        ("older:100000y", ""),
        ("newer:100000y", "abcdfg"),
        ("newer:0d", ""),
        ("today", "a"),
        ("TODAY", "a"),
        ("-today", "bcdefg"),
    ]);
}

#[test]
fn not_or_parentheses_and_precedence() {
    check(&[
        ("-cafe", "bcdefg"),
        ("not cafe", "bcdefg"),
        ("NOT is:published", "bdef"),
        ("robotics -topic:\"google ai\"", "g"),
        ("cafe or athens", "ab"),
        ("cafe OR athens", "ab"),
        ("robotics and is:published", "cg"),
        // AND binds tighter: (unpublished ∧ athens) ∨ cafe.
        ("is:unpublished athens or cafe", "ab"),
        ("is:unpublished (athens or cafe)", "b"),
        ("-(cafe or athens)", "cdefg"),
        ("--cafe", "a"),
        ("not not cafe", "a"),
        ("((cafe))", "a"),
    ]);
}

#[test]
fn errors_name_the_column_in_characters_and_what_was_expected() {
    let cases: &[(&str, usize, &str)] = &[
        ("foo:bar", 1, "unknown field 'foo:'"),
        ("cafe foo:bar", 6, "unknown field"),
        ("title:", 7, "expected a value after 'title:'"),
        ("\"unclosed", 1, "not closed: expected a closing \""),
        ("a /unclosed", 3, "not closed: expected a closing /"),
        ("(cafe", 6, "expected ')' to close the '(' at column 1"),
        ("cafe)", 5, "unmatched ')'"),
        ("()", 2, "expected a term inside ( )"),
        ("cafe or", 8, "expected a term"),
        ("or cafe", 1, "expected a term before 'or'"),
        ("- cafe", 2, "expected a term right after '-'"),
        ("quality:>=x", 11, "expected a whole number"),
        ("quality:80..x", 13, "expected a whole number"),
        ("quality:120..80", 9, "the range 120..80 is empty"),
        ("quality:\"80\"", 9, "expected a number"),
        ("date:2023-13", 6, "not a date in the calendar"),
        ("date:2023-02-30", 6, "not a date in the calendar"),
        ("date:23", 6, "expected a date like 2023"),
        ("date:>=2023-1", 8, "expected a date like 2023"),
        ("date:2023..x", 12, "expected a date"),
        ("newer:7x", 7, "expected an age like 12h"),
        ("older:d", 7, "expected an age"),
        ("newer:100001d", 7, "too large an age"),
        ("is:maybe", 4, "expected one of published, unpublished"),
        (
            "has:colour",
            5,
            "expected one of related, image, quality, original",
        ),
        ("title:/(/", 7, "bad regex"),
        ("/a{1000}{1000}/", 1, "the regex is too big"),
        ("//", 1, "empty regex"),
        ("\"\"", 1, "nothing to search for"),
        ("\"\u{301}\"", 1, "nothing to search for"), // a lone accent folds to nothing
        // Found by fuzzing: the prepared text joins fields with NUL, so a NUL matched.
        ("\u{0}", 1, "control characters cannot be searched"),
        (
            "title:\"a\u{1}b\"",
            7,
            "control characters cannot be searched",
        ),
        ("Αθήνα foo:x", 7, "unknown field"), // characters, not bytes
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(q, col, msg)| {
            let e = err(q);
            (e.column != *col || !e.message.contains(msg)).then(|| {
                format!(
                    "{q:?}: want {col} {msg:?}, got {} {:?}",
                    e.column, e.message
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn hostile_nesting_is_an_error_not_a_stack_overflow() {
    for q in [
        format!("{}a", "(".repeat(100_000)),
        format!("{}a", "-".repeat(100_000)),
        format!("{}a", "not ".repeat(100_000)),
    ] {
        assert!(err(&q).message.contains("nests too deeply"));
    }
    // Long flat queries are fine.
    let long = vec!["cafe"; 10_000].join(" or ");
    assert_eq!(hits(&long), "a");
}

#[test]
fn display_prints_the_canonical_form() {
    let cases = [
        ("Title:Cafe   OR  x", "title:Cafe or x"),
        ("quality:=80", "quality:80"),
        (
            "quality:>=80 heat:<-1 related:1..3",
            "quality:>=80 heat:<-1 related:1..3",
        ),
        (
            "date:=2023 date:>2023-01-01 date:2023-01..2023-03",
            "date:2023 date:>2023-01-01 date:2023-01..2023-03",
        ),
        ("newer:007D older:2w", "newer:7d older:2w"),
        (
            "\"or\" \"today\" today \"a b\" \"x:y\" \"-z\"",
            "\"or\" \"today\" today \"a b\" \"x:y\" \"-z\"",
        ),
        ("\"plain\"", "plain"),
        ("title:\"or\" title:x:y", "title:or title:x:y"),
        ("\"say \\\"hi\\\" \\\\\"", "\"say \\\"hi\\\" \\\\\""),
        ("(a b) c", "a b c"),
        ("a and (b or c)", "a (b or c)"),
        ("(a or b) or c", "a or b or c"),
        ("not a", "-a"),
        ("not (a or b)", "-(a or b)"),
        ("not not a", "a"),
        ("/a\\/b/ url:/x\\\\/", "/a\\/b/ url:/x\\\\/"),
        ("IS:PUBLISHED has:Image", "is:published has:image"),
    ];
    for (input, want) in cases {
        let q = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(q.to_string(), want, "from {input:?}");
        assert_eq!(parse(want).unwrap(), q, "{want:?} reads back");
    }
}

fn sorted(s: &str) -> String {
    let sort: Sort = s.parse().unwrap();
    let mut v: Vec<&Item> = items().iter().collect();
    sort_items(&mut v, sort);
    v.into_iter().map(letter).collect()
}

#[test]
fn sort_orders_put_missing_values_last_and_break_ties_by_date_then_path() {
    assert_eq!(sorted("date"), "abcfdge"); // newest first, undated last
    assert_eq!(sorted("date:asc"), "gdfcbae");
    assert_eq!(sorted("quality"), "bfacged");
    assert_eq!(sorted("quality:asc"), "egcafbd");
    assert_eq!(sorted("heat:desc"), "fcadbge");
    // Titles fold case and accents; Greek sorts after Latin.
    assert_eq!(sorted("title"), "adcgefb");
    assert_eq!(sorted("title:desc"), "bfegcda");
    // c and g share a provider: the newer one first, in both directions.
    assert_eq!(sorted("provider"), "dfacgbe");
    assert_eq!(sorted("provider:desc"), "bcgafde");
    assert_eq!(
        "quality".parse::<Sort>().unwrap().to_string(),
        "quality:desc"
    );
    assert!("colour".parse::<Sort>().is_err());
    assert!("date:sideways".parse::<Sort>().is_err());
}

#[test]
fn compare_agrees_with_sort_items_on_every_pair() {
    for s in [
        "date",
        "date:asc",
        "quality",
        "quality:asc",
        "heat",
        "title",
        "title:desc",
        "provider",
    ] {
        let sort: Sort = s.parse().unwrap();
        let mut v: Vec<&Item> = items().iter().collect();
        sort_items(&mut v, sort);
        for (i, a) in v.iter().enumerate() {
            for (j, b) in v.iter().enumerate() {
                assert_eq!(
                    compare(a, b, sort),
                    i.cmp(&j),
                    "{s}: {} vs {}",
                    letter(a),
                    letter(b)
                );
            }
        }
    }
}

#[test]
fn folding_drops_accents_and_case_in_any_script() {
    use newsdesk::feed::query::fold;
    assert_eq!(fold("Café CRÈME"), "cafe creme");
    assert_eq!(fold("Μετρό της Αθήνας"), "μετρο της αθηνας");
    assert_eq!(fold("Zürich São Paulo Łódź"), "zurich sao paulo łodz");
    assert_eq!(fold("e\u{301}"), "e"); // decomposed input too
    // Hangul decomposes to jamo, which are letters, not marks: kept (needles fold alike).
    assert_eq!(
        fold("한국"),
        "\u{1112}\u{1161}\u{11ab}\u{1100}\u{116e}\u{11a8}"
    );
}

#[test]
fn sort_ties_on_the_same_date_break_by_path() {
    let mut a = items()[0].clone();
    let mut b = a.clone();
    a.path = "z.md".into();
    b.path = "m.md".into();
    for s in ["date", "date:asc", "quality", "title:desc", "provider"] {
        let mut v = vec![&a, &b];
        sort_items(&mut v, s.parse().unwrap());
        assert_eq!(v[0].path, Path::new("m.md"), "{s}");
    }
}

#[test]
fn facets_count_each_value_once_per_item_most_common_first() {
    let owned = |v: &[(&str, usize)]| -> Vec<(String, usize)> {
        v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
    };
    assert_eq!(
        facets(items(), Facet::Topic),
        owned(&[
            ("Robotics", 2), // c lists it twice: counted once
            ("Transport", 2),
            ("Business", 1),
            ("Climate", 1),
            ("Energy", 1),
            ("Google AI", 1),
            ("Local News", 1),
            ("Politics", 1),
        ])
    );
    assert_eq!(
        facets(items(), Facet::Provider),
        owned(&[
            ("Tech Wire", 2),
            ("City Desk", 1),
            ("Energy Today", 1),
            ("Le Monde Local", 1),
            ("Η Καθημερινή", 1),
        ])
    );
    assert_eq!(
        facets(items(), Facet::Category),
        owned(&[("news", 5), ("blog", 1), ("research", 1)])
    );
    assert_eq!(
        facets(items(), Facet::Year),
        owned(&[("2023", 3), ("2024", 2), ("2022", 1)])
    );
    let athens = TimeZone::get("Europe/Athens").unwrap();
    assert_eq!(
        facets_in(items(), Facet::Year, &athens),
        owned(&[("2023", 4), ("2024", 2)])
    );
    // Over a filtered view.
    let m = Matcher::new(&parse("is:published").unwrap(), &clock_in(TimeZone::UTC));
    let published = items().iter().filter(|i| m.matches(i));
    assert_eq!(
        facets(published, Facet::Provider),
        owned(&[("Tech Wire", 2), ("Le Monde Local", 1)])
    );
}

/// Found by fuzzing: 45 `-` in a row parsed, but printed as 45 nested `-( )` the query was
/// refused as nested too deeply. A double negation cancels, so the printed form is short.
#[test]
fn negations_in_a_row_cancel_in_pairs_and_print_back() {
    assert_eq!(parse("--robot").unwrap(), parse("robot").unwrap());
    assert_eq!(parse("not -robot").unwrap(), parse("robot").unwrap());
    let many = format!("{}robot", "-".repeat(45));
    let q = parse(&many).unwrap();
    assert_eq!(q, parse("-robot").unwrap());
    assert_eq!(parse(&q.to_string()).unwrap(), q);
}
