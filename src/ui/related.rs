//! The selected item's related articles, two rows each; an article that is also an item
//! of the feed says so.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::layout::{RELATED_ROWS, follow};
use crate::app::text::{fit, short_date};
use crate::app::whole::Shown;
use crate::app::{Model, Pane};
use crate::ui::{Theme, pane_block, row_style};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = model.focus == Pane::Related;
    let shown = model.shown();
    let count = shown.map_or(0, |s| s.item().related_count());
    let block = pane_block(theme, focused, format!("Related ({count})"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    // While the file is read (or when it could not be), say so: an empty list would
    // read as "none".
    let note = match shown {
        _ if count == 0 => Some(Line::from("No related articles.")),
        Some(Shown::Reading(_)) => Some(Line::styled("Reading the file…", theme.dim)),
        Some(Shown::Failed(_, why)) => Some(Line::styled(why.to_owned(), theme.error)),
        _ => None,
    };
    if let Some(note) = note {
        frame.render_widget(Paragraph::new(note).wrap(Wrap { trim: false }), inner);
        return;
    }
    let related = model.shown_related();
    if related.is_empty() {
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
            Span::raw(fit(
                rel.title.as_deref().unwrap_or(""),
                width.saturating_sub(2),
            )),
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
