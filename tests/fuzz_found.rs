//! Inputs the fuzzer (fuzz/) found, kept as fixtures in tests/fixtures/fuzz so each stays
//! fixed. Each test names what went wrong.

use std::path::{Path, PathBuf};

use newsdesk::feed::frontmatter::{EditError, set_published};
use newsdesk::feed::loader::read_item;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(name)
}

/// The YAML parser also breaks lines at a lone CR and at U+0085, U+2028 and U+2029; an
/// editor does not. The error's line and column must be the file's, as an editor counts
/// them (lines end at LF), or the line number points past the end of the file.
#[test]
fn error_lines_are_counted_as_an_editor_counts_them() {
    // `r:` CR `Z`: the parser sees a third line and fails at its end; the file has two
    // lines of YAML (2 and 3) and ends on the closing fence, line 3.
    let e = read_item(&fixture("lone-cr-error-line.md")).unwrap_err();
    assert_eq!((e.line, e.column), (Some(3), Some(1)), "{e}");

    // The parser also breaks the title line at U+2028, reads `b` as a key without a
    // colon, and stops at the start of the next line, `r:`: file line 3 (it said 4).
    let e = read_item(&fixture("line-separator-error-line.md")).unwrap_err();
    assert_eq!((e.line, e.column), (Some(3), Some(1)), "{e}");
}

/// `published: ""<CR>2: ` is two YAML lines on one LF line. The edit took `""` for the
/// value and kept `<CR>2: ` behind it, which verified; but undoing it read `true<CR>2:`
/// as one plain value and would have dropped the key `2`. An edit newsdesk cannot undo
/// must not be made: such a line is refused, the file left as it is.
#[test]
fn a_published_line_hiding_a_lone_cr_is_refused() {
    let text = std::fs::read_to_string(fixture("published-lone-cr.md")).unwrap();
    assert!(text.contains("\"\"\r2: "), "{text:?}");
    for value in [true, false] {
        match set_published(&text, value) {
            Ok(out) if out == text => assert!(!value, "already unpublished"),
            Err(EditError::Unsupported(_)) => {}
            other => panic!("set_published({value}) = {other:?}"),
        }
    }
}

/// A parse error can quote the file (the key path, a value), and the message goes to the
/// error screen as it is: a bidi override or an escape in it must be removed like
/// everywhere else.
#[test]
fn parse_errors_quote_the_file_without_its_control_characters() {
    let e = read_item(&fixture("error-message-controls.md")).unwrap_err();
    assert!(
        e.message.contains("bidi") && e.message.contains("red"),
        "{e}"
    );
    let bad: Vec<char> = e
        .message
        .chars()
        .filter(|c| newsdesk::feed::sanitize::is_unsafe(*c))
        .collect();
    assert!(bad.is_empty(), "{bad:?} in {:?}", e.message);
}

/// `! <U+2068>:` is a key with the non-specific tag `!`: keys are made text for display,
/// and a tagged one was taken as it was, skipping the cleaning every other key gets.
#[test]
fn a_tagged_key_is_cleaned_like_any_other() {
    let item = read_item(&fixture("tagged-key-bidi.md")).unwrap().unwrap();
    let json = serde_json::to_string(&item).unwrap();
    assert!(!item.extra.is_empty(), "the key is kept: {json}");
    assert!(!json.contains('\u{2068}'), "{json:?}");
}

/// A tag may spell any character with `%XX` (`!a%1b` is `!a` ESC): the tag of a value
/// kept among the unknown keys is shown too (as a key in the JSON and the detail pane),
/// and was not cleaned.
#[test]
fn a_tag_is_cleaned_like_the_value_it_tags() {
    let item = read_item(&fixture("tag-with-controls.md"))
        .unwrap()
        .unwrap();
    let json = serde_json::to_string(&item).unwrap();
    assert!(json.contains("!ab"), "the tag is kept, cleaned: {json}");
    assert!(
        !json.contains("\\u001b") && !json.contains('\u{202e}'),
        "{json:?}"
    );
}
