//! Scrolled text (the detail pane and the overlays) as plain lines tagged with what each
//! piece is, already wrapped to a width. `update` counts them to bound a scroll; the view
//! gives each role its style. Neither needs the other's code for it.

use std::borrow::Cow;

use ratatui::layout::Rect;

use crate::app::keymap::help_rows;
use crate::app::layout;
use crate::app::model::{Model, Overlay, Tone};
use crate::app::text::{fit, plural, width, wrap};
use crate::feed::journal::Op;

/// What a piece of text is; the theme decides how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Plain,
    Title,
    Label,
    Dim,
    Error,
    Info,
    Key,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextLine(pub Vec<(Role, String)>);

impl TextLine {
    pub fn new(role: Role, text: impl Into<String>) -> Self {
        TextLine(vec![(role, text.into())])
    }

    pub fn push(mut self, role: Role, text: impl Into<String>) -> Self {
        self.0.push((role, text.into()));
        self
    }

    pub fn width(&self) -> usize {
        self.0.iter().map(|(_, t)| width(t)).sum()
    }
}

/// `text` wrapped to `cols`, one line per row, all in `role`.
pub fn wrapped(out: &mut Vec<TextLine>, role: Role, text: &str, cols: usize) {
    out.extend(wrap(text, cols).into_iter().map(|l| TextLine::new(role, l)));
}

/// What an overlay's text depends on: while it stays the same, the popup `update` built
/// is reused, so a key on a screen of 20,000 errors does not format them all again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopupKey {
    overlay: Overlay,
    width: u16,
    height: u16,
    errors: usize,
    skipped: usize,
    messages: usize,
    /// The bulk summary shown: step, way and files.
    summary: Option<(u64, Op, usize)>,
}

impl PopupKey {
    pub fn of(model: &Model) -> Option<Self> {
        // The bulk dialogs (confirm, progress, recovery) are drawn by ui/bulk.rs.
        let overlay = model
            .overlay
            .filter(|o| !matches!(o, Overlay::Confirm | Overlay::Working | Overlay::Recover))?;
        Some(PopupKey {
            overlay,
            width: model.width,
            height: model.height,
            errors: model.errors.len(),
            skipped: model.skipped,
            messages: model.messages.len(),
            summary: (model.bulk.summary.as_ref()).map(|s| (s.step, s.op, s.files.len())),
        })
    }
}

/// An open overlay as it is drawn: where, titled what, and its lines at that width.
#[derive(Debug, Clone)]
pub struct Popup {
    pub key: PopupKey,
    pub rect: Rect,
    pub title: &'static str,
    pub lines: Vec<TextLine>,
}

impl Popup {
    /// How far the overlay can scroll before its last line would leave the bottom.
    pub fn max_scroll(&self) -> usize {
        layout::max_scroll(
            self.lines.len(),
            usize::from(self.rect.height.saturating_sub(2)),
        )
    }
}

/// The open overlay: the one `update` kept in the model if it is still current, else
/// built now.
pub fn current(model: &Model) -> Option<Cow<'_, Popup>> {
    let key = PopupKey::of(model)?;
    match &model.popup {
        Some(p) if p.key == key => Some(Cow::Borrowed(p)),
        _ => popup(model).map(Cow::Owned),
    }
}

/// Build the open overlay: as wide as its longest line allows, wrapped to that width.
pub fn popup(model: &Model) -> Option<Popup> {
    let key = PopupKey::of(model)?;
    let overlay = key.overlay;
    let screen = Rect::new(0, 0, model.width, model.height);
    let width = layout::popup_width(screen, natural_width(model, overlay));
    let lines = lines(model, overlay, usize::from(width.saturating_sub(2)).max(1));
    let rect = layout::popup(screen, width, lines.len());
    let title = match overlay {
        Overlay::Help => "Keys (Esc closes)",
        Overlay::Errors => "Errors (Esc closes)",
        Overlay::Messages => "Messages (Esc closes)",
        Overlay::Summary => "Bulk step done (Esc closes, j/k scroll)",
        Overlay::Confirm | Overlay::Working | Overlay::Recover => "",
    };
    Some(Popup {
        key,
        rect,
        title,
        lines,
    })
}

/// Columns the overlay's longest line takes unwrapped.
fn natural_width(model: &Model, overlay: Overlay) -> usize {
    let widest = |texts: &mut dyn Iterator<Item = String>| {
        texts
            .flat_map(|t| t.split('\n').map(width).collect::<Vec<_>>())
            .max()
            .unwrap_or(0)
    };
    match overlay {
        Overlay::Help => help(NATURAL).iter().map(TextLine::width).max().unwrap_or(0),
        Overlay::Errors => widest(&mut {
            let (head, skipped) = errors_head(model);
            std::iter::once(head)
                .chain(skipped)
                .chain(model.errors.iter().map(|e| e.to_string()))
        }),
        Overlay::Messages => TIME + widest(&mut model.messages.iter().map(|m| m.text.clone())),
        Overlay::Summary => (crate::app::summary::lines(model, NATURAL).iter())
            .map(TextLine::width)
            .max()
            .unwrap_or(0),
        // Drawn by ui/bulk.rs, never as a popup (see PopupKey::of).
        Overlay::Confirm | Overlay::Working | Overlay::Recover => 0,
    }
}

/// Columns of a message's time in the log.
const TIME: usize = 9;
/// Wide enough that no help line wraps: its natural width.
const NATURAL: usize = 10_000;

fn lines(model: &Model, overlay: Overlay, cols: usize) -> Vec<TextLine> {
    match overlay {
        Overlay::Help => help(cols),
        Overlay::Errors => errors(model, cols),
        Overlay::Messages => messages(model, cols),
        Overlay::Summary => crate::app::summary::lines(model, cols),
        Overlay::Confirm | Overlay::Working | Overlay::Recover => Vec::new(),
    }
}

/// Every file that failed to load, as `path:line:col: message`, each wrapped whole.
fn errors(model: &Model, cols: usize) -> Vec<TextLine> {
    let mut out = Vec::new();
    let (head, skipped) = errors_head(model);
    let role = if model.errors.is_empty() {
        Role::Plain
    } else {
        Role::Error
    };
    wrapped(&mut out, role, &head, cols);
    for e in &model.errors {
        out.push(TextLine::default());
        wrapped(&mut out, Role::Plain, &e.to_string(), cols);
    }
    if let Some(skipped) = skipped {
        out.push(TextLine::default());
        wrapped(&mut out, Role::Dim, &skipped, cols);
    }
    out
}

/// The error screen's first line, and its last when files were skipped.
fn errors_head(model: &Model) -> (String, Option<String>) {
    let head = if model.errors.is_empty() {
        "Every file loaded.".to_owned()
    } else {
        format!("{} failed to load:", plural(model.errors.len(), "file"))
    };
    let skipped = (model.skipped > 0).then(|| {
        format!(
            "{} without front matter skipped.",
            plural(model.skipped, "file")
        )
    });
    (head, skipped)
}

/// The key table, generated from the keymap.
fn help(cols: usize) -> Vec<TextLine> {
    const KEYS: usize = 22;
    let mut out = Vec::new();
    let legend = "List columns: published (✓ yes, · no), date, Qual = quality score, \
                  provider, title. Mouse: click selects and focuses; the wheel scrolls.";
    wrapped(&mut out, Role::Dim, legend, cols);
    out.push(TextLine::default());
    for (keys, help, place) in help_rows() {
        let text = if place.is_empty() {
            help.to_owned()
        } else {
            format!("{help}  ({place})")
        };
        if cols <= KEYS + 10 {
            out.push(TextLine::new(Role::Key, keys));
            wrapped(&mut out, Role::Plain, &format!("  {text}"), cols);
            continue;
        }
        for (i, part) in wrap(&text, cols - KEYS).into_iter().enumerate() {
            let lead = if i == 0 {
                fit(&keys, KEYS)
            } else {
                " ".repeat(KEYS)
            };
            out.push(TextLine::new(Role::Key, lead).push(Role::Plain, part));
        }
    }
    out
}

/// This run's messages, oldest first, with their time (local, to the second).
fn messages(model: &Model, cols: usize) -> Vec<TextLine> {
    if model.messages.is_empty() {
        return vec![TextLine::new(Role::Plain, "No messages yet.")];
    }
    let mut out = Vec::new();
    for m in &model.messages {
        let time =
            m.at.to_zoned_datetime(model.tz.clone())
                .strftime("%H:%M:%S")
                .to_string();
        let role = match m.tone {
            Tone::Info => Role::Plain,
            Tone::Error => Role::Error,
        };
        for (i, part) in wrap(&m.text, cols.saturating_sub(TIME).max(1))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                fit(&time, TIME)
            } else {
                " ".repeat(TIME)
            };
            out.push(TextLine::new(Role::Dim, lead).push(role, part));
        }
    }
    out
}
