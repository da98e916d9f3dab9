//! Whole-screen snapshots of marks and the bulk overlays on TestBackend, driven through
//! `update` alone (the runtime and the real journal are in tests/bulk_tui.rs).

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::app::bulk::{FileDone, JobOutput, Origin, Pending, StepDone};
// Reads of the selected item are answered at once: no runtime here.
use newsdesk::app::{Effect, Model, Msg, Overlay};
use newsdesk::feed::journal::{Action, Op, Outcome};
use newsdesk::feed::loader::load;
use newsdesk::runtime::update_reading_at_once as update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn model(width: u16, height: u16) -> Model {
    let report = load(Path::new("tests/fixtures/tui")).unwrap();
    let now: Timestamp = "2026-03-10T12:00:00Z".parse().unwrap();
    let mut m = Model::new(report, now, TimeZone::UTC);
    update(&mut m, Msg::Resize { width, height });
    m
}

fn screen(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(m.width, m.height)).unwrap();
    t.draw(|f| newsdesk::ui::view(m, f)).unwrap();
    t.backend().to_string()
}

#[test]
fn marked_rows_show_a_glyph_and_the_count_and_p_asks_first() {
    let mut m = model(100, 20);
    // Space twice (rows 0, 1), then a range from row 3 to 4 (v, j, v).
    for msg in [
        Msg::ToggleMark,
        Msg::ToggleMark,
        Msg::Down,
        Msg::VisualMark,
        Msg::Down,
    ] {
        update(&mut m, msg);
    }
    let s = screen(&m);
    assert_eq!(s.matches("+").count(), 2, "the range so far: {s}");
    update(&mut m, Msg::VisualMark);
    assert_eq!(m.bulk.marks.len(), 4);
    insta::assert_snapshot!("marks", screen(&m));
    let effects = update(&mut m, Msg::TogglePublished);
    assert!(effects.is_empty(), "nothing is written before y");
    assert_eq!(m.overlay, Some(Overlay::Confirm));
    insta::assert_snapshot!("confirm_marked", screen(&m));
}

#[test]
fn b_asks_publish_or_unpublish_for_the_whole_view_then_y_starts_the_step() {
    let mut m = model(100, 20);
    update(&mut m, Msg::BulkView);
    insta::assert_snapshot!("confirm_view_choose", screen(&m));
    assert!(update(&mut m, Msg::Confirm).is_empty(), "y before a choice");
    update(&mut m, Msg::ChooseUnpublish);
    let s = screen(&m);
    assert!(
        s.contains("Unpublish 6 items: 3 will change, 3 already so"),
        "{s}"
    );
    let effects = update(&mut m, Msg::Confirm);
    let [Effect::Journal { cancel, .. }] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(m.overlay, Some(Overlay::Working));
    update(&mut m, Msg::StepProgress { done: 2, total: 6 });
    insta::assert_snapshot!("working", screen(&m));
    // The look for an unfinished step (the load ended meanwhile) leaves the run alone.
    update(
        &mut m,
        Msg::Stepped {
            origin: Origin::Inspect,
            result: Ok(JobOutput::Pending(None)),
        },
    );
    assert_eq!(m.overlay, Some(Overlay::Working));
    assert!(m.bulk.running.is_some());
    update(&mut m, Msg::CloseOverlay);
    assert!(cancel.stopped(), "Esc stops the step between files");
    assert_eq!(
        m.overlay,
        Some(Overlay::Working),
        "until the step says it ended"
    );
}

#[test]
fn the_summary_lists_each_failure_with_its_file_and_reason() {
    let mut m = model(100, 20);
    let root = m.feed.root.clone();
    let path = |n: &str| -> PathBuf { root.join(n) };
    let items: Vec<_> = m.feed.items().iter().map(|i| i.path.clone()).collect();
    let done = StepDone {
        step: 7,
        op: Op::Do,
        action: Action::Publish,
        label: "topic:ai".into(),
        files: vec![
            FileDone {
                path: items[0].clone(),
                outcome: Outcome::Done,
                now: Some((true, newsdesk::feed::store::Rev(1))),
            },
            FileDone {
                path: items[3].clone(),
                outcome: Outcome::Conflict,
                now: None,
            },
            FileDone {
                path: items[5].clone(),
                outcome: Outcome::NotDone,
                now: None,
            },
        ],
        already: 2,
        refused: vec![(path("broken.md"), "no closing --- fence".into())],
    };
    let effects = update(
        &mut m,
        Msg::Stepped {
            origin: Origin::Bulk,
            result: Ok(JobOutput::Step(Some(done))),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::ReloadItem {
            id: m.feed.items()[3].id,
            path: items[3].clone()
        }],
        "the conflicting file is read again"
    );
    assert!(m.feed.items()[0].is_published());
    assert_eq!(m.overlay, Some(Overlay::Summary));
    insta::assert_snapshot!("summary", screen(&m));
}

#[test]
fn a_pending_step_is_offered_with_its_keys() {
    let mut m = model(100, 20);
    update(
        &mut m,
        Msg::Stepped {
            origin: Origin::Inspect,
            result: Ok(JobOutput::Pending(Some(Pending {
                step: 3,
                op: Op::Do,
                action: Action::Unpublish,
                label: "provider:cnn".into(),
                files: 12,
            }))),
        },
    );
    assert_eq!(m.overlay, Some(Overlay::Recover));
    insta::assert_snapshot!("recover", screen(&m));
    let effects = update(&mut m, Msg::RecoverRollBack);
    assert!(matches!(
        &effects[..],
        [Effect::Journal {
            job: newsdesk::app::bulk::Job::Recover { complete: false },
            ..
        }]
    ));
}
