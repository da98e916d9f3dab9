//! Where the panes go for a terminal size. Pure geometry, shared by the view (to draw) and
//! by `update` (to map mouse positions and page sizes), so the two never disagree.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::Pane;

/// Rows one related article takes in its pane.
pub const RELATED_ROWS: usize = 2;
/// From this width the list sits left of the detail and related panes.
pub const WIDE: u16 = 100;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    pub list: Option<Rect>,
    pub detail: Option<Rect>,
    pub related: Option<Rect>,
    pub status: Option<Rect>,
}

impl Areas {
    pub fn get(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::List => self.list,
            Pane::Detail => self.detail,
            Pane::Related => self.related,
        }
    }
}

/// Wide: list left, detail over related on the right. Medium: list on top, the detail
/// (or the related pane when it has focus) below. Small: only the focused pane.
pub fn areas(width: u16, height: u16, focus: Pane) -> Areas {
    let full = Rect::new(0, 0, width, height);
    let mut a = Areas::default();
    if width == 0 || height == 0 {
        return a;
    }
    let main = if height >= 2 {
        let [main, status] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(full);
        a.status = Some(status);
        main
    } else {
        full
    };
    if width >= WIDE && main.height >= 10 {
        let [list, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Fill(1)]).areas(main);
        let [detail, related] =
            Layout::vertical([Constraint::Percentage(62), Constraint::Fill(1)]).areas(right);
        a.list = Some(list);
        a.detail = Some(detail);
        a.related = Some(related);
    } else if main.height >= 14 && width >= 30 {
        let [list, below] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Fill(1)]).areas(main);
        a.list = Some(list);
        if focus == Pane::Related {
            a.related = Some(below);
        } else {
            a.detail = Some(below);
        }
    } else {
        match focus {
            Pane::List => a.list = Some(main),
            Pane::Detail => a.detail = Some(main),
            Pane::Related => a.related = Some(main),
        }
    }
    a
}

/// Rows inside a bordered pane.
pub fn inner_rows(rect: Option<Rect>) -> usize {
    rect.map_or(0, |r| usize::from(r.height.saturating_sub(2)))
}

pub fn pane_at(a: &Areas, column: u16, row: u16) -> Option<(Pane, Rect)> {
    let pos = ratatui::layout::Position::new(column, row);
    Pane::ALL
        .into_iter()
        .find_map(|p| a.get(p).filter(|r| r.contains(pos)).map(|r| (p, r)))
}

/// The content line under `row` inside a bordered pane, if it is not on the border.
pub fn inner_line(rect: Rect, row: u16) -> Option<usize> {
    let first = rect.y + 1;
    let last = rect.y + rect.height.saturating_sub(1);
    (row >= first && row < last).then(|| usize::from(row - first))
}
