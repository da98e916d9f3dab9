//! The loader's batches after the walk: each is read on every core (from the cache where
//! a file is unchanged), then handed on in order: its items sent, the new cache written.
//! Batch n is handed on while batch n+1 is read, so neither core waits on the other.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{BATCH_FILES, Counts, FETCH_FILES, LoadEvent, Loaded, Read, read_one};
use crate::feed::cache::{Cache, CacheWriter, Fetched, Stat};
use crate::feed::item::{Item, Providers};
use crate::feed::loader::LoadError;

/// What reading a batch needs.
pub(super) struct Reader<'a> {
    pub root: &'a Path,
    pub files: &'a [PathBuf],
    /// The walk's `stat` of each file, when there is a cache to check them against.
    pub stats: &'a [Option<Stat>],
    pub old: Option<&'a Cache>,
    pub providers: &'a Providers,
}

/// A batch read: each file's outcome by part (as each core wrote them: flattening the
/// parts into one vector copied every item twice more), and, when asked for, the
/// batch's cached records fetched whole.
pub(super) struct Batch<'a> {
    fetched: Option<Fetched<'a>>,
    reads: Vec<Vec<(Read, bool)>>,
}

impl<'a> Reader<'a> {
    /// Read batch `n`. `fetch_whole`: fetch its cached records in one go and keep them
    /// (a cache writer copies them); otherwise each core fetches those of its own part,
    /// which kept both cores busy.
    pub fn read(&self, n: usize, fetch_whole: bool) -> Batch<'a> {
        let at = n * BATCH_FILES;
        let chunk = &self.files[at..(at + BATCH_FILES).min(self.files.len())];
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
                            read_one(path, stat, Some((&fetched, i)), self.providers)
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
                        read_one(path, stat(i), fetched, self.providers)
                    })
                    .collect(),
            ],
        };
        Batch { fetched, reads }
    }
}

/// What handing batches on needs and keeps.
pub(super) struct HandOn<'a> {
    pub root: &'a Path,
    pub files: &'a [PathBuf],
    pub old: Option<&'a Cache>,
    /// Starts the new cache (`None` when it cannot be written).
    pub create: &'a (dyn Fn() -> Option<CacheWriter> + Sync),
    pub send: &'a (dyn Fn(LoadEvent) -> bool + Sync),
    /// Keep every item in `all` and send them once, at the end.
    pub whole: bool,
    /// Some file differs from the old cache (or there is none): a new one is written.
    pub changed: bool,
    pub writer: Option<CacheWriter>,
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

    /// Hand batch `n` on. False: stop (the receiver is gone).
    pub fn batch(&mut self, n: usize, batch: Batch) -> bool {
        let at = n * BATCH_FILES;
        let chunk = &self.files[at..(at + BATCH_FILES).min(self.files.len())];
        let Batch { mut fetched, reads } = batch;
        if !self.changed && reads.iter().flatten().any(|(_, hit)| !hit) {
            // The first change: start the new cache with every file so far (all hits).
            self.changed = true;
            self.writer = (self.create)();
            if let (Some(w), Some(old)) = (self.writer.as_mut(), self.old) {
                for (m, done) in self.files[..at].chunks(BATCH_FILES).enumerate() {
                    let fetched = old.fetch(self.root, done, m * BATCH_FILES);
                    for (k, path) in done.iter().enumerate() {
                        w.copy(&fetched, k, path);
                    }
                }
                // This batch's hits are copied from the old cache below.
                fetched = Some(old.fetch(self.root, chunk, at));
            }
        }
        self.files_read += chunk.len();
        let mut items = if self.whole {
            std::mem::take(&mut self.all)
        } else {
            Vec::with_capacity(chunk.len())
        };
        for (k, ((read, hit), path)) in reads.into_iter().flatten().zip(chunk).enumerate() {
            self.counts.from_cache += usize::from(hit);
            if let Some(w) = self.writer.as_mut() {
                // A hit's bytes are copied from the old cache when they were fetched
                // whole; otherwise (the batch was read before the writer began) encoded.
                let from = fetched.as_ref().filter(|_| hit).map(|f| (f, k));
                w.add(path, read.stat, &read.outcome, from);
            }
            match read.outcome {
                Loaded::Item(item) => items.push(item),
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
