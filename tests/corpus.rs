//! Every real file of the shared corpus loads, and the published flag round-trips through
//! the real write-back with one line changed (or inserted). The corpus is third-party
//! data: it is read where it lies (NEWSDESK_CORPUS, default ../shared/corpus) and copied
//! only into a temporary folder, never into the repository.

mod common;

use std::path::Path;

use newsdesk::feed::load;
use newsdesk::feed::loader::{discover, load_with_cache_dir};
use newsdesk::feed::store::{Written, write_published};

#[test]
fn every_corpus_file_loads_without_error() {
    let Some(dir) = common::corpus() else { return };
    let report = load(&dir).unwrap();
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let files = discover(&dir).unwrap().files;
    assert!(files.len() >= 100, "only {} files found", files.len());
    assert_eq!(report.feed.len() + report.skipped, files.len());
    // The corpus README is the only file without front matter.
    assert_eq!(report.skipped, 1);
    for item in report.feed.items() {
        assert!(!item.display_title().is_empty(), "{}", item.path.display());
        if item.category.as_deref() == Some("news") {
            assert!(item.provider_name().is_some(), "{}", item.path.display());
            assert!(item.timestamp().is_some(), "{}", item.path.display());
        }
        assert!(
            item.extra.is_empty() || item.category.is_none(),
            "news item with unknown keys: {} {:?}",
            item.path.display(),
            item.extra
        );
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_tree(&entry.path(), &dest);
        } else {
            // The bytes, not the mode: the shared corpus is read-only, the copy is ours.
            std::fs::write(dest, std::fs::read(entry.path()).unwrap()).unwrap();
        }
    }
}

#[test]
fn publish_then_unpublish_changes_one_line_and_restores_the_original() {
    let Some(dir) = common::corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&dir, tmp.path());
    let feed = load(tmp.path()).unwrap().feed;
    assert!(!feed.is_empty());
    for item in feed.items() {
        let path = &item.path;
        let original = std::fs::read_to_string(path).unwrap();

        write_published(path, true, Some(item.rev)).unwrap();
        let published = std::fs::read_to_string(path).unwrap();
        assert!(
            common::line_diff(&original, &published).is_some(),
            "{}: publish changed more than one line",
            path.display()
        );
        assert!(
            newsdesk::feed::loader::read_item(path)
                .unwrap()
                .unwrap()
                .is_published()
        );

        let w = write_published(path, false, None).unwrap();
        assert!(matches!(w, Written::Changed(_)), "{}", path.display());
        let unpublished = std::fs::read_to_string(path).unwrap();
        assert_eq!(common::line_diff(&published, &unpublished), Some(1));

        match item.published {
            Some(false) => assert_eq!(unpublished, original, "{}", path.display()),
            Some(true) => {
                write_published(path, true, None).unwrap();
                assert_eq!(std::fs::read_to_string(path).unwrap(), original);
            }
            None => {
                // Absent before: now one inserted `published: false` line.
                assert_eq!(common::line_diff(&original, &unpublished), Some(1));
                assert!(unpublished.contains("\npublished: false\n---"));
            }
        }
    }
}

#[test]
fn a_warm_load_from_the_cache_gives_every_corpus_item_field_for_field() {
    let Some(dir) = common::corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let feed_dir = tmp.path().join("feed");
    std::fs::create_dir(&feed_dir).unwrap();
    copy_tree(&dir, &feed_dir);
    let cache = tmp.path().join("cache");
    // Files written just now are "racy" (changed within a second of the load) and are not
    // trusted from the cache: age them so the second load really comes from it.
    common::age_files(&feed_dir);

    let cold = load(&feed_dir).unwrap();
    let first = load_with_cache_dir(&feed_dir, Some(&cache)).unwrap();
    let warm = load_with_cache_dir(&feed_dir, Some(&cache)).unwrap();
    for report in [&first, &warm] {
        assert_eq!(report.feed.items(), cold.feed.items());
        assert_eq!(report.errors, cold.errors);
        assert_eq!(report.skipped, cold.skipped);
    }
    assert_eq!(first.from_cache, 0);
    let files = cold.feed.len() + cold.errors.len() + cold.skipped;
    assert_eq!(warm.from_cache, files, "every file from the cache");
}
