//! Reading the selected item whole: asked once per (id, rev), answers matched to the item
//! as listed, failures shown. The worker is played by hand, so every order can be tried.

use std::path::Path;

use jiff::tz::TimeZone;

use super::*;
use crate::app::model::Pane;
use crate::app::msg::Msg;
use crate::app::update::update;
use crate::app::{detail, live};
use crate::feed::loader::{load, read_item};

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui")
}

/// The fixture feed held slim, as the loader gives it; harbour (2 related) selected.
/// Nothing is answered yet.
fn model() -> (Model, Vec<Effect>) {
    // The loader gives slim items.
    let report = load(&root()).unwrap();
    let now = "2026-03-10T12:00:00Z".parse().unwrap();
    let mut m = Model::new(report, now, TimeZone::UTC);
    let effects = update(
        &mut m,
        Msg::Resize {
            width: 120,
            height: 40,
        },
    );
    (m, effects)
}

fn reads(effects: &[Effect]) -> Vec<(ItemId, Rev)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::ReadDetail { id, rev, .. } => Some((*id, *rev)),
            _ => None,
        })
        .collect()
}

/// The worker's answer to a read: the file as it is on disk.
fn answer(effect: &Effect) -> Msg {
    let Effect::ReadDetail { id, rev, path } = effect else {
        panic!("not a read: {effect:?}");
    };
    Msg::DetailRead {
        id: *id,
        rev: *rev,
        result: read_item(path).map(|i| i.map(Box::new)),
    }
}

fn selected(m: &Model) -> (ItemId, Rev) {
    let i = m.selected_item().unwrap();
    (i.id, i.rev)
}

fn detail_text(m: &Model) -> String {
    let lines = detail::lines(m, m.selected_item().unwrap(), 100);
    let text: Vec<String> = lines
        .iter()
        .map(|l| l.0.iter().map(|(_, t)| t.as_str()).collect())
        .collect();
    text.join("\n")
}

#[test]
fn a_slim_selection_is_read_once_and_then_shows_its_related_articles() {
    let (mut m, effects) = model();
    let harbour = selected(&m);
    assert!(m.selected_item().unwrap().is_slim());
    assert_eq!(reads(&effects), vec![harbour]);
    assert!(matches!(m.shown(), Some(Shown::Reading(_))));
    assert!(m.shown_related().is_empty());
    assert_eq!(m.selected_item().unwrap().related_count(), 2);
    // Whatever else happens meanwhile, the read is not asked again.
    let now = m.now;
    for msg in [Msg::FocusNext, Msg::Tick { now }, Msg::FocusPrev] {
        assert_eq!(reads(&update(&mut m, msg)), vec![]);
    }
    update(&mut m, answer(&effects[0]));
    assert!(matches!(m.shown(), Some(Shown::Whole(i)) if !i.is_slim()));
    assert_eq!(m.shown_related().len(), 2);
    assert!(m.selected_item().unwrap().is_slim(), "the list stays slim");
}

#[test]
fn moving_off_and_back_reads_nothing_again() {
    let (mut m, first) = model();
    update(&mut m, answer(&first[0]));
    let down = update(&mut m, Msg::Down);
    let tokyo = selected(&m);
    assert_eq!(reads(&down), vec![tokyo]);
    // Back and forth before tokyo's answer came: it is on its way, not asked twice.
    assert_eq!(reads(&update(&mut m, Msg::Up)), vec![]);
    assert_eq!(m.shown_related().len(), 2, "harbour is still held");
    assert_eq!(reads(&update(&mut m, Msg::Down)), vec![]);
    // A late answer, for an item no longer selected, is kept for coming back.
    update(&mut m, Msg::Up);
    update(&mut m, answer(&down[0]));
    assert_eq!(reads(&update(&mut m, Msg::Down)), vec![]);
    assert!(matches!(m.shown(), Some(Shown::Whole(_))));
}

#[test]
fn only_a_few_answers_are_kept() {
    let (mut m, first) = model();
    update(&mut m, answer(&first[0]));
    let n = m.view.len();
    for _ in 1..n {
        let effects = update(&mut m, Msg::Down);
        for e in &effects {
            update(&mut m, answer(e));
        }
    }
    assert!(m.whole.answers.len() <= KEEP);
    assert!(m.whole.asked.is_empty());
}

#[test]
fn an_answer_for_a_rev_replaced_meanwhile_is_dropped_and_the_new_rev_asked() {
    let (mut m, first) = model();
    let (id, old) = selected(&m);
    // The file changed and the watch brought the new version before the read came back.
    let mut changed = read_item(&m.selected_item().unwrap().path)
        .unwrap()
        .unwrap()
        .slimmed();
    changed.rev = Rev(old.0 ^ 1);
    changed.title = Some("Ferry terminal: the new version".into());
    let effects = update(
        &mut m,
        Msg::FolderChanged {
            seen: vec![live::Seen::Read(Box::new(changed))],
        },
    );
    let new = Rev(old.0 ^ 1);
    assert_eq!(reads(&effects), vec![(id, new)], "the new rev is asked for");
    // The old answer is the file as it was: not shown for the new item.
    update(&mut m, answer(&first[0]));
    assert!(
        matches!(m.shown(), Some(Shown::Reading(_))),
        "{:?}",
        m.shown()
    );
    assert!(m.shown_related().is_empty());
    assert!(detail_text(&m).contains("Ferry terminal: the new version"));
}

#[test]
fn a_file_changed_on_disk_since_it_was_listed_is_not_shown_as_its_bulk() {
    let (mut m, first) = model();
    let (id, rev) = selected(&m);
    let mut other = read_item(&m.selected_item().unwrap().path)
        .unwrap()
        .unwrap();
    other.rev = Rev(rev.0 ^ 1);
    other.related.truncate(1);
    update(
        &mut m,
        Msg::DetailRead {
            id,
            rev,
            result: Ok(Some(Box::new(other))),
        },
    );
    let Some(Shown::Failed(_, why)) = m.shown() else {
        panic!("{:?}", m.shown());
    };
    assert!(
        why.contains("harbour-ferry-terminal.md changed on disk"),
        "{why}"
    );
    assert!(m.shown_related().is_empty());
    // Not asked again for the same rev: the live reload (or R) brings a new one.
    let now = m.now;
    assert_eq!(reads(&update(&mut m, Msg::Tick { now })), vec![]);
    let _ = first;
}

#[test]
fn a_read_error_is_shown_in_plain_words_naming_the_file() {
    let (mut m, _) = model();
    let (id, rev) = selected(&m);
    let path = m.selected_item().unwrap().path.clone();
    let error = LoadError {
        path: path.clone(),
        line: None,
        column: None,
        message: "Permission denied".into(),
    };
    update(
        &mut m,
        Msg::DetailRead {
            id,
            rev,
            result: Err(error),
        },
    );
    let Some(Shown::Failed(_, why)) = m.shown() else {
        panic!("{:?}", m.shown());
    };
    assert_eq!(
        why,
        "Could not read 2026-03-10-harbour-ferry-terminal.md: Permission denied"
    );
    let text = detail_text(&m).replace('\n', " ");
    assert!(text.contains("Images:    1, not read"), "{text}");
    assert!(
        text.contains("harbour-ferry-terminal.md: Permission denied"),
        "{text}"
    );
    // Enter on the related pane has nothing to follow, and says why not.
    m.focus = Pane::Related;
    assert!(update(&mut m, Msg::Activate).is_empty());
    // R reloads the folder, and tries the file again.
    let effects = update(&mut m, Msg::Reload);
    assert_eq!(reads(&effects), vec![(id, rev)]);
}

#[test]
fn an_answer_for_an_item_gone_from_the_feed_is_dropped() {
    let (mut m, first) = model();
    let path = m.selected_item().unwrap().path.clone();
    update(
        &mut m,
        Msg::FolderChanged {
            seen: vec![live::Seen::Gone(path)],
        },
    );
    update(&mut m, answer(&first[0]));
    assert!(m.whole.answers.is_empty());
}

#[test]
fn while_reading_enter_on_the_related_pane_says_so_and_the_place_is_kept() {
    let (mut m, first) = model();
    m.focus = Pane::Related;
    update(&mut m, Msg::Down);
    assert_eq!(
        m.related_selected, 1,
        "bounded by the count, not the empty list"
    );
    assert!(update(&mut m, Msg::Activate).is_empty());
    assert_eq!(
        m.status.as_ref().unwrap().text,
        "Still reading this item's related articles"
    );
    update(&mut m, answer(&first[0]));
    assert_eq!(m.related_selected, 1);
    assert!(!update(&mut m, Msg::Activate).is_empty(), "opened now");
}

#[test]
fn the_detail_pane_counts_images_while_reading_and_lists_them_after() {
    let (mut m, first) = model();
    let text = detail_text(&m);
    assert!(text.contains("Images:    1, reading the file…"), "{text}");
    assert!(text.contains("Secured:   encrypted payload present (21 characters)"));
    update(&mut m, answer(&first[0]));
    let text = detail_text(&m);
    assert!(
        text.contains("Image:     https://coastal-times.example/media/terminal.jpg"),
        "{text}"
    );
    assert!(!text.contains("reading"));
    assert!(text.contains("Secured:   encrypted payload present (21 characters)"));
}

#[test]
fn our_own_publish_keeps_the_whole_item_without_reading_it_again() {
    use crate::app::bulk::{FileDone, JobOutput, Origin, StepDone};
    use crate::feed::journal::{Op, Outcome};
    let (mut m, first) = model();
    update(&mut m, answer(&first[0]));
    let (_, rev) = selected(&m);
    let path = m.selected_item().unwrap().path.clone();
    update(&mut m, Msg::TogglePublished);
    let done = Msg::Stepped {
        origin: Origin::Toggle,
        result: Ok(JobOutput::Step(Some(StepDone {
            step: 1,
            op: Op::Do,
            action: crate::feed::journal::Action::Publish,
            label: String::new(),
            files: vec![FileDone {
                path,
                outcome: Outcome::Done,
                now: Some((true, Rev(rev.0 + 1))),
            }],
            already: 0,
            refused: Vec::new(),
        }))),
    };
    assert_eq!(reads(&update(&mut m, done)), vec![]);
    let Some(Shown::Whole(whole)) = m.shown() else {
        panic!("{:?}", m.shown());
    };
    assert!(whole.is_published());
    assert_eq!(whole.related.len(), 2);
}
