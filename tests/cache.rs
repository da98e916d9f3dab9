//! The index cache: a warm load gives what a cold one gives, picks up every kind of change,
//! and a cache that cannot be trusted is ignored without a word.

mod common;

use std::path::{Path, PathBuf};

use newsdesk::feed::cache::{VERSION, file_for};
use newsdesk::feed::loader::{LoadReport, load, load_with_cache_dir};
use tempfile::TempDir;

struct Setup {
    _tmp: TempDir,
    feed: PathBuf,
    cache: PathBuf,
}

fn setup(n: usize) -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let feed = tmp.path().join("feed");
    for i in 0..n {
        write(
            &feed,
            &format!("{:02}/item-{i}.md", i % 3),
            &item_text(i, "first"),
        );
    }
    write(&feed, "no-front-matter.md", "just text\n");
    write(&feed, "broken.md", "---\ntitle: [unclosed\n---\n");
    common::age_files(&feed);
    let cache = tmp.path().join("cache");
    Setup {
        _tmp: tmp,
        feed,
        cache,
    }
}

fn item_text(i: usize, word: &str) -> String {
    format!(
        "---\ntitle: Item {i} {word}\npublishedDateTime: 2024-01-0{}T00:00:00Z\nquality: {i}\n\
         provider:\n  name: P\n  domain: p.example\ntopics: [a, b]\nrelated:\n  - title: R\n    \
         webUrl: https://r.example/{i}\n    odd: {{x: 1}}\nunknown: [1, two]\n---\nbody\n",
        1 + i % 9
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn warm(s: &Setup) -> LoadReport {
    load_with_cache_dir(&s.feed, Some(&s.cache)).unwrap()
}

fn same(a: &LoadReport, b: &LoadReport) {
    assert_eq!(a.feed.items(), b.feed.items());
    assert_eq!(a.errors, b.errors);
    assert_eq!(a.skipped, b.skipped);
}

#[test]
fn a_warm_load_returns_what_a_cold_load_does_from_the_cache() {
    let s = setup(20);
    let cold = load(&s.feed).unwrap();
    let first = warm(&s);
    assert_eq!(first.from_cache, 0);
    let second = warm(&s);
    assert_eq!(
        second.from_cache, 22,
        "20 items, the skipped and the broken file"
    );
    same(&cold, &first);
    same(&cold, &second);
    assert_eq!(second.errors[0].line, cold.errors[0].line);
}

#[test]
fn changed_added_and_removed_files_are_picked_up() {
    let s = setup(10);
    warm(&s);
    let changed = write(&s.feed, "00/item-0.md", &item_text(0, "second edition"));
    write(&s.feed, "new/item-new.md", &item_text(99, "new"));
    std::fs::remove_file(s.feed.join("01/item-1.md")).unwrap();
    let report = warm(&s);
    same(&report, &load(&s.feed).unwrap());
    let titles: Vec<_> = report
        .feed
        .items()
        .iter()
        .filter_map(|i| i.title.as_deref())
        .collect();
    assert!(titles.contains(&"Item 0 second edition"), "{titles:?}");
    assert!(titles.contains(&"Item 99 new"));
    assert!(!titles.iter().any(|t| t.starts_with("Item 1 ")));
    assert!(report.feed.items().iter().any(|i| i.path == changed));
    assert_eq!(report.from_cache, 8 + 2);
}

#[test]
fn a_same_size_rewrite_within_the_same_second_is_picked_up() {
    let s = setup(3);
    let path = s.feed.join("00/item-0.md");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    warm(&s);
    // Same length, and the mtime put back to the very value it had: only ctime and the
    // content differ.
    write(&s.feed, "00/item-0.md", &item_text(0, "FIRST"));
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(before)
        .unwrap();
    let report = warm(&s);
    let item = report.feed.items().iter().find(|i| i.path == path).unwrap();
    assert_eq!(item.title.as_deref(), Some("Item 0 FIRST"));
}

#[test]
fn a_file_written_just_before_the_load_is_read_again_next_time() {
    let s = setup(3);
    // Not aged: modified within a second of the caching load.
    let fresh = write(&s.feed, "fresh.md", &item_text(7, "fresh"));
    warm(&s);
    let report = warm(&s);
    assert_eq!(report.from_cache, 5, "everything but the fresh file");
    assert!(report.feed.items().iter().any(|i| i.path == fresh));
}

fn corrupt_and_check(s: &Setup, damage: impl Fn(&mut Vec<u8>)) {
    warm(s);
    let file = file_for(&s.cache, &s.feed).unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    damage(&mut bytes);
    std::fs::write(&file, &bytes).unwrap();
    let cold = load(&s.feed).unwrap();
    let report = warm(s);
    assert_eq!(report.from_cache, 0, "a damaged cache is not used");
    same(&report, &cold);
    // ... and rebuilt: the next load comes from it again.
    assert_eq!(warm(s).from_cache, 7);
}

#[test]
fn a_truncated_cache_is_ignored_and_rebuilt() {
    let s = setup(5);
    corrupt_and_check(&s, |b| b.truncate(b.len() - 3));
    corrupt_and_check(&s, |b| b.truncate(b.len() / 2));
    corrupt_and_check(&s, |b| b.truncate(5));
    corrupt_and_check(&s, |b| b.clear());
}

#[test]
fn a_garbage_cache_is_ignored_and_rebuilt() {
    let s = setup(5);
    corrupt_and_check(&s, |b| {
        for (i, x) in b.iter_mut().enumerate().skip(12) {
            *x = (i * 131 % 251) as u8;
        }
    });
    corrupt_and_check(&s, |b| b.extend_from_slice(b"trailing"));
}

#[test]
fn a_cache_of_another_format_version_is_ignored() {
    let s = setup(5);
    corrupt_and_check(&s, |b| {
        b[8..12].copy_from_slice(&(VERSION + 1).to_le_bytes())
    });
}

#[test]
fn the_cache_of_one_feed_is_not_used_for_another() {
    let s = setup(5);
    warm(&s);
    let other = s.feed.with_file_name("other");
    std::fs::rename(&s.feed, &other).unwrap();
    let moved = load_with_cache_dir(&other, Some(&s.cache)).unwrap();
    assert_eq!(moved.from_cache, 0);
    assert_eq!(moved.feed.len(), 5);
}

/// Files past the first batches (the streaming loader, the TUI's, reads 256 at a time):
/// a change found in a later batch, with as many files as before, starts the new cache
/// there, copying the earlier batches' records; the next load then takes every file from
/// it. (A whole load from a cache reads 4,096 at a time: the same path, past 4,096 files.)
#[test]
fn a_change_found_in_a_later_batch_rewrites_the_cache_whole() {
    let s = setup(700);
    let cold = warm(&s);
    assert_eq!(cold.from_cache, 0);
    assert_eq!(warm(&s).from_cache, 702);
    // The paths sort as "00/…", "01/…", "02/…", then the two loose files: a file of
    // "02/" is in the third batch.
    let changed = write(&s.feed, "02/item-698.md", &item_text(698, "later"));
    // Aged alone (aging all would change every file's stat): an hour ago.
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let file = std::fs::File::options().write(true).open(&changed).unwrap();
    file.set_modified(past).unwrap();
    let streamed = std::sync::Mutex::new(Vec::new());
    newsdesk::feed::loader::load_streaming_in(&s.feed, Some(&s.cache), &|ev| {
        if let newsdesk::feed::LoadEvent::Batch { items, .. } = ev {
            streamed.lock().unwrap().extend(items);
        }
        true
    });
    let streamed = streamed.into_inner().unwrap();
    assert_eq!(streamed.len(), 700);
    let item = streamed.iter().find(|i| i.path == changed).unwrap();
    assert_eq!(item.title.as_deref(), Some("Item 698 later"));
    let report = warm(&s);
    assert_eq!(
        report.from_cache, 702,
        "the streaming load rewrote the cache whole"
    );
    same(&report, &load(&s.feed).unwrap());
}

/// A whole load from a cache reads 4,096 files a batch and reads batch n+1 while it
/// hands batch n on: a change found in the second batch starts the new cache there
/// (copying the first batch's records), and the third batch, read before that, has its
/// unchanged files written into the new cache too. The next load takes them all from it.
#[test]
fn a_whole_load_finding_a_change_in_its_second_batch_rewrites_the_cache_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let feed = tmp.path().join("feed");
    let n = 3 * 4096 - 100;
    for i in 0..n {
        write(
            &feed,
            &format!("{:02}/{i:05}.md", i / 1000),
            &format!("---\ntitle: Item {i}\n---\n"),
        );
    }
    common::age_files(&feed);
    let cache = tmp.path().join("cache");
    let s = Setup {
        _tmp: tmp,
        feed,
        cache,
    };
    assert_eq!(warm(&s).from_cache, 0);
    assert_eq!(warm(&s).from_cache, n);
    // "05/05000.md" is the 5,001st path: in the second batch.
    let changed = write(
        &s.feed,
        "05/05000.md",
        "---\ntitle: Item 5000 changed\n---\n",
    );
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let file = std::fs::File::options().write(true).open(&changed).unwrap();
    file.set_modified(past).unwrap();
    let report = warm(&s);
    assert_eq!(report.from_cache, n - 1);
    same(&report, &load(&s.feed).unwrap());
    let again = warm(&s);
    assert_eq!(again.from_cache, n, "every file from the rewritten cache");
    same(&again, &report);
}
