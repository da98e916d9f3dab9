//! The index is read from the file's end and records are fetched a batch at a time: every
//! way of fetching must give what reading each record alone gives, and a cut, padded or
//! damaged file must never give a file's outcome to another.

use std::path::{Path, PathBuf};

use super::*;
use crate::feed::loader::load_with_cache_dir;

/// A feed of `n` items and its cache; the files and the cache's path.
fn cached_feed(dir: &Path, n: usize) -> (PathBuf, Vec<PathBuf>, PathBuf) {
    let feed = dir.join("feed");
    for i in 0..n {
        let sub = feed.join(format!("{:02}", i % 4));
        std::fs::create_dir_all(&sub).unwrap();
        let text = format!(
            "---\ntitle: Item {i} {}\nquality: {i}\nrelated:\n  - title: R{i}\n---\nbody\n",
            "word ".repeat(i % 13)
        );
        std::fs::write(sub.join(format!("{i:03}.md")), text).unwrap();
    }
    // Files must be older than the load that caches them (see RACY_NS).
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let files = crate::feed::walk::discover(&feed).unwrap().files;
    for f in &files {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let cache = dir.join("cache");
    load_with_cache_dir(&feed, Some(&cache)).unwrap();
    let file = file_for(&cache, &feed).unwrap();
    (feed, files, file)
}

fn open(file: &Path, feed: &Path) -> Option<Cache> {
    let root = std::fs::canonicalize(feed).unwrap();
    Cache::read(
        std::fs::File::open(file).unwrap(),
        root.as_os_str().as_encoded_bytes(),
    )
}

/// Every file's cached outcome, fetched in batches of `batch` files, each batch said to
/// start at its place in `files` moved by `shift` (0: where the cache has them).
fn outcomes_at(
    cache: &Cache,
    feed: &Path,
    files: &[PathBuf],
    batch: usize,
    shift: usize,
) -> Vec<String> {
    files
        .chunks(batch)
        .enumerate()
        .flat_map(|(n, chunk)| {
            let fetched = cache.fetch(feed, chunk, n * batch + shift);
            (chunk.iter().enumerate())
                .map(|(k, p)| {
                    let stat = Stat::of(p).unwrap();
                    format!("{:?}", fetched.get(k, p, stat, &Default::default()))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn outcomes(cache: &Cache, feed: &Path, files: &[PathBuf], batch: usize) -> Vec<String> {
    outcomes_at(cache, feed, files, batch, 0)
}

/// The index at the end says what the records say, record by record, in their order.
#[test]
fn the_index_names_each_record_where_it_lies() {
    let dir = tempfile::tempdir().unwrap();
    let (feed, files, file) = cached_feed(dir.path(), 60);
    let cache = open(&file, &feed).unwrap();
    assert_eq!(cache.len(), 60);
    let bytes = std::fs::read(&file).unwrap();
    let mut at = cache.entries[0].range.start as usize;
    for (entry, path) in cache.entries.iter().zip(&files) {
        assert_eq!(
            entry.range.start as usize, at,
            "records lie one after another"
        );
        let (record, _) = postcard::take_from_bytes::<Record>(&bytes[at..]).unwrap();
        let (rel, stat) = (record.path, record.stat);
        assert_eq!(rel, relative(&feed, path).unwrap());
        assert_eq!((Key(fnv1a64(rel)), stat), (entry.key, entry.stat));
        at = entry.range.end as usize;
    }
    let want = outcomes(&cache, &feed, &files, files.len());
    assert!(want.iter().all(|o| o.starts_with("Some(Item")), "{want:?}");
}

#[test]
fn records_fetched_one_by_one_or_scattered_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let (feed, files, file) = cached_feed(dir.path(), 40);
    let cache = open(&file, &feed).unwrap();
    let want = outcomes(&cache, &feed, &files, files.len());
    assert_eq!(outcomes(&cache, &feed, &files, 1), want);
    // Far apart in the file: the first and the last, asked together, then each alone.
    let ends = [files[0].clone(), files[39].clone()];
    let both = outcomes(&cache, &feed, &ends, 2);
    assert_eq!(both, [want[0].clone(), want[39].clone()]);
    // Nothing read ahead (records too scattered to read as one span): each is read alone.
    let nothing = Fetched {
        found: cache.fetch(&feed, &files, 0).found,
        cache: &cache,
        base: 0,
        bytes: Vec::new(),
    };
    for (k, (path, want)) in files.iter().zip(&want).enumerate() {
        let got = nothing.get(k, path, Stat::of(path).unwrap(), &Default::default());
        assert_eq!(&format!("{got:?}"), want);
    }
}

/// Files asked for away from where the cache has them (a file added or gone before them
/// moves every later one) are looked up by path: the same outcomes.
#[test]
fn files_out_of_the_caches_order_are_found_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let (feed, files, file) = cached_feed(dir.path(), 30);
    let cache = open(&file, &feed).unwrap();
    let want = outcomes(&cache, &feed, &files, 8);
    assert!(cache.by_key.get().is_none(), "in order: no lookup map");
    for shift in [1, 5, 29, 1000] {
        assert_eq!(
            outcomes_at(&cache, &feed, &files, 8, shift),
            want,
            "{shift}"
        );
    }
    let mut reversed = files.clone();
    reversed.reverse();
    let mut want_reversed = want.clone();
    want_reversed.reverse();
    assert_eq!(outcomes(&cache, &feed, &reversed, 7), want_reversed);
    // A path the cache does not have is not taken for the one at its place.
    let stranger = feed.join("00").join("not-cached.md");
    std::fs::copy(&files[0], &stranger).unwrap();
    let fetched = cache.fetch(&feed, std::slice::from_ref(&stranger), 0);
    assert_eq!(fetched.found, [None]);
}

#[test]
fn a_cut_or_padded_cache_or_a_damaged_trailer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (feed, _, file) = cached_feed(dir.path(), 20);
    let good = std::fs::read(&file).unwrap();
    assert!(open(&file, &feed).is_some());
    let damaged = [
        good[..good.len() - 1].to_vec(),
        good[..good.len() / 2].to_vec(),
        [good.as_slice(), b"x"].concat(),
        {
            let mut b = good.clone();
            let end = b.len();
            b[end - 3] ^= 1; // the trailer's magic
            b
        },
        {
            let mut b = good.clone();
            let end = b.len();
            b[end - 16] ^= 1; // the count
            b
        },
        {
            let mut b = good.clone();
            b[9] ^= 1; // the version
            b
        },
    ];
    for (n, bytes) in damaged.iter().enumerate() {
        std::fs::write(&file, bytes).unwrap();
        assert!(open(&file, &feed).is_none(), "damage {n}");
    }
}

/// A record naming another path, or an index entry pointing at another file's record,
/// costs only that file a read from disk: every other file still comes from the cache,
/// and no file gets another's outcome. (Damage inside an outcome's text is not seen:
/// the records carry no checksum.)
#[test]
fn a_damaged_record_or_entry_is_not_believed() {
    let dir = tempfile::tempdir().unwrap();
    let (feed, files, file) = cached_feed(dir.path(), 20);
    let good = std::fs::read(&file).unwrap();
    let want = outcomes(&open(&file, &feed).unwrap(), &feed, &files, 8);
    let cache = open(&file, &feed).unwrap();
    let (third, fifth) = (
        cache.entries[3].range.clone(),
        cache.entries[5].range.clone(),
    );
    let index_at = cache.entries.last().unwrap().range.end as usize; // right after
    drop(cache);
    // Record 3's path damaged (it no longer names the file its entry names).
    let mut bytes = good.clone();
    bytes[third.start as usize + 3] ^= 0x01;
    std::fs::write(&file, &bytes).unwrap();
    let got = outcomes(&open(&file, &feed).unwrap(), &feed, &files, 8);
    for (i, (got, want)) in got.iter().zip(&want).enumerate() {
        if i == 3 {
            assert_eq!(got, "None", "a record of another path is not used");
        } else {
            assert_eq!(got, want, "{i}");
        }
    }
    // Entry 3 pointing at record 5.
    let mut bytes = good.clone();
    let entry3 = index_at + 3 * index::ENTRY_BYTES as usize;
    bytes[entry3 + 48..entry3 + 56].copy_from_slice(&fifth.start.to_le_bytes());
    bytes[entry3 + 56..entry3 + 64].copy_from_slice(&fifth.end.to_le_bytes());
    std::fs::write(&file, &bytes).unwrap();
    let cache = open(&file, &feed).unwrap();
    assert_eq!(cache.entries[3].range, fifth);
    let got = outcomes(&cache, &feed, &files, 8);
    assert_eq!(
        got[3], "None",
        "file 3 is read again, not given file 5's item"
    );
    assert_eq!(got[5], want[5]);
}

/// The index holds an entry a file: kept at 64 bytes (it was 96 with `i128` times, about
/// 4 MB more at 100k files, at the TUI's peak).
#[test]
fn an_index_entry_is_64_bytes() {
    assert_eq!(size_of::<Entry>(), 64);
}

/// Caches written when the times were `i128` read the same: postcard's varint of an `i64`
/// is the bytes of the `i128` of the same value.
#[test]
fn times_encode_as_they_did_as_i128() {
    for v in [0i64, 1, -1, 1_700_000_000_123_456_789, i64::MIN, i64::MAX] {
        let old = postcard::to_allocvec(&i128::from(v)).unwrap();
        assert_eq!(postcard::to_allocvec(&v).unwrap(), old, "{v}");
        assert_eq!(postcard::from_bytes::<i64>(&old).unwrap(), v);
    }
}
