//! Bulk publish by query, and `history`/`undo`/`redo`, through the real binary on a copy of
//! the corpus; and a bulk step killed with SIGKILL part way, then rolled back or completed.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use newsdesk::feed::store::Rev;
use tempfile::{TempDir, tempdir};

/// A temporary copy of the corpus's item files (read where it lies, copied only into a
/// temp folder), and a state dir of its own so the journal is the test's.
struct Desk {
    dir: TempDir,
}

impl Desk {
    fn feed(&self) -> PathBuf {
        self.dir.path().join("feed")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args(args)
            .env("NEWSDESK_STATE_DIR", self.dir.path().join("state"))
            .env("NEWSDESK_CACHE_DIR", self.dir.path().join("cache"))
            .output()
            .expect("run newsdesk")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

fn corpus_desk() -> Option<Desk> {
    let dir = tempdir().unwrap();
    common::copy_corpus_items(&dir.path().join("feed"))?;
    Some(Desk { dir })
}

/// The item files (hidden names are never items) and the hash of their bytes.
fn hashes(dir: &Path) -> BTreeMap<PathBuf, Rev> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| {
            let rev = Rev::of(&fs::read(&p).unwrap());
            (p, rev)
        })
        .collect()
}

/// The lines of `a` and `b` that differ, when both have the same number of lines, or the
/// line `b` has that `a` has not.
fn changed_lines(a: &str, b: &str) -> usize {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    if a.len() == b.len() {
        a.iter().zip(&b).filter(|(x, y)| x != y).count()
    } else {
        assert_eq!(a.len() + 1, b.len(), "one line inserted at most");
        1
    }
}

#[test]
fn bulk_publish_by_query_changes_exactly_the_matching_items_and_undoes_as_one() {
    let Some(desk) = corpus_desk() else { return };
    let feed = desk.feed();
    let feed_s = feed.to_str().unwrap();
    let before = hashes(&feed);
    let query = "is:unpublished quality:>=60";
    let listed = desk.ok(&["list", feed_s, "--query", query]);
    let expected: Vec<PathBuf> = listed
        .lines()
        .map(|l| PathBuf::from(l.split('\t').nth(7).unwrap()))
        .collect();
    assert!(expected.len() > 5, "the query should match a handful");

    let dry = desk.ok(&["publish", "--query", query, "--dry-run", feed_s]);
    assert!(dry.contains(&format!(
        "{} of {} matching would change",
        expected.len(),
        expected.len()
    )));
    assert_eq!(hashes(&feed), before, "a dry run writes nothing");

    let out = desk.ok(&["publish", "--query", query, feed_s]);
    assert!(
        out.contains(&format!("step 1: {} published", expected.len())),
        "{out}"
    );
    let after = hashes(&feed);
    for (path, rev) in &after {
        let old = fs::read_to_string(path).unwrap();
        if expected.contains(path) {
            assert_ne!(*rev, before[path], "{} should change", path.display());
        } else {
            assert_eq!(*rev, before[path], "{} should not change", path.display());
            let _ = old;
        }
    }
    let history = desk.ok(&["history", feed_s]);
    assert_eq!(
        history.trim_end().split('\t').skip(2).collect::<Vec<_>>(),
        vec!["publish", &expected.len().to_string(), "applied", query]
    );

    let undo = desk.ok(&["undo", feed_s]);
    assert!(
        undo.contains(&format!("{} restored, 0 left alone", expected.len())),
        "{undo}"
    );
    assert_eq!(hashes(&feed), before, "undo gives back every byte");

    desk.ok(&["redo", feed_s]);
    assert_eq!(hashes(&feed), after);
    let out = desk.run(&["redo", feed_s]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to redo"));
}

#[test]
fn each_published_file_differs_by_one_line() {
    let Some(desk) = corpus_desk() else { return };
    let feed = desk.feed();
    let originals: BTreeMap<PathBuf, String> = hashes(&feed)
        .into_keys()
        .map(|p| {
            let t = fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect();
    desk.ok(&[
        "publish",
        "--query",
        "is:unpublished",
        feed.to_str().unwrap(),
    ]);
    let mut changed = 0;
    for (path, old) in &originals {
        let new = fs::read_to_string(path).unwrap();
        if &new != old {
            assert_eq!(changed_lines(old, &new), 1, "{}", path.display());
            changed += 1;
        }
    }
    assert!(changed > 50, "{changed} changed");
}

#[test]
fn a_file_edited_after_the_step_is_left_alone_by_undo() {
    let Some(desk) = corpus_desk() else { return };
    let feed = desk.feed();
    let feed_s = feed.to_str().unwrap();
    let out = desk.ok(&["publish", "--query", "is:unpublished", feed_s]);
    // A file the step wrote (not one that was published before it).
    let victim = PathBuf::from(
        out.lines()
            .find_map(|l| l.strip_suffix(": published"))
            .expect("the step wrote files"),
    );
    let edited = "---\ntitle: edited by someone else\npublished: true\n---\n";
    fs::write(&victim, edited).unwrap();
    let out = desk.run(&["undo", feed_s]);
    assert_eq!(out.status.code(), Some(1), "a conflict is reported");
    assert!(String::from_utf8_lossy(&out.stderr).contains("changed since newsdesk wrote it"));
    assert_eq!(fs::read_to_string(&victim).unwrap(), edited);
}

/// Many small files so a bulk step takes long enough to be killed in the middle.
fn big_desk(n: usize) -> Desk {
    let dir = tempdir().unwrap();
    let feed = dir.path().join("feed");
    fs::create_dir(&feed).unwrap();
    for i in 0..n {
        let flag = if i % 3 == 0 { "" } else { "published: false\n" };
        let text = format!(
            "---\ntitle: Item {i}\nquality: {}\n{flag}---\nBody.\n",
            i % 100
        );
        fs::write(feed.join(format!("{i:05}.md")), text).unwrap();
    }
    Desk { dir }
}

#[test]
fn a_bulk_step_killed_part_way_is_rolled_back_or_completed() {
    for (round, delay_ms) in [(0, 0u64), (1, 60), (2, 150), (3, 300)] {
        let desk = big_desk(600);
        let feed = desk.feed();
        let feed_s = feed.to_str().unwrap().to_owned();
        let before = hashes(&feed);
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args(["publish", "--query", "is:unpublished", &feed_s])
            .env("NEWSDESK_STATE_DIR", desk.dir.path().join("state"))
            .env("NEWSDESK_CACHE_DIR", desk.dir.path().join("cache"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill once the step is in the journal (its files are being written), or when
        // the command has ended without one.
        let journal_dir = desk.dir.path().join("state").join("journal");
        let journalled = || {
            fs::read_dir(&journal_dir).is_ok_and(|d| {
                d.flatten().any(|e| {
                    e.path().extension().is_some_and(|x| x == "jsonl")
                        && e.metadata().is_ok_and(|m| m.len() > 0)
                })
            })
        };
        while !journalled() && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        // Every file is either as it was or as it should be after.
        let mut done = 0;
        for (path, rev) in hashes(&feed) {
            if rev != before[&path] {
                let text = fs::read_to_string(&path).unwrap();
                assert!(
                    text.contains("published: true"),
                    "{}: {text}",
                    path.display()
                );
                done += 1;
            }
        }
        let history = desk.ok(&["history", &feed_s]);
        eprintln!("round {round}: killed after {delay_ms} ms, {done} files written: {history}");
        if round % 2 == 0 {
            // Roll back (or, if it had finished, undo): every byte as before.
            desk.run(&["undo", &feed_s]);
            assert_eq!(hashes(&feed), before, "round {round}");
        } else {
            desk.run(&["redo", &feed_s]);
            for path in before.keys() {
                let text = fs::read_to_string(path).unwrap();
                assert!(
                    text.contains("published: true") || history.is_empty(),
                    "round {round}: {} not completed",
                    path.display()
                );
            }
        }
        let history = desk.ok(&["history", &feed_s]);
        assert!(!history.contains("unfinished"), "round {round}: {history}");
        // The next write in the folder removed any hidden temp file the kill left.
        let left: Vec<_> = fs::read_dir(&feed)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.file_name())
            .collect();
        assert!(
            left.is_empty() || history.is_empty(),
            "round {round}: {left:?}"
        );
    }
}
