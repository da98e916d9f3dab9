//! The bottom line: counts, focus, the last message (its reason first, cut to fit; the
//! message log has it whole), and key hints from the key table. `? help` always stays.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::Model;
use crate::app::keymap::{help_hint, status_hints};
use crate::app::model::Tone;
use crate::app::text::{plural, truncate, width};
use crate::ui::Theme;

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let cols = usize::from(area.width);
    // Focus first: when a long message leaves little room, the counts give way first.
    let mut counts = format!(
        " [{}] {} · {} published",
        model.focus.name(),
        plural(model.feed.len(), "item"),
        model.feed.published_count()
    );
    if !model.errors.is_empty() {
        counts.push_str(&format!(" · {}", plural(model.errors.len(), "error")));
    }
    counts.push_str(" · ");
    let help = format!(" {}", help_hint());
    let room = cols.saturating_sub(width(&help));
    let mut spans = Vec::new();
    if let Some(status) = &model.status {
        let style = match status.tone {
            Tone::Info => theme.info,
            Tone::Error => theme.error,
        };
        // The message comes first: counts get what it leaves.
        let text = truncate(&status.text, room.saturating_sub(1));
        let counts_room = room.saturating_sub(width(&text));
        let counts = if width(&counts) <= counts_room {
            counts
        } else {
            format!("{} ", truncate(&counts, counts_room.saturating_sub(1)))
        };
        spans.push(Span::styled(counts, theme.label));
        spans.push(Span::styled(text, style));
    } else {
        let counts = truncate(&counts, room);
        let room = room.saturating_sub(width(&counts));
        spans.push(Span::styled(counts, theme.label));
        // Whole hints only, as many as fit, in the table's order.
        let mut hints = String::new();
        for hint in status_hints() {
            let gap = if hints.is_empty() { "" } else { "  " };
            if width(&hints) + gap.len() + width(&hint) > room {
                break;
            }
            hints.push_str(gap);
            hints.push_str(&hint);
        }
        spans.push(Span::styled(hints, theme.key));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    spans.push(Span::raw(
        " ".repeat(cols.saturating_sub(used + width(&help))),
    ));
    spans.push(Span::styled(
        truncate(&help, cols.saturating_sub(used)),
        theme.key,
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
