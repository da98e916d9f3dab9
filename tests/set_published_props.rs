//! Property tests: on generated front matter and bodies, `set_published` changes at most
//! one line (or inserts one), leaves the flag as asked, and round-trips.

mod common;

use newsdesk::feed::frontmatter::{parse, set_published, split};
use newsdesk::feed::read::reads_published;
use proptest::prelude::*;
use serde_yaml_ng::Value;

/// A top-level entry other than `published`, in the forms item files use, some of which
/// contain text that looks like a `published:` line.
fn entry() -> impl Strategy<Value = String> {
    let word = "[a-z]{1,8}";
    let text = "[ -~&&[^\"\\\\]]{0,30}";
    prop_oneof![
        (word, text).prop_map(|(k, v)| format!("k{k}: \"{v}\"")),
        (word, 0..1000i32).prop_map(|(k, v)| format!("k{k}: {v}")),
        (word, "[a-z ]{1,20}")
            .prop_map(|(k, v)| format!("k{k}: {}", v.trim().replace(' ', "_") + "x")),
        (word, any::<bool>()).prop_map(|(k, b)| format!("k{k}: |\n  published: {b}\n  more text")),
        (word, any::<bool>()).prop_map(|(k, b)| format!("k{k}:\n  published: {b}\n  name: x")),
        (word, "[a-z]{1,5}").prop_map(|(k, v)| format!("k{k}:\n  - {v}\n  - published")),
        Just("# published: true".to_owned()),
        Just(String::new()),
    ]
}

/// How the flag is written, if at all.
fn flag() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("published: true".to_owned())),
        Just(Some("published: false".to_owned())),
        Just(Some("published: false # review".to_owned())),
        Just(Some("published:".to_owned())),
        Just(Some("published:    true   ".to_owned())),
        Just(Some("published: ~".to_owned())),
    ]
}

fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\n".to_owned()),
        "[ -~\n]{0,80}",
        Just("published: false\n---\nmore\n".to_owned()),
    ]
}

prop_compose! {
    fn file()(
        bom in any::<bool>(),
        crlf in any::<bool>(),
        entries in prop::collection::vec(entry(), 0..8),
        flag in flag(),
        at in 0usize..8,
        close in prop_oneof![Just("---"), Just("..."), Just("---  ")],
        body in body(),
    ) -> String {
        // Distinct keys: a duplicate key is a parse error, not what this property is about.
        let mut lines: Vec<String> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| if e.starts_with('k') { format!("{i}{e}") } else { e.clone() })
            .collect();
        if let Some(f) = flag {
            let at = at.min(lines.len());
            lines.insert(at, f);
        }
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut s = String::new();
        if bom {
            s.push('\u{feff}');
        }
        s += "---";
        s += nl;
        for l in &lines {
            s += &l.replace('\n', nl);
            s += nl;
        }
        s += close;
        s += nl;
        s += &body.replace('\n', nl);
        s
    }
}

fn published_of(text: &str) -> Option<Value> {
    let sp = split(text).unwrap().unwrap();
    parse(text, &sp)
        .unwrap()
        .as_mapping()
        .unwrap()
        .get("published")
        .cloned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn one_line_at_most_and_round_trips(text in file(), value in any::<bool>()) {
        let before = published_of(&text);
        let out = set_published(&text, value).unwrap();
        prop_assert!(common::line_diff(&text, &out).is_some(), "more than one line:\n{text:?}\n{out:?}");
        prop_assert_eq!(reads_published(published_of(&out).as_ref()), value);
        if out != text {
            prop_assert_eq!(published_of(&out), Some(Value::Bool(value)));
        }
        // A new or changed line ends the way the file's lines end.
        let ending = if text.trim_start_matches('\u{feff}').starts_with("---\r\n") { "\r\n" } else { "\n" };
        let old_lines = common::lines(&text);
        for line in common::lines(&out).into_iter().filter(|l| !old_lines.contains(l)) {
            prop_assert!(line.ends_with(ending), "{line:?} in {out:?}");
        }

        // Flip and flip back: one line each way, and stable from then on.
        let flipped = set_published(&out, !value).unwrap();
        prop_assert_eq!(common::line_diff(&out, &flipped), Some(1));
        let back = set_published(&flipped, value).unwrap();
        prop_assert_eq!(common::line_diff(&flipped, &back), Some(1));
        prop_assert_eq!(set_published(&back, !value).unwrap(), flipped);

        // A file that had a plain boolean comes back byte-identical.
        if let Some(Value::Bool(orig)) = before {
            let back = set_published(&out, orig).unwrap();
            prop_assert_eq!(back, text);
        }
    }

    #[test]
    fn never_panics_on_arbitrary_text(text in "(---\r?\n)?[ -~\n\r\t]{0,200}(\n---\n)?", value in any::<bool>()) {
        if let Ok(out) = set_published(&text, value) {
            prop_assert!(common::line_diff(&text, &out).is_some());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The whole read path on arbitrary front matter: an error or an item, never a panic,
    /// and nothing unsafe left in what would reach the screen.
    #[test]
    fn reading_arbitrary_front_matter_never_panics(
        yaml in "([a-zA-Z_]{1,8}: ?|  - |\"|'|\\[|\\]|\\{|\\}|&a |\\*a|!!str |[ -~]|\u{1b}|\u{202e}|\n){0,60}"
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        std::fs::write(&path, format!("---\n{yaml}\n---\n")).unwrap();
        match newsdesk::feed::loader::read_item(&path) {
            Ok(Some(item)) => {
                let json = serde_json::to_string(&item).unwrap();
                // serde_json writes a surviving ESC as \u001b; U+202E it leaves as it is.
                prop_assert!(!json.contains("\\u001b") && !json.contains('\u{202e}'), "{json}");
            }
            Ok(None) => prop_assert!(false, "a fenced file is never skipped"),
            Err(e) => prop_assert!(e.to_string().contains("x.md")),
        }
    }
}
