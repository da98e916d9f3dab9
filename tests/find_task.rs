//! Issue 8's task, as a new user would do it on the 131-file corpus: "find the unpublished
//! Google AI items with the highest quality, read them, publish three, take one back", in
//! under 20 keys. The real key handling (runtime on a TestBackend, the real journal and
//! writes) on a temporary copy of the corpus; the files on disk are checked at the end.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::tz::TimeZone;
use newsdesk::app::{Model, Msg, find, update};
use newsdesk::browser::Browser;
use newsdesk::feed::Item;
use newsdesk::feed::loader::load;
use newsdesk::feed::query::{Clock, Matcher, parse};
use newsdesk::feed::sort::sort_items;
use newsdesk::platform::System;
use newsdesk::runtime::{Input, Runtime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tempfile::tempdir;

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// A key as the terminal sends it, counted.
struct Keys<'a> {
    rt: &'a mut Runtime<TestBackend>,
    count: usize,
}

impl Keys<'_> {
    fn press(&mut self, code: KeyCode) {
        let mods = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        self.count += 1;
        let ev = Input::Terminal(Event::Key(KeyEvent::new(code, mods)));
        self.rt.handle(ev).unwrap();
        // Writes and their journal steps answer before the next key.
        let start = Instant::now();
        while self.rt.model.bulk.inflight > 0 || !self.rt.model.saving.is_empty() {
            self.rt.step(Some(Duration::from_millis(20))).unwrap();
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "write never ended"
            );
        }
        self.rt.settle(Duration::from_millis(50)).unwrap();
    }

    fn chars(&mut self, s: &str) {
        for c in s.chars() {
            self.press(KeyCode::Char(c));
        }
    }
}

fn screen(rt: &Runtime<TestBackend>) -> String {
    rt.terminal().backend().to_string()
}

#[test]
fn the_google_ai_task_takes_under_20_keys() {
    common::state_dir();
    let dir = tempdir().unwrap();
    if common::copy_corpus_items(dir.path()).is_none() {
        return;
    }
    let feed = dir.path();
    let before = files(feed);
    let mut m = Model::new(load(feed).unwrap(), jiff::Timestamp::now(), TimeZone::UTC);
    update(
        &mut m,
        Msg::Resize {
            width: 160,
            height: 45,
        },
    );
    find::start(&mut m, find::saved_views(&[]).unwrap());
    let t = Terminal::new(TestBackend::new(160, 45)).unwrap();
    let platform = Arc::new(System {
        browser: Browser::System,
    });
    let mut rt = Runtime::new(t, m, platform);
    rt.start().unwrap();
    let mut k = Keys {
        rt: &mut rt,
        count: 0,
    };

    // What the editor is after, worked out apart from the desk: the unpublished Google AI
    // items, highest quality first (ties by date, then path, as the desk sorts).
    let feed_items = load(feed).unwrap().feed;
    let q = parse("is:unpublished topic:\"Google AI\"").unwrap();
    let m = Matcher::new(&q, &Clock::utc_now());
    let mut wanted: Vec<&Item> = feed_items.items().iter().filter(|i| m.matches(i)).collect();
    sort_items(&mut wanted, "quality:desc".parse().unwrap());
    let wanted: Vec<PathBuf> = wanted.iter().take(3).map(|i| i.path.clone()).collect();
    assert_eq!(wanted.len(), 3, "the corpus has at least three to publish");

    // Facets (the desk opens on the inbox: is:unpublished), down to Google AI, add it,
    // close; sort by quality (highest first), to the top.
    k.press(KeyCode::Char('F'));
    k.chars("jj");
    let f = &k.rt.model.find;
    assert_eq!(f.facets[f.facet_cursor].value, "Google AI");
    k.press(KeyCode::Enter);
    k.press(KeyCode::Esc);
    k.press(KeyCode::Char('s'));
    k.press(KeyCode::Char('g'));
    let title = screen(k.rt).lines().next().unwrap().to_owned();
    assert!(
        title.contains("quality desc") && title.contains("is:unpublished topic:\"Google AI\""),
        "{title}"
    );
    // Read each (the detail pane shows the selected item), publish it and go on to the
    // next unpublished one: three times. Then take the last one back.
    for path in &wanted {
        let shown = k.rt.model.selected_item().map(|i| i.path.clone());
        assert_eq!(
            shown.as_ref(),
            Some(path),
            "the item read is the one wanted"
        );
        k.press(KeyCode::Char('P'));
    }
    k.press(KeyCode::Char('u'));
    let keys = k.count;

    let after = files(feed);
    let changed: BTreeSet<&PathBuf> = (before.keys())
        .filter(|p| before[*p] != after[*p])
        .collect();
    assert_eq!(
        changed,
        wanted[..2].iter().collect(),
        "the first two stay published"
    );
    for p in &wanted[..2] {
        let text = String::from_utf8_lossy(&after[p]);
        assert!(
            text.lines().any(|l| l == "published: true"),
            "{}",
            p.display()
        );
    }
    assert_eq!(
        after[&wanted[2]], before[&wanted[2]],
        "the third is back, byte for byte"
    );
    assert!(keys < 20, "the task took {keys} keys");
    assert_eq!(keys, 11, "F j j Enter Esc s g P P P u");
}
