//! Whole-screen snapshots on TestBackend (the runtime itself is in tests/runtime.rs).
//! Fixed "now" and UTC so nothing drifts with the clock.

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;
// Reads of the selected item are answered at once: no runtime here.
use newsdesk::app::{Model, Msg, Overlay, Pane};
use newsdesk::feed::LoadError;
use newsdesk::feed::loader::load;
use newsdesk::runtime::update_reading_at_once as update;
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

/// Errors as the demo and a real site produce them: long paths, reasons after them.
fn many_errors(m: &mut Model) {
    let long = "tests/fixtures/tui/a-folder-of-its-own/2026-11-19-broken-unclosed-quote-in-a-title-that-goes-on.md";
    m.errors.push(LoadError {
        path: long.into(),
        line: Some(4),
        column: Some(11),
        message: "did not find expected key".into(),
    });
    m.errors.push(LoadError {
        path: "tests/fixtures/tui/dates.md".into(),
        line: Some(12),
        column: Some(3),
        message: "publishedDateTime: invalid type: sequence, expected a date and time \
                  such as 2026-03-10T12:00:00Z; the rest of the item is kept"
            .into(),
    });
}

/// The popup's text with the wrapping undone: every message must be in it whole.
fn assert_whole_messages(m: &Model) {
    let t = draw(m);
    let buf = t.backend().buffer();
    let r = newsdesk::app::page::popup(m).unwrap().rect;
    let inside: String = (r.y + 1..r.bottom() - 1)
        .map(|y| {
            let row = row_text(buf, y);
            let cells: String = row.chars().skip(usize::from(r.x) + 1).collect();
            cells
                .chars()
                .take(usize::from(r.width) - 2)
                .collect::<String>()
        })
        .collect();
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    for e in &m.errors {
        assert!(
            squash(&inside).contains(&squash(&e.to_string())),
            "{e} is not whole in the popup: {inside}"
        );
    }
}

#[test]
fn snapshot_error_screen_80_and_200_columns_shows_whole_messages() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut m = model(w, h);
        many_errors(&mut m);
        update(&mut m, Msg::ShowErrors);
        assert_whole_messages(&m);
        insta::assert_snapshot!(format!("error_screen_{w}x{h}"), screen(&m));
    }
}

#[test]
fn the_last_of_1500_errors_is_on_screen_after_g() {
    let mut m = model(80, 24);
    m.errors = (0..1500)
        .map(|n| LoadError {
            path: format!("feed/2026-11-19-broken-{n:04}.md").into(),
            line: Some(4),
            column: Some(11),
            message: "did not find expected key".into(),
        })
        .collect();
    update(&mut m, Msg::ShowErrors);
    update(&mut m, Msg::Bottom);
    let text = screen(&m);
    assert!(
        text.contains("broken-1499.md:4:11: did not find expected key"),
        "{text}"
    );
    update(&mut m, Msg::Up);
    update(&mut m, Msg::Up);
    assert!(!screen(&m).contains("broken-1499"), "k moved up at once");
}

#[test]
fn the_status_bar_keeps_help_and_generates_hints_from_the_key_table() {
    let mut m = model(100, 30);
    m.status = None;
    let text = screen(&m);
    let last = text.lines().last().unwrap();
    assert!(last.contains("j/k move  Tab pane  o open"), "{last}");
    assert!(
        last.trim_end_matches('"').trim_end().ends_with("? help"),
        "{last}"
    );
    for w in [30, 50, 80, 200] {
        update(
            &mut m,
            Msg::Resize {
                width: w,
                height: 30,
            },
        );
        m.error("Not written: a long reason that does not fit the status bar at all (x.md)");
        let text = screen(&m);
        let last = text.lines().last().unwrap();
        assert!(last.contains("? help"), "width {w}: {last}");
        assert!(
            last.contains("Not w"),
            "the reason leads, width {w}: {last}"
        );
    }
}

/// A row of the buffer as the terminal shows it: the cells a wide symbol covers are
/// skipped, not read as spaces.
fn row_text(buf: &ratatui::buffer::Buffer, y: u16) -> String {
    let mut out = String::new();
    let mut skip = 0;
    for x in 0..buf.area.width {
        let symbol = buf[(x, y)].symbol();
        if skip > 0 {
            skip -= 1;
            continue;
        }
        skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        out.push_str(symbol);
    }
    out
}

#[test]
fn graphemes_are_never_split_at_any_width() {
    use unicode_segmentation::UnicodeSegmentation;
    let title = "🇯🇵🇯🇵🇯🇵 Flags 👨‍👩‍👧👨‍👩‍👧 family \
                 α\u{301}α\u{301}α\u{301}e\u{301}e\u{301} marks 東京都の新しい図書館 🇬🇷🇬🇷";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("item.md"),
        format!(
            "---\ntitle: \"{title}\"\nexcerpt: \"{title} {title}\"\n\
             publishedDateTime: 2026-03-10T09:00:00Z\nquality: 50\n\
             provider:\n  name: \"🇯🇵 東京 e\u{301}\"\n\
             related:\n  - title: \"{title}\"\n    provider:\n      name: \"🇯🇵 東京 e\u{301}\"\n---\n"
        ),
    )
    .unwrap();
    let report = load(dir.path()).unwrap();
    let now: Timestamp = "2026-03-10T12:00:00Z".parse().unwrap();
    let whole: std::collections::HashSet<String> = [title, "🇯🇵 東京 e\u{301}"]
        .iter()
        .flat_map(|t| t.graphemes(true).map(str::to_owned).collect::<Vec<_>>())
        .collect();
    // A piece of a cluster: a lone regional indicator, a mark or ZWJ without its base, a
    // family member alone, or alpha without its accent.
    let broken = |g: &str| {
        !whole.contains(g)
            && g.chars().any(|c| {
                matches!(c, '\u{1F1E6}'..='\u{1F1FF}' | '\u{300}'..='\u{36F}' | '\u{200D}'
                    | '👨' | '👩' | '👧' | 'α')
            })
    };
    let mut m = Model::new(report, now, TimeZone::UTC);
    // The status bar cuts messages too.
    m.info(title);
    for w in (20..=130).step_by(3) {
        for h in [12, 30] {
            update(
                &mut m,
                Msg::Resize {
                    width: w,
                    height: h,
                },
            );
            let t = draw(&m);
            let buf = t.backend().buffer();
            for y in 0..h {
                let row = row_text(buf, y);
                assert_eq!(
                    unicode_width::UnicodeWidthStr::width(row.as_str()),
                    usize::from(w),
                    "row {y} at width {w}: {row}"
                );
                if let Some(g) = row.graphemes(true).find(|g| broken(g)) {
                    panic!("split cluster {g:?} in row {y} at {w}x{h}: {row}");
                }
            }
        }
    }
    // The text under test was on screen: list, detail, related pane and status bar.
    update(
        &mut m,
        Msg::Resize {
            width: 120,
            height: 30,
        },
    );
    let text = screen(&m);
    assert!(text.contains("│▶ 🇯🇵🇯🇵🇯🇵 Flags"), "{text}");
    assert!(
        text.lines().last().unwrap().contains("published · 🇯🇵"),
        "{text}"
    );
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
                Msg::Bottom,
                Msg::ShowErrors,
                Msg::ShowMessages,
                Msg::Bottom,
                Msg::CloseOverlay,
                Msg::Back,
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
    // Row 0 is the border, row 1 the header, row 3 the second item.
    let cell = &buf[(2, 3)];
    assert!(cell.modifier.contains(Modifier::REVERSED));
    assert_eq!(cell.fg, ratatui::style::Color::Reset);
    assert_eq!(cell.bg, ratatui::style::Color::Reset);
    assert_eq!(buf[(1, 3)].symbol(), "▶");
    assert!(!buf[(2, 2)].modifier.contains(Modifier::REVERSED));
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
