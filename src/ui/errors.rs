//! The error screen: every file that failed to load, as `path:line:col: message`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::Model;
use crate::ui::Theme;
use crate::ui::text::wrap;

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let inner_width = usize::from(area.width.saturating_sub(4)).max(1);
    let mut lines = Vec::new();
    if model.errors.is_empty() {
        lines.push(Line::raw("Every file loaded."));
    } else {
        let n = model.errors.len();
        let files = if n == 1 { "file" } else { "files" };
        lines.push(Line::styled(
            format!("{n} {files} failed to load:"),
            theme.error,
        ));
    }
    for e in &model.errors {
        lines.push(Line::default());
        for l in wrap(&e.to_string(), inner_width) {
            lines.push(Line::raw(l));
        }
    }
    if model.skipped > 0 {
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("{} files without front matter were skipped.", model.skipped),
            theme.dim,
        ));
    }
    crate::ui::popup(model, theme, frame, area, "Errors (Esc closes)", lines);
}
