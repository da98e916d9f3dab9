use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::*;
use crate::app::model::Tone;
use crate::feed::loader::load;

/// The list holds slim items (see `model`): the reads they ask for are answered at once,
/// which is how the related articles get there.
use crate::runtime::update_reading_at_once as update;

/// The fixture folder as the list holds it: the loader gives slim items, their bulk
/// left on disk.
fn slim_report(root: &Path) -> crate::feed::LoadReport {
    let report = load(root).unwrap();
    assert!(report.feed.items().iter().all(Item::is_slim));
    report
}

/// Fixture order (newest first): harbour (unpublished, related), tokyo, wind (also the
/// harbour item's first related article), athens (javascript: URL, unpublished), council
/// (web URL only), ice rink (unpublished). Slim, as the loader gives them.
fn model() -> Model {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    let report = slim_report(&root);
    let now: Timestamp = "2026-03-10T12:00:00Z".parse().unwrap();
    let mut m = Model::new(report, now, TimeZone::UTC);
    resize(&mut m, 120, 40);
    m
}

fn resize(m: &mut Model, width: u16, height: u16) {
    update(m, Msg::Resize { width, height });
}

/// The result of the one-item journal step `effects` asks for, as if it was written.
fn saved_for(m: &Model, effects: &[Effect]) -> Msg {
    use crate::app::bulk::{FileDone, Job, JobOutput, StepDone};
    use crate::feed::journal::{Op, Outcome};
    let [
        Effect::Journal {
            job:
                Job::Apply {
                    action,
                    label,
                    targets,
                },
            origin,
            ..
        },
    ] = effects
    else {
        panic!("expected one journal step, got {effects:?}");
    };
    let [t] = &targets[..] else {
        panic!("expected one file, got {targets:?}");
    };
    assert_eq!(
        Some(t.rev),
        m.feed
            .items()
            .iter()
            .find(|i| i.path == t.path)
            .map(|i| i.rev)
    );
    Msg::Stepped {
        origin: *origin,
        result: Ok(JobOutput::Step(Some(StepDone {
            step: 1,
            op: Op::Do,
            action: *action,
            label: label.clone(),
            files: vec![FileDone {
                path: t.path.clone(),
                outcome: Outcome::Done,
                now: Some((action.value(), crate::feed::store::Rev(t.rev.0 + 1))),
            }],
            already: 0,
            refused: Vec::new(),
        }))),
    }
}

#[test]
fn moves_stay_inside_the_list() {
    let mut m = model();
    assert_eq!(m.feed.len(), 6);
    update(&mut m, Msg::Up);
    assert_eq!(m.cursor, 0);
    update(&mut m, Msg::Down);
    update(&mut m, Msg::Down);
    assert_eq!(m.cursor, 2);
    update(&mut m, Msg::Bottom);
    assert_eq!(m.cursor, 5);
    update(&mut m, Msg::Down);
    assert_eq!(m.cursor, 5);
    update(&mut m, Msg::Top);
    assert_eq!(m.cursor, 0);
    update(&mut m, Msg::HalfPageDown);
    assert_eq!(m.cursor, 5, "half of a 37-row pane runs past six items");
}

#[test]
fn the_list_scrolls_to_keep_the_selection_visible() {
    let mut m = model();
    // 8 rows: 6 for the list pane, of which 4 inside the border, then the status line.
    resize(&mut m, 30, 8);
    update(&mut m, Msg::Bottom);
    // 5 inner rows, one of them the header: 4 items show.
    assert_eq!(m.list_offset, 5 + 1 - 4);
    update(&mut m, Msg::Top);
    assert_eq!(m.list_offset, 0);
}

#[test]
fn focus_cycles_both_ways() {
    let mut m = model();
    update(&mut m, Msg::FocusNext);
    assert_eq!(m.focus, Pane::Detail);
    update(&mut m, Msg::FocusRight);
    assert_eq!(m.focus, Pane::Related);
    update(&mut m, Msg::FocusNext);
    assert_eq!(m.focus, Pane::List);
    update(&mut m, Msg::FocusPrev);
    assert_eq!(m.focus, Pane::Related);
    update(&mut m, Msg::FocusLeft);
    assert_eq!(m.focus, Pane::Detail);
}

#[test]
fn detail_scrolls_within_its_content_and_resets_on_a_new_item() {
    let mut m = model();
    resize(&mut m, 40, 8);
    update(&mut m, Msg::FocusNext);
    update(&mut m, Msg::Down);
    update(&mut m, Msg::Down);
    assert_eq!(m.detail_scroll, 2);
    update(&mut m, Msg::Bottom);
    let bottom = m.detail_scroll;
    assert!(bottom > 10, "the harbour item has many lines");
    update(&mut m, Msg::Down);
    assert_eq!(m.detail_scroll, bottom, "no scrolling past the end");
    update(&mut m, Msg::FocusPrev);
    update(&mut m, Msg::Down);
    assert_eq!(m.detail_scroll, 0);
}

#[test]
fn p_asks_for_a_journal_step_and_the_row_flips_only_when_written() {
    use crate::app::bulk::{Job, Origin};
    use crate::feed::journal::Action;
    let mut m = model();
    let effects = update(&mut m, Msg::TogglePublished);
    assert!(matches!(
        &effects[..],
        [Effect::Journal {
            job: Job::Apply {
                action: Action::Publish,
                ..
            },
            origin: Origin::Toggle,
            ..
        }]
    ));
    assert!(
        !m.feed.items()[0].is_published(),
        "not before the write succeeded"
    );
    assert!(
        update(&mut m, Msg::TogglePublished).is_empty(),
        "one write per item at a time"
    );
    let saved = saved_for(&m, &effects);
    update(&mut m, saved);
    assert!(m.feed.items()[0].is_published());
    assert!(
        m.status
            .as_ref()
            .unwrap()
            .text
            .starts_with("Published: Harbour")
    );
    // The next toggle must carry the new revision.
    let effects = update(&mut m, Msg::TogglePublished);
    assert!(matches!(
        &effects[..],
        [Effect::Journal { job: Job::Apply { action: Action::Unpublish, targets, .. }, .. }]
            if targets[0].rev == m.feed.items()[0].rev
    ));
}

#[test]
fn capital_p_publishes_then_moves_to_the_next_unpublished() {
    let mut m = model();
    let effects = update(&mut m, Msg::PublishAndNext);
    assert_eq!(m.cursor, 0, "no move before the write succeeded");
    let saved = saved_for(&m, &effects);
    update(&mut m, saved);
    assert_eq!(m.cursor, 3, "tokyo and wind are published already");
    let effects = update(&mut m, Msg::PublishAndNext);
    let saved = saved_for(&m, &effects);
    update(&mut m, saved);
    assert_eq!(m.cursor, 5);
    let effects = update(&mut m, Msg::PublishAndNext);
    let saved = saved_for(&m, &effects);
    update(&mut m, saved);
    assert_eq!(m.cursor, 5, "nothing left to publish");
    assert!(
        m.status
            .as_ref()
            .unwrap()
            .text
            .contains("every item is published")
    );
    assert_eq!(m.feed.published_count(), 6);
}

#[test]
fn u_and_ctrl_r_ask_the_journal_and_nothing_to_undo_is_said() {
    use crate::app::bulk::{Job, JobOutput, Origin};
    let mut m = model();
    let effects = update(&mut m, Msg::Undo);
    assert!(matches!(
        &effects[..],
        [Effect::Journal {
            job: Job::Undo,
            origin: Origin::Undo,
            ..
        }]
    ));
    let effects = update(&mut m, Msg::Redo);
    assert!(matches!(
        &effects[..],
        [Effect::Journal {
            job: Job::Redo,
            origin: Origin::Redo,
            ..
        }]
    ));
    update(
        &mut m,
        Msg::Stepped {
            origin: Origin::Undo,
            result: Ok(JobOutput::Step(None)),
        },
    );
    assert_eq!(m.status.as_ref().unwrap().text, "Nothing to undo");
}

/// The journal's answer to a single `p` on `path`: one file with this outcome.
fn single_step(path: &Path, outcome: crate::feed::journal::Outcome) -> Msg {
    use crate::app::bulk::{FileDone, JobOutput, Origin, StepDone};
    use crate::feed::journal::{Action, Op};
    Msg::Stepped {
        origin: Origin::Toggle,
        result: Ok(JobOutput::Step(Some(StepDone {
            step: 1,
            op: Op::Do,
            action: Action::Publish,
            label: String::new(),
            files: vec![FileDone {
                path: path.to_owned(),
                outcome,
                now: None,
            }],
            already: 0,
            refused: Vec::new(),
        }))),
    }
}

#[test]
fn a_conflict_reloads_the_item_and_a_refusal_is_shown() {
    use crate::feed::journal::Outcome;
    let mut m = model();
    let path = m.feed.items()[0].path.clone();
    let id = m.feed.items()[0].id;
    let effects = update(&mut m, single_step(&path, Outcome::Conflict));
    assert_eq!(
        effects,
        vec![Effect::ReloadItem {
            id,
            path: path.clone()
        }]
    );
    let status = m.status.as_ref().unwrap();
    assert_eq!(status.tone, Tone::Error);
    assert!(status.text.contains("changed on disk"), "{}", status.text);
    update(
        &mut m,
        single_step(&path, Outcome::Failed("two published keys".into())),
    );
    assert!(
        m.status
            .as_ref()
            .unwrap()
            .text
            .contains("two published keys")
    );
}

#[test]
fn o_opens_original_else_web_and_refuses_what_is_not_http() {
    let mut m = model();
    assert_eq!(
        update(&mut m, Msg::OpenOriginal),
        vec![Effect::OpenUrl {
            url: "https://coastal-times.example/news/harbour-ferry-terminal".into()
        }]
    );
    assert_eq!(
        update(&mut m, Msg::OpenWeb),
        vec![Effect::OpenUrl {
            url: "https://newsdesk.example/story/harbour-ferry-terminal".into()
        }]
    );
    update(&mut m, Msg::Down);
    update(&mut m, Msg::Down);
    update(&mut m, Msg::Down);
    assert!(
        update(&mut m, Msg::OpenOriginal).is_empty(),
        "javascript: is refused"
    );
    let status = m.status.clone().unwrap();
    assert_eq!(status.tone, Tone::Error);
    assert!(status.text.contains("Refused"), "{}", status.text);
    update(&mut m, Msg::Down);
    assert_eq!(
        update(&mut m, Msg::OpenOriginal),
        vec![Effect::OpenUrl {
            url: "https://newsdesk.example/story/council-budget".into()
        }],
        "no original URL: the web URL"
    );
}

#[test]
fn only_http_urls_pass() {
    assert!(check_url("https://a.example/x").is_ok());
    assert!(check_url("HTTP://A.EXAMPLE").is_ok());
    for bad in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "-remote=x",
        "--help",
        "ftp://x",
        "https://a b",
        "mailto:x@y",
        "",
    ] {
        assert!(check_url(bad).is_err(), "{bad}");
    }
}

#[test]
fn enter_on_a_related_article_in_the_feed_moves_the_list() {
    let mut m = model();
    update(&mut m, Msg::FocusNext);
    update(&mut m, Msg::FocusNext);
    assert_eq!(m.focus, Pane::Related);
    assert!(update(&mut m, Msg::Activate).is_empty());
    assert_eq!(m.cursor, 2);
    assert_eq!(
        m.feed.items()[2].display_title(),
        "Wind farm expansion approved after long public inquiry into the impact on migrating birds"
    );
    assert_eq!(m.focus, Pane::List);
    update(&mut m, Msg::Top);
    m.focus = Pane::Related;
    update(&mut m, Msg::Down);
    assert_eq!(m.related_selected, 1);
    assert_eq!(
        update(&mut m, Msg::Activate),
        vec![Effect::OpenUrl {
            url: "https://labour-weekly.example/ferry-unions".into()
        }],
        "not in the feed: opened in the browser"
    );
}

#[test]
fn overlays_take_movement_and_close_with_esc() {
    let mut m = model();
    // Short enough that the help does not fit and scrolls.
    resize(&mut m, 80, 12);
    update(&mut m, Msg::ShowHelp);
    assert_eq!(m.overlay, Some(Overlay::Help));
    update(&mut m, Msg::Down);
    assert_eq!((m.cursor, m.overlay_scroll), (0, 1));
    update(&mut m, Msg::CloseOverlay);
    assert_eq!(m.overlay, None);
    update(&mut m, Msg::ShowErrors);
    assert_eq!(m.overlay, Some(Overlay::Errors));
    assert_eq!(m.overlay_scroll, 0);
    assert_eq!(m.errors.len(), 1);
}

#[test]
fn click_selects_and_focuses_and_the_wheel_scrolls_the_pane_under_it() {
    let mut m = model();
    // Wide layout: the list is the left 60 %, its first row at y = 1.
    // Row 1 is the header, row 2 the first item.
    update(&mut m, Msg::Click { column: 5, row: 4 });
    assert_eq!((m.focus, m.cursor), (Pane::List, 2));
    update(&mut m, Msg::Click { column: 5, row: 0 });
    assert_eq!(m.cursor, 2, "the border is not a row");
    update(&mut m, Msg::Click { column: 5, row: 1 });
    assert_eq!(m.cursor, 2, "the header is not a row");
    update(
        &mut m,
        Msg::Click {
            column: 100,
            row: 5,
        },
    );
    assert_eq!(m.focus, Pane::Detail);
    update(
        &mut m,
        Msg::Wheel {
            column: 5,
            row: 5,
            down: true,
        },
    );
    assert_eq!(m.cursor, 5);
    assert_eq!(m.focus, Pane::Detail, "the wheel does not move focus");
    update(&mut m, Msg::Top);
    m.focus = Pane::List;
    resize(&mut m, 40, 8);
    update(&mut m, Msg::FocusNext);
    update(
        &mut m,
        Msg::Wheel {
            column: 5,
            row: 3,
            down: true,
        },
    );
    assert_eq!(m.detail_scroll, 3);
}

#[test]
fn q_quits_and_tiny_sizes_do_not_panic() {
    let mut m = model();
    for (w, h) in [(1, 1), (0, 0), (10, 3), (2, 40)] {
        resize(&mut m, w, h);
        for msg in [
            Msg::Down,
            Msg::HalfPageDown,
            Msg::Bottom,
            Msg::FocusNext,
            Msg::Click { column: 0, row: 0 },
        ] {
            update(&mut m, msg);
        }
    }
    assert_eq!(update(&mut m, Msg::Quit), vec![Effect::Quit]);
    assert!(m.quit);
}

#[test]
fn h_and_l_stop_at_the_first_and_last_pane() {
    let mut m = model();
    update(&mut m, Msg::FocusLeft);
    assert_eq!(m.focus, Pane::List, "h on the first pane stays");
    update(&mut m, Msg::FocusRight);
    update(&mut m, Msg::FocusRight);
    assert_eq!(m.focus, Pane::Related);
    update(&mut m, Msg::FocusRight);
    assert_eq!(m.focus, Pane::Related, "l on the last pane stays");
    // Tab still goes round.
    update(&mut m, Msg::FocusNext);
    assert_eq!(m.focus, Pane::List);
}

/// `G` then `k` moves up at once: the scroll stops at the end instead of running past it.
#[test]
fn bottom_then_up_moves_at_once_in_every_scrolled_view() {
    let mut m = model();
    resize(&mut m, 40, 8);
    // The detail pane.
    m.focus = Pane::Detail;
    update(&mut m, Msg::Bottom);
    let bottom = m.detail_scroll;
    assert!(bottom > 0, "the detail is longer than the pane");
    update(&mut m, Msg::Down);
    assert_eq!(m.detail_scroll, bottom, "no scrolling past the end");
    update(&mut m, Msg::Up);
    assert_eq!(m.detail_scroll, bottom - 1);
    // Every overlay.
    for overlay in [Msg::ShowHelp, Msg::ShowErrors, Msg::ShowMessages] {
        m.info("a message long enough to wrap over more than one line of this narrow log");
        m.info("another");
        update(&mut m, overlay.clone());
        update(&mut m, Msg::Bottom);
        let bottom = m.overlay_scroll;
        assert!(bottom > 0, "{overlay:?} is longer than its popup");
        update(
            &mut m,
            Msg::Wheel {
                column: 1,
                row: 1,
                down: true,
            },
        );
        assert_eq!(m.overlay_scroll, bottom, "{overlay:?}");
        update(&mut m, Msg::Up);
        assert_eq!(m.overlay_scroll, bottom - 1, "{overlay:?}");
        update(&mut m, Msg::CloseOverlay);
    }
}

#[test]
fn the_last_of_1500_errors_can_be_reached() {
    let mut m = model();
    m.errors = (0..1500)
        .map(|n| crate::feed::LoadError {
            path: format!("feed/broken-{n:04}.md").into(),
            line: Some(4),
            column: Some(11),
            message: "did not find expected key".into(),
        })
        .collect();
    update(&mut m, Msg::ShowErrors);
    update(&mut m, Msg::Bottom);
    let popup = page::popup(&m).unwrap();
    let rows = usize::from(popup.rect.height - 2);
    let last_screen: Vec<String> = popup.lines[m.overlay_scroll..m.overlay_scroll + rows]
        .iter()
        .map(|l| l.0.iter().map(|(_, t)| t.as_str()).collect())
        .collect();
    assert!(
        last_screen
            .iter()
            .any(|l| l.contains("broken-1499.md:4:11")),
        "{last_screen:?}"
    );
    // One more page down changes nothing; one up moves at once.
    let bottom = m.overlay_scroll;
    update(&mut m, Msg::HalfPageDown);
    assert_eq!(m.overlay_scroll, bottom);
    update(&mut m, Msg::Up);
    assert_eq!(m.overlay_scroll, bottom - 1);
}

#[test]
fn back_returns_along_the_related_articles_followed() {
    let mut m = model();
    let harbour = m.feed.items()[0].path.clone();
    m.focus = Pane::Related;
    update(&mut m, Msg::Activate);
    let wind = m.selected_item().unwrap().path.clone();
    assert_ne!(wind, harbour, "followed into the feed");
    // Follow again from the wind farm item, if it has a related article in the feed;
    // else follow the same one twice by going back to harbour first.
    m.focus = Pane::Related;
    let second = m
        .shown_related()
        .iter()
        .position(|r| m.related_target(r).is_some());
    if let Some(i) = second {
        m.related_selected = i;
        update(&mut m, Msg::Activate);
        update(&mut m, Msg::Back);
        assert_eq!(m.selected_item().unwrap().path, wind);
    }
    update(&mut m, Msg::Back);
    assert_eq!(
        m.selected_item().unwrap().path,
        harbour,
        "back where we came from"
    );
    assert_eq!((m.focus, m.related_selected), (Pane::Related, 0));
    update(&mut m, Msg::Back);
    assert_eq!(m.selected_item().unwrap().path, harbour);
    assert_eq!(m.status.as_ref().unwrap().text, "Nothing to go back to");
}

#[test]
fn the_text_sorts_find_their_orders_ready_once_a_streamed_load_ends() {
    let items = model().feed.items().to_vec();
    let now: Timestamp = "2026-03-10T12:00:00Z".parse().unwrap();
    let mut m = Model::loading("tests/fixtures/tui".into(), now, TimeZone::UTC);
    let batch = LoadEvent::Batch {
        files_read: items.len(),
        items,
        errors: Vec::new(),
    };
    update(&mut m, Msg::Load(batch));
    assert!(!m.feed.text_orders_ready());
    update(&mut m, Msg::Load(LoadEvent::Done));
    assert!(m.feed.text_orders_ready());
}

#[test]
fn back_follows_the_item_by_id_when_the_list_changes() {
    let mut m = model();
    let harbour = m.feed.items()[0].id;
    m.focus = Pane::Related;
    update(&mut m, Msg::Activate);
    // A newer item arrives: the item we came from is no longer on row 0.
    let mut newer = m.feed.items()[1].clone();
    newer.path = "tests/fixtures/tui/2030-01-01-newer.md".into();
    newer.id = crate::feed::id_of(&newer.path);
    newer.date = Some(crate::feed::item::PubDate::Time(
        "2030-01-01T00:00:00Z".parse().unwrap(),
    ));
    update(
        &mut m,
        Msg::Load(LoadEvent::Batch {
            items: vec![newer],
            errors: Vec::new(),
            files_read: 8,
        }),
    );
    assert_eq!(m.view.position(harbour), Some(1));
    update(&mut m, Msg::Back);
    assert_eq!(m.selected, Some(harbour));
    assert_eq!(m.cursor, 1);
}

#[test]
fn a_failed_write_leads_with_the_reason_and_names_the_file() {
    let mut m = model();
    let path = m.feed.items()[0].path.clone();
    update(
        &mut m,
        single_step(
            &path,
            crate::feed::journal::Outcome::Failed("permission denied".into()),
        ),
    );
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = &m.status.as_ref().unwrap().text;
    assert!(text.starts_with("Not written: permission denied"), "{text}");
    assert!(text.contains(&name), "{text}");
    assert!(
        !text.contains("tests/fixtures"),
        "only the file name: {text}"
    );
}

#[test]
fn the_message_log_keeps_every_message_with_its_time() {
    let mut m = model();
    update(&mut m, Msg::Undo);
    // The journal answers: no step to take back.
    update(
        &mut m,
        Msg::Stepped {
            origin: crate::app::bulk::Origin::Undo,
            result: Ok(crate::app::bulk::JobOutput::Step(None)),
        },
    );
    m.now = "2026-03-10T12:34:56Z".parse().unwrap();
    update(
        &mut m,
        Msg::OpenFailed {
            url: "https://x.example/".into(),
            message: "no browser".into(),
        },
    );
    update(&mut m, Msg::ShowMessages);
    assert_eq!(m.overlay, Some(Overlay::Messages));
    // The startup message about the broken file, then the two of this test.
    let texts: Vec<&str> = m.messages.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[0].starts_with("1 file failed to load"), "{texts:?}");
    assert_eq!(texts[1], "Nothing to undo");
    let popup = page::popup(&m).unwrap();
    let shown: Vec<String> = popup
        .lines
        .iter()
        .map(|l| l.0.iter().map(|(_, t)| t.as_str()).collect())
        .collect();
    assert!(
        shown[1].starts_with("12:00:00 Nothing to undo"),
        "{shown:?}"
    );
    assert!(shown.last().unwrap().starts_with("12:34:56 "), "{shown:?}");
}

#[test]
fn ctrl_l_asks_for_a_repaint() {
    let mut m = model();
    assert_eq!(update(&mut m, Msg::Repaint), vec![Effect::Repaint]);
    update(&mut m, Msg::ShowHelp);
    assert_eq!(
        update(&mut m, Msg::Repaint),
        vec![Effect::Repaint],
        "in an overlay too"
    );
}
