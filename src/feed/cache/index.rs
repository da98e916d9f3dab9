//! The cache file's index: at its end, one fixed-size entry a file (the path's hash, its
//! `stat`, where its record lies), then a trailer saying where the index starts and how
//! many entries it has. Opening a cache reads these 64 bytes a file instead of every
//! record (53 MB at 100k items, read a second time by the load).

use std::ops::Range;

use super::{Key, Stat};

/// The bytes of one entry.
pub const ENTRY_BYTES: u64 = 64;
/// The bytes of the trailer: where the index starts, the count, a magic.
pub const TRAILER_BYTES: u64 = 24;
const TRAILER_MAGIC: &[u8; 8] = b"NDINDEX\0";

/// A cached file: its relative path (by hash), its `stat`, and where its record
/// (`Record`: path, stat, outcome) lies in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: Key,
    pub stat: Stat,
    pub range: Range<u64>,
}

impl Entry {
    /// Little-endian, in field order.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let s = &self.stat;
        for v in [
            self.key.0,
            s.size,
            s.mtime_ns as u64,
            s.ctime_ns as u64,
            s.inode,
            s.device,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.range.start.to_le_bytes());
        out.extend_from_slice(&self.range.end.to_le_bytes());
    }

    fn decode(bytes: &[u8; ENTRY_BYTES as usize]) -> Entry {
        let word =
            |i: usize| u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().unwrap_or_default());
        Entry {
            key: Key(word(0)),
            stat: Stat {
                size: word(1),
                mtime_ns: word(2) as i64,
                ctime_ns: word(3) as i64,
                inode: word(4),
                device: word(5),
            },
            range: word(6)..word(7),
        }
    }
}

/// The trailer for an index of `count` entries starting at `at`.
pub fn trailer(at: u64, count: u64) -> [u8; TRAILER_BYTES as usize] {
    let mut out = [0; TRAILER_BYTES as usize];
    out[..8].copy_from_slice(&at.to_le_bytes());
    out[8..16].copy_from_slice(&count.to_le_bytes());
    out[16..].copy_from_slice(TRAILER_MAGIC);
    out
}

/// Where the index starts and how many entries it has, when `bytes` (the file's last
/// `TRAILER_BYTES`) is a trailer that fits a file of `len` bytes.
pub fn read_trailer(bytes: &[u8], len: u64) -> Option<(u64, u64)> {
    let bytes: &[u8; TRAILER_BYTES as usize] = bytes.try_into().ok()?;
    let (at, rest) = bytes.split_first_chunk::<8>()?;
    let (count, magic) = rest.split_first_chunk::<8>()?;
    let (at, count) = (u64::from_le_bytes(*at), u64::from_le_bytes(*count));
    let fits = count <= u64::from(u32::MAX)
        && at
            .checked_add(count * ENTRY_BYTES)?
            .checked_add(TRAILER_BYTES)?
            == len;
    (magic == TRAILER_MAGIC && fits).then_some((at, count))
}

/// How much of the index is read at a time: reading it whole held its bytes and the
/// entries decoded from them at once (6 MB more at the peak, at 100k files).
const CHUNK_ENTRIES: u64 = 1024;

/// The `count` entries of the index at `at` in `file`, when every record lies within
/// `records` (between the header and the index) and none ends before it starts.
pub fn read_entries(
    file: &std::fs::File,
    at: u64,
    count: u64,
    records: Range<u64>,
) -> Option<Vec<Entry>> {
    use std::os::unix::fs::FileExt;
    let mut entries = Vec::with_capacity(usize::try_from(count).ok()?);
    let mut buf = Vec::new();
    let mut done = 0;
    while done < count {
        let n = (count - done).min(CHUNK_ENTRIES);
        buf.resize((n * ENTRY_BYTES) as usize, 0);
        file.read_exact_at(&mut buf, at + done * ENTRY_BYTES).ok()?;
        entries.extend(
            buf.as_chunks::<{ ENTRY_BYTES as usize }>()
                .0
                .iter()
                .map(Entry::decode),
        );
        done += n;
    }
    let sound = |e: &Entry| {
        records.start <= e.range.start && e.range.start < e.range.end && e.range.end <= records.end
    };
    entries.iter().all(sound).then_some(entries)
}
