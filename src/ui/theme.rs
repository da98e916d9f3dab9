//! Styles. With NO_COLOR the theme has no colours at all; selection and focus stay visible
//! through reverse video, bold, a row marker and thick borders.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub title: Style,
    pub label: Style,
    pub dim: Style,
    pub published: Style,
    pub in_feed: Style,
    pub info: Style,
    pub error: Style,
    pub key: Style,
}

impl Theme {
    pub fn new(color: bool) -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reverse = Style::new().add_modifier(Modifier::REVERSED);
        if !color {
            return Theme {
                border: Style::new(),
                border_focused: bold,
                selected: reverse.add_modifier(Modifier::BOLD),
                selected_unfocused: reverse,
                title: bold,
                label: bold,
                dim: Style::new(),
                published: bold,
                in_feed: bold,
                info: Style::new(),
                error: bold,
                key: bold,
            };
        }
        Theme {
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: reverse,
            title: bold.fg(Color::White),
            label: Style::new().fg(Color::Cyan),
            dim: Style::new().fg(Color::DarkGray),
            published: Style::new().fg(Color::Green),
            in_feed: Style::new().fg(Color::Yellow),
            info: Style::new().fg(Color::Green),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Yellow),
        }
    }
}
