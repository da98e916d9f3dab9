//! The runtime on a TestBackend, fed by scripted inputs on its one channel: terminal
//! events, loader progress and batches, worker results, ticks. Fixed "now" and UTC.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::app::{Model, Msg, update};
use newsdesk::feed::Item;
use newsdesk::feed::loader::load;
use newsdesk::feed::{LoadEvent, LoadOptions, load_streaming};
use newsdesk::platform::Recording;
use newsdesk::runtime::{Flow, Input, Runtime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

const QUIET: Duration = Duration::from_millis(150);

fn now() -> Timestamp {
    "2026-03-10T12:00:00Z".parse().unwrap()
}

/// Relative, so the file paths shown on screen are the same on every machine.
fn fixtures() -> PathBuf {
    PathBuf::from("tests/fixtures/tui")
}

fn loaded(width: u16, height: u16) -> Model {
    let mut m = Model::new(load(&fixtures()).unwrap(), now(), TimeZone::UTC);
    update(&mut m, Msg::Resize { width, height });
    m
}

fn loading(width: u16, height: u16) -> Model {
    let mut m = Model::loading(fixtures(), now(), TimeZone::UTC);
    update(&mut m, Msg::Resize { width, height });
    m
}

/// The fixture items, newest first.
fn items() -> Vec<Item> {
    load(&fixtures()).unwrap().feed.items().to_vec()
}

fn runtime(m: Model, platform: Arc<Recording>) -> Runtime<TestBackend> {
    let t = Terminal::new(TestBackend::new(m.width, m.height)).unwrap();
    let mut rt = Runtime::new(t, m, platform);
    rt.start().unwrap();
    rt
}

fn key(c: char) -> Input {
    Input::Terminal(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Input {
    Input::Terminal(Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }))
}

fn send(rt: &Runtime<TestBackend>, inputs: Vec<Input>) {
    let tx = rt.sender();
    for i in inputs {
        tx.send(i).unwrap();
    }
}

fn screen(rt: &Runtime<TestBackend>) -> String {
    rt.terminal().backend().to_string()
}

/// The screen line of the list's selection marker.
fn selected_line(rt: &Runtime<TestBackend>) -> String {
    let s = screen(rt);
    s.lines()
        .find(|l| l.contains('▶'))
        .unwrap_or_default()
        .to_owned()
}

fn batch(items: Vec<Item>, files_read: usize) -> Input {
    Input::Load(LoadEvent::Batch {
        items,
        errors: Vec::new(),
        files_read,
    })
}

#[test]
fn the_runtime_performs_effects_and_feeds_results_back() {
    let p = Arc::new(Recording::default());
    let mut rt = runtime(loaded(100, 30), p.clone());
    send(
        &rt,
        "jjjpoko".chars().map(key).collect(), // athens: publish; wind farm: open
    );
    assert_eq!(rt.settle(QUIET).unwrap(), Flow::Continue);
    let log = p.log();
    assert_eq!(log.writes.len(), 1);
    assert!(log.writes[0].0.ends_with("2026-02-20-athens-metro.md"));
    assert!(log.writes[0].1);
    let athens = rt.model.item_at(3).unwrap();
    assert!(athens.is_published(), "Saved came back and flipped the row");
    assert_eq!(
        log.opened,
        vec!["https://north-herald.example/wind-farm-expansion"],
        "javascript: never reached the platform"
    );
    assert!(screen(&rt).contains("Opened https://north-herald.example/wind-farm-expansion"));
}

#[test]
fn a_conflict_reloads_the_item_and_q_stops_the_loop() {
    let p = Arc::new(Recording {
        conflict: true,
        ..Recording::default()
    });
    let mut rt = runtime(loaded(100, 30), p.clone());
    send(&rt, vec![key('p')]);
    rt.settle(QUIET).unwrap();
    assert_eq!(
        p.log().reads.len(),
        1,
        "the conflicting item was read again"
    );
    assert!(screen(&rt).contains("changed on disk"));
    // The reason first, then the file by its name; the path's folders stay out.
    let status = &rt.model.messages.last().unwrap().text;
    assert!(
        status.starts_with(
            "Not written: changed on disk since it was loaded \
             (2026-03-10-harbour-ferry-terminal.md); reloaded"
        ),
        "{status}"
    );
    send(&rt, vec![key('q'), key('j')]);
    assert_eq!(rt.step(Some(QUIET)).unwrap(), Flow::Quit);
    assert_eq!(rt.model.cursor, 0, "q stopped the loop before the j");
    assert!(!rt.model.item_at(0).unwrap().is_published());
}

#[test]
fn the_runtime_maps_mouse_and_resize_events() {
    let mut rt = runtime(loaded(100, 30), Arc::default());
    send(
        &rt,
        vec![
            mouse(MouseEventKind::Down(MouseButton::Left), 3, 4),
            mouse(MouseEventKind::ScrollDown, 3, 4),
            Input::Terminal(Event::Resize(40, 10)),
        ],
    );
    rt.settle(QUIET).unwrap();
    assert_eq!(
        rt.model.cursor, 5,
        "click on row 3, then a wheel notch of 3 (clamped)"
    );
    assert_eq!((rt.model.width, rt.model.height), (40, 10));
}

#[test]
fn the_first_frame_shows_progress_before_anything_is_loaded() {
    let mut rt = runtime(loading(100, 20), Arc::default());
    assert_eq!(rt.frames(), 1, "start draws before any input");
    assert!(
        screen(&rt).contains("Loading 0/0 files · 0 items"),
        "{}",
        screen(&rt)
    );
    let all = items();
    // Older items first, as a walk in path order brings them.
    send(
        &rt,
        vec![
            Input::Load(LoadEvent::Found { files: 7 }),
            batch(all[4..].to_vec(), 3),
        ],
    );
    rt.settle(QUIET).unwrap();
    let s = screen(&rt);
    assert!(s.contains("Loading 3/7 files · 2 items"), "{s}");
    assert!(s.contains("Items 1/2"), "{s}");
    assert!(s.contains("Council"), "the batch is in the list: {s}");
    assert!(rt.model.loading.is_some());
    send(
        &rt,
        vec![batch(all[..4].to_vec(), 7), Input::Load(LoadEvent::Done)],
    );
    rt.settle(QUIET).unwrap();
    let s = screen(&rt);
    assert!(rt.model.loading.is_none());
    assert!(!s.contains("Loading"), "the gauge is gone once done: {s}");
    assert!(s.contains("6 items · 3 published"), "{s}");
}

#[test]
fn a_key_mid_load_is_handled_and_the_selection_stays_on_its_item_as_newer_ones_arrive() {
    let mut rt = runtime(loading(100, 20), Arc::default());
    let all = items();
    send(
        &rt,
        vec![
            Input::Load(LoadEvent::Found { files: 6 }),
            batch(all[3..].to_vec(), 3), // athens, council, ice rink
        ],
    );
    rt.settle(QUIET).unwrap();
    send(&rt, vec![key('j')]);
    rt.settle(QUIET).unwrap();
    let council = all[4].id;
    assert_eq!(rt.model.selected, Some(council), "j moved mid-load");
    assert_eq!(rt.model.cursor, 1);
    assert!(selected_line(&rt).contains("Council"), "{}", screen(&rt));
    // Newer items stream in above it, one batch at a time.
    send(&rt, vec![batch(vec![all[2].clone()], 4)]);
    send(&rt, vec![batch(all[..2].to_vec(), 6)]);
    rt.settle(QUIET).unwrap();
    assert_eq!(rt.model.selected, Some(council), "still on the same item");
    assert_eq!(rt.model.cursor, 4, "three newer items above it now");
    assert!(selected_line(&rt).contains("Council"), "{}", screen(&rt));
    assert!(screen(&rt).contains("Items 5/6"));
}

#[test]
fn a_key_queued_behind_batches_acts_on_the_list_the_editor_saw() {
    let mut rt = runtime(loading(100, 20), Arc::default());
    let all = items();
    send(&rt, vec![batch(all[3..].to_vec(), 3)]); // athens, council, ice rink
    rt.settle(QUIET).unwrap();
    let frames = rt.frames();
    // Newer items arrive, and j is pressed before the desk has drawn them.
    send(&rt, vec![batch(all[..3].to_vec(), 6), key('j')]);
    rt.step(Some(QUIET)).unwrap();
    assert_eq!(
        rt.model.selected,
        Some(all[4].id),
        "j moved to the second row of the list on screen (council), not of the list to come"
    );
    assert_eq!(
        rt.model.feed.len(),
        6,
        "the batch was handled in the same step"
    );
    assert!(rt.frames() > frames);
    assert_eq!(
        rt.model.cursor, 4,
        "and the selection stayed on council as it came"
    );
}

#[test]
fn until_the_editor_moves_the_selection_stays_on_the_top_row() {
    let mut rt = runtime(loading(100, 20), Arc::default());
    let all = items();
    send(&rt, vec![batch(all[3..].to_vec(), 3)]);
    send(&rt, vec![batch(all[..3].to_vec(), 6)]);
    rt.settle(QUIET).unwrap();
    assert_eq!(rt.model.cursor, 0);
    assert_eq!(rt.model.selected, Some(all[0].id), "the newest, on top");
}

#[test]
fn q_mid_load_returns_at_once_and_the_loader_stops() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3000 {
        let text = format!("---\ntitle: Item {i}\npublished: false\n---\nbody\n");
        std::fs::write(dir.path().join(format!("{i:05}.md")), text).unwrap();
    }
    let mut rt = runtime(loading(100, 20), Arc::default());
    let tx = rt.sender();
    let batches = Arc::new(AtomicUsize::new(0));
    let (finished, loader_done) = channel();
    let (root, seen) = (dir.path().to_owned(), batches.clone());
    std::thread::spawn(move || {
        load_streaming(&root, &LoadOptions { use_cache: false }, &|ev| {
            let is_batch = matches!(ev, LoadEvent::Batch { .. });
            let ok = tx.send(Input::Load(ev)).is_ok();
            // The editor presses q right after the first batch is on the screen's queue.
            if is_batch && seen.fetch_add(1, Ordering::SeqCst) == 0 {
                let _ = tx.send(key('q'));
            }
            ok
        });
        let _ = finished.send(());
    });
    let started = Instant::now();
    rt.run().unwrap();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "q took {took:?}");
    assert!(rt.model.loading.is_some(), "q came mid-load");
    drop(rt);
    loader_done
        .recv_timeout(Duration::from_secs(10))
        .expect("the loader stops once the runtime is gone");
    let sent = batches.load(Ordering::SeqCst);
    assert!(
        sent < 3000 / 256,
        "the loader stopped early: {sent} batches"
    );
}

#[test]
fn a_write_result_arriving_later_updates_the_item() {
    let (open_gate, gate) = channel();
    let p = Arc::new(Recording {
        write_gate: Some(Mutex::new(gate)),
        ..Recording::default()
    });
    let mut rt = runtime(loaded(100, 30), p.clone());
    send(&rt, vec![key('p')]); // harbour: unpublished
    // Not `settle`: that would wait for the held write.
    rt.step(Some(QUIET)).unwrap();
    let harbour = rt.model.item_at(0).unwrap().id;
    assert!(
        !rt.model.feed.get(harbour).unwrap().is_published(),
        "not shown published before the write succeeded"
    );
    assert!(selected_line(&rt).contains("▶·"), "{}", screen(&rt));
    // A second p while the first write is on its way is not sent (its rev is stale).
    send(&rt, vec![key('p')]);
    rt.step(Some(QUIET)).unwrap();
    assert!(screen(&rt).contains("Still saving"), "{}", screen(&rt));
    open_gate.send(()).unwrap();
    rt.settle(QUIET).unwrap();
    assert!(rt.model.feed.get(harbour).unwrap().is_published());
    assert!(selected_line(&rt).contains("▶✓"), "{}", screen(&rt));
    assert!(
        screen(&rt).contains("Published: Harbour"),
        "{}",
        screen(&rt)
    );
    assert_eq!(p.log().writes.len(), 1);
    assert_eq!(rt.model.feed.published_count(), 4);
}

#[test]
fn mouse_motion_draws_nothing_and_a_key_draws_once() {
    let mut rt = runtime(loaded(100, 30), Arc::default());
    let before = rt.frames();
    let moves = (0..200)
        .map(|i| mouse(MouseEventKind::Moved, i % 100, i / 100))
        .collect();
    send(&rt, moves);
    rt.settle(QUIET).unwrap();
    assert_eq!(rt.frames(), before, "mouse motion redrew the screen");
    send(&rt, vec![key('j')]);
    rt.settle(QUIET).unwrap();
    // One frame for the key, and one when the newly selected item's file has been read
    // whole (its related articles arrive) unless both came before the frame: no more.
    let frames = rt.frames() - before;
    assert!((1..=2).contains(&frames), "{frames} frames for one key");
}

#[test]
fn a_tick_moves_relative_dates_on_and_redraws_only_when_a_minute_passed() {
    let mut rt = runtime(loaded(100, 30), Arc::default());
    assert!(selected_line(&rt).contains("3h ago"), "{}", screen(&rt));
    let frames = rt.frames();
    send(
        &rt,
        vec![Input::Tick(now() + jiff::SignedDuration::from_secs(20))],
    );
    rt.settle(QUIET).unwrap();
    assert_eq!(rt.frames(), frames, "same minute: nothing to redraw");
    send(
        &rt,
        vec![Input::Tick(now() + jiff::SignedDuration::from_hours(2))],
    );
    rt.settle(QUIET).unwrap();
    assert_eq!(rt.frames(), frames + 1);
    assert!(selected_line(&rt).contains("5h ago"), "{}", screen(&rt));
}

#[test]
fn the_real_loader_streams_the_fixture_folder_into_the_desk() {
    let mut rt = runtime(loading(100, 20), Arc::default());
    let tx = rt.sender();
    let root: &Path = &fixtures();
    load_streaming(root, &LoadOptions { use_cache: false }, &|ev| {
        tx.send(Input::Load(ev)).is_ok()
    });
    rt.settle(QUIET).unwrap();
    assert_eq!(rt.model.feed.len(), 6);
    assert_eq!(rt.model.errors.len(), 1, "broken-unclosed-list.md");
    assert!(
        screen(&rt).contains("1 file failed to load"),
        "{}",
        screen(&rt)
    );
}

#[test]
fn q_waits_for_a_write_on_its_way_before_the_runtime_goes() {
    let (open_gate, gate) = channel();
    let p = Arc::new(Recording {
        write_gate: Some(Mutex::new(gate)),
        ..Recording::default()
    });
    let mut rt = runtime(loaded(100, 30), p.clone());
    send(&rt, vec![key('p'), key('q')]);
    rt.run().unwrap();
    assert!(p.log().writes.is_empty(), "the write is still held");
    let opener = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        open_gate.send(()).unwrap();
    });
    drop(rt);
    assert_eq!(
        p.log().writes.len(),
        1,
        "finished before the runtime was gone"
    );
    opener.join().unwrap();
}
