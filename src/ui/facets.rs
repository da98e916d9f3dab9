//! The facets overlay: per facet, its values with counts over the current filter; a tick
//! marks values already in the filter. The overlay's scroll is the selected value's index.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::app::Model;
use crate::app::facets::{ORDER, chosen};
use crate::app::text::fit;
use crate::ui::{Theme, pane_block};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    if !model.find.facets_open {
        return;
    }
    let width = area.width.saturating_sub(4).clamp(area.width.min(20), 70);
    let height = area.height.saturating_sub(2).max(area.height.min(3));
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    let block = pane_block(
        theme,
        true,
        format!(
            "Facets of {} items · j/k move · Enter adds/removes · Esc closes",
            model.view.len()
        ),
    );
    let inner = block.inner(rect);
    let rows = &model.find.facets;
    let selected = model.find.facet_cursor.min(rows.len().saturating_sub(1));
    let cols = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    for (facet, name) in ORDER {
        lines.push(Line::styled(name, theme.title));
        let mut any = false;
        for (i, r) in rows.iter().enumerate().filter(|(_, r)| r.facet == facet) {
            any = true;
            let tick = if chosen(&model.find.query, &r.term) {
                "✓"
            } else {
                " "
            };
            let count = format!(" {:>6}", r.count);
            let value = fit(&r.value, cols.saturating_sub(count.len() + 3));
            let mut line = Line::from(vec![
                Span::raw(" "),
                Span::styled(tick, theme.published),
                Span::raw(" "),
                Span::raw(value),
                Span::styled(count, theme.dim),
            ]);
            if i == selected {
                line = line.style(theme.selected);
                selected_line = lines.len();
            }
            lines.push(line);
        }
        if !any {
            lines.push(Line::styled("   (none)", theme.dim));
        }
    }
    // Scroll so the selected value stays in sight, with its heading when it fits.
    let visible = usize::from(inner.height).max(1);
    let offset = selected_line.saturating_sub(visible.saturating_sub(1));
    lines.drain(..offset.min(lines.len()));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
