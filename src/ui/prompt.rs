//! The filter or search prompt at the bottom: the text being typed, with the terminal's
//! cursor in it, over the panes' bottom border; under it (the status line) a parse error
//! pointing at its column, or what Enter and Esc do.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::app::Model;
use crate::app::find::PromptKind;
use crate::app::text::{truncate, width};
use crate::ui::Theme;

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(p) = &model.find.prompt else {
        return;
    };
    if area.height == 0 {
        return;
    }
    let bottom = area.y + area.height - 1;
    let (prompt_row, note_row) = if area.height >= 3 {
        (bottom - 1, Some(bottom))
    } else {
        (bottom, None)
    };
    let label = match p.kind {
        PromptKind::Filter => "/",
        PromptKind::Search => "find title: ",
    };
    let cols = usize::from(area.width);
    let text = p.line.text();
    // Keep the cursor in sight: drop characters from the left of a long query.
    let before: String = text.chars().take(p.line.cursor()).collect();
    let room = cols.saturating_sub(width(label) + 1);
    let mut skip = 0;
    while width(&before.chars().skip(skip).collect::<String>()) > room {
        skip += 1;
    }
    let shown: String = text.chars().skip(skip).collect();
    let line = Line::from(vec![
        Span::styled(label, theme.key),
        Span::raw(truncate(&shown, cols.saturating_sub(width(label)))),
    ]);
    let rect = Rect::new(area.x, prompt_row, area.width, 1);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(line), rect);
    let before_cursor: String = before.chars().skip(skip).collect();
    let x = width(label) + width(&before_cursor);
    if x < cols {
        frame.set_cursor_position(Position::new(area.x + x as u16, prompt_row));
    }
    let Some(note_row) = note_row else {
        return;
    };
    let note = match (&p.error, p.missing) {
        (Some(e), _) => {
            // A caret under the column, when that column is on screen.
            let at: String = text.chars().take(e.column.saturating_sub(1)).collect();
            let pad = (width(label) + width(&at)).checked_sub(skip);
            let caret = match pad {
                Some(pad) if pad + 2 < cols => format!("{}^ ", " ".repeat(pad)),
                _ => String::new(),
            };
            Line::styled(
                format!("{caret}{e}; the list shows the last good filter"),
                theme.error,
            )
        }
        (None, true) => Line::styled("No title in the list matches; Esc goes back", theme.error),
        (None, false) => {
            let counts = match (p.kind, &model.find.pending) {
                (PromptKind::Filter, Some(job)) => {
                    let (done, of) = job.progress(model);
                    let pct = (done * 100).checked_div(of).unwrap_or(100);
                    format!("filtering… {pct}% of {of} items")
                }
                (PromptKind::Filter, None) => {
                    format!("{} of {} items", model.view.len(), model.feed.len())
                }
                (PromptKind::Search, _) => String::new(),
            };
            Line::from(vec![
                Span::styled(counts, theme.label),
                Span::styled(
                    "  Enter keep · Esc cancel · Ctrl-w word · Ctrl-u line",
                    theme.dim,
                ),
            ])
        }
    };
    let rect = Rect::new(area.x, note_row, area.width, 1);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(note), rect);
}
