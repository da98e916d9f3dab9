//! The outside world the runtime talks to: a browser, the item files. The real one does
//! the I/O; the recording fake lets runtime tests check what would have happened.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::mpsc::Receiver;

use crate::app::bulk::{FileDone, Job, JobOutput, StepDone};
use crate::browser::Browser;
use crate::feed::Item;
use crate::feed::journal::{self, Op, Outcome};
use crate::feed::loader::{LoadError, read_item};
use crate::feed::store::{Rev, WriteError, Written, write_published};

/// How a URL was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// A browser runs on its own; the screen is untouched.
    Detached,
    /// A text browser had the terminal; the screen must be redrawn in full.
    TookTerminal,
}

/// Shared by the UI thread and the worker, so `&self` and `Sync`: the real one holds only
/// configuration.
pub trait Platform: Send + Sync {
    /// Whether `open_url` needs the terminal (a text browser). Such an open runs on the UI
    /// thread, which has the terminal; every other call runs on the worker.
    fn takes_terminal(&self) -> bool {
        false
    }
    fn open_url(&self, url: &str) -> Result<Opened, String>;
    fn write_published(
        &self,
        path: &Path,
        value: bool,
        expected: Rev,
    ) -> Result<Written, WriteError>;
    fn read_item(&self, path: &Path) -> Result<Option<Item>, LoadError>;
    /// A job on the journal of the feed at `root`: every publish change goes this way.
    fn journal(
        &self,
        root: &Path,
        job: &Job,
        progress: journal::Progress,
    ) -> Result<JobOutput, String> {
        crate::runtime::journal::run(root, job, progress)
    }
}

pub struct System {
    pub browser: Browser,
}

impl Platform for System {
    fn takes_terminal(&self) -> bool {
        matches!(
            self.browser,
            Browser::Command {
                text_mode: true,
                ..
            }
        )
    }

    fn open_url(&self, url: &str) -> Result<Opened, String> {
        match &self.browser {
            Browser::System => open::that_detached(url)
                .map(|()| Opened::Detached)
                .map_err(|e| e.to_string()),
            Browser::Command { words, text_mode } => {
                let argv = Browser::argv(words, url);
                if *text_mode {
                    run_in_terminal(&argv).map(|()| Opened::TookTerminal)
                } else {
                    spawn_detached(&argv).map(|()| Opened::Detached)
                }
            }
        }
    }

    fn write_published(
        &self,
        path: &Path,
        value: bool,
        expected: Rev,
    ) -> Result<Written, WriteError> {
        write_published(path, value, Some(expected))
    }

    fn read_item(&self, path: &Path) -> Result<Option<Item>, LoadError> {
        read_item(path)
    }
}

/// A GUI browser must not write over the screen nor wait on our input; a thread reaps it
/// so no zombie is left behind.
fn spawn_detached(argv: &[String]) -> Result<(), String> {
    let (program, args) = argv.split_first().ok_or("empty browser command")?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Hand the terminal to a text browser: leave the alternate screen and raw mode, run it,
/// and take the terminal back whatever happened.
fn run_in_terminal(argv: &[String]) -> Result<(), String> {
    use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
    use ratatui::crossterm::execute;
    use ratatui::crossterm::terminal::{
        EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
    };

    let (program, args) = argv.split_first().ok_or("empty browser command")?;
    let mut out = std::io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen);
    let _ = disable_raw_mode();
    let status = Command::new(program).args(args).status();
    let _ = enable_raw_mode();
    let _ = execute!(out, EnterAlternateScreen, EnableMouseCapture);
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{program} exited with {s}")),
        Err(e) => Err(format!("{program}: {e}")),
    }
}

/// Records what was asked and answers from a script: for runtime tests.
#[derive(Debug, Default)]
pub struct Recording {
    pub log: Mutex<Log>,
    /// When set, every write fails with a conflict.
    pub conflict: bool,
    pub open_error: Option<String>,
    /// When set, each write first waits for a message on it: a slow disk that the test
    /// lets go when it wants the result to arrive.
    pub write_gate: Option<Mutex<Receiver<()>>>,
}

/// What a `Recording` was asked to do, in order.
#[derive(Debug, Clone, Default)]
pub struct Log {
    pub opened: Vec<String>,
    pub writes: Vec<(PathBuf, bool, Rev)>,
    pub reads: Vec<PathBuf>,
}

impl Recording {
    pub fn log(&self) -> Log {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Log> {
        // A test thread that panicked holding it leaves a log that is still worth reading.
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Platform for Recording {
    fn open_url(&self, url: &str) -> Result<Opened, String> {
        self.lock().opened.push(url.to_owned());
        match &self.open_error {
            Some(e) => Err(e.clone()),
            None => Ok(Opened::Detached),
        }
    }

    fn write_published(
        &self,
        path: &Path,
        value: bool,
        expected: Rev,
    ) -> Result<Written, WriteError> {
        if let Some(gate) = &self.write_gate {
            let _ = gate.lock().map(|g| g.recv());
        }
        self.lock().writes.push((path.to_owned(), value, expected));
        if self.conflict {
            return Err(WriteError::Conflict {
                path: path.to_owned(),
            });
        }
        Ok(Written::Changed(Rev(expected.0.wrapping_add(1))))
    }

    fn read_item(&self, path: &Path) -> Result<Option<Item>, LoadError> {
        self.lock().reads.push(path.to_owned());
        read_item(path)
    }

    /// A step is its writes, one by one, through `write_published` (which logs them and
    /// answers from the script); undo and redo find nothing.
    fn journal(
        &self,
        _root: &Path,
        job: &Job,
        progress: journal::Progress,
    ) -> Result<JobOutput, String> {
        let Job::Apply {
            action,
            label,
            targets,
        } = job
        else {
            return Ok(match job {
                Job::Inspect => JobOutput::Pending(None),
                _ => JobOutput::Step(None),
            });
        };
        let mut step = StepDone {
            step: 1,
            op: Op::Do,
            action: *action,
            label: label.clone(),
            files: Vec::new(),
            already: 0,
            refused: Vec::new(),
        };
        for (n, t) in targets.iter().enumerate() {
            if !progress(n, targets.len()) {
                break;
            }
            let (outcome, now) = match self.write_published(&t.path, action.value(), t.rev) {
                Ok(Written::Unchanged(_)) => {
                    step.already += 1;
                    continue;
                }
                Ok(w) => (Outcome::Done, Some((action.value(), w.rev()))),
                Err(e) if e.is_conflict() => (Outcome::Conflict, None),
                Err(e) => (Outcome::Failed(e.to_string()), None),
            };
            step.files.push(FileDone {
                path: t.path.clone(),
                outcome,
                now,
            });
        }
        Ok(JobOutput::Step(Some(step)))
    }
}
