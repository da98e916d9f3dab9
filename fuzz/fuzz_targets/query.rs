#![no_main]
//! Target (d): any text as a query, as `/` in the TUI and `--query` on the command line
//! read it. Never panics or hangs; an error's column lies within the query (or one past
//! its end); a query that parses prints in a form that parses back to the same query,
//! and matches an item the same way with and without its prepared text.

use libfuzzer_sys::fuzz_target;
use newsdesk::feed::item::{Item, Story};
use newsdesk::feed::query::{Clock, Matcher, Prepared, Query, parse};
use std::sync::LazyLock;

static ITEM: LazyLock<Item> = LazyLock::new(|| Item {
    story: Story {
        title: Some("Café robots: Ωmega & the harbour ferry".into()),
        excerpt: Some("An excerpt with quality words and 42 numbers.".into()),
        quality: Some(80),
        ..Story::default()
    },
    heat: Some(7),
    topics: vec!["Google AI".into(), "Energy".into()],
    ..Item::default()
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse(text) {
        Err(e) => {
            let chars = text.chars().count();
            assert!(e.column >= 1 && e.column <= chars + 1, "{e} in {text:?}");
            assert!(!e.message.is_empty());
        }
        Ok(q) => {
            let printed = q.to_string();
            let again: Query = printed
                .parse()
                .unwrap_or_else(|e| panic!("{printed:?} (from {text:?}) does not parse: {e}"));
            assert_eq!(again, q, "{printed:?} from {text:?}");
            let clock = Clock {
                now: "2026-12-01T00:00:00Z".parse().unwrap(),
                tz: jiff::tz::TimeZone::UTC,
            };
            let m = Matcher::new(&q, &clock);
            let item = &*ITEM;
            assert_eq!(m.matches(item), m.matches_prepared(item, &Prepared::new(item)));
        }
    }
});
