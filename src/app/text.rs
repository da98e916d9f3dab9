//! Text for a terminal: width in columns (CJK and emoji take two), cutting and padding by
//! grapheme cluster (a flag, a ZWJ emoji or a letter with combining marks is one unit and
//! is never split), wrapping with textwrap, and dates and counts for people. Pure string
//! work, shared by `update` (to count lines) and the view (to draw them).

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use textwrap::core::Word;
use textwrap::{Options, WordSeparator, WordSplitter};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, ending in `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push('…');
    out
}

/// `s` truncated, then padded with spaces to exactly `cols` columns.
pub fn fit(s: &str, cols: usize) -> String {
    let mut out = truncate(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// Word-wrap to `max` columns. Newlines in the text start new lines. A long word breaks
/// after `/`, `?`, `&` or `-` where it can (so a URL splits between its parts); one that
/// still does not fit is cut between grapheme clusters.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let options = Options::new(max)
        .word_separator(WordSeparator::Custom(url_words))
        .word_splitter(WordSplitter::NoHyphenation)
        .break_words(false);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        // Most lines fit: no need to take them apart.
        if width(para) <= max {
            lines.push(para.trim_end().to_owned());
            continue;
        }
        for line in textwrap::wrap(para, &options) {
            hard_break(&line, max, &mut lines);
        }
    }
    lines
}

/// Words end at spaces, as usual; a word with a `/` in it (a URL, a path) also ends after
/// each `/`, `?`, `&` or `-`, with no space to insert when the pieces stay on one line.
fn url_words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut rest = line;
    let mut in_url = false;
    Box::new(std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let word_end = rest.find(' ').unwrap_or(rest.len());
        in_url = in_url || rest[..word_end].contains('/');
        let end = if in_url {
            rest[..word_end]
                .find(['/', '?', '&', '-'])
                .map_or(word_end, |i| i + 1)
        } else {
            word_end
        };
        // Trailing spaces belong to the word (as its whitespace); a piece ending in a URL
        // character keeps an empty whitespace, so the pieces join back without a gap.
        let spaces = rest[end..].len() - rest[end..].trim_start_matches(' ').len();
        if end == word_end {
            in_url = false;
        }
        let (piece, tail) = rest.split_at(end + spaces);
        rest = tail;
        let word = piece.trim_end_matches(' ');
        Some(Word {
            word,
            whitespace: &piece[word.len()..],
            penalty: "",
            width: width(word),
        })
    }))
}

/// Push `line`, cut into pieces of at most `max` columns between grapheme clusters.
fn hard_break(line: &str, max: usize, out: &mut Vec<String>) {
    if width(line) <= max {
        out.push(line.trim_end().to_owned());
        return;
    }
    let mut piece = String::new();
    let mut used = 0;
    for g in line.graphemes(true) {
        let w = width(g);
        if used + w > max && used > 0 {
            out.push(std::mem::take(&mut piece));
            used = 0;
        }
        piece.push_str(g);
        used += w;
    }
    out.push(piece);
}

/// `1 error`, `2 errors`: every count shown to a person goes through here.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// How long ago, in the largest unit that reads well: `5m ago`, `3h ago`, `12d ago`,
/// `4 months ago`, `3 years ago`.
pub fn age(secs: i64) -> String {
    const DAY: i64 = 86_400;
    match secs {
        ..-59 => "in the future".to_owned(),
        -59..60 => "just now".to_owned(),
        60..3600 => format!("{}m ago", secs / 60),
        3600..DAY => format!("{}h ago", secs / 3600),
        DAY..2_592_000 => format!("{}d ago", secs / DAY),
        // Mean month and year lengths: an age is a rough measure, not a calendar.
        2_592_000..31_557_600 => format!("{} ago", plural((secs / 2_629_800) as usize, "month")),
        _ => format!("{} ago", plural((secs / 31_557_600) as usize, "year")),
    }
}

/// For the list: the age within a week, else the day.
pub fn short_date(t: Timestamp, now: Timestamp, tz: &TimeZone) -> String {
    let secs = now.as_second() - t.as_second();
    if (-59..604_800).contains(&secs) {
        age(secs)
    } else {
        t.to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d")
            .to_string()
    }
}

/// For the detail pane: local time and how long ago.
pub fn long_date(t: Timestamp, now: Timestamp, tz: &TimeZone) -> String {
    let local: ZonedDateTime = t.to_zoned_datetime(tz.clone());
    let when = local.strftime("%a %Y-%m-%d %H:%M %Z");
    format!("{when} ({})", age(now.as_second() - t.as_second()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_columns_not_chars() {
        assert_eq!(truncate("hello world", 5), "hell…");
        assert_eq!(truncate("hello", 5), "hello");
        // Each ideograph is two columns: 4 columns leave room for one and the ellipsis.
        assert_eq!(truncate("東京都の新しい", 4), "東…");
        assert!(width(&truncate("東京都の新しい", 5)) <= 5);
        assert_eq!(truncate("Αθήνα σήμερα", 6), "Αθήνα…");
        assert_eq!(truncate("x", 0), "");
        assert_eq!(width(&fit("東京", 7)), 7);
    }

    #[test]
    fn truncation_never_splits_a_grapheme_cluster() {
        // A flag is two regional indicators; cutting between them leaves a lone letter.
        assert_eq!(truncate("🇯🇵🇯🇵 Tokyo", 3), "🇯🇵…");
        assert_eq!(truncate("🇯🇵🇯🇵 Tokyo", 2), "…");
        // `e` + combining acute stays whole.
        assert_eq!(
            truncate("e\u{301}e\u{301}e\u{301}x", 3),
            "e\u{301}e\u{301}…"
        );
        let family = "👨‍👩‍👧 family";
        assert_eq!(truncate(family, 3), "👨‍👩‍👧…");
        assert_eq!(truncate(family, 2), "…");
    }

    #[test]
    fn wrap_breaks_words_and_long_urls() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert!(wrap("東京都の新しい", 3).iter().all(|l| width(l) <= 3));
        assert_eq!(
            wrap("https://news.example/2026/wind-farm?id=7&x=1", 20),
            vec!["https://", "news.example/2026/", "wind-farm?id=7&x=1"]
        );
        // Only words with a `/` break at these; the pieces of one that fits join back.
        assert_eq!(
            wrap("a well-known thing", 10),
            vec!["a", "well-known", "thing"]
        );
        assert_eq!(
            wrap("see https://a.example/b-c now", 80),
            vec!["see https://a.example/b-c now"]
        );
    }

    #[test]
    fn ages_past_a_month_read_as_months_or_years() {
        let day = 86_400;
        assert_eq!(age(5 * 60), "5m ago");
        assert_eq!(age(3 * day), "3d ago");
        assert_eq!(age(29 * day), "29d ago");
        assert_eq!(age(45 * day), "1 month ago");
        assert_eq!(age(100 * day), "3 months ago");
        assert_eq!(age(1162 * day), "3 years ago");
        assert_eq!(age(-3600), "in the future");
    }

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(1500, "file"), "1500 files");
    }

    #[test]
    fn dates_are_relative_when_recent() {
        let now: Timestamp = "2026-11-24T12:00:00Z".parse().unwrap();
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let utc = TimeZone::UTC;
        assert_eq!(short_date(at("2026-11-24T11:55:00Z"), now, &utc), "5m ago");
        assert_eq!(short_date(at("2026-11-24T09:00:00Z"), now, &utc), "3h ago");
        assert_eq!(short_date(at("2026-11-21T12:00:00Z"), now, &utc), "3d ago");
        assert_eq!(
            short_date(at("2026-10-01T12:00:00Z"), now, &utc),
            "2026-10-01"
        );
        assert_eq!(
            long_date(at("2026-11-24T09:00:00Z"), now, &utc),
            "Tue 2026-11-24 09:00 UTC (3h ago)"
        );
        assert_eq!(
            long_date(at("2023-09-19T09:00:00Z"), now, &utc),
            "Tue 2023-09-19 09:00 UTC (3 years ago)"
        );
    }
}
