//! The selected item in full: the lines `app::detail` built for this width, scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::layout::max_scroll;
use crate::app::{Model, Pane, detail};
use crate::ui::{Theme, pane_block, styled};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let block = pane_block(theme, model.focus == Pane::Detail, "Detail".to_owned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(item) = model.selected_item() else {
        return;
    };
    let rows = usize::from(inner.height);
    let lines = detail::lines(model, item, usize::from(inner.width));
    let scroll = model.detail_scroll.min(max_scroll(lines.len(), rows));
    let lines: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .take(rows)
        .map(|l| styled(theme, l))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
