//! A typed filter that takes longer than a frame runs a slice at a time (app/filtering.rs):
//! the keystroke's frame comes at once, showing how far the filter got while the list
//! keeps its last result; the result comes in a later frame, the same as one pass gives;
//! typing on replaces the running filter, and anything else (Enter, a key of the list)
//! waits for it to end. Driven through the runtime on a TestBackend, on a feed of more
//! items than one slice, with no time allowed per slice so that every slice shows.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::app::{Model, Msg, update};
use newsdesk::feed::item::Story;
use newsdesk::feed::loader::LoadReport;
use newsdesk::feed::{Feed, Item, ItemId, id_of};
use newsdesk::platform::Recording;
use newsdesk::runtime::{Flow, Input, Runtime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const ITEMS: usize = 30_000;

fn model() -> Model {
    let items = (0..ITEMS)
        .map(|i| {
            let path = PathBuf::from(format!("/feed/{i:05}.md"));
            let word = ["harbour", "council", "ferry"][i % 3];
            Item {
                id: id_of(&path),
                path,
                story: Story {
                    title: Some(format!("Story {i} about the {word}")),
                    ..Story::default()
                },
                ..Item::default()
            }
        })
        .collect();
    let report = LoadReport {
        feed: Feed::new(PathBuf::from("/feed"), items),
        errors: Vec::new(),
        skipped: 0,
        from_cache: 0,
    };
    let now: Timestamp = "2026-03-10T12:00:00Z".parse().unwrap();
    let mut m = Model::new(report, now, TimeZone::UTC);
    update(
        &mut m,
        Msg::Resize {
            width: 120,
            height: 30,
        },
    );
    m.find.budget = Some(Duration::ZERO);
    m
}

fn runtime() -> Runtime<TestBackend> {
    let m = model();
    let t = Terminal::new(TestBackend::new(m.width, m.height)).unwrap();
    let mut rt = Runtime::new(t, m, Arc::new(Recording::default()));
    rt.start().unwrap();
    rt
}

fn key(c: KeyCode) -> Input {
    Input::Terminal(Event::Key(KeyEvent::new(c, KeyModifiers::NONE)))
}

/// Send keys and take exactly one step for them (no slice runs in a step that had input).
fn keys_one_step(rt: &mut Runtime<TestBackend>, s: &str) {
    for c in s.chars() {
        rt.sender().send(key(KeyCode::Char(c))).unwrap();
    }
    assert_eq!(rt.step(Some(Duration::ZERO)).unwrap(), Flow::Continue);
}

/// Open the prompt and type `text` in one step: a filter of more than one slice, still
/// running after it.
fn start_filter(rt: &mut Runtime<TestBackend>, text: &str) {
    keys_one_step(rt, "/");
    keys_one_step(rt, text);
    assert!(rt.model.find.pending.is_some());
}

fn screen(rt: &Runtime<TestBackend>) -> String {
    rt.terminal().backend().to_string()
}

/// What one pass of the same query gives.
fn expected(rt: &Runtime<TestBackend>, word: &str) -> Vec<ItemId> {
    let all = rt.model.view.every_id().to_vec();
    all.into_iter()
        .filter(|id| {
            let t = rt.model.feed.get(*id).unwrap().title.as_deref().unwrap();
            t.to_lowercase().contains(word)
        })
        .collect()
}

#[test]
fn a_slow_filter_shows_its_progress_and_then_its_result() {
    let mut rt = runtime();
    keys_one_step(&mut rt, "/");
    let shown_before = rt.model.view.ids().to_vec();
    assert_eq!(shown_before.len(), ITEMS);
    let frames = rt.frames();
    keys_one_step(&mut rt, "/^[^0-9]*ferry$/");
    // The keystrokes' frame is drawn with the filter still running: one slice is done.
    assert!(rt.frames() > frames);
    assert!(rt.model.find.pending.is_some());
    assert!(screen(&rt).contains("filtering…"), "{}", screen(&rt));
    assert_eq!(
        rt.model.view.ids(),
        &shown_before[..],
        "the last result stays"
    );
    // Each step without input runs a slice and draws it, until the result is in.
    let mut steps = 0;
    while rt.model.find.pending.is_some() {
        let before = rt.frames();
        rt.step(Some(Duration::ZERO)).unwrap();
        assert!(rt.frames() > before, "a frame per slice");
        steps += 1;
        assert!(steps < 10, "30,000 items take four slices");
    }
    assert!(steps >= 2, "{steps}");
    // No title has no digit: none match. Then a word query, narrowing nothing.
    assert!(rt.model.view.is_empty());
    assert!(!screen(&rt).contains("filtering…"));
    for _ in 0..17 {
        rt.sender().send(key(KeyCode::Backspace)).unwrap();
    }
    rt.settle(Duration::from_millis(50)).unwrap();
    keys_one_step(&mut rt, "ferry");
    rt.settle(Duration::from_millis(50)).unwrap();
    assert!(rt.model.find.pending.is_none());
    assert_eq!(rt.model.view.ids(), &expected(&rt, "ferry")[..]);
    assert_eq!(rt.model.view.len(), ITEMS / 3);
}

#[test]
fn typing_on_replaces_the_running_filter_and_enter_waits_for_it() {
    let mut rt = runtime();
    start_filter(&mut rt, "harb");
    // Typed on before it ended: the new text's filter runs instead.
    keys_one_step(&mut rt, "our");
    assert_eq!(
        rt.model
            .find
            .pending
            .as_ref()
            .unwrap()
            .progress(&rt.model)
            .0,
        8_192,
        "started again, one slice in"
    );
    // Enter keeps the filter: it is run to its end first, so the list and the status
    // line say what it matched.
    rt.sender().send(key(KeyCode::Enter)).unwrap();
    rt.step(Some(Duration::ZERO)).unwrap();
    assert!(rt.model.find.pending.is_none());
    assert!(rt.model.find.prompt.is_none());
    assert_eq!(rt.model.view.ids(), &expected(&rt, "harbour")[..]);
    assert!(
        screen(&rt).contains("10000 of 30000 items match"),
        "{}",
        screen(&rt)
    );
}

#[test]
fn a_key_of_the_list_waits_for_the_running_filter() {
    let mut rt = runtime();
    start_filter(&mut rt, "council");
    // Esc puts the previous filter (none) back at once, dropping the running one.
    rt.sender().send(key(KeyCode::Esc)).unwrap();
    rt.step(Some(Duration::ZERO)).unwrap();
    assert!(rt.model.find.pending.is_none());
    assert_eq!(rt.model.view.len(), ITEMS);
    // A message other than a keystroke in the prompt (here the clear-filter key with the
    // filter still running) sees the finished result.
    start_filter(&mut rt, "ferry");
    update(&mut rt.model, Msg::Down);
    assert!(rt.model.find.pending.is_none());
    assert_eq!(rt.model.view.ids(), &expected(&rt, "ferry")[..]);
}

#[test]
fn a_resize_leaves_the_filter_running_and_a_load_batch_waits_for_it() {
    let mut rt = runtime();
    start_filter(&mut rt, "ferry");
    // Neither the list nor the feed changes: the filter goes on in slices.
    update(
        &mut rt.model,
        Msg::Resize {
            width: 100,
            height: 30,
        },
    );
    assert!(rt.model.find.pending.is_some());
    // A batch of the load adds an item: the filter ends first, then the item is
    // added and tested against it like any other.
    let path = PathBuf::from("/feed/new.md");
    let item = Item {
        id: id_of(&path),
        path,
        story: Story {
            title: Some("A late ferry".to_owned()),
            ..Story::default()
        },
        ..Item::default()
    };
    let id = item.id;
    let batch = newsdesk::feed::LoadEvent::Batch {
        items: vec![item],
        errors: Vec::new(),
        files_read: ITEMS + 1,
    };
    update(&mut rt.model, Msg::Load(batch));
    assert!(rt.model.find.pending.is_none());
    assert_eq!(rt.model.view.len(), ITEMS / 3 + 1);
    assert!(rt.model.view.position(id).is_some());
}
