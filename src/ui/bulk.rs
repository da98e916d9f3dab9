//! The bulk overlays: the confirmation before anything is written, the gauge while a
//! step runs, the summary after it, and the offer to finish a step a crash left.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Gauge, Paragraph, Wrap};

use crate::app::{Model, Overlay};
use crate::feed::journal::{Action, Op};
use crate::feed::sanitize::clean;
use crate::ui::{Theme, pane_block};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    match model.overlay {
        Some(Overlay::Confirm) => confirm(model, theme, frame, area),
        Some(Overlay::Working) => working(model, theme, frame, area),
        Some(Overlay::Recover) => recover(model, theme, frame, area),
        _ => {}
    }
}

fn confirm(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(ask) = &model.bulk.ask else { return };
    let mut lines = vec![Line::raw(format!("On: {}", clean(&ask.source)))];
    match ask.action {
        None => {
            for action in [Action::Publish, Action::Unpublish] {
                let (n, change) = ask.counts(model, action);
                let key = if action == Action::Publish { "p" } else { "u" };
                lines.push(Line::from(vec![
                    Span::styled(format!("{key}  "), theme.key),
                    Span::raw(format!("{} {n} items: {change} will change", action.word())),
                ]));
            }
            lines.push(Line::styled("n/Esc  cancel", theme.key));
        }
        Some(action) => {
            let (n, change) = ask.counts(model, action);
            lines.push(Line::raw(format!(
                "{} {n} items: {change} will change, {} already so",
                capital(action.word()),
                n - change
            )));
            lines.push(Line::styled("y  write    n/Esc  cancel", theme.key));
        }
    }
    dialog(
        theme,
        frame,
        area,
        "Bulk action: nothing written yet",
        lines,
    );
}

fn working(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(r) = &model.bulk.running else { return };
    let rect = centred(area, 60, 5);
    let block = pane_block(theme, true, "Writing (Esc stops after this file)".into());
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let ratio = if r.total == 0 {
        0.0
    } else {
        (r.done as f64 / r.total as f64).clamp(0.0, 1.0)
    };
    let stopping = if r.cancel.stopped() {
        " · stopping"
    } else {
        ""
    };
    let gauge = Gauge::default()
        .ratio(ratio)
        .label(format!("{}/{} files{stopping}", r.done, r.total))
        .gauge_style(theme.published);
    frame.render_widget(gauge, inner);
}

fn recover(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(p) = &model.bulk.pending else { return };
    let during = match p.op {
        Op::Do => "",
        Op::Undo => "the undo of ",
        Op::Redo => "the redo of ",
    };
    let lines = vec![
        Line::raw(format!(
            "newsdesk stopped during {during}step {}: {} {} ({} files).",
            p.step,
            p.action.word(),
            clean(&p.label),
            p.files
        )),
        Line::raw("Each file is either as it was or as it should be after."),
        Line::styled("c  complete it    r  roll it back", theme.key),
        Line::styled("Esc  decide later (undo/redo/publish wait)", theme.key),
    ];
    dialog(theme, frame, area, "Unfinished step", lines);
}

fn capital(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A box sized to its lines, each wrapped to the box's width (a long label or query
/// stays readable on a narrow terminal).
fn dialog(theme: &Theme, frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'static>>) {
    let width = area.width.min(64);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let rect = centred(area, width, u16::try_from(rows + 2).unwrap_or(u16::MAX));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane_block(theme, true, title.to_owned())),
        rect,
    );
}

fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    rect
}
