//! The selected item's related articles, two rows each; an article that is also an item
//! of the feed says so.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::layout::{RELATED_ROWS, follow};
use crate::app::text::{fit, short_date};
use crate::app::{Model, Pane};
use crate::ui::{Theme, pane_block, row_style};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = model.focus == Pane::Related;
    let related = model.selected_item().map_or(&[][..], |i| &i.related[..]);
    let block = pane_block(theme, focused, format!("Related ({})", related.len()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    if related.is_empty() {
        frame.render_widget(Paragraph::new("No related articles."), inner);
        return;
    }
    let per_page = (usize::from(inner.height) / RELATED_ROWS).max(1);
    let selected = model.related_selected.min(related.len() - 1);
    let offset = follow(model.related_offset, selected, per_page);
    let mut lines = Vec::new();
    for (i, rel) in related.iter().enumerate().skip(offset).take(per_page) {
        let is_selected = i == selected;
        let marker = if is_selected { "▶ " } else { "  " };
        let mut title = Line::from(vec![
            Span::raw(marker),
            Span::raw(fit(&rel.title, width.saturating_sub(2))),
        ]);
        if let Some(style) = row_style(theme, is_selected, focused) {
            title = title.style(style);
        }
        let mut meta = Vec::new();
        if model.related_target(rel).is_some() {
            meta.push(Span::styled("in feed", theme.in_feed));
        }
        let provider = rel.provider.as_ref().and_then(|p| p.name.clone());
        let date = rel
            .date
            .as_ref()
            .and_then(|d| d.timestamp())
            .map(|t| short_date(t, model.now, &model.tz));
        let quality = rel.quality.map(|q| format!("q{q}"));
        for part in [provider, date, quality].into_iter().flatten() {
            meta.push(Span::styled(part, theme.dim));
        }
        let mut spans = vec![Span::raw("  ")];
        for (n, s) in meta.into_iter().enumerate() {
            if n > 0 {
                spans.push(Span::styled(" · ", theme.dim));
            }
            spans.push(s);
        }
        lines.push(title);
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
