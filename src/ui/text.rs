//! Text fitting by display width (CJK takes two columns), and dates for people.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
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

/// Word-wrap to `max` columns; words longer than a line (URLs) are broken. Newlines in the
/// text start new lines.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split_whitespace() {
            let ww = width(word);
            let gap = usize::from(used > 0);
            if used + gap + ww <= max {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + ww;
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > max && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        lines.push(line);
    }
    lines
}

/// For the list: "5m ago", "3h ago", "2d ago" within a week, else the day.
pub fn short_date(t: Timestamp, now: Timestamp, tz: &TimeZone) -> String {
    let secs = now.as_second() - t.as_second();
    match secs {
        -59..60 => "just now".to_owned(),
        60..3600 => format!("{}m ago", secs / 60),
        3600..86_400 => format!("{}h ago", secs / 3600),
        86_400..604_800 => format!("{}d ago", secs / 86_400),
        _ => t
            .to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d")
            .to_string(),
    }
}

/// For the detail pane: local time and how long ago.
pub fn long_date(t: Timestamp, now: Timestamp, tz: &TimeZone) -> String {
    let local: ZonedDateTime = t.to_zoned_datetime(tz.clone());
    let when = local.strftime("%a %Y-%m-%d %H:%M %Z");
    let secs = now.as_second() - t.as_second();
    let ago = if secs < -59 {
        "in the future".to_owned()
    } else if secs < 604_800 {
        short_date(t, now, tz)
    } else {
        format!("{} days ago", secs / 86_400)
    };
    format!("{when} ({ago})")
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
    fn wrap_breaks_words_and_long_urls() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert!(wrap("東京都の新しい", 3).iter().all(|l| width(l) <= 3));
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
    }
}
