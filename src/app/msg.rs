//! Intents (from keys and mouse), results (from performed effects) and the effects
//! themselves. Effects are data so `update` stays pure and tests can read them.

use std::path::PathBuf;

use crate::feed::Item;
use crate::feed::store::Rev;

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
    ShowErrors,
    ShowHelp,
    ShowMessages,
    CloseOverlay,
    Quit,
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
    // Results of effects.
    Saved {
        path: PathBuf,
        value: bool,
        rev: Rev,
        changed: bool,
        origin: WriteOrigin,
    },
    SaveFailed {
        path: PathBuf,
        /// Why, without the path (the status bar names the file itself).
        message: String,
        conflict: bool,
    },
    Reloaded {
        path: PathBuf,
        item: Option<Box<Item>>,
        error: Option<String>,
    },
    Opened {
        url: String,
    },
    OpenFailed {
        url: String,
        message: String,
    },
}

/// Why a write was asked for; decides what happens once it succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOrigin {
    /// `p`: push onto the undo stack.
    Toggle,
    /// `P`: push onto the undo stack and move to the next unpublished item.
    PublishAndNext,
    /// `u`: pop the undo stack.
    Undo,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    OpenUrl {
        url: String,
    },
    WritePublished {
        path: PathBuf,
        value: bool,
        expected_rev: Rev,
        origin: WriteOrigin,
    },
    ReloadItem {
        path: PathBuf,
    },
    /// Forget what the terminal shows and draw everything again.
    Repaint,
    Quit,
}
