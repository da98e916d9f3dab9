//! Intents (from keys and mouse), results (from performed effects) and the effects
//! themselves. Effects are data so `update` stays pure and tests can read them.

use std::path::PathBuf;

use jiff::Timestamp;

use crate::app::bulk::{Cancel, Job, JobOutput, Origin};
use crate::app::find::FindMsg;
use crate::feed::store::Rev;
use crate::feed::{Item, ItemId, LoadError, LoadEvent};

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    // Movement in the focused pane (or the open overlay).
    Up,
    Down,
    Top,
    Bottom,
    HalfPageDown,
    HalfPageUp,
    // Focus.
    FocusNext,
    FocusPrev,
    FocusLeft,
    FocusRight,
    /// Enter: in the related pane, follow the article into the feed or open it.
    Activate,
    /// Backspace / Ctrl-o: back to the item a related article was followed from.
    Back,
    /// Ctrl-L: draw the whole screen again (after something else wrote on it).
    Repaint,
    OpenOriginal,
    OpenWeb,
    TogglePublished,
    PublishAndNext,
    Undo,
    Redo,
    // Marks and bulk actions (app/bulk.rs).
    ToggleMark,
    VisualMark,
    MarkAll,
    ClearMarks,
    BulkView,
    /// In the confirmation: `y`, `n`, and the action `B` asks for.
    Confirm,
    Decline,
    ChoosePublish,
    ChooseUnpublish,
    /// In the recovery overlay: finish or roll back a step a crash left half done.
    RecoverComplete,
    RecoverRollBack,
    ShowErrors,
    ShowHelp,
    ShowMessages,
    CloseOverlay,
    Quit,
    /// Filter, search, sort, facets, saved views (app/find.rs).
    Find(FindMsg),
    /// A key that means nothing here: say so rather than nothing.
    UnknownKey(String),
    // Mouse and terminal.
    Click {
        column: u16,
        row: u16,
    },
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock moved on: relative dates ("3h ago") are computed from `now`.
    Tick {
        now: Timestamp,
    },
    // A streaming load.
    /// The loader's progress, batches of items, and its end, as it sends them.
    Load(LoadEvent),
    // Results of effects.
    /// `R`: re-read what changed on disk (by stat, through the index cache).
    Reload,
    /// Files changed on disk, read off the UI thread (the watch, or a reload).
    FolderChanged {
        seen: Vec<crate::app::live::Seen>,
    },
    /// The whole folder as a reload found it: what the feed has and this lacks is gone.
    Rescanned {
        items: Vec<Item>,
        errors: Vec<LoadError>,
    },
    /// The folder cannot be watched; `R` is the way to see outside changes.
    WatchFailed {
        message: String,
    },
    /// The selected item's file, read whole (`Effect::ReadDetail`): `rev` is the one
    /// asked for, the item read has its own.
    DetailRead {
        id: ItemId,
        rev: Rev,
        result: Result<Option<Box<Item>>, LoadError>,
    },
    Reloaded {
        id: ItemId,
        item: Option<Box<Item>>,
        error: Option<String>,
    },
    Opened {
        url: String,
    },
    /// A journal step has reached file `done` of `total`.
    StepProgress {
        done: usize,
        total: usize,
    },
    /// A journal job ended.
    Stepped {
        origin: Origin,
        result: Result<JobOutput, String>,
    },
    OpenFailed {
        url: String,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    OpenUrl {
        url: String,
    },
    ReloadItem {
        id: ItemId,
        path: PathBuf,
    },
    /// Read the selected item's file whole: the list holds it slim (app/whole.rs).
    ReadDetail {
        id: ItemId,
        rev: Rev,
        path: PathBuf,
    },
    /// Load the folder again, taking unchanged files from the index cache.
    Rescan {
        root: PathBuf,
    },
    /// Run a job on the feed's journal (at `root`), off the UI thread; `cancel` stops it
    /// between files.
    Journal {
        root: PathBuf,
        job: Job,
        origin: Origin,
        cancel: Cancel,
    },
    /// Forget what the terminal shows and draw everything again.
    Repaint,
    Quit,
}
