//! Rendering only: `view` reads the model and draws it; it changes nothing.

pub mod detail;
pub mod errors;
pub mod facets;
pub mod help;
pub mod layout;
pub mod list;
pub mod prompt;
pub mod related;
pub mod status;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::app::{Model, Overlay};
pub use theme::Theme;

pub fn view(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let theme = Theme::new(model.color);
    let a = layout::areas(area.width, area.height, model.focus);
    if let Some(r) = a.list {
        list::render(model, &theme, frame, r);
    }
    if let Some(r) = a.detail {
        detail::render(model, &theme, frame, r);
    }
    if let Some(r) = a.related {
        related::render(model, &theme, frame, r);
    }
    if let Some(r) = a.status {
        status::render(model, &theme, frame, r);
    }
    match model.overlay {
        Some(Overlay::Help) => help::render(model, &theme, frame, area),
        Some(Overlay::Errors) => errors::render(model, &theme, frame, area),
        Some(Overlay::Facets) => facets::render(model, &theme, frame, area),
        None => {}
    }
    prompt::render(model, &theme, frame, area);
}

/// A pane's frame: thick border and highlighted title when focused, so focus shows
/// without colour too.
pub fn pane_block(theme: &Theme, focused: bool, title: String) -> Block<'static> {
    let (style, kind) = if focused {
        (theme.border_focused, BorderType::Thick)
    } else {
        (theme.border, BorderType::Plain)
    };
    Block::bordered()
        .border_type(kind)
        .border_style(style)
        .title(Line::styled(format!(" {title} "), style))
}

/// A centred box over the screen, scrolled by the model's overlay scroll (clamped here to
/// the content so the last line stays reachable and nothing scrolls into emptiness).
pub fn popup(
    model: &Model,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    title: &str,
    mut lines: Vec<Line<'static>>,
) {
    let width = area.width.saturating_sub(4).min(90).max(area.width.min(20));
    let height = area.height.saturating_sub(2).max(area.height.min(3));
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    let block = pane_block(theme, true, title.to_owned());
    let inner = block.inner(rect);
    let max = lines.len().saturating_sub(usize::from(inner.height));
    lines.drain(..model.overlay_scroll.min(max));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
