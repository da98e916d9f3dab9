//! The whole state of the screen. `now` and `tz` are injected so that rendering is a
//! function of the model alone and snapshots do not drift with the clock.

use std::collections::HashSet;
use std::path::PathBuf;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::app::bulk::Bulk;
use crate::app::find::Find;
use crate::app::layout::{self, Areas};
use crate::app::page::Popup;
use crate::app::text::plural;
use crate::app::view::View;
use crate::app::whole::{Shown, Whole};
use crate::feed::item::Related;
use crate::feed::{Feed, Item, ItemId, LoadError, LoadReport};

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

    /// Tab order, wrapping round.
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

    /// `l`: the pane to the right, stopping at the last one.
    pub fn right(self) -> Pane {
        match self {
            Pane::Related => Pane::Related,
            other => other.next(),
        }
    }

    /// `h`: the pane to the left, stopping at the first one.
    pub fn left(self) -> Pane {
        match self {
            Pane::List => Pane::List,
            other => other.prev(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Errors,
    /// A bulk action waiting for `y` (app/bulk.rs has its state).
    Confirm,
    /// A bulk step running, with its gauge.
    Working,
    /// How the last bulk step went.
    Summary,
    /// A step a crash left half done: complete or roll back.
    Recover,
    /// This run's status messages, with their time.
    Messages,
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
    pub at: Timestamp,
}

/// Where `Backspace` returns to: the item (by id, which outlives any list position)
/// and the related article that was followed from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub id: ItemId,
    pub related: usize,
}

/// How far a streaming load has come; `None` in the model once it is done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub found: usize,
    pub read: usize,
    pub items: usize,
    pub errors: usize,
}

#[derive(Debug)]
pub struct Model {
    pub feed: Feed,
    /// The list: ids in display order.
    pub view: View,
    pub errors: Vec<LoadError>,
    pub skipped: usize,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    pub overlay_scroll: usize,
    /// The open overlay as last built by `update` (see `page::current`).
    pub popup: Option<Popup>,
    /// The item the editor is on, and its row in the view (kept by `update` whenever the
    /// view or the selection changes, so drawing never searches for it).
    pub selected: Option<ItemId>,
    pub cursor: usize,
    /// The editor chose the selection (moved, clicked). Until then it stays on the top
    /// row while a load streams in, rather than on whichever item happened to come first.
    pub chosen: bool,
    /// The item selected when the desk last closed, until it has loaded (see app::state).
    pub restore_selection: Option<ItemId>,
    /// Changes on disk seen while a journal step ran, applied once it is done.
    pub deferred: Vec<crate::app::live::Seen>,
    pub list_offset: usize,
    pub detail_scroll: usize,
    pub related_selected: usize,
    pub related_offset: usize,
    /// The last message, shown in the status bar.
    pub status: Option<Status>,
    /// Marks, the bulk action asked or running, its summary.
    pub bulk: Bulk,
    /// Every message of this run, oldest first (the message log).
    pub messages: Vec<Status>,
    /// Items with a write on its way: a second one would race the first.
    pub saving: HashSet<ItemId>,
    pub loading: Option<Progress>,
    /// Items left by following a related article, most recent last.
    pub history: Vec<Visit>,
    /// "Now" for ages and message times; the runtime keeps it current when `live_clock`
    /// (on every event, and on a tick).
    pub now: Timestamp,
    pub live_clock: bool,
    pub tz: TimeZone,
    pub color: bool,
    /// Terminal size, so `update` can map mouse positions and page sizes to panes.
    pub width: u16,
    pub height: u16,
    pub quit: bool,
    /// Filter, search, sort, facets and saved views (app/find.rs).
    pub find: Find,
    /// The selected item read whole, and a few recent ones (app/whole.rs).
    pub whole: Whole,
}

impl Model {
    pub fn new(mut report: LoadReport, now: Timestamp, tz: TimeZone) -> Self {
        // The filter and the text sorts read every item's folded text: built once here
        // (nothing to build for a desk that streams its load), then kept in step.
        report.feed.keep_folded();
        let view = View::of(&report.feed);
        let selected = view.get(0);
        let mut model = Model {
            feed: report.feed,
            view,
            errors: report.errors,
            skipped: report.skipped,
            focus: Pane::List,
            overlay: None,
            overlay_scroll: 0,
            popup: None,
            selected,
            cursor: 0,
            chosen: false,
            restore_selection: None,
            deferred: Vec::new(),
            list_offset: 0,
            detail_scroll: 0,
            related_selected: 0,
            related_offset: 0,
            status: None,
            bulk: Bulk::default(),
            messages: Vec::new(),
            saving: HashSet::new(),
            loading: None,
            history: Vec::new(),
            now,
            live_clock: false,
            tz,
            color: true,
            width: 80,
            height: 24,
            quit: false,
            find: Find::default(),
            whole: Whole::default(),
        };
        if !model.errors.is_empty() {
            let files = plural(model.errors.len(), "file");
            model.error(format!("{files} failed to load; press e to see them"));
        }
        model
    }

    /// The panes for the current terminal size, focus and selected item.
    pub fn areas(&self) -> Areas {
        // The count, not the list: the pane keeps its size while the list is being read.
        let related = self.selected_item().map_or(0, Item::related_count);
        layout::areas(self.width, self.height, self.focus, related)
    }

    /// The item a related article is, by its web or original URL.
    pub fn related_target(&self, rel: &Related) -> Option<ItemId> {
        [rel.web_url.as_deref(), rel.original_url.as_deref()]
            .into_iter()
            .flatten()
            .find_map(|u| self.feed.id_of_url(u))
    }

    /// An empty desk for `root`, waiting for a streaming load.
    pub fn loading(root: PathBuf, now: Timestamp, tz: TimeZone) -> Self {
        let report = LoadReport {
            feed: Feed::new(root, Vec::new()),
            ..LoadReport::default()
        };
        let mut m = Model::new(report, now, tz);
        m.loading = Some(Progress::default());
        m
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.feed.get(self.selected?)
    }

    /// The selected item as fully as it is known: whole once its file was read.
    pub fn shown(&self) -> Option<Shown<'_>> {
        Some(self.whole.shown(self.selected_item()?))
    }

    /// The selected item's related articles as far as they are here (none while its
    /// file is being read: `related_count` has how many there are).
    pub fn shown_related(&self) -> &[Related] {
        self.shown().map_or(&[][..], |s| &s.item().related[..])
    }

    /// The item on a row of the list.
    pub fn item_at(&self, row: usize) -> Option<&Item> {
        self.feed.get(self.view.get(row)?)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.say(text.into(), Tone::Info);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.say(text.into(), Tone::Error);
    }

    fn say(&mut self, text: String, tone: Tone) {
        let status = Status {
            text,
            tone,
            at: self.now,
        };
        self.messages.push(status.clone());
        self.status = Some(status);
    }
}
