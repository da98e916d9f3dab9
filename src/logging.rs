//! The TUI cannot print, so it logs: one file a day in the state dir's `logs` folder
//! (`newsdesk.YYYY-MM-DD.log`, UTC), the last `KEEP_DAYS` kept. Lines go through a
//! non-blocking writer so the UI thread never waits on the disk; a panic is written
//! straight to the file instead, since a crash may never flush that writer.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tracing::level_filters::LevelFilter;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};

/// Days of logs kept; older files are deleted as a new day's file is started.
pub const KEEP_DAYS: usize = 7;

/// `--log-level`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogLevel {
    /// Only failures.
    Error,
    /// Failures and problems worked around (files that fail to load, write conflicts).
    Warn,
    /// Also what happened: the load, writes, reloads, changes seen on disk.
    #[default]
    Info,
    /// Also every file-system event the watch reports.
    Debug,
    /// Everything.
    Trace,
}

impl LogLevel {
    fn filter(self) -> LevelFilter {
        match self {
            LogLevel::Error => LevelFilter::ERROR,
            LogLevel::Warn => LevelFilter::WARN,
            LogLevel::Info => LevelFilter::INFO,
            LogLevel::Debug => LevelFilter::DEBUG,
            LogLevel::Trace => LevelFilter::TRACE,
        }
    }
}

/// Where the log files are: `<state dir>/logs`.
pub fn log_dir() -> Option<PathBuf> {
    crate::feed::journal::state_dir().map(|d| d.join("logs"))
}

/// Set once logging is on, for the panic hook.
static PANIC_DIR: OnceLock<PathBuf> = OnceLock::new();

/// Logging lasts while this is kept; dropping it flushes what is queued.
pub struct Logging {
    _guard: WorkerGuard,
    pub dir: PathBuf,
}

fn appender(dir: &Path) -> Result<RollingFileAppender, String> {
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("newsdesk")
        .filename_suffix("log")
        .max_log_files(KEEP_DAYS)
        .build(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// Log to files in `dir` at `level`.
pub fn init(dir: &Path, level: LogLevel) -> Result<Logging, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (writer, guard) = tracing_appender::non_blocking(appender(dir)?);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_max_level(level.filter())
        .try_init()
        .map_err(|e| e.to_string())?;
    let _ = PANIC_DIR.set(dir.to_owned());
    Ok(Logging {
        _guard: guard,
        dir: dir.to_owned(),
    })
}

/// From the panic hook: the message and a backtrace, written synchronously to today's
/// file. Returns the folder it went to, to tell the editor.
pub fn log_panic(info: &std::panic::PanicHookInfo<'_>) -> Option<&'static Path> {
    let dir = PANIC_DIR.get()?;
    let backtrace = std::backtrace::Backtrace::force_capture();
    let mut file = appender(dir).ok()?;
    let now = jiff::Timestamp::now();
    writeln!(file, "{now} PANIC {info}\nbacktrace:\n{backtrace}").ok()?;
    file.flush().ok()?;
    Some(dir)
}
