//! The bottom line: counts, focus, the last message, and key hints as room allows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};

use crate::app::Model;
use crate::app::model::{Progress, Tone};
use crate::ui::Theme;
use crate::ui::text::{truncate, width};

const HINTS: &str =
    "j/k move  Tab pane  o open  p publish  P pub+next  u undo  e errors  ? help  q quit";

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(progress) = &model.loading {
        return loading(progress, theme, frame, area);
    }
    let cols = usize::from(area.width);
    let mut counts = format!(
        " {} items · {} published",
        model.feed.len(),
        model.feed.published_count()
    );
    if !model.errors.is_empty() {
        let n = model.errors.len();
        counts.push_str(&format!(
            " · {n} {}",
            if n == 1 { "error" } else { "errors" }
        ));
    }
    if !model.bulk.marks.is_empty() {
        counts.push_str(&format!(" · {} marked", model.bulk.marks.len()));
    }
    counts.push_str(&format!(" · [{}] ", model.focus.name()));
    let mut spans = vec![Span::styled(truncate(&counts, cols), theme.label)];
    let used = width(&counts).min(cols);
    if let Some(status) = &model.status {
        let style = match status.tone {
            Tone::Info => theme.info,
            Tone::Error => theme.error,
        };
        let text = truncate(&status.text, cols.saturating_sub(used));
        spans.push(Span::styled(text, style));
    } else {
        let room = cols.saturating_sub(used + 1);
        // Hints are cut at a word gap rather than mid-word.
        let mut hints = HINTS;
        while width(hints) > room {
            match hints.rfind("  ") {
                Some(i) => hints = &hints[..i],
                None => {
                    hints = "";
                    break;
                }
            }
        }
        spans.push(Span::styled(hints.to_owned(), theme.key));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// While a load streams in: files read of files found, items and errors so far, and a
/// gauge. Until the walk has found everything, `found` grows too.
fn loading(p: &Progress, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut label = format!(" Loading {}/{} files · {} items", p.read, p.found, p.items);
    if p.errors > 0 {
        let s = if p.errors == 1 { "error" } else { "errors" };
        label.push_str(&format!(" · {} {s}", p.errors));
    }
    label.push(' ');
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
    frame.render_widget(gauge, area);
}
