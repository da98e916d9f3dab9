//! The help overlay, generated from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::Model;
use crate::app::keymap::help_rows;
use crate::ui::Theme;
use crate::ui::text::fit;

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut lines = vec![Line::styled(
        "Mouse: click selects and focuses; the wheel scrolls.",
        theme.dim,
    )];
    lines.push(Line::default());
    for (keys, help, place) in help_rows() {
        let mut spans = vec![Span::styled(fit(&keys, 22), theme.key), Span::raw(help)];
        if !place.is_empty() {
            spans.push(Span::styled(format!("  ({place})"), theme.dim));
        }
        lines.push(Line::from(spans));
    }
    crate::ui::popup(model, theme, frame, area, "Keys (Esc closes)", lines);
}
