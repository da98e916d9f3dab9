//! The undo/redo journal on real files: exact bytes back, conflicts left alone, history
//! across restarts, a step a crash left half done, and the bounds.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use newsdesk::feed::journal::{Action, Journal, Limits, Op, Outcome, State};
use newsdesk::feed::store::Rev;
use tempfile::{TempDir, tempdir};

const NO_LINE: &str = "---\ntitle: No flag here\nquality: 70\n---\n";
const FALSE_CRLF: &str = "---\r\ntitle: Crlf\r\npublished: false\r\n---\r\n";
const QUOTED: &str = "---\ntitle: Quoted\npublished: \"no\" # keep me\n---\nBody.\n";

struct Desk {
    _dir: TempDir,
    feed: PathBuf,
    journal: PathBuf,
}

fn desk(files: &[(&str, &str)]) -> Desk {
    let dir = tempdir().unwrap();
    let feed = dir.path().join("feed");
    fs::create_dir(&feed).unwrap();
    for (name, text) in files {
        fs::write(feed.join(name), text).unwrap();
    }
    let journal = dir.path().join("state").join("j.jsonl");
    Desk {
        _dir: dir,
        feed,
        journal,
    }
}

/// Every file of a folder and the hash of its bytes.
fn hashes(dir: &Path) -> BTreeMap<String, Rev> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, Rev::of(&fs::read(e.path()).unwrap()))
        })
        .collect()
}

fn all(feed: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(feed)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn go() -> impl FnMut(usize, usize) -> bool {
    |_, _| true
}

fn publish_all(j: &mut Journal, feed: &Path) -> newsdesk::feed::journal::Report {
    let plan = Journal::plan(Action::Publish, &all(feed));
    j.apply(Action::Publish, "all", plan.changes, &mut go())
        .unwrap()
}

#[test]
fn undo_restores_every_byte_and_redo_applies_again() {
    let d = desk(&[("a.md", NO_LINE), ("b.md", FALSE_CRLF), ("c.md", QUOTED)]);
    let before = hashes(&d.feed);
    let mut j = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    let report = publish_all(&mut j, &d.feed);
    assert_eq!(report.count(|o| *o == Outcome::Done), 3);
    let published = hashes(&d.feed);
    assert_ne!(published, before);
    assert!(
        fs::read_to_string(d.feed.join("a.md"))
            .unwrap()
            .contains("published: true")
    );

    let undone = j.undo(&mut go()).unwrap().expect("a step to undo");
    assert_eq!(undone.op, Op::Undo);
    assert_eq!(
        hashes(&d.feed),
        before,
        "undo gives back the exact bytes, with no published line where there was none"
    );
    assert_eq!(j.steps()[0].state, State::Undone);

    let redone = j.redo(&mut go()).unwrap().expect("a step to redo");
    assert_eq!(redone.count(|o| *o == Outcome::Done), 3);
    assert_eq!(hashes(&d.feed), published);
    assert!(j.redo(&mut go()).unwrap().is_none(), "nothing more to redo");
}

#[test]
fn history_survives_a_restart() {
    let d = desk(&[("a.md", NO_LINE), ("b.md", FALSE_CRLF)]);
    let before = hashes(&d.feed);
    {
        let mut j = Journal::open(d.journal.clone(), Limits::default()).unwrap();
        publish_all(&mut j, &d.feed);
    }
    let mut again = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    assert_eq!(again.steps().len(), 1);
    assert_eq!(again.steps()[0].action, Action::Publish);
    assert_eq!(again.steps()[0].label, "all");
    again.undo(&mut go()).unwrap().unwrap();
    assert_eq!(hashes(&d.feed), before);
}

#[test]
fn a_file_changed_after_the_write_is_not_touched_by_undo() {
    let d = desk(&[("a.md", NO_LINE), ("b.md", FALSE_CRLF)]);
    let mut j = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    publish_all(&mut j, &d.feed);
    let edited = "---\ntitle: Someone else's edit\npublished: true\n---\n";
    fs::write(d.feed.join("a.md"), edited).unwrap();
    let report = j.undo(&mut go()).unwrap().unwrap();
    let by_name: BTreeMap<String, Outcome> = report
        .results
        .into_iter()
        .map(|(p, o)| (p.file_name().unwrap().to_string_lossy().into_owned(), o))
        .collect();
    assert_eq!(by_name["a.md"], Outcome::Conflict);
    assert_eq!(by_name["b.md"], Outcome::Done);
    assert_eq!(fs::read_to_string(d.feed.join("a.md")).unwrap(), edited);
    assert_eq!(fs::read_to_string(d.feed.join("b.md")).unwrap(), FALSE_CRLF);
    // The conflicting file is out of the step: a redo does not overwrite it either.
    j.redo(&mut go()).unwrap().unwrap();
    assert_eq!(fs::read_to_string(d.feed.join("a.md")).unwrap(), edited);
}

#[test]
fn a_new_step_after_undo_ends_the_redo() {
    let d = desk(&[("a.md", NO_LINE), ("b.md", FALSE_CRLF)]);
    let mut j = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    let plan = Journal::plan(Action::Publish, &[d.feed.join("a.md")]);
    j.apply(Action::Publish, "a", plan.changes, &mut go())
        .unwrap();
    j.undo(&mut go()).unwrap().unwrap();
    let plan = Journal::plan(Action::Publish, &[d.feed.join("b.md")]);
    j.apply(Action::Publish, "b", plan.changes, &mut go())
        .unwrap();
    assert!(j.redo(&mut go()).unwrap().is_none());
    assert_eq!(j.steps()[0].state, State::Dropped);
    // And the same after a restart.
    let mut again = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    assert!(again.redo(&mut go()).unwrap().is_none());
    assert_eq!(again.undo(&mut go()).unwrap().unwrap().label, "b");
}

#[test]
fn a_cancelled_undo_can_be_continued() {
    let names: Vec<String> = (0..6).map(|i| format!("{i}.md")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), NO_LINE)).collect();
    let d = desk(&files);
    let before = hashes(&d.feed);
    let mut j = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    publish_all(&mut j, &d.feed);
    let report = j.undo(&mut |done, _| done < 2).unwrap().unwrap();
    assert_eq!(report.count(|o| *o == Outcome::Done), 2);
    assert_eq!(report.count(|o| *o == Outcome::NotDone), 4);
    assert_eq!(j.steps()[0].state, State::Applied, "partly undone");
    j.undo(&mut go()).unwrap().unwrap();
    assert_eq!(hashes(&d.feed), before);
}

/// A crash between the journal's record of a step and its end: modelled by a panic in the
/// progress callback half way, which leaves the files and the journal exactly as a kill
/// at that moment would.
fn crash_half_way(d: &Desk) {
    let journal = d.journal.clone();
    let feed = d.feed.clone();
    let crashed = std::panic::catch_unwind(move || {
        let mut j = Journal::open(journal, Limits::default()).unwrap();
        let plan = Journal::plan(Action::Publish, &all(&feed));
        let _ = j.apply(Action::Publish, "all", plan.changes, &mut |done, _| {
            assert!(done < 3, "killed");
            true
        });
    });
    assert!(crashed.is_err());
}

#[test]
fn a_step_left_half_done_is_completed_or_rolled_back() {
    let names: Vec<String> = (0..6).map(|i| format!("{i}.md")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), QUOTED)).collect();

    let d = desk(&files);
    let before = hashes(&d.feed);
    crash_half_way(&d);
    let mut j = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    let pending = j.pending().expect("the unfinished step is seen");
    assert_eq!(pending.pending, Some(Op::Do));
    assert!(
        j.undo(&mut go()).is_err(),
        "nothing else runs before it is settled"
    );
    j.recover(false, &mut go()).unwrap().unwrap();
    assert_eq!(hashes(&d.feed), before, "rolled back");
    assert!(j.pending().is_none());
    assert!(j.undo(&mut go()).unwrap().is_none());

    let d = desk(&files);
    crash_half_way(&d);
    let mut j = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    let report = j.recover(true, &mut go()).unwrap().unwrap();
    assert_eq!(report.count(|o| *o == Outcome::Done), 6);
    for path in all(&d.feed) {
        assert!(
            fs::read_to_string(path)
                .unwrap()
                .contains("published: true")
        );
    }
    // Completed, it is an ordinary step: undo takes all of it back.
    j.undo(&mut go()).unwrap().unwrap();
    assert_eq!(hashes(&d.feed).len(), 6);
    for path in all(&d.feed) {
        assert_eq!(fs::read_to_string(path).unwrap(), QUOTED);
    }
}

#[test]
fn a_torn_last_line_is_ignored_and_overwritten() {
    let d = desk(&[("a.md", NO_LINE), ("b.md", FALSE_CRLF)]);
    let mut j = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    let plan = Journal::plan(Action::Publish, &[d.feed.join("a.md")]);
    j.apply(Action::Publish, "a", plan.changes, &mut go())
        .unwrap();
    drop(j);
    let good = fs::read(&d.journal).unwrap();
    let mut torn = good.clone();
    torn.extend_from_slice(b"{\"rec\":\"step\",\"id\":2,\"ti");
    fs::write(&d.journal, &torn).unwrap();

    let mut j = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    assert_eq!(j.steps().len(), 1);
    let plan = Journal::plan(Action::Publish, &[d.feed.join("b.md")]);
    j.apply(Action::Publish, "b", plan.changes, &mut go())
        .unwrap();
    let text = fs::read_to_string(&d.journal).unwrap();
    assert!(text.starts_with(std::str::from_utf8(&good).unwrap()));
    assert!(!text.contains("\"ti{"), "the torn tail is gone: {text}");
    let again = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    assert_eq!(again.steps().len(), 2);
}

#[test]
fn the_journal_keeps_within_its_bounds() {
    let names: Vec<String> = (0..12).map(|i| format!("{i:02}.md")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), NO_LINE)).collect();
    let d = desk(&files);
    let limits = Limits {
        steps: 4,
        bytes: 10_000,
    };
    let mut j = Journal::open(d.journal.clone(), limits).unwrap();
    for path in all(&d.feed) {
        let plan = Journal::plan(Action::Publish, &[path]);
        j.apply(Action::Publish, "one", plan.changes, &mut go())
            .unwrap();
        assert!(j.steps().len() <= 4, "{} steps kept", j.steps().len());
        assert!(fs::metadata(&d.journal).unwrap().len() <= 10_000);
    }
    // The newest steps are the ones kept, and they still undo.
    let again = Journal::open(d.journal.clone(), limits).unwrap();
    let newest = again.steps().last().unwrap();
    assert_eq!(newest.files[0].path, d.feed.join("11.md"));
    let mut again = again;
    again.undo(&mut go()).unwrap().unwrap();
    assert_eq!(
        fs::read_to_string(d.feed.join("11.md")).unwrap(),
        NO_LINE,
        "the newest step undoes after compaction"
    );
}

#[cfg(unix)]
#[test]
fn a_non_utf8_file_name_survives_the_journal() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let d = desk(&[]);
    let path = d.feed.join(OsStr::from_bytes(b"caf\xe9.md"));
    fs::write(&path, NO_LINE).unwrap();
    {
        let mut j = Journal::open(d.journal.clone(), Limits::default()).unwrap();
        let plan = Journal::plan(Action::Publish, std::slice::from_ref(&path));
        j.apply(Action::Publish, "x", plan.changes, &mut go())
            .unwrap();
    }
    let mut j = Journal::open(d.journal.clone(), Limits::default()).unwrap();
    assert_eq!(j.steps()[0].files[0].path, path);
    j.undo(&mut go()).unwrap().unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), NO_LINE);
}

#[test]
fn the_plan_reports_what_is_already_so_and_what_cannot_be_edited() {
    let d = desk(&[
        ("a.md", NO_LINE),
        ("b.md", "---\npublished: true\n---\n"),
        ("c.md", "no front matter"),
    ]);
    let plan = Journal::plan(Action::Publish, &all(&d.feed));
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.already, vec![d.feed.join("b.md")]);
    assert_eq!(plan.refused.len(), 1);
    assert_eq!(plan.refused[0].0, d.feed.join("c.md"));
}
