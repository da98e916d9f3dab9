//! Walk a path and load every item file in it, on all cores. A bad file becomes a
//! `LoadError` naming the file; it never stops the rest of the feed from loading.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde_yaml_ng::Value;

use crate::feed::Feed;
use crate::feed::frontmatter::{parse, split};
use crate::feed::item::{Item, ItemId};
use crate::feed::read;
use crate::feed::store::Rev;

/// Extensions of item files.
pub const EXTENSIONS: [&str; 4] = ["md", "markdown", "txt", "html"];

/// Files larger than this are refused: no item is anywhere near it, and a runaway file
/// must not take the machine's memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A file that could not be loaded: where, and why, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl LoadError {
    fn new(path: &Path, message: impl Into<String>) -> Self {
        LoadError {
            path: path.to_owned(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LoadError {}

/// Everything a load found.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub feed: Feed,
    pub errors: Vec<LoadError>,
    /// Files with an item extension but no front matter.
    pub skipped: usize,
}

/// One file's outcome.
#[derive(Debug)]
pub enum Loaded {
    Item(Box<Item>),
    Skipped,
    Failed(LoadError),
}

/// Load `root` (a folder, searched recursively, or one file). Fails only when `root`
/// itself cannot be read.
pub fn load(root: &Path) -> Result<LoadReport, LoadError> {
    load_with_progress(root, &|_, _| {})
}

/// As `load`, calling `progress(done, total)` from the worker threads as files finish,
/// so a caller can draw a gauge while a large feed comes in.
pub fn load_with_progress(
    root: &Path,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<LoadReport, LoadError> {
    let paths = discover(root)?;
    let total = paths.len();
    let done = AtomicUsize::new(0);
    let outcomes: Vec<Loaded> = paths
        .par_iter()
        .map(|p| {
            let out = load_file(p);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            out
        })
        .collect();

    let mut report = LoadReport::default();
    let mut items = Vec::with_capacity(outcomes.len());
    for out in outcomes {
        match out {
            Loaded::Item(item) => items.push(*item),
            Loaded::Skipped => report.skipped += 1,
            Loaded::Failed(e) => report.errors.push(e),
        }
    }
    report.feed = Feed::new(root.to_owned(), items);
    Ok(report)
}

/// The item files under `root`, sorted by path. Hidden files and folders are passed over,
/// and so are folder symlinks (a link cycle must not hang the load).
pub fn discover(root: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let meta = std::fs::metadata(root).map_err(|e| LoadError::new(root, io_message(&e)))?;
    if !meta.is_dir() {
        return Ok(vec![root.to_owned()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if dir == root => return Err(LoadError::new(root, io_message(&e))),
            Err(_) => continue,
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else if has_item_extension(&path) && (!kind.is_symlink() || path.is_file()) {
                // A FIFO or device named like an item is listed so that reading it
                // reports "not a regular file" instead of passing it over in silence.
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn has_item_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => crate::feed::fsutil::plain(e),
    }
}

/// Load one file.
pub fn load_file(path: &Path) -> Loaded {
    match read_item(path) {
        Ok(Some(item)) => Loaded::Item(Box::new(item)),
        Ok(None) => Loaded::Skipped,
        Err(e) => Loaded::Failed(e),
    }
}

/// Read and parse one item file. `Ok(None)`: it has no front matter.
pub fn read_item(path: &Path) -> Result<Option<Item>, LoadError> {
    // Refuses a FIFO, socket or device before opening it, and never blocks.
    let bytes = crate::feed::fsutil::read_regular(path, MAX_FILE_BYTES)
        .map_err(|e| LoadError::new(path, io_message(&e)))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, column) = place_of(&bytes, e.valid_up_to());
        LoadError {
            line: Some(line),
            column: Some(column),
            ..LoadError::new(path, "not UTF-8 text (a binary file, or another encoding)")
        }
    })?;
    let Some(sp) = split(text).map_err(|e| LoadError::new(path, e.to_string()))? else {
        return Ok(None);
    };
    let value = parse(text, &sp).map_err(|e| LoadError {
        line: e.line,
        column: e.column,
        ..LoadError::new(path, e.message)
    })?;
    let map = match value {
        Value::Mapping(m) => Some(m),
        Value::Tagged(t) => match t.value {
            Value::Mapping(m) => Some(m),
            _ => None,
        },
        _ => None,
    };
    let Some(map) = map else {
        return Err(LoadError {
            line: Some(sp.first_line),
            column: Some(1),
            ..LoadError::new(path, "front matter is not a mapping of `key: value` lines")
        });
    };
    let mut item = read::item(map);
    item.id = id_of(path);
    item.path = path.to_owned();
    item.rev = Rev::of(&bytes);
    Ok(Some(item))
}

/// 1-based line and column (in characters) of a byte offset.
fn place_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// Stable across runs: the same path gives the same id.
pub fn id_of(path: &Path) -> ItemId {
    let mut h = std::hash::DefaultHasher::new();
    path.hash(&mut h);
    ItemId(h.finish())
}
