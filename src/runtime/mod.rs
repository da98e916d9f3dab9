//! One loop over one channel. Everything from outside arrives as an `Input`: terminal
//! events (a reader thread), loader progress and batches (a loader thread), results of
//! writes and opens (a worker thread), and a clock tick. Each becomes a `Msg` for `update`;
//! the effects `update` asks for go to the worker; a frame is drawn only when something
//! on screen may have changed. Generic over ratatui's Backend so tests drive the whole
//! app on a TestBackend, feeding the channel themselves.

mod desk_file;
pub mod journal;
mod threads;
mod watch;

use std::collections::VecDeque;
use std::error::Error;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};

use crate::app::find::FindMsg;
use crate::app::{Effect, Model, Msg, keymap, update};
use crate::feed::{LoadEvent, LoadOptions};
use crate::platform::Platform;
pub use desk_file::{desk_path, load_desk, save_desk};
pub use threads::{
    TerminalReader, perform, spawn_loader, spawn_ticker, spawn_worker, update_reading_at_once,
};
pub use watch::{Watch, read_changed, spawn_watch};

pub type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// The message a terminal event means, if any.
pub fn event_msg(model: &Model, event: &Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            if let Some(msg) = crate::app::find::key_msg(model, key) {
                return msg;
            }
            keymap::resolve(key, model.overlay.is_some(), model.focus)
                .or_else(|| crate::app::find::unknown_key(key))
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

/// Everything the loop reacts to. Later issues add file-system events here.
#[derive(Debug)]
pub enum Input {
    Terminal(Event),
    Load(LoadEvent),
    /// The result of background work (a write, a reload, a browser open).
    Done(Msg),
    Tick(jiff::Timestamp),
    /// The feed folder changed (the watch), or cannot be watched.
    Folder(Msg),
}

/// Whether the loop goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// How soon the screen must show a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Dirty {
    No,
    /// Load progress: at most one frame per `LOAD_FRAME`, however fast batches come.
    Soon,
    /// The editor did something, or a result came back: draw before waiting again.
    Now,
}

/// How long `settle` waits for the worker's answers at most.
const SETTLE_MAX: Duration = Duration::from_secs(10);

/// Frames for load progress alone are this far apart at least.
const LOAD_FRAME: Duration = Duration::from_millis(50);
/// Inputs taken off the channel in one step at most: a flood of loader batches is worked
/// off over several steps, each ending in a frame when one is due.
const MAX_INPUTS_PER_STEP: usize = 64;

pub struct Runtime<B: Backend> {
    terminal: Terminal<B>,
    pub model: Model,
    platform: Arc<dyn Platform>,
    tx: Sender<Input>,
    rx: Receiver<Input>,
    /// `None` once closed: see `Drop`.
    jobs: Option<Sender<Effect>>,
    worker: Option<std::thread::JoinHandle<()>>,
    reader: Option<TerminalReader>,
    dirty: Dirty,
    last_frame: Option<Instant>,
    /// The minute of `model.now` in the last frame: a tick redraws only when it changes,
    /// the finest step a relative date ("5m ago") shows.
    drawn_minute: i64,
    frames: u64,
    inputs: u64,
    /// Messages of the model already written to the log.
    logged: usize,
    terminal_events: u64,
    /// When the frame answering the last keys and results was drawn.
    answered: Option<Instant>,
    /// Effects handed to the worker whose result has not come back yet.
    in_flight: usize,
}

impl<B> Runtime<B>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    pub fn new(terminal: Terminal<B>, model: Model, platform: Arc<dyn Platform>) -> Self {
        let (tx, rx) = channel();
        let (jobs, worker) = spawn_worker(platform.clone(), tx.clone());
        Runtime {
            terminal,
            model,
            platform,
            tx,
            rx,
            jobs: Some(jobs),
            worker: Some(worker),
            reader: None,
            dirty: Dirty::Now,
            last_frame: None,
            drawn_minute: 0,
            frames: 0,
            inputs: 0,
            logged: 0,
            terminal_events: 0,
            answered: None,
            in_flight: 0,
        }
    }

    /// Where every source sends its inputs.
    pub fn sender(&self) -> Sender<Input> {
        self.tx.clone()
    }

    /// Read the real terminal's events on a thread (paused while a text browser runs).
    pub fn read_terminal(&mut self) {
        self.reader = Some(TerminalReader::spawn(self.sender()));
    }

    pub fn terminal(&self) -> &Terminal<B> {
        &self.terminal
    }

    /// Frames drawn so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Terminal events handled so far (for benchmarks: a key's frame is drawn at the end
    /// of the step that handled it).
    pub fn terminal_events(&self) -> u64 {
        self.terminal_events
    }

    /// When the last frame answering keys or results was drawn (for benchmarks: a step may
    /// go on to handle loader batches after it).
    pub fn answered_at(&self) -> Option<Instant> {
        self.answered
    }

    /// Draw now, changed or not (for benchmarks).
    pub fn redraw(&mut self) -> Result<()> {
        self.draw()
    }

    /// Size the model to the terminal and draw the first frame, before any input.
    pub fn start(&mut self) -> Result<()> {
        let size = self.terminal.size()?;
        // Through `apply`, as every message: its effects (the selected item's file to
        // read) go to the worker like any other.
        self.apply(Msg::Resize {
            width: size.width,
            height: size.height,
        })?;
        self.draw()
    }

    /// Until `q`, or until every sender is gone (a test's script ran out).
    pub fn run(&mut self) -> Result<()> {
        self.start()?;
        while self.step(None)? == Flow::Continue {}
        Ok(())
    }

    /// Wait for input (up to `wait`, or for ever), handle it and whatever else is queued,
    /// and draw if the screen changed. Returns `Quit` on `q` or when no sender is left.
    pub fn step(&mut self, wait: Option<Duration>) -> Result<Flow> {
        // A typed filter still running: take what input is there, and run it on.
        let filtering = self.model.find.pending.is_some();
        let wait = if filtering {
            Some(Duration::ZERO)
        } else {
            wait
        };
        let first = match self.next_frame_in().or(wait) {
            Some(t) => self
                .rx
                .recv_timeout(t)
                // With no sender left, a running filter still ends before the quit.
                .map_err(|e| e == RecvTimeoutError::Timeout || filtering),
            None => self.rx.recv().map_err(|_| false),
        };
        let mut inputs = match first {
            Ok(input) => vec![input],
            Err(true) => Vec::new(),
            Err(false) => return Ok(Flow::Quit),
        };
        let quiet = inputs.is_empty();
        // Everything already waiting (up to a bound), so this step sees the keys in it.
        while inputs.len() < MAX_INPUTS_PER_STEP {
            match self.rx.try_recv() {
                Ok(i) => inputs.push(i),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        // Keys and results first, in the order they came, and their frame drawn; loader
        // progress after. A key answers the frame the editor saw, so it need not wait
        // behind batches of items that arrived since.
        let (load, urgent): (Vec<Input>, Vec<Input>) = inputs
            .into_iter()
            .partition(|i| matches!(i, Input::Load(_)));
        for i in urgent {
            if self.handle(i)? == Flow::Quit {
                return Ok(Flow::Quit);
            }
        }
        if self.dirty == Dirty::Now {
            self.draw()?;
            self.answered = self.last_frame;
        }
        for i in load {
            if self.handle(i)? == Flow::Quit {
                return Ok(Flow::Quit);
            }
        }
        if quiet && self.model.find.pending.is_some() {
            // With no input waiting, one slice (app/filtering.rs), then its frame: the
            // prompt shows how far it got, and the list its result once it ends. (A key
            // that came is answered first: its frame does not wait for a slice.)
            self.mark(Dirty::Now);
            if self.apply(Msg::Find(FindMsg::Work))? == Flow::Quit {
                return Ok(Flow::Quit);
            }
        }
        let due = match self.dirty {
            Dirty::No => false,
            Dirty::Soon => self.next_frame_in() == Some(Duration::ZERO),
            Dirty::Now => true,
        };
        if due {
            self.draw()?;
        }
        Ok(Flow::Continue)
    }

    /// With only load progress to show: how long until it may be drawn.
    fn next_frame_in(&self) -> Option<Duration> {
        (self.dirty == Dirty::Soon).then(|| {
            let since = self.last_frame.map_or(LOAD_FRAME, |t| t.elapsed());
            LOAD_FRAME.saturating_sub(since)
        })
    }

    fn draw(&mut self) -> Result<()> {
        let model = &self.model;
        self.terminal.draw(|frame| crate::ui::view(model, frame))?;
        self.frames += 1;
        self.dirty = Dirty::No;
        self.last_frame = Some(Instant::now());
        self.drawn_minute = model.now.as_second().div_euclid(60);
        Ok(())
    }

    fn mark(&mut self, how: Dirty) {
        self.dirty = self.dirty.max(how);
    }

    /// Step until no input has come for `quiet` and the worker has answered everything
    /// (or `SETTLE_MAX` passed): for tests and benchmarks, whose scripts end while the
    /// worker lives on, on a machine busy enough to delay its answer.
    pub fn settle(&mut self, quiet: Duration) -> Result<Flow> {
        let started = Instant::now();
        loop {
            let seen = self.inputs;
            if self.step(Some(quiet))? == Flow::Quit {
                return Ok(Flow::Quit);
            }
            let idle = self.inputs == seen
                && self.dirty != Dirty::Soon
                && self.model.find.pending.is_none();
            if idle && (self.in_flight == 0 || started.elapsed() > SETTLE_MAX) {
                return Ok(Flow::Continue);
            }
        }
    }

    /// One input: to a message, through `update`, effects out.
    pub fn handle(&mut self, input: Input) -> Result<Flow> {
        self.inputs += 1;
        let (msg, how) = match input {
            Input::Terminal(event) => {
                self.terminal_events += 1;
                // Messages are stamped, and ages counted, from the time of the event.
                if self.model.live_clock {
                    self.model.now = jiff::Timestamp::now();
                }
                #[cfg(debug_assertions)]
                debug_panic(&event);
                // Mouse motion and the like mean nothing: no update, no frame.
                let Some(msg) = event_msg(&self.model, &event) else {
                    return Ok(Flow::Continue);
                };
                (msg, Dirty::Now)
            }
            Input::Load(ev) => (Msg::Load(ev), Dirty::Soon),
            Input::Done(msg) => {
                self.in_flight = self.in_flight.saturating_sub(1);
                (msg, Dirty::Now)
            }
            Input::Folder(msg) => (msg, Dirty::Now),
            Input::Tick(now) => {
                let minute = now.as_second().div_euclid(60);
                let how = if minute == self.drawn_minute {
                    Dirty::No
                } else {
                    Dirty::Now
                };
                (Msg::Tick { now }, how)
            }
        };
        let done = matches!(msg, Msg::Load(LoadEvent::Done));
        self.mark(how);
        let flow = self.apply(msg)?;
        self.log_messages();
        if done {
            tracing::info!(
                "loaded {}: {} items, {} files failed",
                self.model.feed.root.display(),
                self.model.feed.len(),
                self.model.errors.len()
            );
            // The gauge goes away: show the finished list at once.
            self.mark(Dirty::Now);
        }
        Ok(flow)
    }

    /// Every status message also goes to the log (writes, reloads, watch summaries, errors):
    /// `update` stays free of I/O, and the log reads like the message log.
    fn log_messages(&mut self) {
        for m in self.model.messages.iter().skip(self.logged) {
            match m.tone {
                crate::app::model::Tone::Error => tracing::warn!("{}", m.text),
                _ => tracing::info!("{}", m.text),
            }
        }
        self.logged = self.model.messages.len();
    }

    fn apply(&mut self, msg: Msg) -> Result<Flow> {
        let mut queue = VecDeque::from([msg]);
        while let Some(msg) = queue.pop_front() {
            for effect in update(&mut self.model, msg) {
                match effect {
                    Effect::Quit => return Ok(Flow::Quit),
                    Effect::Repaint => self.repaint()?,
                    Effect::OpenUrl { .. } if self.platform.takes_terminal() => {
                        queue.extend(self.lend_terminal(effect)?);
                    }
                    // The worker lives as long as the runtime; a send fails only if it
                    // died, and then there is nobody to report to but the status line.
                    effect => {
                        let sent = self.jobs.as_ref().map(|j| j.send(effect));
                        if matches!(sent, Some(Ok(()))) {
                            self.in_flight += 1;
                        } else {
                            self.model
                                .error("The background worker stopped; restart newsdesk");
                        }
                    }
                }
            }
        }
        Ok(Flow::Continue)
    }

    /// A text browser takes the terminal: stop reading keys, run it here, then redraw
    /// everything (it wrote over the screen).
    fn lend_terminal(&mut self, effect: Effect) -> Result<Option<Msg>> {
        if let Some(r) = &self.reader {
            r.pause();
        }
        let msg = perform(self.platform.as_ref(), effect);
        if let Some(r) = &self.reader {
            r.resume();
        }
        self.repaint()?;
        Ok(msg)
    }

    /// Forget the last frame and clear the screen, so the next draw writes every cell.
    fn repaint(&mut self) -> Result<()> {
        // `clear()` would ask the terminal where its cursor is, which not every terminal
        // answers; a resize to the same size clears the screen and forgets the last frame
        // just the same.
        let size = self.terminal.size()?;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
        self.mark(Dirty::Now);
        Ok(())
    }
}

/// A write asked for before `q` is finished before the runtime goes: quitting must not
/// kill one half-done (it would leave its temporary file behind, and the editor believing
/// it was saved). Writes take milliseconds; a hung disk holds the exit as long as it hangs.
impl<B: Backend> Drop for Runtime<B> {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// Take the real terminal (raw mode, alternate screen, mouse), run, and give it back on
/// every path: normal return, error, and panic (ratatui's hook restores raw mode and the
/// screen; ours, called first, turns the mouse reporting off).
///
/// With `load`, the feed streams in from that folder while the desk is already usable.
pub fn run_in_terminal(
    model: Model,
    platform: Arc<dyn Platform>,
    load: Option<(PathBuf, LoadOptions)>,
) -> Result<()> {
    use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
    use ratatui::crossterm::execute;

    let terminal = ratatui::try_init()?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // First into the log, synchronously: the rest of the hook may itself fail.
        let logged = crate::logging::log_panic(info);
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        ratatui_hook(info);
        if let Some(dir) = logged {
            eprintln!(
                "newsdesk: the panic and its backtrace are logged in {}",
                dir.display()
            );
        }
    }));
    let result = execute!(std::io::stdout(), EnableMouseCapture)
        .map_err(Into::into)
        .and_then(|()| {
            let mut rt = Runtime::new(terminal, model, platform);
            // Set up before the load starts, so no change falls between the two.
            let _watch = follow(&rt.model.feed.root, rt.sender());
            if let Some((root, opts)) = load {
                spawn_loader(root, opts, rt.sender());
            }
            rt.read_terminal();
            spawn_ticker(rt.sender(), Duration::from_secs(1));
            let result = rt.run();
            let root = rt.model.feed.root.clone();
            if let Err(e) = save_desk(&root, &crate::app::state::capture(&rt.model)) {
                tracing::warn!("desk state not saved: {e}");
            }
            result
        });
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

/// Watch the feed folder; when that cannot be done, the desk says so (once) and the
/// editor reloads with `R`.
fn follow(root: &std::path::Path, tx: Sender<Input>) -> Option<Watch> {
    match spawn_watch(root, tx.clone()) {
        Ok(w) => Some(w),
        Err(message) => {
            tracing::warn!("cannot watch {}: {message}", root.display());
            let _ = tx.send(Input::Folder(Msg::WatchFailed { message }));
            None
        }
    }
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
