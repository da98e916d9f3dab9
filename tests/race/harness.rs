//! The race between an editor's save and a write of the published flag, shared by
//! tests/race.rs (which fails on any loss) and benches/store.rs (which measures the
//! no-lease fallback, documented to lose to a slow editor).
//!
//! Each round starts from a fresh unpublished file; an editor thread saves it (append; an
//! in-place rewrite with O_TRUNC; write-temp-then-rename; or a "harsh" editor that holds
//! the file open 0-4 ms before appending or overwriting + ftruncate), while the calling
//! thread publishes it, with `expected` in half the rounds. Afterwards the editor's save
//! must be in the file: it landed after our write, or our write was refused, or our write
//! applied on top of it. A save silently reverted is a loss.
#![allow(dead_code)]

use std::fs::{self, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Barrier;
use std::time::{Duration, Instant, SystemTime};

use newsdesk::feed::store::{Rev, WriteError, Written};

pub const BASE: &str = "---\ntitle: Race\npublished: false\n---\nBody.\n";

/// A write of the flag: `write_published` or its no-lease fallback.
pub type Writer = fn(&Path, bool, Option<Rev>) -> Result<Written, WriteError>;

/// xorshift64*: enough randomness for timing, and replayable from a printed seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn from_env_or_clock(var: &str) -> (Rng, u64) {
        let seed = std::env::var(var)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        (Rng(seed), seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Save {
    Append,
    Truncate,
    Rename,
    HarshAppend,
    HarshOverwrite,
}

pub const SAVES: [Save; 5] = [
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

/// Outcomes of one kind of save.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub lost: usize,
    pub changed: usize,
    pub conflict: usize,
    pub busy: usize,
    /// Our write read a half-saved file (e.g. just truncated) and refused to edit it.
    pub torn: usize,
}

pub struct Report {
    pub by_kind: [Tally; SAVES.len()],
    /// One line per lost save: round, kind, our outcome, the file as it was left.
    pub losses: Vec<String>,
    /// What both starts were spread over: about one write's duration here.
    pub window_us: u64,
}

impl Report {
    pub fn total(&self) -> Tally {
        let mut t = Tally::default();
        for k in &self.by_kind {
            t.lost += k.lost;
            t.changed += k.changed;
            t.conflict += k.conflict;
            t.busy += k.busy;
            t.torn += k.torn;
        }
        t
    }
}

/// Run `rounds` races of `writer` against the editor in a fresh folder.
pub fn race(writer: Writer, rounds: usize, rng: &mut Rng) -> Report {
    let dir = tempfile::tempdir().unwrap();
    // Spread both starts over one write's duration here (the median of five), so the
    // save lands before, during (at every step) and after our write.
    let window_us = {
        let mut took: Vec<u64> = (0..5)
            .map(|i| {
                let probe = dir.path().join(format!("probe-{i}.md"));
                fs::write(&probe, BASE).unwrap();
                let t = Instant::now();
                writer(&probe, true, None).unwrap();
                let took = t.elapsed().as_micros() as u64;
                fs::remove_file(&probe).unwrap();
                took
            })
            .collect();
        took.sort_unstable();
        took[2].clamp(500, 50_000)
    };
    let mut report = Report {
        by_kind: [Tally::default(); SAVES.len()],
        losses: Vec::new(),
        window_us,
    };
    for round in 0..rounds {
        let how = SAVES[round % SAVES.len()];
        let tally = &mut report.by_kind[round % SAVES.len()];
        let path = dir.path().join(format!("item-{round}.md"));
        fs::write(&path, BASE).unwrap();
        let marker = format!("edit-{round}");
        let expected = (round / SAVES.len())
            .is_multiple_of(2)
            .then(|| Rev::of(BASE.as_bytes()));
        let editor_delay = Duration::from_micros(rng.below(window_us));
        let our_delay = Duration::from_micros(rng.below(window_us));
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
            writer(&path, true, expected)
        });

        match &outcome {
            Ok(Written::Changed(_)) => tally.changed += 1,
            Ok(Written::Unchanged(_)) => {}
            Err(e) if e.is_conflict() => tally.conflict += 1,
            Err(WriteError::Busy { .. }) => tally.busy += 1,
            Err(WriteError::Refused { .. }) => tally.torn += 1,
            Err(e) => panic!("round {round} ({how:?}): unexpected error {e}"),
        }
        let after = fs::read_to_string(&path).unwrap();
        if !after.lines().any(|l| l == marker) {
            tally.lost += 1;
            report
                .losses
                .push(format!("round {round} ({how:?}): {outcome:?}\n{after}"));
        }
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "round {round}: temp files left: {left:?}");
        fs::remove_file(&path).unwrap();
    }
    report
}
