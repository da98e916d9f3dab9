//! The item list: one row per item, never wrapped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use ratatui::style::{Color, Modifier, Style};

use crate::app::find::{PromptKind, sort_label};
use crate::app::{Model, Pane};
use crate::feed::query::{fields, fold};
use crate::feed::Item;
use crate::ui::text::{fit, short_date, truncate};
use crate::ui::{Theme, pane_block};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = model.focus == Pane::List;
    let count = model.view.len();
    let position = if count == 0 { 0 } else { model.cursor + 1 };
    let block = pane_block(theme, focused, title(model, position, count));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = usize::from(inner.height);
    let width = usize::from(inner.width);
    if count == 0 {
        let text = if model.view.is_filtered() && !model.feed.is_empty() {
            "No item matches the filter; \\ clears it, / changes it."
        } else if model.loading.is_some() {
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
    let needle = search_needle(model);
    let lines: Vec<Line> = (offset..count.min(offset + rows))
        .filter_map(|i| Some((i, model.item_at(i)?)))
        .map(|(i, item)| {
            let selected = i == model.cursor;
            let mut line = row(model, theme, item, selected, width);
            if let Some(needle) = &needle {
                highlight(&mut line, needle, model.color);
            }
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
fn row(model: &Model, theme: &Theme, item: &Item, selected: bool, width: usize) -> Line<'static> {
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
    // Topics when the title keeps at least 40 columns beside them.
    if width >= used + TOPICS_COLS + 1 + 40 {
        let topics: Vec<&str> = fields::topics(item).collect();
        spans.push(Span::styled(
            format!("{} ", fit(&topics.join(", "), TOPICS_COLS)),
            theme.dim,
        ));
        used += TOPICS_COLS + 1;
    }
    let title = fit(&item.display_title(), width.saturating_sub(used));
    spans.push(Span::raw(title));
    Line::from(spans)
}

const TOPICS_COLS: usize = 20;

/// `Items 3/12 · date desc · 12 of 131 · inbox: is:unpublished`: the row, the order, and
/// with a filter how many of all items pass it and which filter (the view's name if it
/// came from one), so a list that hides items always says so.
fn title(model: &Model, position: usize, count: usize) -> String {
    let mut t = format!(
        "Items {position}/{count} · {}",
        sort_label(model.view.sort())
    );
    if !model.find.query.is_empty() {
        t.push_str(&format!(" · {count} of {} · ", model.feed.len()));
        if let Some(name) = &model.find.view_name {
            t.push_str(&format!("{name}: "));
        }
        t.push_str(&model.find.query);
    }
    t
}

/// The title search being typed, or kept for `n`/`N`, folded as the matcher folds.
fn search_needle(model: &Model) -> Option<String> {
    let typed = model
        .find
        .prompt
        .as_ref()
        .filter(|p| p.kind == PromptKind::Search)
        .map(|p| p.line.text());
    let text = typed.or(model.find.search.as_deref())?.trim();
    (!text.is_empty()).then(|| fold(text))
}

/// Mark the first match of `needle` in the row's title (the last span). Folding can change
/// lengths (`é` to `e`), so the title is folded a character at a time and the match
/// mapped back to the characters it came from.
fn highlight(line: &mut Line<'static>, needle: &str, color: bool) {
    let Some(last) = line.spans.pop() else {
        return;
    };
    let title = last.content.to_string();
    let mut folded = String::new();
    let mut from = Vec::new();
    let mut buf = [0u8; 4];
    for (at, c) in title.char_indices() {
        for f in fold(c.encode_utf8(&mut buf)).chars() {
            from.push((folded.len(), at, at + c.len_utf8()));
            folded.push(f);
        }
    }
    let hit = folded.find(needle).and_then(|start| {
        let end = start + needle.len();
        let a = from.iter().find(|(f, _, _)| *f == start)?.1;
        let b = from.iter().rev().find(|(f, _, _)| *f < end)?.2;
        Some((a, b))
    });
    let Some((a, b)) = hit else {
        line.spans.push(last);
        return;
    };
    let style = if color {
        Style::new().fg(Color::Black).bg(Color::Yellow)
    } else {
        Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
    };
    line.spans.push(Span::styled(title[..a].to_owned(), last.style));
    line.spans.push(Span::styled(title[a..b].to_owned(), last.style.patch(style)));
    line.spans.push(Span::styled(title[b..].to_owned(), last.style));
}
