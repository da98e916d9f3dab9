//! Rendering only: `view` reads the model and draws it; it changes nothing. Geometry and
//! the text of scrolled views come from `app`, so what is drawn is what `update` counted.

pub mod bulk;
pub mod detail;
pub mod facets;
pub mod list;
pub mod popup;
pub mod prompt;
pub mod related;
pub mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

use crate::app::Model;
use crate::app::page::{Role, TextLine};
pub use theme::Theme;

pub fn view(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let theme = Theme::new(model.color);
    let a = model.areas();
    if let Some(r) = a.list {
        list::render(model, &theme, frame, r);
    }
    if let Some(r) = a.detail {
        detail::render(model, &theme, frame, r);
    }
    if let Some(r) = a.related {
        related::render(model, &theme, frame, r);
    }
    if let Some(r) = a.status {
        status::render(model, &theme, frame, r);
    }
    popup::render(model, &theme, frame);
    facets::render(model, &theme, frame, area);
    prompt::render(model, &theme, frame, area);
    bulk::render(model, &theme, frame, area);
}

/// A pane's frame: thick border and highlighted title when focused, so focus shows
/// without colour too.
pub fn pane_block(theme: &Theme, focused: bool, title: String) -> Block<'static> {
    let (style, kind) = if focused {
        (theme.border_focused, BorderType::Thick)
    } else {
        (theme.border, BorderType::Plain)
    };
    Block::bordered()
        .border_type(kind)
        .border_style(style)
        .title(Line::styled(format!(" {title} "), style))
}

/// The style of a selected row (list and related pane alike), by whether its pane has
/// focus; `None` for a row that is not selected.
pub fn row_style(theme: &Theme, selected: bool, focused: bool) -> Option<Style> {
    match (selected, focused) {
        (true, true) => Some(theme.selected),
        (true, false) => Some(theme.selected_unfocused),
        (false, _) => None,
    }
}

/// A line of the app's text in the theme's styles.
pub fn styled(theme: &Theme, line: &TextLine) -> Line<'static> {
    Line::from(
        line.0
            .iter()
            .map(|(role, text)| Span::styled(text.clone(), theme.role(*role)))
            .collect::<Vec<_>>(),
    )
}

impl Theme {
    pub fn role(&self, role: Role) -> Style {
        match role {
            Role::Plain => Style::new(),
            Role::Title => self.title,
            Role::Label => self.label,
            Role::Dim => self.dim,
            Role::Error => self.error,
            Role::Info => self.info,
            Role::Key => self.key,
        }
    }
}
