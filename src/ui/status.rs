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
        let n = model.errors.len();
        counts.push_str(&format!(
            " · {n} {}",
            if n == 1 { "error" } else { "errors" }
        ));
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
