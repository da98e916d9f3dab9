//! The item list: one row per item, never wrapped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{Model, Pane};
use crate::feed::Item;
use crate::ui::text::{fit, short_date, truncate};
use crate::ui::{Theme, pane_block};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = model.focus == Pane::List;
    let count = model.view.len();
    let position = if count == 0 { 0 } else { model.cursor + 1 };
    let block = pane_block(theme, focused, format!("Items {position}/{count}"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = usize::from(inner.height);
    let width = usize::from(inner.width);
    if count == 0 {
        let text = if model.loading.is_some() {
            "Loading…"
        } else {
            "No items in this feed."
        };
        frame.render_widget(Paragraph::new(text), inner);
        return;
    }
    // The model keeps the offset; clamp it anyway so a stale one never hides the selection.
    let mut offset = model.list_offset.min(model.cursor);
    if rows > 0 && model.cursor >= offset + rows {
        offset = model.cursor + 1 - rows;
    }
    let lines: Vec<Line> = (offset..count.min(offset + rows))
        .filter_map(|i| Some((i, model.item_at(i)?)))
        .map(|(i, item)| {
            let selected = i == model.cursor;
            let line = row(model, theme, item, i, selected, width);
            match (selected, focused) {
                (true, true) => line.style(theme.selected),
                (true, false) => line.style(theme.selected_unfocused),
                _ => line,
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `▶✓ 3h ago      74 Provider         Title…`; narrower panes drop provider, then date.
fn row(
    model: &Model,
    theme: &Theme,
    item: &Item,
    i: usize,
    selected: bool,
    width: usize,
) -> Line<'static> {
    let marker = if selected { "▶" } else { " " };
    // Marks show as a glyph, so they read without colour: `*` marked, `+` in a range
    // that `v` has started.
    let mark = if model.bulk.marks.contains(&item.id) {
        "*"
    } else if crate::app::bulk::in_range(model, i) {
        "+"
    } else {
        " "
    };
    let (flag, flag_style) = if item.is_published() {
        ("✓", theme.published)
    } else {
        ("·", theme.dim)
    };
    let mut spans = vec![
        Span::raw(marker),
        Span::styled(flag, flag_style),
        Span::raw(mark),
    ];
    let mut used = 3;
    if width >= 30 {
        let date = match (item.timestamp(), &item.date) {
            (Some(t), _) => short_date(t, model.now, &model.tz),
            (None, Some(crate::feed::item::PubDate::Text(t))) => t.clone(),
            _ => String::new(),
        };
        let quality = item.quality.map(|q| q.to_string()).unwrap_or_default();
        spans.push(Span::styled(format!("{} ", fit(&date, 10)), theme.dim));
        spans.push(Span::raw(format!("{:>3} ", truncate(&quality, 3))));
        used += 15;
    }
    // The title matters most: the provider gets a quarter of what the fixed columns leave.
    let provider_cols = if width >= 46 {
        ((width - 18) / 4).clamp(8, 18)
    } else {
        0
    };
    if provider_cols > 0 {
        let provider = item.provider_name().unwrap_or("");
        spans.push(Span::styled(
            format!("{} ", fit(provider, provider_cols)),
            theme.label,
        ));
        used += provider_cols + 1;
    }
    let title = fit(&item.display_title(), width.saturating_sub(used));
    spans.push(Span::raw(title));
    Line::from(spans)
}
