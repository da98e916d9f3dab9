//! The next cache, written as a load goes: the records, then the index and its trailer.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::index::{self, Entry};
use super::record::ItemRec;
use super::{Fetched, Header, Key, MAGIC, Outcome, Record, Stat, VERSION, file_for, relative};
use crate::feed::item::fnv1a64;
use crate::feed::loader::Loaded;

/// The next cache, written as the load goes (so it never holds the feed twice in
/// memory) to a temporary file that replaces the old cache only on `commit`.
pub struct CacheWriter {
    root: PathBuf,
    out: BufWriter<atomic_write_file::AtomicWriteFile>,
    /// Bytes written so far: where the next record starts.
    at: u64,
    /// The index, written after the records.
    entries: Vec<Entry>,
    /// One record's bytes, encoded before they are written.
    scratch: Vec<u8>,
    failed: bool,
}

impl CacheWriter {
    /// Start a cache for `root` in `dir`; `started` is when the load began, before any
    /// file was looked at. `None` when the folder cannot be written (no cache then).
    pub fn create(dir: &Path, root: &Path, started: SystemTime) -> Option<CacheWriter> {
        let file = file_for(dir, root)?;
        let canonical = std::fs::canonicalize(root).ok()?;
        std::fs::create_dir_all(dir).ok()?;
        let out = atomic_write_file::AtomicWriteFile::options()
            .open(file)
            .ok()?;
        let started_ns = started
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        let header = Header {
            root: canonical.as_os_str().as_encoded_bytes().to_vec(),
            started_ns,
        };
        let head = [MAGIC.as_slice(), &VERSION.to_le_bytes()].concat();
        let head = postcard::to_extend(&header, head).ok()?;
        let mut out = BufWriter::with_capacity(1 << 16, out);
        out.write_all(&head).ok()?;
        Some(CacheWriter {
            root: root.to_owned(),
            out,
            at: head.len() as u64,
            entries: Vec::new(),
            scratch: Vec::new(),
            failed: false,
        })
    }

    /// Add one file's outcome. `from`: the old cache it came from unchanged, and which
    /// of the paths fetched it is (its record is copied instead of encoded again). A
    /// file without a `stat` is left out.
    pub fn add(
        &mut self,
        path: &Path,
        stat: Option<Stat>,
        outcome: &Loaded,
        from: Option<(&Fetched, usize)>,
    ) {
        let (Some(stat), Some(rel)) = (stat, relative(&self.root, path)) else {
            return;
        };
        if let Some((entry, record)) = from.and_then(|(f, k)| f.raw(k))
            && entry.stat == stat
        {
            return self.put(entry.key, stat, &record);
        }
        let Ok(outcome) = postcard::to_allocvec(&Outcome::of(outcome)) else {
            return;
        };
        let record = Record {
            path: rel,
            stat,
            outcome: &outcome,
        };
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        match postcard::to_extend(&record, scratch) {
            Ok(bytes) => {
                self.put(Key(fnv1a64(rel)), stat, &bytes);
                self.scratch = bytes;
            }
            Err(_) => self.failed = true,
        }
    }

    /// Copy the `k`th record fetched in `old` as it is (the caller knows its file is
    /// unchanged).
    pub fn copy(&mut self, old: &Fetched, k: usize) {
        if let Some((entry, record)) = old.raw(k) {
            self.put(entry.key, entry.stat, &record);
        }
    }

    /// Write one record, and its entry in the index.
    fn put(&mut self, key: Key, stat: Stat, record: &[u8]) {
        if self.out.write_all(record).is_err() {
            self.failed = true;
        }
        let range = self.at..self.at + record.len() as u64;
        self.at = range.end;
        self.entries.push(Entry { key, stat, range });
    }

    /// Finish (the index and its trailer) and put the new cache in place of the old. A
    /// failure leaves the old one (which the next load checks as always); the load itself
    /// never fails for it.
    pub fn commit(mut self) {
        let (count, index_at) = (self.entries.len() as u64, self.at);
        let mut tail = Vec::with_capacity(
            self.entries.len() * index::ENTRY_BYTES as usize + index::TRAILER_BYTES as usize,
        );
        for e in &self.entries {
            e.encode(&mut tail);
        }
        tail.extend_from_slice(&index::trailer(index_at, count));
        if self.failed || self.out.write_all(&tail).is_err() {
            return;
        }
        if let Ok(file) = self.out.into_inner() {
            let _ = file.commit();
        }
    }
}

impl Outcome<'_> {
    fn of(loaded: &Loaded) -> Outcome<'_> {
        match loaded {
            Loaded::Item(item) => Outcome::Item(Box::new(ItemRec::of(item))),
            Loaded::Skipped => Outcome::Skipped,
            Loaded::Failed(e) => Outcome::Failed {
                line: e.line.map(|l| l as u64),
                column: e.column.map(|c| c as u64),
                message: e.message.clone(),
            },
        }
    }
}
