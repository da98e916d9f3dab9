//! The loader on fixtures written for each hostile or unusual case: every file has an
//! expected outcome, and the folder as a whole still loads.

use std::path::{Path, PathBuf};

use newsdesk::feed::item::PubDate;
use newsdesk::feed::loader::{Loaded, load, load_file, load_with_progress};
use newsdesk::feed::{Feed, Item, LoadError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/core")
        .join(name)
}

fn item(name: &str) -> Item {
    match load_file(&fixture(name)) {
        Loaded::Item(item) => *item,
        other => panic!("{name}: expected an item, got {other:?}"),
    }
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
    assert_eq!(i.topics, ["Transport", "Politics"]);
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
    assert_eq!(i.topics, ["Science"]);
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
    assert_eq!(i.topics, ["isolated"]);
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
    assert_eq!(l.price.as_deref(), Some("$19.00"));
    assert_eq!(l.length.as_deref(), Some("9 hours"));
    let r = l.ratings.as_ref().unwrap();
    assert_eq!((r.count, r.average), (Some(120), Some(4.6)));
    assert_eq!(l.levels, ["Beginner"]);
    assert_eq!(l.items, ["videos/stats-intro"]);
    let p = l.provider.as_ref().unwrap();
    assert_eq!(p.authors[0].name.as_deref(), Some("Ada Reporter"));
    assert_eq!(p.publishers[0].name.as_deref(), Some("Data Desk Press"));
    assert_eq!(p.publishers[0].domain, None);
    assert!(
        l.featured_content
            .as_deref()
            .unwrap()
            .starts_with("<iframe src=\"")
    );
    assert!(l.extra.is_empty());

    let o = item("organization.md");
    assert_eq!(o.taxonomy.as_deref(), Some("organization"));
    assert_eq!(o.org_id.as_deref(), Some("quay-weekly.example"));
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
    let at = feed.id_of_url(b.related[0].url().unwrap()).unwrap();
    assert_eq!(feed.get(at).unwrap().title.as_deref(), Some("A"));
    assert_eq!(feed.id_of_url("https://x.example/none"), None);
}

#[test]
fn progress_counts_every_file_up_to_the_total() {
    use std::sync::Mutex;
    let seen = Mutex::new(Vec::new());
    let report = load_with_progress(&fixture(""), &|done, total| {
        seen.lock().unwrap().push((done, total));
    })
    .unwrap();
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    let files = report.feed.len() + report.errors.len() + report.skipped;
    let expected: Vec<_> = (1..=files).map(|d| (d, files)).collect();
    assert_eq!(seen, expected);
}
