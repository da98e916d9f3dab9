//! The bottom line: counts, focus, the last message, and key hints as room allows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::Model;
use crate::app::model::Tone;
use crate::ui::Theme;
use crate::ui::text::{truncate, width};

const HINTS: &str =
    "j/k move  Tab pane  o open  p publish  P pub+next  u undo  e errors  ? help  q quit";

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let cols = usize::from(area.width);
    let mut counts = format!(
        " {} items · {} published",
        model.feed.len(),
        model.feed.published_count()
    );
    if !model.errors.is_empty() {
        counts.push_str(&format!(" · {} errors", model.errors.len()));
    }
    counts.push_str(&format!(" · [{}] ", model.focus.name()));
    let mut spans = vec![Span::styled(truncate(&counts, cols), theme.label)];
    let mut used = width(&counts).min(cols);
    if let Some(status) = &model.status {
        let style = match status.tone {
            Tone::Info => theme.info,
            Tone::Error => theme.error,
        };
        let text = truncate(&status.text, cols.saturating_sub(used));
        used += width(&text);
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
        used += width(hints);
        spans.push(Span::styled(hints.to_owned(), theme.key));
    }
    let _ = used;
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
