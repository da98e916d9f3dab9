//! Walk a path and load every item file in it, on all cores. A bad file becomes a
//! `LoadError` naming the file; it never stops the rest of the feed from loading.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_yaml_ng::Value;

use crate::feed::Feed;
use crate::feed::cache::{self, Cache, CacheWriter, Fetched, Stat};
use crate::feed::frontmatter::{parse, quick, split};
use crate::feed::item::{Item, ItemId, Shared};
use crate::feed::read;
use crate::feed::store::Rev;
use crate::feed::walk;

pub use crate::feed::walk::{EXTENSIONS, discover};

mod batches;

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
    pub(crate) fn new(path: &Path, message: impl Into<String>) -> Self {
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
    /// Files taken from the index cache instead of being read.
    pub from_cache: usize,
}

/// One file's outcome. The item is held as it is, not boxed: a box was allocated by a
/// loading thread and freed by the one that hands the batch on, 100k times a load.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Loaded {
    Item(Item),
    Skipped,
    Failed(LoadError),
}

/// How to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Take unchanged files from the index cache and write it back afterwards.
    pub use_cache: bool,
}

/// What `load_streaming` reports as it goes (and, unchanged, what the app is told).
#[derive(Debug, Clone, PartialEq)]
pub enum LoadEvent {
    /// Walk progress: files found so far (the last one sent is the total).
    Found {
        files: usize,
    },
    /// Items and errors read since the last batch; `files_read` counts every file so far.
    Batch {
        items: Vec<Item>,
        errors: Vec<LoadError>,
        files_read: usize,
    },
    Done,
}

/// Files per batch: small enough that the first items reach the screen within a frame or
/// two (256 files parse in ~10 ms on two cores), large enough to keep both cores busy.
const BATCH_FILES: usize = 256;
/// Files per batch of a whole load from a cache (`stream`'s `whole`).
const WHOLE_BATCH_FILES: usize = 4096;
/// Files whose cached records one core fetches together (a part of a batch).
const FETCH_FILES: usize = 64;

/// How often the walk reports progress at most.
const FOUND_EVERY: Duration = Duration::from_millis(20);

/// Load `root` (a folder, searched recursively, or one file) without the cache. Fails
/// only when `root` itself cannot be read.
pub fn load(root: &Path) -> Result<LoadReport, LoadError> {
    load_with(root, &LoadOptions { use_cache: false })
}

/// As `load`, with options; the CLI uses this.
pub fn load_with(root: &Path, opts: &LoadOptions) -> Result<LoadReport, LoadError> {
    let dir = opts.use_cache.then(cache::default_dir).flatten();
    load_with_cache_dir(root, dir.as_deref())
}

/// As `load`, with the cache kept in `cache_dir` (`None`: no cache). Tests point this at
/// a temporary folder so they never touch the user's cache.
pub fn load_with_cache_dir(root: &Path, cache_dir: Option<&Path>) -> Result<LoadReport, LoadError> {
    let collected = std::sync::Mutex::new((Vec::new(), Vec::new()));
    let send = |ev: LoadEvent| {
        let mut c = collected.lock().unwrap_or_else(|p| p.into_inner());
        match ev {
            // All the items come in one batch (see `stream`'s `whole`).
            LoadEvent::Batch { items, errors, .. } => {
                if c.0.is_empty() {
                    c.0 = items;
                } else {
                    c.0.extend(items);
                }
                c.1.extend(errors);
            }
            LoadEvent::Found { .. } | LoadEvent::Done => {}
        }
        true
    };
    let counts = stream(root, cache_dir, &send, true)?;
    let (items, mut errors) = collected.into_inner().unwrap_or_else(|p| p.into_inner());
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    // The walk's order, which is the paths' order.
    Ok(LoadReport {
        feed: Feed::from_path_order(root.to_owned(), items),
        errors,
        skipped: counts.skipped,
        from_cache: counts.from_cache,
    })
}

/// Blocking: the caller runs it on a background thread. Sends events as work proceeds;
/// stops early (returns) as soon as `send` returns false (the UI quit). When `root`
/// itself cannot be read, that error comes in a batch of its own before `Done`.
pub fn load_streaming(root: &Path, opts: &LoadOptions, send: &(dyn Fn(LoadEvent) -> bool + Sync)) {
    let dir = opts.use_cache.then(cache::default_dir).flatten();
    load_streaming_in(root, dir.as_deref(), send);
}

/// `load_streaming` with the cache in `cache_dir` (`None`: no cache).
pub fn load_streaming_in(
    root: &Path,
    cache_dir: Option<&Path>,
    send: &(dyn Fn(LoadEvent) -> bool + Sync),
) {
    match stream(root, cache_dir, send, false) {
        Ok(_) => {}
        Err(e) => {
            let batch = LoadEvent::Batch {
                items: Vec::new(),
                errors: vec![e],
                files_read: 0,
            };
            if send(batch) {
                send(LoadEvent::Done);
            }
        }
    }
}

/// One file's outcome and the `stat` it was read under (for the cache).
struct Read {
    stat: Option<Stat>,
    outcome: Loaded,
    /// Taken from the old cache (a hit): where its record is in that cache's index.
    cached: Option<u32>,
}

/// What a load counted beside the items and errors it sent.
#[derive(Debug, Default)]
struct Counts {
    skipped: usize,
    from_cache: usize,
}

/// Walk, then read in batches (from the cache where a file's `stat` is unchanged).
/// `Err` only when `root` cannot be read. `whole`: the items are sent once, at the end,
/// in one vector sized for every file (nobody watches them arrive; moving 100k items from
/// each batch's vector into another was a tenth of a warm load).
fn stream(
    root: &Path,
    cache_dir: Option<&Path>,
    send: &(dyn Fn(LoadEvent) -> bool + Sync),
    whole: bool,
) -> Result<Counts, LoadError> {
    let started = std::time::SystemTime::now();
    let last = std::sync::Mutex::new(Instant::now());
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let progress = |files: usize| {
        let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
        if last.elapsed() >= FOUND_EVERY {
            *last = Instant::now();
            if !send(LoadEvent::Found { files }) {
                stopped.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
        !stopped.load(std::sync::atomic::Ordering::Relaxed)
    };
    let found = walk::Found {
        progress: &progress,
        stats: cache_dir.is_some(),
    };
    // Reading the old cache's index (6 MB at 100k items) overlaps the walk.
    let (walked, old) = rayon::join(
        || walk::walk(root, &found),
        || cache_dir.and_then(|d| Cache::open(d, root)),
    );
    let walked = walked?;
    if stopped.load(std::sync::atomic::Ordering::Relaxed)
        || !send(LoadEvent::Found {
            files: walked.files.len(),
        })
    {
        return Ok(Counts::default());
    }
    let single_file = walked.files.len() == 1 && walked.files[0] == root;
    let cache_dir = cache_dir.filter(|_| !single_file);
    let old = old.filter(|_| !single_file);
    // A cache is written only when something changed: a warm load with nothing new
    // costs no write. A file count that differs means files vanished or came.
    let total = walked.files.len();
    let changed = old.as_ref().is_none_or(|c| c.len() != total);
    let create = || cache_dir.and_then(|d| CacheWriter::create(d, root, started));
    let writer = if changed { create() } else { None };

    let shared = Shared::default();
    // A whole load from a cache has nobody to show first items to and little to do per
    // file: larger batches, fewer hand-overs between the cores (warm check 0.29 -> 0.27
    // s; a cold load showed no gain).
    let size = if whole && old.is_some() {
        WHOLE_BATCH_FILES
    } else {
        BATCH_FILES
    };
    let reader = batches::Reader {
        root,
        size,
        stats: &walked.stats,
        old: old.as_ref(),
        shared: &shared,
    };
    let mut on = batches::HandOn {
        old: old.as_ref(),
        create: &create,
        send,
        whole,
        changed,
        writer,
        kept: Vec::new(),
        files_read: 0,
        counts: Counts::default(),
        errors: walked.errors,
        all: Vec::with_capacity(if whole { total } else { 0 }),
    };
    // Each batch takes its paths from the walk, and its items keep them.
    let mut paths = walked.files.into_iter();
    let mut take = || -> Vec<PathBuf> { paths.by_ref().take(size).collect() };
    // For a whole load, batch n is handed on while batch n+1 is read: handing on (moving
    // the items, writing the new cache) took one core while the other waited. Streaming,
    // each batch is handed on first: with the overlap the TUI peaked 10-15 MB higher
    // (batches queued ahead of its thread, most likely).
    let count = total.div_ceil(size);
    let mut next = (count > 0).then(|| reader.read(0, take(), on.fetch_whole()));
    for n in 0..count {
        let Some(batch) = next.take() else { break };
        let upcoming = (n + 1 < count).then(&mut take);
        let go_on = if whole {
            let fetch_whole = on.fetch_whole();
            let (upcoming, go_on) = rayon::join(
                || upcoming.map(|paths| reader.read(n + 1, paths, fetch_whole)),
                || on.batch(batch),
            );
            next = upcoming;
            go_on
        } else {
            let go_on = on.batch(batch);
            next = upcoming.map(|paths| reader.read(n + 1, paths, on.fetch_whole()));
            go_on
        };
        if !go_on {
            return Ok(on.counts);
        }
    }
    Ok(on.finish())
}

/// Read one file, from the cache when its `stat` (taken by the walk, before the read:
/// a change racing the read then shows as a changed stat next time) is the one cached.
/// `old`: the records fetched with it, and which of their paths it is. The item's
/// provider and topics are shared through `shared`.
fn read_one(
    path: &Path,
    stat: Option<Stat>,
    old: Option<(&Fetched, usize)>,
    shared: &Shared,
) -> Read {
    if let (Some((old, k)), Some(stat)) = (old, stat)
        && let Some(outcome) = old.get(k, path, stat, shared)
    {
        return Read {
            stat: Some(stat),
            outcome,
            cached: old.place(k),
        };
    }
    let mut outcome = load_file(path);
    if let Loaded::Item(item) = &mut outcome {
        shared.share(item);
    }
    let cached = None;
    Read {
        stat,
        outcome,
        cached,
    }
}

/// Load one file, slim (see `read_item_slim`).
pub fn load_file(path: &Path) -> Loaded {
    match read_item_slim(path) {
        Ok(Some(item)) => Loaded::Item(item),
        Ok(None) => Loaded::Skipped,
        Err(e) => Loaded::Failed(e),
    }
}

/// Read and parse one item file, whole. `Ok(None)`: it has no front matter.
pub fn read_item(path: &Path) -> Result<Option<Item>, LoadError> {
    read_item_as(path, false)
}

/// Read one item file as the feed keeps it: slim (`Item::slimmed`), through the quick
/// reader when the front matter is in its plain form, which then never builds the bulk.
pub fn read_item_slim(path: &Path) -> Result<Option<Item>, LoadError> {
    read_item_as(path, true)
}

fn read_item_as(path: &Path, slim: bool) -> Result<Option<Item>, LoadError> {
    // Refuses a FIFO, socket or device before opening it, and never blocks.
    let bytes = crate::feed::fsutil::read_regular(path, MAX_FILE_BYTES)
        .map_err(|e| LoadError::new(path, io_message(&e)))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, column) = super::textpos::line_col(&bytes, e.valid_up_to());
        LoadError {
            line: Some(line),
            column: Some(column),
            ..LoadError::new(path, "not UTF-8 text (a binary file, or another encoding)")
        }
    })?;
    let Some(sp) = split(text).map_err(|e| LoadError::new(path, e.to_string()))? else {
        return Ok(None);
    };
    if slim && let Some(q) = quick::read(&text[sp.yaml.clone()]) {
        let mut item = read::slim_item(&q);
        item.id = ItemId::of(path);
        item.path = path.to_owned();
        item.rev = Rev::of(&bytes);
        return Ok(Some(item));
    }
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
    let mut item = read::item(&map);
    if slim {
        item = item.slimmed();
    }
    item.id = ItemId::of(path);
    item.path = path.to_owned();
    item.rev = Rev::of(&bytes);
    Ok(Some(item))
}

pub(crate) fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => crate::feed::fsutil::plain(e),
    }
}
