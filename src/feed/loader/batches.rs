//! The loader's batches after the walk: each is read on every core (from the cache where
//! a file is unchanged), then handed on in order: its items sent, the new cache written.
//! In a whole load, batch n is handed on while batch n+1 is read (see `stream`).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{BATCH_FILES, Counts, FETCH_FILES, LoadEvent, Loaded, Read, read_one};
use crate::feed::cache::{Cache, CacheWriter, Fetched, Stat};
use crate::feed::item::{Item, Shared};
use crate::feed::loader::LoadError;

/// What reading a batch needs.
pub(super) struct Reader<'a> {
    pub root: &'a Path,
    /// Files per batch.
    pub size: usize,
    /// The walk's `stat` of each file, when there is a cache to check them against.
    pub stats: &'a [Option<Stat>],
    pub old: Option<&'a Cache>,
    pub shared: &'a Shared,
}

/// A batch read: each file's outcome by part (as each core wrote them: flattening the
/// parts into one vector copied every item twice more), and, when asked for, the
/// batch's cached records fetched whole.
pub(super) struct Batch<'a> {
    /// The batch's files, moved into their items as they are handed on.
    paths: Vec<PathBuf>,
    fetched: Option<Fetched<'a>>,
    reads: Vec<Vec<Read>>,
}

impl<'a> Reader<'a> {
    /// Read batch `n`. `fetch_whole`: fetch its cached records in one go and keep them
    /// (a cache writer copies them); otherwise each core fetches those of its own part,
    /// which kept both cores busy.
    pub fn read(&self, n: usize, paths: Vec<PathBuf>, fetch_whole: bool) -> Batch<'a> {
        let at = n * self.size;
        let chunk = paths.as_slice();
        let stats = self.stats.get(at..).unwrap_or_default();
        let stat = |i: usize| stats.get(i).copied().flatten();
        let fetched = match self.old {
            Some(old) if fetch_whole => Some(old.fetch(self.root, chunk, at)),
            _ => None,
        };
        let reads = match (&fetched, self.old) {
            (None, Some(old)) => chunk
                .par_chunks(FETCH_FILES)
                .enumerate()
                .map(|(k, part)| {
                    let fetched = old.fetch(self.root, part, at + k * FETCH_FILES);
                    (part.iter().enumerate())
                        .map(|(i, path)| {
                            let stat = stat(k * FETCH_FILES + i);
                            read_one(path, stat, Some((&fetched, i)), self.shared)
                        })
                        .collect()
                })
                .collect(),
            (fetched, _) => vec![
                chunk
                    .par_iter()
                    .enumerate()
                    .map(|(i, path)| {
                        let fetched = fetched.as_ref().map(|f| (f, i));
                        read_one(path, stat(i), fetched, self.shared)
                    })
                    .collect(),
            ],
        };
        Batch {
            paths,
            fetched,
            reads,
        }
    }
}

/// What handing batches on needs and keeps.
pub(super) struct HandOn<'a> {
    pub old: Option<&'a Cache>,
    /// Starts the new cache (`None` when it cannot be written).
    pub create: &'a (dyn Fn() -> Option<CacheWriter> + Sync),
    pub send: &'a (dyn Fn(LoadEvent) -> bool + Sync),
    /// Keep every item in `all` and send them once, at the end.
    pub whole: bool,
    /// Some file differs from the old cache (or there is none): a new one is written.
    pub changed: bool,
    pub writer: Option<CacheWriter>,
    /// While nothing has changed: where each file so far is in the old cache's index
    /// (all hits), to copy them into a new cache when a change comes.
    pub kept: Vec<u32>,
    pub files_read: usize,
    pub counts: Counts,
    pub errors: Vec<LoadError>,
    pub all: Vec<Item>,
}

impl HandOn<'_> {
    /// Whether the next batch read should fetch its records whole (for the writer).
    pub fn fetch_whole(&self) -> bool {
        self.writer.is_some() || self.old.is_none()
    }

    /// Hand a batch on. False: stop (the receiver is gone).
    pub fn batch(&mut self, batch: Batch) -> bool {
        let Batch {
            mut paths,
            mut fetched,
            reads,
        } = batch;
        if !self.changed && reads.iter().flatten().any(|r| r.cached.is_none()) {
            // The first change: start the new cache with every file so far (all hits).
            self.changed = true;
            self.writer = (self.create)();
            let kept = std::mem::take(&mut self.kept);
            if let (Some(w), Some(old)) = (self.writer.as_mut(), self.old) {
                for done in kept.chunks(BATCH_FILES) {
                    let fetched = old.fetch_entries(done);
                    for k in 0..done.len() {
                        w.copy(&fetched, k);
                    }
                }
                // This batch's hits are copied from the old cache below.
                let places: Vec<u32> = reads
                    .iter()
                    .flatten()
                    .map(|r| r.cached.unwrap_or(u32::MAX))
                    .collect();
                fetched = Some(old.fetch_entries(&places));
            }
        }
        if !self.changed {
            let places = reads.iter().flatten().filter_map(|r| r.cached);
            self.kept.extend(places);
        }
        self.files_read += paths.len();
        let mut items = if self.whole {
            std::mem::take(&mut self.all)
        } else {
            Vec::with_capacity(paths.len())
        };
        for (k, (read, path)) in reads.into_iter().flatten().zip(&mut paths).enumerate() {
            let hit = read.cached.is_some();
            self.counts.from_cache += usize::from(hit);
            if let Some(w) = self.writer.as_mut() {
                // A hit's bytes are copied from the old cache when they were fetched
                // whole; otherwise (the batch was read before the writer began) encoded.
                let from = fetched.as_ref().filter(|_| hit).map(|f| (f, k));
                w.add(path, read.stat, &read.outcome, from);
            }
            match read.outcome {
                Loaded::Item(mut item) => {
                    item.path = std::mem::take(path);
                    items.push(item)
                }
                Loaded::Skipped => self.counts.skipped += 1,
                Loaded::Failed(e) => self.errors.push(e),
            }
        }
        if self.whole {
            self.all = items;
            return true;
        }
        (self.send)(LoadEvent::Batch {
            items,
            errors: std::mem::take(&mut self.errors),
            files_read: self.files_read,
        })
    }

    /// After the last batch: what `whole` kept and any error not sent yet, then the new
    /// cache put in place and `Done`.
    pub fn finish(self) -> Counts {
        if !self.errors.is_empty() || !self.all.is_empty() {
            // A walk error with no file to read after it still has to be told.
            let batch = LoadEvent::Batch {
                items: self.all,
                errors: self.errors,
                files_read: self.files_read,
            };
            if !(self.send)(batch) {
                return self.counts;
            }
        }
        if let Some(w) = self.writer {
            w.commit();
        }
        (self.send)(LoadEvent::Done);
        self.counts
    }
}
