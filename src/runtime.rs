//! The loop: event -> keymap -> update -> perform effects -> results back into update.
//! Generic over ratatui's Backend so tests drive the whole app on a TestBackend.

use std::collections::VecDeque;
use std::error::Error;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};

use crate::app::{Effect, Model, Msg, keymap, update};
use crate::platform::{Opened, Platform};

pub type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// The message a terminal event means, if any.
pub fn event_msg(model: &Model, event: &Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            keymap::resolve(key, model.overlay.is_some(), model.focus)
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Msg::Wheel {
                column: m.column,
                row: m.row,
                down: m.kind == MouseEventKind::ScrollDown,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Msg::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// Run until `q` (or until `next_event` has no more events: the end of a test script).
pub fn run<B>(
    terminal: &mut Terminal<B>,
    model: &mut Model,
    platform: &mut dyn Platform,
    mut next_event: impl FnMut() -> std::io::Result<Option<Event>>,
) -> Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    let size = terminal.size()?;
    update(
        model,
        Msg::Resize {
            width: size.width,
            height: size.height,
        },
    );
    loop {
        terminal.draw(|frame| crate::ui::view(model, frame))?;
        let Some(event) = next_event()? else {
            return Ok(());
        };
        // Messages are stamped, and ages counted, from the time of the event.
        if model.live_clock {
            model.now = jiff::Timestamp::now();
        }
        let Some(msg) = event_msg(model, &event) else {
            continue;
        };
        let mut queue = VecDeque::from([msg]);
        while let Some(msg) = queue.pop_front() {
            for effect in update(model, msg) {
                match perform(effect, platform) {
                    Performed::Msg(m) => queue.push_back(m),
                    Performed::Redraw(m) => {
                        repaint(terminal)?;
                        queue.extend(m);
                    }
                    Performed::Quit => return Ok(()),
                }
            }
        }
    }
}

/// Forget the last frame and clear the screen, so the next draw writes every cell.
fn repaint<B>(terminal: &mut Terminal<B>) -> Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    // `clear()` would ask the terminal where its cursor is, which not every terminal
    // answers; a resize to the same size clears the screen and forgets the last frame
    // just the same.
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(())
}

enum Performed {
    Msg(Msg),
    /// The terminal was lent out (a text browser) or Ctrl-L: everything must be drawn
    /// again, then the message (if any) handled.
    Redraw(Option<Msg>),
    Quit,
}

fn perform(effect: Effect, platform: &mut dyn Platform) -> Performed {
    match effect {
        Effect::OpenUrl { url } => match platform.open_url(&url) {
            Ok(Opened::Detached) => Performed::Msg(Msg::Opened { url }),
            Ok(Opened::TookTerminal) => Performed::Redraw(Some(Msg::Opened { url })),
            Err(message) => Performed::Redraw(Some(Msg::OpenFailed { url, message })),
        },
        Effect::WritePublished {
            path,
            value,
            expected_rev,
            origin,
        } => Performed::Msg(match platform.write_published(&path, value, expected_rev) {
            Ok(written) => Msg::Saved {
                path,
                value,
                rev: written.rev(),
                changed: matches!(written, crate::feed::store::Written::Changed(_)),
                origin,
            },
            Err(e) => Msg::SaveFailed {
                conflict: e.is_conflict(),
                message: reason(&e.to_string(), &path),
                path,
            },
        }),
        Effect::ReloadItem { path } => Performed::Msg(match platform.read_item(&path) {
            Ok(item) => Msg::Reloaded {
                path,
                item: item.map(Box::new),
                error: None,
            },
            Err(e) => Msg::Reloaded {
                path,
                item: None,
                error: Some(e.message),
            },
        }),
        Effect::Repaint => Performed::Redraw(None),
        Effect::Quit => Performed::Quit,
    }
}

/// A write error's reason without the `PATH: ` it starts with: the status bar leads with
/// the reason and names the file itself.
fn reason(message: &str, path: &std::path::Path) -> String {
    let prefix = format!("{}: ", path.display());
    let reason = message.strip_prefix(&prefix).unwrap_or(message);
    // The status bar says "Not written" itself.
    reason
        .strip_suffix("; not written")
        .unwrap_or(reason)
        .to_owned()
}

/// Take the real terminal (raw mode, alternate screen, mouse), run, and give it back on
/// every path: normal return, error, and panic (ratatui's hook restores raw mode and the
/// screen; ours, called first, turns the mouse reporting off).
pub fn run_in_terminal(model: &mut Model, platform: &mut dyn Platform) -> Result<()> {
    use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
    use ratatui::crossterm::execute;

    let mut terminal = ratatui::try_init()?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        ratatui_hook(info);
    }));
    let result = execute!(std::io::stdout(), EnableMouseCapture)
        .map_err(Into::into)
        .and_then(|()| {
            run(&mut terminal, model, platform, || {
                let ev = event::read()?;
                #[cfg(debug_assertions)]
                debug_panic(&ev);
                Ok(Some(ev))
            })
        });
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

/// Debug builds only: `NEWSDESK_DEBUG_PANIC=X` panics on the key X, so the end-to-end
/// tests can show that a panic still gives the terminal back.
#[cfg(debug_assertions)]
fn debug_panic(ev: &Event) {
    use ratatui::crossterm::event::KeyCode;
    if let Event::Key(k) = ev
        && let KeyCode::Char(c) = k.code
        && std::env::var("NEWSDESK_DEBUG_PANIC").is_ok_and(|v| v.starts_with(c))
    {
        panic!("NEWSDESK_DEBUG_PANIC: key {c}");
    }
}
