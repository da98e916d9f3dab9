//! The bottom line: counts, focus, the last message (its reason first, cut to fit; the
//! message log has it whole), and key hints from the key table. `? help` always stays.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};

use crate::app::Model;
use crate::app::keymap::{help_hint, status_hints};
use crate::app::model::{Progress, Tone};
use crate::app::text::{plural, truncate, width};
use crate::ui::Theme;

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(progress) = &model.loading {
        return loading(model, progress, theme, frame, area);
    }
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
    if !model.bulk.marks.is_empty() {
        counts.push_str(&format!(" · {} marked", model.bulk.marks.len()));
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

/// While a load streams in: files read of files found, items and errors so far, and a
/// gauge; the last message, if any, beside it. Until the walk is done, `found` grows too.
fn loading(model: &Model, p: &Progress, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut label = format!(
        " Loading {}/{} files · {}",
        p.read,
        p.found,
        plural(p.items, "item")
    );
    if p.errors > 0 {
        label.push_str(&format!(" · {}", plural(p.errors, "error")));
    }
    label.push(' ');
    let mut gauge_area = area;
    if let Some(status) = &model.status {
        let gauge_cols = (width(&label) as u16 + 12)
            .min(area.width / 2)
            .max(area.width.min(20));
        let [g, m] = ratatui::layout::Layout::horizontal([
            ratatui::layout::Constraint::Length(gauge_cols),
            ratatui::layout::Constraint::Fill(1),
        ])
        .areas(area);
        gauge_area = g;
        let style = match status.tone {
            Tone::Info => theme.info,
            Tone::Error => theme.error,
        };
        let text = truncate(&format!(" {}", status.text), usize::from(m.width));
        frame.render_widget(Paragraph::new(Span::styled(text, style)), m);
    }
    let ratio = if p.found == 0 {
        0.0
    } else {
        (p.read as f64 / p.found as f64).clamp(0.0, 1.0)
    };
    let gauge = LineGauge::default()
        .ratio(ratio)
        .label(Span::styled(label, theme.label))
        .filled_style(theme.published)
        .unfilled_style(theme.dim);
    frame.render_widget(gauge, gauge_area);
}
