//! The open overlay (help, errors, message log): a box sized to its content, its lines
//! wrapped to the box's inner width by `app::page`, scrolled by the model.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use crate::app::Model;
use crate::app::page;
use crate::ui::{Theme, pane_block, styled};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame) {
    let Some(popup) = page::current(model) else {
        return;
    };
    let rows = usize::from(popup.rect.height.saturating_sub(2));
    let lines: Vec<Line> = popup
        .lines
        .iter()
        .skip(model.overlay_scroll.min(popup.max_scroll()))
        .take(rows)
        .map(|l| styled(theme, l))
        .collect();
    let block = pane_block(theme, true, popup.title.to_owned());
    frame.render_widget(Clear, popup.rect);
    frame.render_widget(Paragraph::new(lines).block(block), popup.rect);
}
