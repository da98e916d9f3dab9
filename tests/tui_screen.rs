//! Whole-screen snapshots on TestBackend, and the runtime driven by scripted events with
//! a recording platform. Fixed "now" and UTC so nothing drifts with the clock.

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::app::{Model, Msg, Overlay, Pane, update};
use newsdesk::feed::loader::load;
use newsdesk::platform::Recording;
use newsdesk::runtime;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

fn model(width: u16, height: u16) -> Model {
    // Relative, so the file paths shown on screen are the same on every machine.
    let report = load(Path::new("tests/fixtures/tui")).unwrap();
    let now: Timestamp = "2026-03-10T12:00:00Z".parse().unwrap();
    let mut m = Model::new(report, now, TimeZone::UTC);
    update(&mut m, Msg::Resize { width, height });
    m
}

fn draw(m: &Model) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(m.width, m.height)).unwrap();
    t.draw(|f| newsdesk::ui::view(m, f)).unwrap();
    t
}

fn screen(m: &Model) -> String {
    draw(m).backend().to_string()
}

#[test]
fn snapshot_80x24_list_focused() {
    insta::assert_snapshot!(screen(&model(80, 24)));
}

#[test]
fn snapshot_120x40_related_focused() {
    let mut m = model(120, 40);
    update(&mut m, Msg::FocusPrev);
    assert_eq!(m.focus, Pane::Related);
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn snapshot_57x19_cjk_title_selected() {
    let mut m = model(57, 19);
    update(&mut m, Msg::Down);
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn snapshot_100x30_help_overlay() {
    let mut m = model(100, 30);
    update(&mut m, Msg::ShowHelp);
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn snapshot_80x24_error_screen() {
    let mut m = model(80, 24);
    update(&mut m, Msg::ShowErrors);
    assert_eq!(m.overlay, Some(Overlay::Errors));
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn snapshot_10x3_and_1x1() {
    insta::assert_snapshot!("tiny_10x3", screen(&model(10, 3)));
    insta::assert_snapshot!("tiny_1x1", screen(&model(1, 1)));
}

#[test]
fn every_small_size_and_state_renders_without_panic() {
    let mut m = model(80, 24);
    for w in 0..=45 {
        for h in 0..=16 {
            for msg in [
                Msg::FocusNext,
                Msg::ShowHelp,
                Msg::CloseOverlay,
                Msg::Bottom,
            ] {
                update(
                    &mut m,
                    Msg::Resize {
                        width: w,
                        height: h,
                    },
                );
                update(&mut m, msg);
                draw(&m);
            }
        }
    }
}

#[test]
fn without_colour_the_selection_is_reversed_and_marked() {
    let mut m = model(80, 24);
    m.color = false;
    update(&mut m, Msg::Down);
    let t = draw(&m);
    let buf = t.backend().buffer();
    // Row 0 is the border, row 2 the second item.
    let cell = &buf[(2, 2)];
    assert!(cell.modifier.contains(Modifier::REVERSED));
    assert_eq!(cell.fg, ratatui::style::Color::Reset);
    assert_eq!(cell.bg, ratatui::style::Color::Reset);
    assert_eq!(buf[(1, 2)].symbol(), "▶");
    assert!(!buf[(2, 1)].modifier.contains(Modifier::REVERSED));
    for x in 0..80 {
        for y in 0..24 {
            let c = &buf[(x, y)];
            assert_eq!(
                (c.fg, c.bg),
                (ratatui::style::Color::Reset, ratatui::style::Color::Reset),
                "colour at {x},{y}"
            );
        }
    }
}

#[test]
fn long_titles_are_cut_with_an_ellipsis_not_wrapped() {
    let text = screen(&model(80, 24));
    let row = text.lines().find(|l| l.contains("Wind farm")).unwrap();
    assert!(row.contains('…'), "{row}");
    assert!(
        !text.contains("migrating birds\""),
        "the rest is not wrapped onto another row"
    );
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn run_script(
    m: &mut Model,
    platform: &mut Recording,
    events: Vec<Event>,
) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(m.width, m.height)).unwrap();
    let mut events = events.into_iter();
    runtime::run(&mut t, m, platform, || Ok(events.next())).unwrap();
    t
}

#[test]
fn the_runtime_performs_effects_and_feeds_results_back() {
    let mut m = model(100, 30);
    let mut p = Recording::default();
    let events = vec![
        key('j'),
        key('j'),
        key('j'),
        key('p'),
        key('o'),
        key('k'),
        key('o'),
    ];
    let t = run_script(&mut m, &mut p, events);
    assert_eq!(p.writes.len(), 1);
    assert!(p.writes[0].0.ends_with("2026-02-20-athens-metro.md"));
    assert!(p.writes[0].1);
    assert!(
        m.feed.items[3].is_published(),
        "Saved came back and flipped the row"
    );
    assert_eq!(
        p.opened,
        vec!["https://north-herald.example/wind-farm-expansion"],
        "javascript: never reached the platform"
    );
    assert!(
        t.backend()
            .to_string()
            .contains("Opened https://north-herald.example/wind-farm-expansion")
    );
}

#[test]
fn the_runtime_reloads_an_item_after_a_conflict_and_stops_on_q() {
    let mut m = model(100, 30);
    let mut p = Recording {
        conflict: true,
        ..Recording::default()
    };
    let t = run_script(&mut m, &mut p, vec![key('p'), key('q'), key('j')]);
    assert_eq!(p.reads.len(), 1, "the conflicting item was read again");
    assert_eq!(m.selected, 0, "q stopped the loop before the j");
    assert!(m.quit);
    assert!(!m.feed.items[0].is_published());
    assert!(t.backend().to_string().contains("changed on disk"));
}

#[test]
fn the_runtime_maps_mouse_and_resize_events() {
    use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
    let mut m = model(100, 30);
    let mut p = Recording::default();
    let mouse = |kind, column, row| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let events = vec![
        mouse(
            MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left),
            3,
            4,
        ),
        mouse(MouseEventKind::ScrollDown, 3, 4),
        Event::Resize(40, 10),
    ];
    run_script(&mut m, &mut p, events);
    assert_eq!(
        m.selected, 5,
        "click on row 3, then a wheel notch of 3 (clamped)"
    );
    assert_eq!((m.width, m.height), (40, 10));
}
