//! Where everything goes for a terminal size: panes, the list's header, popups, and how
//! scroll offsets follow a selection. Pure geometry, the one place both `update` (to map
//! mouse positions, page sizes and scroll limits) and the view (to draw) take it from.

use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};

use crate::app::Pane;

/// Rows one related article takes in its pane.
pub const RELATED_ROWS: usize = 2;
/// From this width the list sits left of the detail and related panes.
pub const WIDE: u16 = 100;
/// The list's first inner row names its columns.
pub const LIST_HEADER: usize = 1;
/// An overlay never grows wider than this: long lines read better wrapped.
const POPUP_MAX_WIDTH: u16 = 120;

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

    /// Item rows the list shows (below its header).
    pub fn list_rows(&self) -> usize {
        inner_rows(self.list).saturating_sub(LIST_HEADER)
    }

    /// Related articles that fit in the related pane.
    pub fn related_entries(&self) -> usize {
        inner_rows(self.related) / RELATED_ROWS
    }
}

/// Wide: list left, detail over related on the right (an empty related pane takes only
/// the line that says so). Medium: list on top, the detail (or the related pane when it
/// has focus) below. Small: only the focused pane.
pub fn areas(width: u16, height: u16, focus: Pane, related: usize) -> Areas {
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
        let related_height = if related == 0 {
            Constraint::Length(3)
        } else {
            Constraint::Percentage(38)
        };
        let [detail, related] =
            Layout::vertical([Constraint::Fill(1), related_height]).areas(right);
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

/// Columns inside a bordered pane.
pub fn inner_width(rect: Rect) -> usize {
    usize::from(rect.width.saturating_sub(2))
}

pub fn pane_at(a: &Areas, column: u16, row: u16) -> Option<(Pane, Rect)> {
    let pos = Position::new(column, row);
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

/// Width of a centred popup for content `natural` columns wide: as wide as the content
/// and its border, within the screen (two columns of margin each side when there is room)
/// and `POPUP_MAX_WIDTH`.
pub fn popup_width(screen: Rect, natural: usize) -> u16 {
    let room = screen.width.saturating_sub(4).max(screen.width.min(20));
    let want = u16::try_from(natural.saturating_add(2)).unwrap_or(u16::MAX);
    want.min(room).min(POPUP_MAX_WIDTH)
}

/// The popup itself, once its wrapped content has `lines` lines at `width` columns.
pub fn popup(screen: Rect, width: u16, lines: usize) -> Rect {
    let room = screen.height.saturating_sub(2).max(screen.height.min(3));
    let want = u16::try_from(lines.saturating_add(2)).unwrap_or(u16::MAX);
    let [row] = Layout::vertical([Constraint::Length(want.min(room))])
        .flex(Flex::Center)
        .areas(screen);
    let [rect] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    rect
}

/// The first visible row so that `selected` is on screen, moving `offset` as little as
/// possible. Every scrolled selection (list, related) follows through here.
pub fn follow(offset: usize, selected: usize, rows: usize) -> usize {
    let rows = rows.max(1);
    if selected < offset {
        selected
    } else if selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    }
}

/// The largest scroll of `len` lines in `rows` rows that still fills the view: scrolling
/// stops at the last line, so moving back up starts at once.
pub fn max_scroll(len: usize, rows: usize) -> usize {
    len.saturating_sub(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_moves_the_offset_only_as_far_as_needed() {
        assert_eq!(follow(0, 3, 5), 0);
        assert_eq!(follow(0, 7, 5), 3);
        assert_eq!(follow(4, 2, 5), 2);
        assert_eq!(follow(9, 0, 0), 0);
    }

    #[test]
    fn an_empty_related_pane_takes_one_line_not_half() {
        let with = areas(120, 40, Pane::List, 3);
        let without = areas(120, 40, Pane::List, 0);
        assert_eq!(inner_rows(without.related), 1);
        assert!(inner_rows(with.related) > 5);
        assert!(inner_rows(without.detail) > inner_rows(with.detail));
    }

    #[test]
    fn a_popup_fits_its_content() {
        let screen = Rect::new(0, 0, 200, 50);
        assert_eq!(popup_width(screen, 30), 32);
        assert_eq!(popup_width(screen, 500), POPUP_MAX_WIDTH);
        assert_eq!(popup_width(Rect::new(0, 0, 80, 24), 500), 76);
        let r = popup(screen, 32, 5);
        assert_eq!((r.width, r.height), (32, 7));
        assert_eq!(popup(screen, 32, 500).height, 48);
    }
}
