//! The loader on fixtures written for each hostile or unusual case: every file has an
//! expected outcome, and the folder as a whole still loads.

mod common;

use std::path::{Path, PathBuf};

use newsdesk::feed::item::PubDate;
use newsdesk::feed::item::{ItemId, fnv1a64};
use newsdesk::feed::loader::{LoadEvent, Loaded, load, load_file, load_streaming_in, read_item};
use newsdesk::feed::{Feed, Item, LoadError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/core")
        .join(name)
}

/// The whole item (as read for the selected item); the loader keeps it slim, which
/// `the_loader_keeps_each_fixture_slim_and_otherwise_the_same` checks.
fn item(name: &str) -> Item {
    match read_item(&fixture(name)) {
        Ok(Some(item)) => item,
        other => panic!("{name}: expected an item, got {other:?}"),
    }
}

#[test]
fn the_loader_keeps_each_fixture_slim_and_otherwise_the_same() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core");
    let mut compared = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let (Ok(Some(whole)), Loaded::Item(slim)) = (read_item(&path), load_file(&path)) else {
            continue;
        };
        assert!(slim.is_slim(), "{}", path.display());
        assert_eq!(slim, whole.clone().slimmed(), "{}", path.display());
        assert_eq!(slim.related_count(), whole.related.len());
        assert_eq!(slim.image_count(), whole.images.len());
        compared += 1;
    }
    assert!(compared >= 10, "{compared} fixtures compared");
    // The bulk stays on disk: a full item's related articles, images and payload.
    let slim = match load_file(&fixture("plain.md")) {
        Loaded::Item(i) => i,
        other => panic!("{other:?}"),
    };
    let whole = item("plain.md");
    assert!(!whole.related.is_empty() && !whole.images.is_empty() && whole.secured.is_some());
    assert!(slim.related.is_empty() && slim.images.is_empty() && slim.secured.is_none());
    assert_eq!(
        slim.bulk.secured as usize,
        whole.secured.unwrap().chars().count()
    );
}

fn error(name: &str) -> LoadError {
    match load_file(&fixture(name)) {
        Loaded::Failed(e) => e,
        other => panic!("{name}: expected an error, got {other:?}"),
    }
}

#[test]
fn the_whole_folder_loads_around_its_bad_files() {
    let report = load(&fixture("")).unwrap();
    let mut failed: Vec<String> = report
        .errors
        .iter()
        .map(|e| e.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    failed.sort();
    assert_eq!(
        failed,
        [
            "alias-bomb.md",
            "binary.md",
            "deep-nesting.md",
            "duplicate-key.md",
            "latin1.md",
            "not-mapping.md",
            "syntax-error.md",
            "unclosed.md"
        ]
    );
    assert_eq!(report.skipped, 1, "no-frontmatter.md");
    assert_eq!(report.feed.len(), 16);
    let paths: Vec<_> = report.feed.items().iter().map(|i| &i.path).collect();
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("nested/deeper/item.markdown"))
    );
    assert!(paths.iter().any(|p| p.ends_with("other-ext.txt")));
    assert!(paths.iter().any(|p| p.ends_with("other-ext.html")));
    assert!(
        !paths
            .iter()
            .any(|p| p.to_string_lossy().contains(".hidden"))
    );
}

#[test]
fn newest_first_then_undated_by_path() {
    let feed = load(&fixture("")).unwrap().feed;
    let stamps: Vec<_> = feed.items().iter().map(Item::timestamp).collect();
    let dated = stamps.iter().take_while(|t| t.is_some()).count();
    assert!(stamps[..dated].windows(2).all(|w| w[0] >= w[1]));
    assert!(stamps[dated..].iter().all(Option::is_none));
    assert_eq!(
        feed.items()[0].title.as_deref(),
        Some("Harbour board approves night-time dredging plan")
    );
    let undated: Vec<_> = feed.items()[dated..]
        .iter()
        .map(|i| i.path.clone())
        .collect();
    let mut sorted = undated.clone();
    sorted.sort();
    assert_eq!(undated, sorted);
}

#[test]
fn ids_are_stable_across_loads() {
    let a = load(&fixture("")).unwrap().feed;
    let b = load(&fixture("")).unwrap().feed;
    let ids = |f: &Feed| {
        f.items()
            .iter()
            .map(|i| (i.id, i.path.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
    let mut unique: Vec<_> = a.items().iter().map(|i| i.id).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), a.len());
}

#[test]
fn a_full_item_reads_every_field() {
    let i = item("plain.md");
    assert_eq!(i.category.as_deref(), Some("news"));
    assert_eq!(i.quality, Some(71));
    assert_eq!(i.heat, Some(90));
    assert_eq!(i.published, Some(false));
    assert_eq!(i.kind.as_deref(), Some("article"));
    assert_eq!(i.topics, ["Transport".into(), "Politics".into()]);
    let p = i.provider.as_ref().unwrap();
    assert_eq!(
        (p.name.as_deref(), p.domain.as_deref()),
        (Some("Harbour News"), Some("harbour-news.example"))
    );
    assert_eq!(p.images[0].width, Some(50));
    assert_eq!(i.images[0].is_cached, Some(true));
    assert_eq!(i.images[0].height, Some(675));
    assert_eq!(i.related.len(), 1);
    assert_eq!(
        i.related[0].provider.as_ref().unwrap().name.as_deref(),
        Some("Quay Weekly")
    );
    assert_eq!(i.related[0].quality, Some(40));
    assert!(i.amp_web_url.as_deref().unwrap().ends_with("/amp/"));
    assert!(
        i.cdn_amp_web_url
            .as_deref()
            .unwrap()
            .contains("cdn.ampproject.org")
    );
    assert_eq!(
        i.secured.as_deref(),
        Some("QUJDRA==;MDEyMzQ1Njc4OWFiY2RlZg==")
    );
    assert!(i.extra.is_empty());
}

#[test]
fn bom_crlf_dots_and_no_final_newline() {
    let i = item("bom-crlf.md");
    assert_eq!(i.title.as_deref(), Some("Windows editor item"));
    assert_eq!(i.published, Some(true));
    assert_eq!(i.timestamp().unwrap().to_string(), "2024-05-01T08:00:00Z");
}

#[test]
fn dates_with_offsets_date_only_and_unparsable_text() {
    assert_eq!(
        item("date-offset.md").timestamp().unwrap().to_string(),
        "2024-03-05T14:51:00Z"
    );
    assert_eq!(
        item("date-only.md").timestamp().unwrap().to_string(),
        "2024-03-04T00:00:00Z"
    );
    assert_eq!(
        item("date-bad.md").date,
        Some(PubDate::Text("next Tuesday".into()))
    );
}

#[test]
fn wrong_types_are_read_the_sensible_way_or_kept() {
    let i = item("wrong-types.md");
    assert_eq!(i.title.as_deref(), Some("2024"));
    assert_eq!(i.quality, Some(17));
    assert_eq!(i.heat, None);
    assert_eq!(i.extra.0.len(), 1);
    assert_eq!(i.extra.0[0].0, "heat");
    assert_eq!(i.extra.0[0].1.as_str(), Some("high"));
    assert_eq!(i.topics, ["Science".into()]);
    assert_eq!(
        i.images[0].url.as_deref(),
        Some("https://lab.example/photo.jpg")
    );
    assert_eq!(i.provider_name(), Some("Lab Weekly"));
    assert!(i.is_published());
    assert_eq!(i.related.len(), 1);
    assert_eq!(i.related[0].url(), Some("https://other.example/x"));
}

#[test]
fn hostile_text_is_decoded_then_stripped_everywhere() {
    let i = item("hostile-text.md");
    let all = serde_json::to_string(&i).unwrap();
    for bad in [
        '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{2069}', '\r', '\t',
    ] {
        assert!(!all.contains(bad), "{bad:?} survived in {all}");
    }
    assert_eq!(i.title.as_deref(), Some("Evil [2J]0;pwned title gnp.exe"));
    assert_eq!(i.excerpt.as_deref(), Some("Tom & Jerry — café [31m red 1m"));
    assert_eq!(i.provider_name(), Some("Bad Actor "));
    assert_eq!(i.topics, ["isolated".into()]);
    assert_eq!(i.extra.0[0].1.as_str(), Some("unknown [5m key"));
}

#[test]
fn unknown_keys_are_kept_in_file_order() {
    let i = item("unknown-keys.md");
    let keys: Vec<_> = i.extra.0.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["zeta", "alpha", "mid"]);
}

#[test]
fn learning_and_organization_variants() {
    let l = item("learning.md");
    assert_eq!(l.kind.as_deref(), Some("course"));
    assert_eq!(l.more().price.as_deref(), Some("$19.00"));
    assert_eq!(l.more().length.as_deref(), Some("9 hours"));
    let r = l.more().ratings.as_ref().unwrap();
    assert_eq!((r.count, r.average), (Some(120), Some(4.6)));
    assert_eq!(l.more().levels, ["Beginner"]);
    assert_eq!(l.more().items, ["videos/stats-intro"]);
    let p = l.provider.as_ref().unwrap();
    assert_eq!(p.authors[0].name.as_deref(), Some("Ada Reporter"));
    assert_eq!(p.publishers[0].name.as_deref(), Some("Data Desk Press"));
    assert_eq!(p.publishers[0].domain, None);
    assert!(
        l.more()
            .featured_content
            .as_deref()
            .unwrap()
            .starts_with("<iframe src=\"")
    );
    assert!(l.extra.is_empty());

    let o = item("organization.md");
    assert_eq!(o.more().taxonomy.as_deref(), Some("organization"));
    assert_eq!(o.more().org_id.as_deref(), Some("quay-weekly.example"));
    assert_eq!(o.display_title(), "Quay Weekly");
    assert!(o.extra.is_empty());
}

#[test]
fn published_missing_or_empty_means_unpublished() {
    assert!(!item("empty-published.md").is_published());
    assert!(!item("empty.md").is_published());
    assert_eq!(item("empty.md").display_title(), "empty.md");
}

#[test]
fn errors_name_the_file_line_and_column() {
    let e = error("syntax-error.md");
    assert_eq!((e.line, e.column), (Some(3), Some(11)));
    assert!(
        e.to_string()
            .starts_with(&format!("{}:3:11: ", fixture("syntax-error.md").display()))
    );

    let e = error("latin1.md");
    assert_eq!((e.line, e.column), (Some(2), Some(12)));
    assert!(e.message.contains("UTF-8"));

    assert_eq!(error("binary.md").line, Some(3));
    assert!(error("alias-bomb.md").message.contains("alias"));
    assert!(error("deep-nesting.md").message.contains("nested"));
    assert!(error("duplicate-key.md").line.is_some());
    assert!(error("duplicate-key.md").message.contains("title"));
    assert!(error("not-mapping.md").message.contains("mapping"));
    assert!(error("unclosed.md").message.contains("never closed"));
}

#[test]
fn skipped_is_not_an_error() {
    assert!(matches!(
        load_file(&fixture("no-frontmatter.md")),
        Loaded::Skipped
    ));
}

#[test]
fn huge_excerpts_load_and_oversized_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.md");
    let excerpt = "word ".repeat(1_000_000);
    std::fs::write(
        &big,
        format!("---\ntitle: big\nexcerpt: \"{excerpt}\"\n---\n"),
    )
    .unwrap();
    let Loaded::Item(i) = load_file(&big) else {
        panic!("5 MB excerpt should load")
    };
    assert_eq!(i.excerpt.as_ref().unwrap().len(), excerpt.len());

    let huge = dir.path().join("huge.md");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(newsdesk::feed::loader::MAX_FILE_BYTES + 1)
        .unwrap();
    let Loaded::Failed(e) = load_file(&huge) else {
        panic!("oversized file should fail")
    };
    assert!(e.message.contains("larger than"), "{e}");
}

#[test]
fn a_missing_root_is_an_error_naming_it() {
    let e = load(&fixture("does-not-exist")).unwrap_err();
    assert!(e.to_string().contains("does-not-exist"));
    assert!(e.message.contains("no such file"));
}

#[test]
fn related_articles_are_found_in_the_feed_by_url() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "---\ntitle: A\noriginalUrl: https://x.example/a\n---\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "---\ntitle: B\nrelated:\n  - title: A\n    webUrl: https://x.example/a/\n---\n",
    )
    .unwrap();
    let feed = load(dir.path()).unwrap().feed;
    let b = feed
        .items()
        .iter()
        .find(|i| i.title.as_deref() == Some("B"))
        .unwrap();
    assert_eq!(b.related_count(), 1);
    let b = read_item(&b.path).unwrap().unwrap();
    let at = feed.id_of_url(b.related[0].url().unwrap()).unwrap();
    assert_eq!(feed.get(at).unwrap().title.as_deref(), Some("A"));
    assert_eq!(feed.id_of_url("https://x.example/none"), None);
}

/// `n` small items in `dir`, spread over a few folders.
fn write_items(dir: &Path, n: usize) {
    for i in 0..n {
        let sub = dir.join(format!("{:02}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("item-{i}.md")),
            format!("---\ntitle: Item {i}\npublishedDateTime: 2024-01-01T00:00:00Z\n---\n"),
        )
        .unwrap();
    }
}

#[test]
fn item_ids_are_fnv1a_of_the_path_bytes_and_never_change() {
    // The published FNV-1a 64 test vectors, then a path: these values are on disk (undo
    // entries, the cache) and must never change.
    assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(
        ItemId::of(Path::new("feed/a.md")),
        ItemId(0xf1b2_55f7_40e2_0f28)
    );
    assert_ne!(
        ItemId::of(Path::new("feed/b.md")),
        ItemId::of(Path::new("feed/a.md"))
    );
    let i = item("plain.md");
    assert_eq!(i.id, ItemId::of(&fixture("plain.md")));
}

#[test]
fn streaming_delivers_every_item_in_batches_then_done() {
    use std::sync::Mutex;
    let dir = tempfile::tempdir().unwrap();
    write_items(dir.path(), 700);
    let events = Mutex::new(Vec::new());
    load_streaming_in(dir.path(), None, &|ev| {
        events.lock().unwrap().push(ev);
        true
    });
    let events = events.into_inner().unwrap();
    let found: Vec<usize> = events
        .iter()
        .filter_map(|e| match e {
            LoadEvent::Found { files } => Some(*files),
            _ => None,
        })
        .collect();
    assert_eq!(found.last(), Some(&700), "the last Found is the total");
    let batches: Vec<(usize, usize)> = events
        .iter()
        .filter_map(|e| match e {
            LoadEvent::Batch {
                items, files_read, ..
            } => Some((items.len(), *files_read)),
            _ => None,
        })
        .collect();
    assert!(batches.len() >= 3, "700 files in batches: {batches:?}");
    assert!(batches.iter().all(|(n, _)| *n <= 300));
    assert_eq!(batches.iter().map(|(n, _)| n).sum::<usize>(), 700);
    assert!(
        batches.windows(2).all(|w| w[0].1 < w[1].1),
        "files_read grows"
    );
    assert_eq!(batches.last().unwrap().1, 700);
    assert!(matches!(events.last(), Some(LoadEvent::Done)));
}

#[test]
fn streaming_stops_as_soon_as_send_returns_false() {
    use std::sync::Mutex;
    let dir = tempfile::tempdir().unwrap();
    write_items(dir.path(), 700);
    let batches = Mutex::new(0);
    let done = Mutex::new(false);
    load_streaming_in(dir.path(), None, &|ev| match ev {
        LoadEvent::Batch { .. } => {
            *batches.lock().unwrap() += 1;
            false
        }
        LoadEvent::Done => {
            *done.lock().unwrap() = true;
            true
        }
        LoadEvent::Found { .. } => true,
    });
    assert_eq!(*batches.lock().unwrap(), 1);
    assert!(!*done.lock().unwrap());
}

#[test]
fn streaming_a_missing_root_sends_its_error_then_done() {
    use std::sync::Mutex;
    let events = Mutex::new(Vec::new());
    load_streaming_in(&fixture("does-not-exist"), None, &|ev| {
        events.lock().unwrap().push(ev);
        true
    });
    let events = events.into_inner().unwrap();
    let [LoadEvent::Batch { errors, .. }, LoadEvent::Done] = &events[..] else {
        panic!("{events:?}")
    };
    assert!(errors[0].message.contains("no such file"));
}

#[test]
fn twenty_thousand_nested_brackets_are_refused_in_milliseconds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.md");
    let text = format!("---\ntitle: x\nrelated: {}\n---\n", "[".repeat(20_000));
    std::fs::write(&path, text).unwrap();
    // Warm the page cache and the code paths once, then time the best of three: the
    // limit is ~15x what it takes here, and libyaml alone took 750 ms.
    let mut best = std::time::Duration::MAX;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let Loaded::Failed(e) = load_file(&path) else {
            panic!("deep nesting must fail")
        };
        best = best.min(t.elapsed());
        assert!(e.message.contains("nested"), "{e}");
        assert_eq!(e.line, Some(3), "{e}");
    }
    assert!(best.as_millis() < 50, "took {best:?}");
}

#[test]
fn an_unreadable_folder_is_reported_not_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write_items(dir.path(), 3);
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("hidden-from-us.md"), "---\ntitle: x\n---\n").unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads any folder: run the real binary as `nobody` then.
    let out = if unsafe { libc::geteuid() } == 0 {
        use std::os::unix::process::CommandExt;
        std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args(["check", "--no-cache"])
            .arg(dir.path())
            .uid(65534)
            .gid(65534)
            .output()
            .unwrap()
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args(["check", "--no-cache"])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("locked: cannot read this folder"),
        "{stdout}"
    );
    assert!(stdout.contains("permission denied"), "{stdout}");
    assert!(stdout.contains("3 items, 1 error"), "{stdout}");
}

#[test]
fn items_of_one_outlet_share_one_provider() {
    let dir = tempfile::tempdir().unwrap();
    for (name, outlet, extra) in [
        ("a", "Harbour News", ""),
        ("b", "Harbour News", ""),
        ("c", "Other Desk", ""),
        ("d", "Harbour News", "  founded: 1901\n"),
    ] {
        std::fs::write(
            dir.path().join(format!("{name}.md")),
            format!(
                "---\ntitle: {name}\nprovider:\n  name: {outlet}\n  domain: x.example\n{extra}---\n"
            ),
        )
        .unwrap();
    }
    let feed = load(dir.path()).unwrap().feed;
    let provider = |t: &str| {
        let item = feed
            .items()
            .iter()
            .find(|i| i.title.as_deref() == Some(t))
            .unwrap();
        item.provider.clone().unwrap()
    };
    assert!(std::sync::Arc::ptr_eq(&provider("a"), &provider("b")));
    assert!(!std::sync::Arc::ptr_eq(&provider("a"), &provider("c")));
    // A provider with more than a name and a domain keeps its own copy, and all of it.
    assert!(!std::sync::Arc::ptr_eq(&provider("a"), &provider("d")));
    assert_eq!(provider("d").extra.0.len(), 1);
    assert_eq!(provider("a").name.as_deref(), Some("Harbour News"));
}

/// From the cache too, items of one outlet share one provider, and items share their
/// topics, category and type: one copy each for the whole feed (a freshly parsed item
/// keeps its own category and type).
#[test]
fn cached_items_share_outlet_topics_category_and_type() {
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed");
    std::fs::create_dir(&feed).unwrap();
    for name in ["a", "b"] {
        std::fs::write(
            feed.join(format!("{name}.md")),
            format!(
                "---\ncategory: news\ntitle: {name}\ntype: article\nprovider:\n  name: Harbour\n  \
                 domain: x.example\ntopics:\n  - Politics\n  - Local\n---\n"
            ),
        )
        .unwrap();
    }
    common::age_files(&feed);
    let cache = dir.path().join("cache");
    let cold = newsdesk::feed::loader::load_with_cache_dir(&feed, Some(&cache)).unwrap();
    let warm = newsdesk::feed::loader::load_with_cache_dir(&feed, Some(&cache)).unwrap();
    assert_eq!(warm.from_cache, 2);
    assert_eq!(warm.feed.items(), cold.feed.items());
    let both = |r: &newsdesk::feed::LoadReport| {
        let items = r.feed.items();
        (items[0].clone(), items[1].clone())
    };
    for (a, b) in [both(&cold), both(&warm)] {
        assert!(Arc::ptr_eq(
            a.provider.as_ref().unwrap(),
            b.provider.as_ref().unwrap()
        ));
        assert!(Arc::ptr_eq(&a.topics[0], &b.topics[0]) && Arc::ptr_eq(&a.topics[1], &b.topics[1]));
    }
    let (a, b) = both(&warm);
    assert!(Arc::ptr_eq(
        a.category.as_ref().unwrap(),
        b.category.as_ref().unwrap()
    ));
    assert!(Arc::ptr_eq(
        a.kind.as_ref().unwrap(),
        b.kind.as_ref().unwrap()
    ));
}
