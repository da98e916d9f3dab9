//! Text from item files is hostile: it reaches the terminal, so nothing in it may act as
//! an escape sequence or reorder what is drawn around it.

use std::borrow::Cow;

/// Characters removed from every string: C0 controls except newline, DEL, C1 controls,
/// and the bidi embedding, override and isolate characters (and the marks), which can
/// make a line display in an order other than the one stored.
pub fn is_unsafe(c: char) -> bool {
    match c {
        '\n' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{200e}' | '\u{200f}' | '\u{061c}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// Remove unsafe characters. A tab becomes a space so columns still line up.
pub fn clean(s: &str) -> String {
    clean_cow(s).into_owned()
}

fn clean_cow(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Decode HTML entities (`&nbsp;`, `&amp;`, `&#8217;`) and then clean: decoding first so
/// that `&#27;` cannot smuggle an escape character past the filter. A decoded no-break
/// space becomes a plain space, as an editor reading an excerpt expects.
pub fn clean_html(s: &str) -> String {
    let decoded = if s.contains('&') {
        htmlize::unescape(s)
    } else {
        Cow::Borrowed(s)
    };
    let spaced: Cow<'_, str> = if decoded.contains('\u{a0}') {
        Cow::Owned(decoded.replace('\u{a0}', " "))
    } else {
        decoded
    };
    clean(&spaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_controls_and_bidi_but_keeps_newlines_and_text() {
        let s = "a\u{1b}[31mb\u{7}c\u{9b}d\u{202e}e\u{2067}f\nß😀";
        assert_eq!(clean(s), "a[31mbcdef\nß😀");
    }

    #[test]
    fn tab_becomes_space() {
        assert_eq!(clean("a\tb"), "a b");
    }

    #[test]
    fn decodes_entities_before_filtering() {
        assert_eq!(
            clean_html("Tom &amp; Jerry&nbsp;go&#8217;s"),
            "Tom & Jerry go’s"
        );
        assert_eq!(clean_html("x&#27;[2Jy"), "x[2Jy");
        assert_eq!(clean_html("&#x202E;evil"), "evil");
    }

    #[test]
    fn leaves_safe_text_alone() {
        assert!(matches!(clean_cow("plain ‘text’ — é"), Cow::Borrowed(_)));
    }
}
