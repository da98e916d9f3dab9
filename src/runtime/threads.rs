//! The threads beside the UI: each turns its kind of outside event into an `Input` on the
//! one channel, and stops when the channel is gone (the app quit).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::app::{Effect, Model, Msg};
use crate::feed::{LoadOptions, load_streaming};
use crate::platform::{Opened, Platform, Recording};
use crate::runtime::Input;

/// Load `root` in the background, streaming progress and batches. Stops as soon as the
/// runtime has gone: its next send fails.
pub fn spawn_loader(root: PathBuf, opts: LoadOptions, tx: Sender<Input>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        load_streaming(&root, &opts, &|ev| tx.send(Input::Load(ev)).is_ok());
    })
}

/// `now` for relative dates, once a second.
pub fn spawn_ticker(tx: Sender<Input>, every: Duration) -> JoinHandle<()> {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(every);
            if tx.send(Input::Tick(jiff::Timestamp::now())).is_err() {
                return;
            }
        }
    })
}

/// Writes, reloads and browser opens, one after another in the order asked (an undo must
/// not overtake the write it undoes). Returns the queue to hand them to, and the thread,
/// which ends once the queue is closed and empty.
pub fn spawn_worker(
    platform: Arc<dyn Platform>,
    tx: Sender<Input>,
) -> (Sender<Effect>, JoinHandle<()>) {
    let (jobs, queue) = channel::<Effect>();
    let worker = std::thread::spawn(move || {
        for effect in queue {
            let msg = match effect {
                Effect::Journal {
                    root,
                    job,
                    origin,
                    cancel,
                } => Some(super::journal::perform(
                    platform.as_ref(),
                    &tx,
                    &root,
                    &job,
                    origin,
                    &cancel,
                )),
                effect => perform(platform.as_ref(), effect),
            };
            let Some(msg) = msg else {
                continue;
            };
            // Nobody listens after a quit; the queue is still worked off to the end.
            let _ = tx.send(Input::Done(msg));
        }
    });
    (jobs, worker)
}

/// `update`, with the worker's part in reading files played at once: every file the
/// model asks to read whole is read here (as the worker reads it) and answered before the
/// other effects are returned. For tests and benches that drive the model without a
/// runtime.
pub fn update_reading_at_once(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut out = Vec::new();
    let mut queue = vec![msg];
    while let Some(msg) = queue.pop() {
        for effect in crate::app::update(model, msg) {
            match effect {
                Effect::ReadDetail { .. } => queue.extend(perform(&Recording::default(), effect)),
                other => out.push(other),
            }
        }
    }
    out
}

/// Do one effect and say how it went. Also called on the UI thread for a text browser.
pub fn perform(platform: &dyn Platform, effect: Effect) -> Option<Msg> {
    Some(match effect {
        Effect::OpenUrl { url } => match platform.open_url(&url) {
            Ok(Opened::Detached | Opened::TookTerminal) => Msg::Opened { url },
            Err(message) => Msg::OpenFailed { url, message },
        },
        Effect::ReloadItem { id, path } => match platform.read_item(&path) {
            Ok(item) => Msg::Reloaded {
                id,
                // The feed keeps items slim; the selected one is read whole apart.
                item: item.map(|i| Box::new(i.slimmed())),
                error: None,
            },
            Err(e) => Msg::Reloaded {
                id,
                item: None,
                error: Some(e.message),
            },
        },
        Effect::ReadDetail { id, rev, path } => Msg::DetailRead {
            id,
            rev,
            result: platform.read_item(&path).map(|i| i.map(Box::new)),
        },
        Effect::Rescan { root } => {
            let opts = crate::feed::LoadOptions { use_cache: true };
            match crate::feed::loader::load_with(&root, &opts) {
                Ok(report) => Msg::Rescanned {
                    items: report.feed.items().to_vec(),
                    errors: report.errors,
                },
                Err(e) => Msg::FolderChanged {
                    seen: vec![crate::app::live::Seen::Failed(e)],
                },
            }
        }
        // The worker runs journal jobs itself: they talk to the channel as they go.
        Effect::Quit | Effect::Repaint | Effect::Journal { .. } => return None,
    })
}

/// Reads terminal events on its own thread. It can be paused while a text browser has
/// the terminal, so the browser gets the keys and not us.
pub struct TerminalReader {
    paused: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
}

impl TerminalReader {
    pub fn spawn(tx: Sender<Input>) -> Self {
        use ratatui::crossterm::event;
        let paused = Arc::new(AtomicBool::new(false));
        let idle = Arc::new(AtomicBool::new(false));
        let (p, i) = (paused.clone(), idle.clone());
        std::thread::spawn(move || {
            loop {
                if p.load(Ordering::Acquire) {
                    i.store(true, Ordering::Release);
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
                i.store(false, Ordering::Release);
                // A bounded wait, so a pause is noticed without an event.
                match event::poll(Duration::from_millis(50)) {
                    Ok(false) => continue,
                    Ok(true) => {}
                    Err(_) => return,
                }
                let Ok(ev) = event::read() else { return };
                if tx.send(Input::Terminal(ev)).is_err() {
                    return;
                }
            }
        });
        TerminalReader { paused, idle }
    }

    /// Stop reading; returns once the reader is out of its poll (or after 200 ms).
    pub fn pause(&self) {
        self.idle.store(false, Ordering::Release);
        self.paused.store(true, Ordering::Release);
        let start = Instant::now();
        while !self.idle.load(Ordering::Acquire) && start.elapsed() < Duration::from_millis(200) {
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    pub fn resume(&self) {
        self.paused.store(false, Ordering::Release);
    }
}
