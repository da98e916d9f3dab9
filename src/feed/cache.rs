//! The index cache: what the last load read, so the next one parses only what changed.
//!
//! One file per feed in the cache dir, named by a hash of the feed's canonical path:
//! a magic and a format version, a header (the root, when that load started), one record
//! per file (path relative to the root, its `stat`, the outcome as postcard bytes), and
//! the index (`index.rs`): an entry a file saying where its record lies, then a trailer
//! with the count. A file is taken from the cache only when its size,
//! mtime and ctime (with nanoseconds), inode and device all match, and it was not
//! modified within a second of the load that cached it (a file system with coarse
//! timestamps could hide a change made in the same tick). Anything unexpected (missing,
//! truncated, another version, garbage) and the whole cache is ignored; a record that does
//! not say what its index entry says (path, `stat`) is not used: the file is read again.
//! The cache is only a speed-up, never trusted.

mod index;
mod record;
#[cfg(test)]
mod tests;
mod writer;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::feed::item::{Shared, fnv1a64};
use crate::feed::loader::{LoadError, Loaded};
use index::Entry;
use record::ItemRec;
pub use writer::CacheWriter;

const MAGIC: &[u8; 8] = b"NDCACHE\0";
/// Bump on any change to the records (including `record.rs`'s item shape) or the index.
pub const VERSION: u32 = 5;
/// Files modified this close to (or after) the caching load are read again next time.
const RACY_NS: u64 = 1_000_000_000;

/// Where caches live: `$NEWSDESK_CACHE_DIR`, else the XDG cache dir.
pub fn default_dir() -> Option<PathBuf> {
    match std::env::var_os("NEWSDESK_CACHE_DIR") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => directories::ProjectDirs::from("", "", "newsdesk").map(|d| d.cache_dir().to_owned()),
    }
}

/// The cache file for the feed at `root` inside `dir`.
pub fn file_for(dir: &Path, root: &Path) -> Option<PathBuf> {
    let canonical = std::fs::canonicalize(root).ok()?;
    let hash = fnv1a64(canonical.as_os_str().as_encoded_bytes());
    Some(dir.join(format!("feed-{hash:016x}.cache")))
}

/// What identifies a version of a file without reading it. Times are nanoseconds in an
/// `i64` (years 1678 to 2262; outside, they saturate, and the ctime, which nobody can set,
/// still tells a change): 64 bytes an index entry instead of 96. Postcard writes an `i64`
/// as it wrote the `i128` before, so older caches of this version read the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    size: u64,
    mtime_ns: i64,
    ctime_ns: i64,
    inode: u64,
    device: u64,
}

impl Stat {
    /// The `stat` of `path` (following a symlink to the file, as the read does).
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<Stat> {
        Stat::from_metadata(&std::fs::metadata(path).ok()?)
    }

    /// The `stat` in `m` (which must describe the file itself, not a symlink to it).
    #[cfg(unix)]
    pub fn from_metadata(m: &std::fs::Metadata) -> Option<Stat> {
        use std::os::unix::fs::MetadataExt;
        let (mtime, ctime) = ((m.mtime(), m.mtime_nsec()), (m.ctime(), m.ctime_nsec()));
        Some(Stat::from_parts(m.size(), mtime, ctime, m.ino(), m.dev()))
    }

    /// From a `stat`'s fields; times as (seconds, nanoseconds).
    pub(crate) fn from_parts(
        size: u64,
        mtime: (i64, i64),
        ctime: (i64, i64),
        inode: u64,
        device: u64,
    ) -> Stat {
        let ns = |(s, n): (i64, i64)| s.saturating_mul(1_000_000_000).saturating_add(n);
        Stat {
            size,
            mtime_ns: ns(mtime),
            ctime_ns: ns(ctime),
            inode,
            device,
        }
    }

    /// Without inodes and ctime only size and mtime can be compared: no cache there.
    #[cfg(not(unix))]
    pub fn of(_path: &Path) -> Option<Stat> {
        None
    }

    #[cfg(not(unix))]
    pub fn from_metadata(_m: &std::fs::Metadata) -> Option<Stat> {
        None
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    root: Vec<u8>,
    started_ns: i128,
}

/// One file's record: its path relative to the root, its `stat`, and its outcome.
#[derive(Serialize, Deserialize)]
struct Record<'a> {
    path: &'a [u8],
    stat: Stat,
    /// `Outcome` as postcard bytes: decoded only when the file is asked for, and copied
    /// as it is into the next cache.
    outcome: &'a [u8],
}

#[derive(Serialize, Deserialize)]
enum Outcome<'a> {
    #[serde(borrow)]
    Item(Box<ItemRec<'a>>),
    Skipped,
    Failed {
        line: Option<u64>,
        column: Option<u64>,
        message: String,
    },
}

/// `Outcome` as read back: the same encoding (a `Box` is transparent to serde), without
/// the box, which only keeps the enum small where outcomes are kept: this one lives on
/// the stack for the moment it takes to turn it into an item.
#[derive(Deserialize)]
#[allow(clippy::large_enum_variant)]
enum OutcomeRead<'a> {
    #[serde(borrow)]
    Item(ItemRec<'a>),
    Skipped,
    Failed {
        line: Option<u64>,
        column: Option<u64>,
        message: String,
    },
}

/// A cache read back. Only its index is held (64 bytes a file); the records are read
/// from the file a batch at a time (`fetch`). Holding the whole file (53 MiB at 100k
/// items) was a quarter of a warm load's peak memory.
pub struct Cache {
    file: std::fs::File,
    /// One a file, in the file's order: the order of the paths when it was written,
    /// which is the walk's order next time, so a load finds each file's entry where the
    /// one before it ended, without a lookup. (Looking each up in a map of 100k entries
    /// missed the CPU cache twice a file: a tenth of a warm load.)
    entries: Vec<Entry>,
    /// Entry by path, built the first time a file is not where the walk's order says.
    by_key: std::sync::OnceLock<HashMap<Key, u32, foldhash::fast::RandomState>>,
    started_ns: i128,
}

/// A span of records this short is read in one go however scattered they are in it.
const SPAN_READ_ANYWAY: u64 = 1 << 20;
/// The most of the file's head read for the header (whose root is a path).
const HEAD_BYTES: u64 = 16 << 10;

impl Cache {
    /// The cache of `root` in `dir`, or `None` when there is none that can be trusted.
    pub fn open(dir: &Path, root: &Path) -> Option<Cache> {
        let file = std::fs::File::open(file_for(dir, root)?).ok()?;
        let canonical = std::fs::canonicalize(root).ok()?;
        Cache::read(file, canonical.as_os_str().as_encoded_bytes())
    }

    /// The head (magic, version, header) and the index at the end: a few bytes a file.
    fn read(file: std::fs::File, root: &[u8]) -> Option<Cache> {
        let len = file.metadata().ok()?.len();
        let trailer = read_at(&file, len.checked_sub(index::TRAILER_BYTES)?..len)?;
        let (index_at, count) = index::read_trailer(&trailer, len)?;
        let head = read_at(&file, 0..index_at.min(HEAD_BYTES))?;
        let rest = head.strip_prefix(MAGIC.as_slice())?;
        let (version, rest) = rest.split_first_chunk::<4>()?;
        if u32::from_le_bytes(*version) != VERSION {
            return None;
        }
        let (header, tail) = postcard::take_from_bytes::<Header>(rest).ok()?;
        if header.root != root {
            return None;
        }
        let records = (head.len() - tail.len()) as u64..index_at;
        let entries = index::read_entries(&file, index_at, count, records)?;
        Some(Cache {
            file,
            entries,
            by_key: std::sync::OnceLock::new(),
            started_ns: header.started_ns,
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry for `key`: at `hint` when the files are in the cache's order, else
    /// looked up.
    fn find(&self, key: Key, hint: usize) -> Option<u32> {
        match self.entries.get(hint) {
            Some(e) if e.key == key => u32::try_from(hint).ok(),
            _ => {
                let by_key = self.by_key.get_or_init(|| {
                    let mut map = HashMap::with_capacity_and_hasher(
                        self.entries.len(),
                        foldhash::fast::RandomState::default(),
                    );
                    for (i, e) in self.entries.iter().enumerate() {
                        map.insert(e.key, i as u32);
                    }
                    map
                });
                by_key.get(&key).copied()
            }
        }
    }

    /// The records of `paths` (those cached), read in one go: a load asks for files in
    /// the order the cache was written in, so they lie together. `first`: where the
    /// first path is in the walk's order (where its entry is, when nothing moved).
    pub fn fetch(&self, root: &Path, paths: &[PathBuf], first: usize) -> Fetched<'_> {
        let found: Vec<Option<u32>> = (paths.iter().enumerate())
            .map(|(k, p)| self.find(Key::of(root, p)?, first + k))
            .collect();
        self.fetch_found(found)
    }

    /// The records of these entries (by their place in the index), read in one go where
    /// they lie together.
    pub fn fetch_entries(&self, entries: &[u32]) -> Fetched<'_> {
        let len = self.entries.len();
        let found = entries.iter().map(|&i| ((i as usize) < len).then_some(i));
        self.fetch_found(found.collect())
    }

    fn fetch_found(&self, found: Vec<Option<u32>>) -> Fetched<'_> {
        let ranges = found
            .iter()
            .flatten()
            .map(|&i| &self.entries[i as usize].range);
        let (lo, hi, sum) = ranges.fold((u64::MAX, 0, 0), |(lo, hi, sum), r| {
            (lo.min(r.start), hi.max(r.end), sum + (r.end - r.start))
        });
        let mut fetched = Fetched {
            cache: self,
            found,
            base: lo,
            bytes: Vec::new(),
        };
        // Scattered records (a cache from another order) are read one by one instead.
        if hi > lo && hi - lo <= (2 * sum).max(SPAN_READ_ANYWAY) {
            fetched.bytes = read_at(&self.file, lo..hi).unwrap_or_default();
        }
        fetched
    }
}

/// The bytes of `file` in `range`.
fn read_at(file: &std::fs::File, range: Range<u64>) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let mut bytes = vec![0; usize::try_from(range.end.checked_sub(range.start)?).ok()?];
    file.read_exact_at(&mut bytes, range.start).ok()?;
    Some(bytes)
}

/// Records of one batch of files, read from the cache file together.
pub struct Fetched<'a> {
    cache: &'a Cache,
    /// Each path's entry, in the order they were asked for.
    found: Vec<Option<u32>>,
    /// File offset of `bytes[0]`.
    base: u64,
    bytes: Vec<u8>,
}

impl Fetched<'_> {
    /// Where the `k`th record fetched is in the index.
    pub fn place(&self, k: usize) -> Option<u32> {
        *self.found.get(k)?
    }

    /// The entry of the `k`th path fetched.
    fn entry(&self, k: usize) -> Option<&Entry> {
        let i = (*self.found.get(k)?)?;
        self.cache.entries.get(i as usize)
    }

    /// The cached outcome for `path`, the `k`th path fetched, when the file's `stat` is
    /// still `stat`. Its provider and short texts are shared through `shared`. An item's
    /// `path` is left empty: the loader moves in the walk's own (a copy per item cost an
    /// allocation and 5 MB at 100k items).
    pub fn get(&self, k: usize, path: &Path, stat: Stat, shared: &Shared) -> Option<Loaded> {
        let entry = self.entry(k)?;
        let racy = i128::from(stat.mtime_ns) + i128::from(RACY_NS) >= self.cache.started_ns;
        if entry.stat != stat || racy {
            return None;
        }
        let bytes = self.bytes_of(entry)?;
        let outcome = postcard::from_bytes::<OutcomeRead>(checked(entry, &bytes)?).ok()?;
        Some(match outcome {
            OutcomeRead::Item(rec) => Loaded::Item(rec.into_item(path, shared).ok()?),
            OutcomeRead::Skipped => Loaded::Skipped,
            OutcomeRead::Failed {
                line,
                column,
                message,
            } => Loaded::Failed(LoadError {
                path: path.to_owned(),
                line: line.and_then(|l| usize::try_from(l).ok()),
                column: column.and_then(|c| usize::try_from(c).ok()),
                message,
            }),
        })
    }

    /// The `k`th path's entry and its record, as stored (to copy into the next cache).
    fn raw(&self, k: usize) -> Option<(&Entry, Cow<'_, [u8]>)> {
        let entry = self.entry(k)?;
        let bytes = self.bytes_of(entry)?;
        checked(entry, &bytes)?;
        Some((entry, bytes))
    }

    /// The bytes of `entry`'s record: from those fetched, or read alone.
    fn bytes_of(&self, entry: &Entry) -> Option<Cow<'_, [u8]>> {
        let range = &entry.range;
        let end = self.base + self.bytes.len() as u64;
        if range.start >= self.base && range.end <= end {
            let from = (range.start - self.base) as usize;
            return Some(Cow::Borrowed(
                &self.bytes[from..from + (range.end - range.start) as usize],
            ));
        }
        read_at(&self.cache.file, range.clone()).map(Cow::Owned)
    }
}

/// The outcome's bytes in `record`, when it is one whole record of the path and `stat`
/// that `entry` names: an index entry damaged to point elsewhere is not believed.
fn checked<'b>(entry: &Entry, record: &'b [u8]) -> Option<&'b [u8]> {
    let (record, rest) = postcard::take_from_bytes::<Record>(record).ok()?;
    let same = rest.is_empty() && Key(fnv1a64(record.path)) == entry.key;
    (same && record.stat == entry.stat).then_some(record.outcome)
}

/// A cached file's relative path, by its 64-bit hash. Two paths of one feed hashing
/// alike would only mean one of them is read instead of taken from the cache: the entry
/// also has to match the file's `stat` (size, times, inode, device) to be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key(u64);

impl Key {
    fn of(root: &Path, path: &Path) -> Option<Key> {
        Some(Key(fnv1a64(relative(root, path)?)))
    }
}

/// `path` below `root`, as bytes. The walk joins names onto the root as given, so a
/// byte prefix nearly always answers (comparing component by component cost a tenth of
/// a warm load); anything else takes `Path::strip_prefix`.
fn relative<'a>(root: &Path, path: &'a Path) -> Option<&'a [u8]> {
    let prefix = root.as_os_str().as_encoded_bytes();
    let bytes = path.as_os_str().as_encoded_bytes();
    let fast = bytes.strip_prefix(prefix).and_then(|rest| {
        if prefix.ends_with(b"/") {
            Some(rest)
        } else {
            rest.strip_prefix(b"/")
        }
    });
    match fast {
        Some(rel) if !prefix.is_empty() && plain_relative(rel) => Some(rel),
        _ => Some(path.strip_prefix(root).ok()?.as_os_str().as_encoded_bytes()),
    }
}

/// A relative path the byte prefix gives exactly as `strip_prefix` would: no empty,
/// `.` or `..` part and no doubled slash.
fn plain_relative(rel: &[u8]) -> bool {
    !rel.is_empty()
        && rel
            .split(|b| *b == b'/')
            .all(|part| !part.is_empty() && part != b"." && part != b"..")
}
