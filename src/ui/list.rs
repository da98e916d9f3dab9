//! The item list: a header naming the columns, then one row per item, never wrapped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::find::{PromptKind, sort_label};
use crate::app::layout::{LIST_HEADER, follow};
use crate::app::text::{fit, short_date, truncate};
use crate::app::{Model, Pane};
use crate::feed::Item;
use crate::feed::query::{fields, fold};
use crate::ui::{Theme, pane_block, row_style};

/// Columns of the date and the quality score (a space after each).
const DATE: usize = 10;
const QUALITY: usize = 4;
/// Columns of the topics, when the pane is wide enough to keep 40 for the title.
const TOPICS: usize = 20;

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = model.focus == Pane::List;
    let count = model.view.len();
    let position = if count == 0 { 0 } else { model.cursor + 1 };
    let block = pane_block(theme, focused, title(model, position, count));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = usize::from(inner.height).saturating_sub(LIST_HEADER);
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
    let columns = Columns::for_width(width);
    let mut lines = vec![header(theme, columns, width)];
    let offset = follow(model.list_offset, model.cursor, rows);
    let needle = search_needle(model);
    let range = crate::app::bulk::range(model);
    let in_range = |i: usize| range.as_ref().is_some_and(|r| r.contains(&i));
    lines.extend(
        (offset..count.min(offset + rows))
            .filter_map(|i| Some((i, model.item_at(i)?)))
            .map(|(i, item)| {
                let selected = i == model.cursor;
                let mut line = row(model, theme, item, in_range(i), selected, columns, width);
                if let Some(needle) = &needle {
                    highlight(&mut line, needle, model.color);
                }
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
    topics: usize,
}

impl Columns {
    fn for_width(width: usize) -> Self {
        // The title matters most: the provider gets a quarter of what is left.
        let provider = if width >= 46 {
            ((width - 18) / 4).clamp(8, 18)
        } else {
            0
        };
        let fixed = 3 + DATE + 1 + QUALITY + 1 + provider + 1;
        Columns {
            date: width >= 30,
            provider,
            topics: if width >= fixed + TOPICS + 1 + 40 {
                TOPICS
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
    if c.topics > 0 {
        s.push_str(&format!("{} ", fit("Topics", c.topics)));
    }
    s.push_str("Title");
    Line::styled(truncate(&s, width), theme.dim)
}

/// `▶✓ 3h ago       74 Provider         Title…`
fn row(
    model: &Model,
    theme: &Theme,
    item: &Item,
    in_range: bool,
    selected: bool,
    c: Columns,
    width: usize,
) -> Line<'static> {
    let marker = if selected { "▶" } else { " " };
    // Marks show as a glyph, so they read without colour: `*` marked, `+` in a range
    // that `v` has started.
    let mark = if model.bulk.marks.contains(&item.id) {
        "*"
    } else if in_range {
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
    if c.topics > 0 {
        let topics: Vec<&str> = fields::topics(item).collect();
        spans.push(Span::styled(
            format!("{} ", fit(&topics.join(", "), c.topics)),
            theme.dim,
        ));
        used += c.topics + 1;
    }
    let title = fit(&item.display_title(), width.saturating_sub(used));
    spans.push(Span::raw(title));
    Line::from(spans)
}

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
    line.spans
        .push(Span::styled(title[..a].to_owned(), last.style));
    line.spans.push(Span::styled(
        title[a..b].to_owned(),
        last.style.patch(style),
    ));
    line.spans
        .push(Span::styled(title[b..].to_owned(), last.style));
}
