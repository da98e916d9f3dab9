//! Finding things in the TUI (issue 8), driven through the runtime on a TestBackend with
//! real key events, so the key routing (prompt first, then the keymap) is what is tested.
//! Fixed "now" and UTC; the fixture feed is tests/fixtures/tui (6 good items, 1 broken).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::app::find::{self, SavedView};
use newsdesk::app::{Model, Msg, update};
use newsdesk::feed::loader::load;
use newsdesk::platform::Recording;
use newsdesk::runtime::{Flow, Input, Runtime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

const QUIET: Duration = Duration::from_millis(100);

fn model(width: u16, height: u16) -> Model {
    let now: Timestamp = "2026-03-10T12:00:00Z".parse().unwrap();
    let report = load(&PathBuf::from("tests/fixtures/tui")).unwrap();
    let mut m = Model::new(report, now, TimeZone::UTC);
    update(&mut m, Msg::Resize { width, height });
    m
}

fn runtime(m: Model) -> (Runtime<TestBackend>, Arc<Recording>) {
    let p = Arc::new(Recording::default());
    let t = Terminal::new(TestBackend::new(m.width, m.height)).unwrap();
    let mut rt = Runtime::new(t, m, p.clone());
    rt.start().unwrap();
    (rt, p)
}

fn code(code: KeyCode, mods: KeyModifiers) -> Input {
    Input::Terminal(Event::Key(KeyEvent::new(code, mods)))
}

/// Type `s` key by key, settling after each so every keystroke is its own frame.
fn typed(rt: &mut Runtime<TestBackend>, s: &str) {
    for c in s.chars() {
        press(rt, code(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn press(rt: &mut Runtime<TestBackend>, input: Input) {
    rt.sender().send(input).unwrap();
    assert_eq!(rt.settle(QUIET).unwrap(), Flow::Continue);
}

fn screen(rt: &Runtime<TestBackend>) -> String {
    rt.terminal().backend().to_string()
}

fn selected_line(rt: &Runtime<TestBackend>) -> String {
    screen(rt)
        .lines()
        .find(|l| l.contains('▶'))
        .unwrap_or_default()
        .to_owned()
}

/// The titles of the list, top to bottom, as their first word in the feed (short names).
fn order(m: &Model) -> Vec<&'static str> {
    let names = [
        ("harbour", "harbour"),
        ("tokyo", "tokyo"),
        ("wind", "wind"),
        ("athens", "athens"),
        ("council", "council"),
        ("ice-rink", "ice"),
    ];
    (0..m.view.len())
        .map(|row| {
            let path = m.item_at(row).unwrap().path.to_string_lossy().into_owned();
            names.iter().find(|(k, _)| path.contains(k)).unwrap().1
        })
        .collect()
}

fn list_title(rt: &Runtime<TestBackend>) -> String {
    screen(rt).lines().next().unwrap_or_default().to_owned()
}

#[test]
fn typing_a_query_narrows_the_list_keystroke_by_keystroke_and_keeps_the_selection() {
    let (mut rt, _) = runtime(model(120, 40));
    typed(&mut rt, "jj");
    assert!(selected_line(&rt).contains("Wind farm"));
    typed(&mut rt, "/");
    assert!(rt.model.find.prompt.is_some());
    let wind = rt.model.selected.unwrap();
    let mut seen = Vec::new();
    for c in "quality:>=90".chars() {
        typed(&mut rt, &c.to_string());
        seen.push(rt.model.view.len());
        // Whenever the item is in the narrowed list it is the one selected, even after
        // a keystroke ("qua") that had hidden it.
        let shown = rt.model.view.position(wind).is_some();
        assert_eq!(rt.model.selected == Some(wind), shown, "after {c:?}");
        if !shown {
            assert_eq!(rt.model.cursor, 0, "else the top match");
        }
    }
    assert!(seen.contains(&0) || seen.iter().any(|&n| n < 6), "{seen:?}");
    // "q", "qu", ... match as words first; "quality:" does not parse and keeps the last
    // good list; the complete query leaves the three items of quality 90 or more.
    assert_eq!(*seen.last().unwrap(), 3);
    assert_eq!(order(&rt.model), ["harbour", "tokyo", "wind"]);
    press(&mut rt, code(KeyCode::Enter, KeyModifiers::NONE));
    assert!(rt.model.find.prompt.is_none());
    let title = list_title(&rt);
    assert!(
        title.contains("Items 3/3 · date desc · 3 of 6 · quality:>=90"),
        "{title}"
    );
    assert!(selected_line(&rt).contains("Wind farm"));
}

#[test]
fn a_parse_error_shows_its_column_under_the_prompt_and_the_list_keeps_the_last_good_result() {
    let (mut rt, _) = runtime(model(100, 30));
    typed(&mut rt, "/quality:>=90 (");
    let p = rt.model.find.prompt.as_ref().unwrap();
    // One past the end: the query stopped where a term was expected.
    assert_eq!(p.error.as_ref().map(|e| e.column), Some(15));
    assert_eq!(rt.model.view.len(), 3, "the last good filter still holds");
    let s = screen(&rt);
    let lines: Vec<&str> = s.lines().map(|l| l.trim_matches('"')).collect();
    let prompt = lines[lines.len() - 2];
    let note = lines[lines.len() - 1];
    assert!(prompt.starts_with("/quality:>=90 ("), "{prompt}");
    assert!(note.contains("column 15"), "{note}");
    // The caret sits under column 15 of the query, one to the right of the `/`.
    assert_eq!(note.find('^'), Some(15), "{note}");
    // Enter does not keep a filter that does not parse.
    press(&mut rt, code(KeyCode::Enter, KeyModifiers::NONE));
    assert!(rt.model.find.prompt.is_some());
    press(&mut rt, code(KeyCode::Backspace, KeyModifiers::NONE));
    press(&mut rt, code(KeyCode::Enter, KeyModifiers::NONE));
    assert!(rt.model.find.prompt.is_none());
    assert_eq!(rt.model.find.query, "quality:>=90");
}

#[test]
fn esc_puts_the_previous_filter_back() {
    let (mut rt, _) = runtime(model(100, 30));
    typed(&mut rt, "/quality:>=90");
    press(&mut rt, code(KeyCode::Enter, KeyModifiers::NONE));
    typed(&mut rt, "/");
    press(&mut rt, code(KeyCode::Char('u'), KeyModifiers::CONTROL));
    typed(&mut rt, "tokyo");
    // "tokyo" is in a URL only: no title, excerpt, provider or topic has it.
    assert_eq!(rt.model.view.len(), 0);
    assert!(screen(&rt).contains("No item matches the filter"));
    press(&mut rt, code(KeyCode::Esc, KeyModifiers::NONE));
    assert!(rt.model.find.prompt.is_none());
    assert_eq!(rt.model.find.query, "quality:>=90");
    assert_eq!(order(&rt.model), ["harbour", "tokyo", "wind"]);
    // `\` clears it.
    typed(&mut rt, "\\");
    assert_eq!(rt.model.view.len(), 6);
    assert!(list_title(&rt).contains("Items 1/6 · date desc "));
    assert!(!list_title(&rt).contains(" of "));
}

#[test]
fn while_the_prompt_is_open_no_key_acts_on_an_item() {
    let (mut rt, p) = runtime(model(100, 30));
    typed(&mut rt, "/");
    let before = (
        rt.model.focus,
        rt.model.overlay,
        (rt.model.bulk.marks.len(), rt.model.bulk.inflight),
    );
    let mut all = String::new();
    for c in ('a'..='z').chain('A'..='Z').chain('0'..='9') {
        all.push(c);
    }
    all.push_str(" /\\?*~!#-+:()\"'.,;");
    typed(&mut rt, &all);
    // Enter and Esc are the prompt's too; Tab and arrows move nothing.
    press(&mut rt, code(KeyCode::Tab, KeyModifiers::NONE));
    press(&mut rt, code(KeyCode::Up, KeyModifiers::NONE));
    let prompt = rt.model.find.prompt.as_ref().expect("prompt still open");
    assert_eq!(prompt.line.text(), all);
    let log = p.log();
    assert!(log.writes.is_empty() && log.opened.is_empty() && log.reads.is_empty());
    assert!(!rt.model.quit);
    assert_eq!(
        (
            rt.model.focus,
            rt.model.overlay,
            (rt.model.bulk.marks.len(), rt.model.bulk.inflight)
        ),
        before
    );
    assert!(rt.model.saving.is_empty());
    press(&mut rt, code(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(rt.model.view.len(), 6);
    // Out of the prompt, the same letters are commands again: `p` writes.
    typed(&mut rt, "p");
    assert_eq!(p.log().writes.len(), 1);
}

#[test]
fn sort_keys_cycle_and_reverse_and_the_title_says_the_order() {
    let (mut rt, _) = runtime(model(100, 30));
    assert_eq!(
        order(&rt.model),
        ["harbour", "tokyo", "wind", "athens", "council", "ice"]
    );
    typed(&mut rt, "s");
    assert!(
        list_title(&rt).contains("quality desc"),
        "{}",
        list_title(&rt)
    );
    assert_eq!(
        order(&rt.model),
        ["wind", "harbour", "tokyo", "athens", "council", "ice"]
    );
    typed(&mut rt, "S");
    assert!(list_title(&rt).contains("quality asc"));
    // Missing values last either way.
    assert_eq!(
        order(&rt.model),
        ["council", "athens", "tokyo", "harbour", "wind", "ice"]
    );
    // heat (none in these files: ties by date, newest first), then title.
    typed(&mut rt, "ss");
    assert!(list_title(&rt).contains("title asc"));
    let titles: Vec<String> = (0..6)
        .map(|r| rt.model.item_at(r).unwrap().display_title().to_lowercase())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    // The selection stays on its item through every re-sort.
    let id = rt.model.selected;
    typed(&mut rt, "sS");
    assert_eq!(rt.model.selected, id);
    assert_eq!(rt.model.view.position(id.unwrap()), Some(rt.model.cursor));
}

#[test]
fn a_facet_chosen_narrows_the_list_and_chosen_again_widens_it() {
    let (mut rt, p) = runtime(model(100, 30));
    typed(&mut rt, "F");
    assert!(rt.model.find.facets_open);
    // Its keys are its own: `p` and `o` act on no item while it is open.
    typed(&mut rt, "po");
    let s = screen(&rt);
    assert!(s.contains("Facets of 6 items"), "{s}");
    // Topics by count, then name: one each of Climate, Culture, Energy, Transport.
    let topics: Vec<&str> = rt
        .model
        .find
        .facets
        .iter()
        .filter(|r| r.term.starts_with("topic:"))
        .map(|r| r.value.as_str())
        .collect();
    assert_eq!(topics, ["Climate", "Culture", "Energy", "Transport"]);
    typed(&mut rt, "jj");
    press(&mut rt, code(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(rt.model.find.query, "topic:Energy");
    assert_eq!(order(&rt.model), ["wind"]);
    // Counted again over the narrowed list, the chosen value ticked.
    assert!(screen(&rt).contains("Facets of 1 items"));
    assert!(screen(&rt).contains("✓ Energy"));
    press(&mut rt, code(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(rt.model.find.query, "");
    assert_eq!(rt.model.view.len(), 6);
    // A year adds a date term to the filter already there.
    typed(&mut rt, "G");
    press(&mut rt, code(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(rt.model.find.query, "date:2026");
    let log = p.log();
    assert!(log.writes.is_empty() && log.opened.is_empty());
    press(&mut rt, code(KeyCode::Esc, KeyModifiers::NONE));
    assert!(!rt.model.find.facets_open);
    assert!(list_title(&rt).contains("6 of 6 · date:2026"));
}

#[test]
fn search_jumps_to_matching_titles_without_narrowing_and_highlights_them() {
    let (mut rt, _) = runtime(model(100, 30));
    typed(&mut rt, "f");
    typed(&mut rt, "COUNCIL");
    assert!(selected_line(&rt).contains("Council passes"));
    assert_eq!(rt.model.view.len(), 6, "search never narrows");
    press(&mut rt, code(KeyCode::Enter, KeyModifiers::NONE));
    // The match is marked on screen: find the cells of "Council" on the selected row.
    let buf = rt.terminal().backend().buffer().clone();
    let row = (0..buf.area.height)
        .find(|&y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect::<String>()
                .contains("▶✓ 2026-02-01")
        })
        .unwrap();
    let line: String = (0..buf.area.width)
        .map(|x| buf[(x, row)].symbol().to_owned())
        .collect();
    let x = line[..line.find("Council").unwrap()].chars().count() as u16;
    assert_eq!(buf[(x, row)].bg, Color::Yellow);
    assert_eq!(buf[(x + 6, row)].bg, Color::Yellow);
    assert_ne!(buf[(x + 8, row)].bg, Color::Yellow, "only the match");
    // n and N walk the matches: "an" is in two titles, Wind farm expANsion (row 2) and
    // Ice rink ... JANuary (row 5).
    typed(&mut rt, "gfan");
    press(&mut rt, code(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(rt.model.cursor, 2);
    typed(&mut rt, "n");
    assert_eq!(rt.model.cursor, 5);
    typed(&mut rt, "n");
    assert_eq!(rt.model.cursor, 2);
    assert!(screen(&rt).contains("Search wrapped"));
    typed(&mut rt, "N");
    assert_eq!(rt.model.cursor, 5);
    // Esc in a search prompt goes back to where the search started.
    typed(&mut rt, "g");
    typed(&mut rt, "fathens-nothing");
    assert!(screen(&rt).contains("No title in the list matches"));
    press(&mut rt, code(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(rt.model.cursor, 0);
}

#[test]
fn a_saved_view_from_the_config_opens_at_start_and_number_keys_switch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "[[view]]\nname = \"best\"\nquery = \"quality:>=100\"\nsort = \"quality:asc\"\n\n\
         [[view]]\nname = \"everything\"\n",
    )
    .unwrap();
    let config = newsdesk::config::load(&path, true).unwrap();
    let views = find::saved_views(&config.views).unwrap();
    let mut m = model(100, 30);
    find::start(&mut m, views);
    let (mut rt, _) = runtime(m);
    assert_eq!(order(&rt.model), ["harbour", "wind"]);
    let title = list_title(&rt);
    assert!(
        title.contains("quality asc · 2 of 6 · best: quality:>=100"),
        "{title}"
    );
    typed(&mut rt, "2");
    assert_eq!(rt.model.view.len(), 6);
    assert!(list_title(&rt).contains("date desc"));
    typed(&mut rt, "3");
    assert!(screen(&rt).contains("No view 3; views: 1 best, 2 everything"));
    typed(&mut rt, "1");
    assert_eq!(order(&rt.model), ["harbour", "wind"]);
}

#[test]
fn without_views_in_the_config_the_desk_opens_on_the_inbox_and_says_so() {
    let views = find::saved_views(&[]).unwrap();
    assert_eq!(views[0].name, "inbox");
    let mut m = model(100, 30);
    find::start(&mut m, views);
    let (mut rt, _) = runtime(m);
    assert_eq!(order(&rt.model), ["harbour", "athens", "ice"]);
    assert!(list_title(&rt).contains("3 of 6 · inbox: is:unpublished"));
    typed(&mut rt, "\\");
    assert_eq!(rt.model.view.len(), 6);
}

#[test]
fn a_bad_view_in_the_config_is_an_error_naming_the_view_and_column() {
    let bad = [newsdesk::config::ViewConfig {
        name: "broken".into(),
        query: "quality:>>1".into(),
        sort: None,
    }];
    let e = find::saved_views(&bad).unwrap_err();
    assert!(e.contains("\"broken\"") && e.contains("column 10"), "{e}");
    let bad_sort = [newsdesk::config::ViewConfig {
        name: "s".into(),
        query: String::new(),
        sort: Some("size".into()),
    }];
    assert!(find::saved_views(&bad_sort).unwrap_err().contains("size"));
    let _: Vec<SavedView> = find::builtin_views();
}

#[test]
fn an_unknown_key_gets_a_hint() {
    let (mut rt, _) = runtime(model(100, 30));
    typed(&mut rt, "x");
    assert!(screen(&rt).contains("x: not a key here, ? for help"));
}

#[test]
fn a_wide_list_shows_a_topics_column() {
    // The harbour item is the selected top row; the list is left of the first `┃│`.
    let (rt, _) = runtime(model(200, 30));
    let list = |s: &str, marker: &str| {
        let line = s.lines().find(|l| l.contains(marker)).unwrap().to_owned();
        line.split("┃│").next().unwrap().to_owned()
    };
    let s = screen(&rt);
    assert!(list(&s, "▶").contains("Transport, Climate"), "{s}");
    assert!(list(&s, "Qual").contains("Topics"), "{s}");
    let (narrow, _) = runtime(model(100, 30));
    let s = screen(&narrow);
    assert!(!list(&s, "▶").contains("Transport"), "{s}");
    assert!(!list(&s, "Qual").contains("Topics"), "{s}");
}

#[test]
fn snapshot_80x24_filter_prompt_with_a_parse_error() {
    let (mut rt, _) = runtime(model(80, 24));
    typed(&mut rt, "/quality:>=90 or (");
    insta::assert_snapshot!(screen(&rt));
}

#[test]
fn snapshot_80x24_facets_overlay() {
    let (mut rt, _) = runtime(model(80, 24));
    typed(&mut rt, "Fj");
    insta::assert_snapshot!(screen(&rt));
}
