//! The whole state of the screen. `now` and `tz` are injected so that rendering is a
//! function of the model alone and snapshots do not drift with the clock.

use std::path::PathBuf;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::feed::{Feed, Item, LoadError, LoadReport};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Detail,
    Related,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::List, Pane::Detail, Pane::Related];

    pub fn name(self) -> &'static str {
        match self {
            Pane::List => "list",
            Pane::Detail => "detail",
            Pane::Related => "related",
        }
    }

    pub fn next(self) -> Pane {
        match self {
            Pane::List => Pane::Detail,
            Pane::Detail => Pane::Related,
            Pane::Related => Pane::List,
        }
    }

    pub fn prev(self) -> Pane {
        self.next().next()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Errors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
}

/// A publish change that `u` can take back: the value the file had before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: PathBuf,
    pub previous: bool,
}

#[derive(Debug)]
pub struct Model {
    pub feed: Feed,
    pub errors: Vec<LoadError>,
    pub skipped: usize,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    pub overlay_scroll: usize,
    /// Selected row of the list and its first visible row.
    pub selected: usize,
    pub list_offset: usize,
    pub detail_scroll: usize,
    pub related_selected: usize,
    pub related_offset: usize,
    pub status: Option<Status>,
    pub undo: Vec<Change>,
    pub now: Timestamp,
    pub tz: TimeZone,
    pub color: bool,
    /// Terminal size, so `update` can map mouse positions and page sizes to panes.
    pub width: u16,
    pub height: u16,
    pub quit: bool,
}

impl Model {
    pub fn new(report: LoadReport, now: Timestamp, tz: TimeZone) -> Self {
        Model {
            feed: report.feed,
            errors: report.errors,
            skipped: report.skipped,
            focus: Pane::List,
            overlay: None,
            overlay_scroll: 0,
            selected: 0,
            list_offset: 0,
            detail_scroll: 0,
            related_selected: 0,
            related_offset: 0,
            status: None,
            undo: Vec::new(),
            now,
            tz,
            color: true,
            width: 80,
            height: 24,
            quit: false,
        }
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.feed.items.get(self.selected)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone: Tone::Info,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone: Tone::Error,
        });
    }
}
