#![no_main]
//! Target (b): `frontmatter::set_published` on any text, both ways. Never panics. When it
//! accepts an edit:
//! - the result reads as asked (split + parse + the loader's reading of the flag);
//! - it differs from the input by exactly one changed line, which is the `published:`
//!   line and keeps its line ending, or by one inserted line, exactly
//!   `published: VALUE` plus the file's line ending;
//! - setting the same value again changes nothing, and setting the opposite value is
//!   accepted and changes exactly that one line;
//! - round trip: when the input held one plain `published: true|false` line (the key at
//!   column 0, the value the bare token, optionally a `# comment` after it), flipping
//!   and flipping back gives the input's bytes. Only then: newsdesk writes the canonical
//!   `true`/`false`, so a flag written as `True`, `~`, empty or missing comes back
//!   canonical, not as it was, and that is intended.

use libfuzzer_sys::fuzz_target;
use newsdesk::feed::frontmatter::{parse, set_published, split};
use newsdesk::feed::read::reads_published;
use newsdesk_fuzz::{ending, one_line_change};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check(text, true);
    check(text, false);
});

fn check(text: &str, value: bool) {
    let Ok(out) = set_published(text, value) else {
        return;
    };
    if out == text {
        // Already reads as `value` (set_published parsed it to decide that); parsing it
        // again here would only halve the executions per second.
        return;
    }
    assert_eq!(
        reads(&out),
        Some(value),
        "does not read as {value}: {out:?}"
    );

    match one_line_change(text, &out) {
        Some((Some(old), new)) => {
            assert!(old.starts_with("published"), "changed {old:?} in {text:?}");
            assert!(
                new.starts_with("published"),
                "changed to {new:?} in {text:?}"
            );
            assert_eq!(ending(old), ending(new), "line ending changed in {text:?}");
        }
        Some((None, new)) => {
            let newline = split(text).unwrap().unwrap().newline;
            assert_eq!(new, format!("published: {value}{newline}"), "in {text:?}");
        }
        None => panic!("more than one line changed:\n{text:?}\n{out:?}"),
    }

    assert_eq!(
        set_published(&out, value).as_ref(),
        Ok(&out),
        "not idempotent"
    );
    let back = set_published(&out, !value)
        .unwrap_or_else(|e| panic!("cannot undo our own edit ({e}): {out:?}"));
    assert_eq!(reads(&back), Some(!value));
    match one_line_change(&out, &back) {
        Some((Some(_), new)) => assert!(new.starts_with("published"), "{back:?}"),
        _ => panic!("undo is not one changed line:\n{out:?}\n{back:?}"),
    }
    if plain_flag(text) == Some(!value) {
        assert_eq!(back, text, "a plain flag does not round-trip");
    }
}

/// The flag as the loader reads it, or `None` when the text does not parse as a mapping.
fn reads(text: &str) -> Option<bool> {
    let sp = split(text).ok()??;
    let v = parse(text, &sp).ok()?;
    Some(reads_published(v.as_mapping()?.get("published")))
}

/// `Some(b)` when the front matter has exactly one line that starts with a `published:`
/// key at column 0 and its value is the bare token `true` or `false`, optionally
/// followed by blanks and a `# comment`.
fn plain_flag(text: &str) -> Option<bool> {
    let sp = split(text).ok()??;
    let keys: Vec<&str> = text[sp.yaml]
        .split_inclusive('\n')
        .filter(|l| {
            l.strip_prefix("published")
                .is_some_and(|r| r.trim_start_matches([' ', '\t']).starts_with(':'))
        })
        .collect();
    let [line] = keys.as_slice() else {
        return None;
    };
    let after = line["published".len()..]
        .trim_start_matches([' ', '\t'])
        .strip_prefix(':')?;
    let value = after.trim_start_matches([' ', '\t']);
    if value.len() == after.len() {
        return None; // `published:true` is not a key in YAML
    }
    let value = value.trim_end_matches(['\r', '\n']);
    let token_end = value.find([' ', '\t']).unwrap_or(value.len());
    let rest = value[token_end..].trim_start_matches([' ', '\t']);
    if !(rest.is_empty() || rest.starts_with('#')) {
        return None;
    }
    match &value[..token_end] {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}
