//! The item list: a header naming the columns, then one row per item, never wrapped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::layout::{LIST_HEADER, follow};
use crate::app::text::{fit, short_date, truncate};
use crate::app::{Model, Pane};
use crate::feed::Item;
use crate::ui::{Theme, pane_block, row_style};

/// Columns of the date and the quality score (a space after each).
const DATE: usize = 10;
const QUALITY: usize = 4;

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = model.focus == Pane::List;
    let count = model.view.len();
    let position = if count == 0 { 0 } else { model.cursor + 1 };
    let block = pane_block(theme, focused, format!("Items {position}/{count}"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = usize::from(inner.height).saturating_sub(LIST_HEADER);
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
    let columns = Columns::for_width(width);
    let mut lines = vec![header(theme, columns, width)];
    let offset = follow(model.list_offset, model.cursor, rows);
    lines.extend(
        (offset..count.min(offset + rows))
            .filter_map(|i| Some((i, model.item_at(i)?)))
            .map(|(i, item)| {
                let selected = i == model.cursor;
                let line = row(model, theme, item, selected, columns, width);
                match row_style(theme, selected, focused) {
                    Some(style) => line.style(style),
                    None => line,
                }
            }),
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Which columns fit: narrower panes drop the provider, then date and quality.
#[derive(Clone, Copy)]
struct Columns {
    date: bool,
    provider: usize,
}

impl Columns {
    fn for_width(width: usize) -> Self {
        Columns {
            date: width >= 30,
            // The title matters most: the provider gets a quarter of what is left.
            provider: if width >= 46 {
                ((width - 18) / 4).clamp(8, 18)
            } else {
                0
            },
        }
    }
}

/// `   Date       Qual Provider         Title`: says which number is the quality score.
fn header(theme: &Theme, c: Columns, width: usize) -> Line<'static> {
    let mut s = "   ".to_owned();
    if c.date {
        s.push_str(&format!("{} {:>QUALITY$} ", fit("Date", DATE), "Qual"));
    }
    if c.provider > 0 {
        s.push_str(&format!("{} ", fit("Provider", c.provider)));
    }
    s.push_str("Title");
    Line::styled(truncate(&s, width), theme.dim)
}

/// `▶✓ 3h ago       74 Provider         Title…`
fn row(
    model: &Model,
    theme: &Theme,
    item: &Item,
    selected: bool,
    c: Columns,
    width: usize,
) -> Line<'static> {
    let marker = if selected { "▶" } else { " " };
    let (flag, flag_style) = if item.is_published() {
        ("✓", theme.published)
    } else {
        ("·", theme.dim)
    };
    let mut spans = vec![
        Span::raw(marker),
        Span::styled(flag, flag_style),
        Span::raw(" "),
    ];
    let mut used = 3;
    if c.date {
        let date = match (item.timestamp(), &item.date) {
            (Some(t), _) => short_date(t, model.now, &model.tz),
            (None, Some(crate::feed::item::PubDate::Text(t))) => t.clone(),
            _ => String::new(),
        };
        let quality = item.quality.map(|q| q.to_string()).unwrap_or_default();
        spans.push(Span::styled(format!("{} ", fit(&date, DATE)), theme.dim));
        spans.push(Span::raw(format!(
            "{:>QUALITY$} ",
            truncate(&quality, QUALITY)
        )));
        used += DATE + 1 + QUALITY + 1;
    }
    if c.provider > 0 {
        let provider = item.provider_name().unwrap_or("");
        spans.push(Span::styled(
            format!("{} ", fit(provider, c.provider)),
            theme.label,
        ));
        used += c.provider + 1;
    }
    let title = fit(&item.display_title(), width.saturating_sub(used));
    spans.push(Span::raw(title));
    Line::from(spans)
}
