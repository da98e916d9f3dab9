//! The selected item read whole on demand, on TestBackend: the list holds slim items
//! (as the loader gives them), the related pane counts while the file is read, fills
//! after, and says in plain words when the file could not be read.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::app::{Effect, Model, Msg, update};
use newsdesk::feed::loader::{load, read_item};
use newsdesk::feed::{Item, LoadReport};
use newsdesk::platform::Recording;
use newsdesk::runtime::{Input, Runtime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const QUIET: Duration = Duration::from_millis(150);
const HARBOUR: &str = "2026-03-10-harbour-ferry-terminal.md";
const UNIONS: &str = "Ferry unions welcome quieter berths";

fn now() -> Timestamp {
    "2026-03-10T12:00:00Z".parse().unwrap()
}

/// The feed at `root` as the list holds it: the loader gives every item slim.
fn slim(root: &Path) -> LoadReport {
    let report = load(root).unwrap();
    assert!(report.feed.items().iter().all(Item::is_slim));
    report
}

/// Harbour (two related articles) is selected.
fn model(root: &Path) -> (Model, Vec<Effect>) {
    let mut m = Model::new(slim(root), now(), TimeZone::UTC);
    let effects = update(
        &mut m,
        Msg::Resize {
            width: 120,
            height: 40,
        },
    );
    (m, effects)
}

fn screen(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(m.width, m.height)).unwrap();
    t.draw(|f| newsdesk::ui::view(m, f)).unwrap();
    t.backend().to_string()
}

/// The fixtures in a folder of their own, to change on disk.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("feed");
    std::fs::create_dir(&root).unwrap();
    for e in std::fs::read_dir("tests/fixtures/tui").unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() != "broken-unclosed-list.md" {
            std::fs::copy(&p, root.join(p.file_name().unwrap())).unwrap();
        }
    }
    (tmp, root)
}

/// For the runtime: nothing asked yet (an ask made outside it would never be answered).
fn fresh(root: &Path) -> Model {
    let mut m = Model::new(slim(root), now(), TimeZone::UTC);
    (m.width, m.height) = (120, 40);
    m
}

fn runtime(m: Model, p: Arc<Recording>) -> Runtime<TestBackend> {
    let t = Terminal::new(TestBackend::new(m.width, m.height)).unwrap();
    let mut rt = Runtime::new(t, m, p);
    rt.start().unwrap();
    rt
}

fn keys(rt: &Runtime<TestBackend>, keys: &str) {
    for c in keys.chars() {
        let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        rt.sender().send(Input::Terminal(Event::Key(ev))).unwrap();
    }
}

fn rt_screen(rt: &Runtime<TestBackend>) -> String {
    rt.terminal().backend().to_string()
}

fn read_names(p: &Recording) -> Vec<String> {
    (p.log().reads.iter())
        .map(|r| r.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn while_the_file_is_read_the_related_pane_counts_and_says_so() {
    let (mut m, effects) = model(Path::new("tests/fixtures/tui"));
    let s = screen(&m);
    assert!(s.contains("Related (2)"), "{s}");
    assert!(s.contains("Reading the file…"), "{s}");
    assert!(!s.contains("No related articles."), "{s}");
    assert!(!s.contains(UNIONS), "{s}");
    let [Effect::ReadDetail { id, rev, path }] = &effects[..] else {
        panic!("{effects:?}");
    };
    update(
        &mut m,
        Msg::DetailRead {
            id: *id,
            rev: *rev,
            result: read_item(path).map(|i| i.map(Box::new)),
        },
    );
    let s = screen(&m);
    assert!(s.contains("Related (2)"), "{s}");
    assert!(s.contains(UNIONS), "{s}");
    assert!(!s.contains("Reading the file"), "{s}");
}

#[test]
fn the_runtime_reads_the_selected_file_once_and_fills_the_related_pane() {
    let p = Arc::new(Recording::default());
    let mut rt = runtime(fresh(Path::new("tests/fixtures/tui")), p.clone());
    // The first message asks; the worker answers.
    keys(&rt, "l");
    rt.settle(QUIET).unwrap();
    assert_eq!(read_names(&p), vec![HARBOUR]);
    let s = rt_screen(&rt);
    assert!(s.contains(UNIONS), "{s}");
    // Down to tokyo and back up: tokyo is read, harbour is not read again.
    keys(&rt, "hjk");
    rt.settle(QUIET).unwrap();
    assert_eq!(read_names(&p), vec![HARBOUR, "2026-03-09-tokyo-library.md"]);
    let s = rt_screen(&rt);
    assert!(s.contains("Related (2)") && s.contains(UNIONS), "{s}");
}

#[test]
fn a_file_that_no_longer_reads_is_named_in_the_related_pane() {
    let (_tmp, root) = scratch();
    let m = fresh(&root);
    // Broken after it was listed: an unclosed flow list.
    std::fs::write(root.join(HARBOUR), "---\ntitle: [broken\n---\n").unwrap();
    let p = Arc::new(Recording::default());
    let mut rt = runtime(m, p.clone());
    keys(&rt, "l");
    rt.settle(QUIET).unwrap();
    assert_eq!(read_names(&p), vec![HARBOUR]);
    let s = rt_screen(&rt);
    assert!(s.contains("Related (2)"), "{s}");
    assert!(s.contains("│Could not read "), "{s}");
    assert!(
        s.contains("│2026-03-10-harbour-ferry-terminal.md (line 3,"),
        "{s}"
    );
    assert!(
        s.contains("│column 1): did not find expected ',' or ']'"),
        "{s}"
    );
    assert!(!s.contains(UNIONS), "{s}");
}

#[test]
fn a_file_changed_since_it_was_listed_is_not_shown_as_its_related_articles() {
    let (_tmp, root) = scratch();
    let m = fresh(&root);
    let path = root.join(HARBOUR);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace(UNIONS, "Someone else's edit")).unwrap();
    let p = Arc::new(Recording::default());
    let mut rt = runtime(m, p.clone());
    keys(&rt, "l");
    rt.settle(QUIET).unwrap();
    let s = rt_screen(&rt);
    assert!(s.contains("Related (2)"), "{s}");
    assert!(
        s.contains("2026-03-10-harbour-ferry-terminal.md changed"),
        "{s}"
    );
    assert!(s.contains("on disk since it was listed"), "{s}");
    assert!(
        !s.contains("Someone else's edit") && !s.contains(UNIONS),
        "{s}"
    );
}
