//! Inputs the fuzzer (fuzz/) found, kept as fixtures in tests/fixtures/fuzz so each stays
//! fixed. Each test names what went wrong.

use std::path::{Path, PathBuf};

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
