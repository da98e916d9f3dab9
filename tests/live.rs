//! The desk follows its folder: the runtime on a TestBackend with a real watch on a real
//! temporary folder, changed from outside while it runs.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::tz::TimeZone;
use newsdesk::app::{Model, Msg, update};
use newsdesk::feed::loader::{LoadError, load, read_item};
use newsdesk::feed::store::{Rev, WriteError, Written, write_published};
use newsdesk::feed::{Item, ItemId};
use newsdesk::platform::{Opened, Platform};
use newsdesk::runtime::{Input, Runtime, spawn_watch};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// Writes for real, as the desk does, so its own writes come back through the watch.
struct Disk;

impl Platform for Disk {
    fn open_url(&self, _url: &str) -> Result<Opened, String> {
        Err("no browser in tests".into())
    }
    fn write_published(&self, path: &Path, value: bool, rev: Rev) -> Result<Written, WriteError> {
        write_published(path, value, Some(rev))
    }
    fn read_item(&self, path: &Path) -> Result<Option<Item>, LoadError> {
        read_item(path)
    }
}

fn item(title: &str, date: &str) -> String {
    format!("---\ntitle: \"{title}\"\npublishedDateTime: {date}\npublished: false\n---\nBody.\n")
}

fn key(c: char) -> Input {
    Input::Terminal(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

/// Step the runtime until `done` holds; fails after 5 s (the promise is "within a second").
fn until(rt: &mut Runtime<TestBackend>, what: &str, done: impl Fn(&Model) -> bool) {
    let start = Instant::now();
    while !done(&rt.model) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "timed out waiting for: {what}; status {:?}",
            rt.model.status
        );
        rt.step(Some(Duration::from_millis(20))).unwrap();
    }
}

fn title_of(m: &Model, id: ItemId) -> Option<String> {
    m.feed.get(id).and_then(|i| i.title.clone())
}

fn status(m: &Model) -> String {
    m.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn id(dir: &Path, name: &str) -> ItemId {
    ItemId::of(&dir.join(name))
}

fn setup() -> (tempfile::TempDir, PathBuf, Runtime<TestBackend>) {
    setup_with(0)
}

/// With `more` items besides a, b and c (older than them).
fn setup_with(more: usize) -> (tempfile::TempDir, PathBuf, Runtime<TestBackend>) {
    common::state_dir();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    for n in 0..more {
        std::fs::write(
            dir.join(format!("old-{n:04}.md")),
            item("Old", "2025-06-01"),
        )
        .unwrap();
    }
    std::fs::write(dir.join("a.md"), item("Alpha", "2026-01-03")).unwrap();
    std::fs::write(dir.join("b.md"), item("Bravo", "2026-01-02")).unwrap();
    std::fs::write(dir.join("c.md"), item("Charlie", "2026-01-01")).unwrap();
    let mut m = Model::new(
        load(&dir).unwrap(),
        "2026-03-10T12:00:00Z".parse().unwrap(),
        TimeZone::UTC,
    );
    update(
        &mut m,
        Msg::Resize {
            width: 100,
            height: 30,
        },
    );
    let t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut rt = Runtime::new(t, m, Arc::new(Disk));
    rt.start().unwrap();
    (tmp, dir, rt)
}

#[test]
fn outside_changes_arrive_and_the_selection_stays_put() {
    let (_tmp, dir, mut rt) = setup();
    let _watch = spawn_watch(&dir, rt.sender()).unwrap();
    let b = id(&dir, "b.md");
    rt.handle(key('j')).unwrap();
    assert_eq!(rt.model.selected, Some(b));
    assert_eq!(rt.model.cursor, 1);

    // Added: newest, so it sorts above the selection, which moves down a row with it.
    std::fs::write(dir.join("d.md"), item("Delta", "2026-01-04")).unwrap();
    until(&mut rt, "d.md appears", |m| {
        m.feed.contains(id(&dir, "d.md"))
    });
    assert_eq!(rt.model.view.position(id(&dir, "d.md")), Some(0));
    assert_eq!(status(&rt.model), "1 new");
    assert_eq!((rt.model.selected, rt.model.cursor), (Some(b), 2));

    // Changed: re-read in place.
    std::fs::write(dir.join("c.md"), item("Charlie, revised", "2026-01-01")).unwrap();
    let c = id(&dir, "c.md");
    until(&mut rt, "c.md changes", |m| {
        title_of(m, c).as_deref() == Some("Charlie, revised")
    });
    assert_eq!(status(&rt.model), "1 changed");
    assert_eq!(rt.model.selected, Some(b));

    // A hidden file (an editor's or our own temporary file) is not an item.
    std::fs::write(dir.join(".scratch.md"), item("Hidden", "2026-01-05")).unwrap();
    // Removed.
    std::fs::remove_file(dir.join("a.md")).unwrap();
    until(&mut rt, "a.md leaves", |m| {
        !m.feed.contains(id(&dir, "a.md"))
    });
    assert_eq!(status(&rt.model), "1 removed");
    assert_eq!((rt.model.selected, rt.model.cursor), (Some(b), 1));

    // Renamed: the old path leaves, the new one arrives.
    std::fs::rename(dir.join("d.md"), dir.join("e.md")).unwrap();
    until(&mut rt, "d.md renamed to e.md", |m| {
        m.feed.contains(id(&dir, "e.md")) && !m.feed.contains(id(&dir, "d.md"))
    });
    assert_eq!(rt.model.feed.len(), 3);
    assert!(rt.model.view.len() == 3);
    assert!(!rt.model.feed.contains(id(&dir, ".scratch.md")));
    assert_eq!(rt.model.selected, Some(b));

    // The selected item removed: the selection goes to the nearest row, not away.
    std::fs::remove_file(dir.join("b.md")).unwrap();
    until(&mut rt, "b.md leaves", |m| !m.feed.contains(b));
    assert_eq!(rt.model.cursor, 1);
    assert_eq!(rt.model.selected, Some(c));
}

#[test]
fn own_writes_are_not_reported_as_outside_changes() {
    let (_tmp, dir, mut rt) = setup();
    let _watch = spawn_watch(&dir, rt.sender()).unwrap();
    let a = id(&dir, "a.md");
    rt.handle(key('p')).unwrap();
    until(&mut rt, "the write is done", |m| {
        m.feed.get(a).is_some_and(|i| i.is_published())
    });
    let after_write = rt.model.messages.len();
    // Long enough for the watch to see the write (debounced 200 ms) and hand it over.
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(1200) {
        rt.step(Some(Duration::from_millis(20))).unwrap();
    }
    let later: Vec<String> = (rt.model.messages[after_write..].iter())
        .map(|s| s.text.clone())
        .collect();
    assert!(later.is_empty(), "own write reported: {later:?}");
    assert!(status(&rt.model).starts_with("Published"));

    // Yet an outside change right after is reported.
    let text = std::fs::read_to_string(dir.join("a.md")).unwrap();
    std::fs::write(dir.join("a.md"), text.replace("Alpha", "Alpha two")).unwrap();
    until(&mut rt, "the outside change", |m| {
        title_of(m, a).as_deref() == Some("Alpha two")
    });
    assert_eq!(status(&rt.model), "1 changed");
}

#[test]
fn reload_key_finds_what_changed_without_a_watch() {
    let (_tmp, dir, mut rt) = setup();
    std::fs::write(dir.join("d.md"), item("Delta", "2026-01-04")).unwrap();
    std::fs::remove_file(dir.join("c.md")).unwrap();
    std::fs::write(dir.join("b.md"), item("Bravo, revised", "2026-01-02")).unwrap();
    rt.handle(key('R')).unwrap();
    until(&mut rt, "the reload", |m| {
        !status(m).starts_with("Reloading")
    });
    assert_eq!(status(&rt.model), "1 new, 1 changed, 1 removed");
    assert_eq!(rt.model.feed.len(), 3);
    // The changes are in the text sorts' orders now, not at the next sort key, and they
    // order as a plain sort does.
    assert!(rt.model.feed.text_orders_ready());
    for sort in ["title:asc", "title:desc", "provider:asc"] {
        let sort = sort.parse().unwrap();
        let mut want: Vec<&Item> = rt.model.feed.items().iter().collect();
        newsdesk::feed::sort::sort_items(&mut want, sort);
        let want: Vec<ItemId> = want.iter().map(|i| i.id).collect();
        assert_eq!(newsdesk::feed::sort::sorted_ids(&rt.model.feed, sort), want);
    }
    assert_eq!(
        title_of(&rt.model, id(&dir, "b.md")).as_deref(),
        Some("Bravo, revised")
    );
    rt.handle(key('R')).unwrap();
    until(&mut rt, "the second reload", |m| {
        !status(m).starts_with("Reloading")
    });
    assert_eq!(status(&rt.model), "Reloaded: nothing changed on disk");
}

#[test]
fn a_folder_that_cannot_be_watched_is_said_once_and_r_still_reloads() {
    let (_tmp, dir, mut rt) = setup();
    let missing = dir.join("not-there");
    let Err(err) = spawn_watch(&missing, rt.sender()) else {
        panic!("a folder that is not there was watched");
    };
    assert!(!err.is_empty());
    rt.handle(Input::Folder(Msg::WatchFailed { message: err }))
        .unwrap();
    let said = status(&rt.model);
    assert!(
        said.starts_with("Not following the folder (") && said.ends_with("press R to reload"),
        "{said}"
    );
    std::fs::write(dir.join("d.md"), item("Delta", "2026-01-04")).unwrap();
    rt.handle(key('R')).unwrap();
    until(&mut rt, "the reload", |m| m.feed.contains(id(&dir, "d.md")));
    assert_eq!(status(&rt.model), "1 new");
}

/// What the watch reported: "2 new", "1 changed, 1 removed", ...
fn watch_reports(m: &Model) -> Vec<String> {
    let words = ["new", "changed", "removed"];
    (m.messages.iter())
        .map(|s| s.text.clone())
        .filter(|t| {
            t.split(", ").all(|part| {
                part.split_once(' ')
                    .is_some_and(|(n, w)| n.parse::<usize>().is_ok() && words.contains(&w))
            })
        })
        .collect()
}

#[test]
fn a_bulk_step_and_its_undo_are_not_reported_as_outside_changes() {
    // Enough files that the step outlasts the watch's debounce: the watch sees the first
    // files written while the step still runs.
    const MORE: usize = 600;
    let (_tmp, dir, mut rt) = setup_with(MORE);
    let _watch = spawn_watch(&dir, rt.sender()).unwrap();
    for c in ['*', 'p', 'y'] {
        rt.handle(key(c)).unwrap();
    }
    until(&mut rt, "the bulk step", |m| {
        m.feed.published_count() == MORE + 3
    });
    until(&mut rt, "the step to end", |m| m.bulk.inflight == 0);
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(1200) {
        rt.step(Some(Duration::from_millis(20))).unwrap();
    }
    assert_eq!(watch_reports(&rt.model), Vec::<String>::new());
    // Close the step's summary, then undo it.
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    rt.handle(Input::Terminal(Event::Key(esc))).unwrap();
    rt.handle(key('u')).unwrap();
    until(&mut rt, "the undo", |m| m.feed.published_count() == 0);
    until(&mut rt, "the undo to end", |m| m.bulk.inflight == 0);
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(1200) {
        rt.step(Some(Duration::from_millis(20))).unwrap();
    }
    assert_eq!(watch_reports(&rt.model), Vec::<String>::new());
    // The check itself sees a report when there is one.
    std::fs::write(dir.join("d.md"), item("Delta", "2026-01-04")).unwrap();
    until(&mut rt, "d.md appears", |m| {
        m.feed.contains(id(&dir, "d.md"))
    });
    assert_eq!(watch_reports(&rt.model), ["1 new"]);
}
