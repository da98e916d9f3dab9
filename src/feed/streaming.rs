//! A stand-in for the loader's streaming API (the `perf` branch brings the real one, with
//! the same names): walk, then read in parallel chunks, handing each chunk over as soon
//! as it is read. Kept apart so that switching to the real one touches one `use` line.

use std::path::Path;

use rayon::prelude::*;

use crate::feed::Item;
use crate::feed::loader::{LoadError, Loaded, discover, load_file};

#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub use_cache: bool,
}

#[derive(Debug)]
pub enum LoadEvent {
    /// Walk progress: files found so far.
    Found {
        files: usize,
    },
    /// Items and errors of the files read since the last batch; `files_read` counts all
    /// files read so far.
    Batch {
        items: Vec<Item>,
        errors: Vec<LoadError>,
        files_read: usize,
    },
    Done,
}

/// Files read per batch: large enough that merging a batch into a 100k view is rare,
/// small enough that the first items show within a few milliseconds.
const CHUNK: usize = 256;

/// Blocking; run it on a background thread. Returns early when `send` returns false (the
/// receiver is gone: the app quit).
pub fn load_streaming(root: &Path, _opts: &LoadOptions, send: &(dyn Fn(LoadEvent) -> bool + Sync)) {
    let paths = match discover(root) {
        Ok(p) => p,
        Err(e) => {
            let _ = send(LoadEvent::Batch {
                items: Vec::new(),
                errors: vec![e],
                files_read: 0,
            }) && send(LoadEvent::Done);
            return;
        }
    };
    if !send(LoadEvent::Found { files: paths.len() }) {
        return;
    }
    let mut files_read = 0;
    for chunk in paths.chunks(CHUNK) {
        let outcomes: Vec<Loaded> = chunk.par_iter().map(|p| load_file(p)).collect();
        files_read += chunk.len();
        let mut items = Vec::with_capacity(outcomes.len());
        let mut errors = Vec::new();
        for out in outcomes {
            match out {
                Loaded::Item(item) => items.push(*item),
                Loaded::Skipped => {}
                Loaded::Failed(e) => errors.push(e),
            }
        }
        let batch = LoadEvent::Batch {
            items,
            errors,
            files_read,
        };
        if !send(batch) {
            return;
        }
    }
    send(LoadEvent::Done);
}
