//! `write_published` raced against an editor saving the same file at a random moment.
//!
//! Each round starts from a fresh unpublished file; an editor thread saves it (append; an
//! in-place rewrite with O_TRUNC; write-temp-then-rename; or a "harsh" editor that holds
//! the file open 0-4 ms before appending or overwriting + ftruncate), while this thread
//! publishes it, with or without `expected`. Afterwards the editor's save must be in the
//! file: it landed after our write, or our write was refused, or our write applied on top
//! of it. A save silently reverted is a loss; any loss fails the test.
//!
//! NEWSDESK_RACE_ROUNDS sets the number of rounds (default 300, about 5 s here);
//! NEWSDESK_RACE_SEED replays a run (the seed is printed).

use std::fs::{self, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Barrier;
use std::time::{Duration, SystemTime};

use newsdesk::feed::store::{Rev, WriteError, Written, write_published};

const BASE: &str = "---\ntitle: Race\npublished: false\n---\nBody.\n";

/// xorshift64*: enough randomness for timing, and replayable from a printed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[derive(Debug, Clone, Copy)]
enum Save {
    Append,
    Truncate,
    Rename,
    HarshAppend,
    HarshOverwrite,
}

const SAVES: [Save; 5] = [
    Save::Append,
    Save::Truncate,
    Save::Rename,
    Save::HarshAppend,
    Save::HarshOverwrite,
];

/// Save as an editor would, leaving `marker` in the file. Editors that write their whole
/// buffer write what they loaded (`BASE`) plus the user's edit.
fn save(path: &Path, how: Save, marker: &str, hold: Duration) {
    let buffer = format!("{BASE}{marker}\n");
    match how {
        Save::Append => {
            let mut f = OpenOptions::new().append(true).open(path).unwrap();
            f.write_all(format!("{marker}\n").as_bytes()).unwrap();
        }
        Save::Truncate => {
            let mut f = OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(path)
                .unwrap();
            f.write_all(buffer.as_bytes()).unwrap();
        }
        Save::Rename => {
            let temp = path.with_file_name(format!("{marker}.editor-tmp"));
            fs::write(&temp, &buffer).unwrap();
            fs::rename(&temp, path).unwrap();
        }
        Save::HarshAppend => {
            let mut f = OpenOptions::new().write(true).open(path).unwrap();
            std::thread::sleep(hold);
            f.seek(SeekFrom::End(0)).unwrap();
            f.write_all(format!("{marker}\n").as_bytes()).unwrap();
        }
        Save::HarshOverwrite => {
            let mut f = OpenOptions::new().write(true).open(path).unwrap();
            std::thread::sleep(hold);
            f.write_all(buffer.as_bytes()).unwrap();
            f.set_len(buffer.len() as u64).unwrap();
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    lost: usize,
    changed: usize,
    conflict: usize,
    busy: usize,
    on_top: usize,
}

#[test]
fn an_editors_save_is_never_lost() {
    let rounds: usize = std::env::var("NEWSDESK_RACE_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("NEWSDESK_RACE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("race: {rounds} rounds, NEWSDESK_RACE_SEED={seed}");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    // Spread both starts over about one write's duration on this machine, so the save
    // lands before, during (at every step) and after our write.
    let window = {
        let probe = dir.path().join("probe.md");
        fs::write(&probe, BASE).unwrap();
        let t = std::time::Instant::now();
        write_published(&probe, true, None).unwrap();
        let took = t.elapsed();
        fs::remove_file(&probe).unwrap();
        (took.as_micros() as u64).clamp(500, 50_000)
    };
    println!("race: one write took {window} us here");
    let mut by_kind = [Tally::default(); SAVES.len()];
    let mut lost_rounds = Vec::new();

    for round in 0..rounds {
        let how = SAVES[round % SAVES.len()];
        let tally = &mut by_kind[round % SAVES.len()];
        let path = dir.path().join(format!("item-{round}.md"));
        fs::write(&path, BASE).unwrap();
        let marker = format!("edit-{round}");
        let expected = (round / SAVES.len() % 2 == 0).then(|| Rev::of(BASE.as_bytes()));
        let editor_delay = Duration::from_micros(rng.below(window));
        let our_delay = Duration::from_micros(rng.below(window));
        let hold = Duration::from_micros(rng.below(4000));
        let start = Barrier::new(2);

        let outcome = std::thread::scope(|s| {
            s.spawn(|| {
                start.wait();
                std::thread::sleep(editor_delay);
                save(&path, how, &marker, hold);
            });
            start.wait();
            std::thread::sleep(our_delay);
            write_published(&path, true, expected)
        });

        let after = fs::read_to_string(&path).unwrap();
        let has_save = after.lines().any(|l| l == marker);
        match &outcome {
            Ok(Written::Changed(_)) => tally.changed += 1,
            Ok(Written::Unchanged(_)) => {}
            Err(e) if e.is_conflict() => tally.conflict += 1,
            Err(WriteError::Busy { .. }) => tally.busy += 1,
            Err(e) => panic!("round {round} ({how:?}): unexpected error {e}"),
        }
        if has_save && after.contains("published: true") {
            tally.on_top += 1;
        }
        if !has_save {
            tally.lost += 1;
            lost_rounds.push(format!("round {round} ({how:?}): {outcome:?}\n{after}"));
        }
        let mut left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.retain(|n| n.starts_with('.'));
        assert!(left.is_empty(), "round {round}: temp files left: {left:?}");
        fs::remove_file(&path).unwrap();
    }

    let mut total = Tally::default();
    for (how, t) in SAVES.iter().zip(&by_kind) {
        println!("race: {how:?}: {t:?}");
        total.lost += t.lost;
        total.changed += t.changed;
        total.conflict += t.conflict;
    }
    println!("race: lost {} of {rounds}", total.lost);
    assert!(
        total.lost == 0,
        "lost {} saves of {rounds}:\n{}",
        total.lost,
        lost_rounds.join("\n")
    );
    // The test must have raced: both outcomes of our write occurred.
    assert!(total.changed > 0 && total.conflict > 0, "{by_kind:?}");
}

/// `newsdesk publish`/`unpublish` killed (SIGKILL) at random moments: the file is always
/// whole, old or new, and hidden temp names a kill leaves are gone after the next write.
/// NEWSDESK_KILL_ROUNDS sets the number of rounds (default 100).
#[test]
fn a_killed_publish_leaves_old_or_new_and_no_leftover_after_the_next_write() {
    use std::process::{Command, Stdio};
    let rounds: usize = std::env::var("NEWSDESK_KILL_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let mut rng = Rng(SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    let published = BASE.replace("published: false", "published: true");
    fs::write(&path, BASE).unwrap();
    let spawn = |verb: &str| {
        Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args([verb, "a.md"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let hidden = || -> Vec<String> {
        fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with('.'))
            .collect()
    };
    // A whole run's duration: kills land anywhere from start-up to exit.
    let t = std::time::Instant::now();
    assert!(spawn("publish").wait().unwrap().success());
    let window = (t.elapsed().as_micros() as u64).max(1000);
    let (mut killed_mid_way, mut rounds_with_leftover) = (0, 0);

    for round in 0..rounds {
        let before = fs::read_to_string(&path).unwrap();
        let (verb, after) = if before == BASE {
            ("publish", published.as_str())
        } else {
            ("unpublish", BASE)
        };
        let mut child = spawn(verb);
        std::thread::sleep(Duration::from_micros(rng.below(window)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        killed_mid_way += usize::from(status.code().is_none());
        let now = fs::read_to_string(&path).unwrap();
        assert!(
            now == before || now == after,
            "round {round}: neither old nor new:\n{now}"
        );
        rounds_with_leftover += usize::from(!hidden().is_empty());
    }
    println!(
        "kill: {rounds} rounds, {killed_mid_way} killed before exit, \
         {rounds_with_leftover} with a hidden temp name present afterwards"
    );
    assert!(spawn("publish").wait().unwrap().success());
    assert_eq!(hidden(), Vec::<String>::new(), "left after the next write");
    assert_eq!(fs::read_to_string(&path).unwrap(), published);
    assert!(
        killed_mid_way > 0,
        "no run was killed: the test did not test"
    );
}
