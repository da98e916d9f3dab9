//! Whole-screen snapshots on TestBackend (the runtime itself is in tests/runtime.rs).
//! Fixed "now" and UTC so nothing drifts with the clock.

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::app::{Model, Msg, Overlay, Pane, update};
use newsdesk::feed::loader::load;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
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
