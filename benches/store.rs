//! `cargo bench --bench store`: what the safe write-back costs and what its fallback loses.
//!
//! 1. Publishing N files (NEWSDESK_BENCH_FILES, default 1,000) in one folder with
//!    `write_published`, against the floor of any durable replace measured in the same run:
//!    write a temp file, fsync it, rename it over, fsync the folder.
//! 2. The editor race of tests/race.rs (NEWSDESK_BENCH_RACE_ROUNDS, default 400) run
//!    against `write_published` and against its no-lease fallback, which the README says
//!    can lose to a slow editor: this prints how often.

#[path = "../tests/race/harness.rs"]
mod harness;

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use newsdesk::feed::store::{write_published, write_published_unleased};

fn env_or(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn fill(dir: &Path, n: usize) {
    for i in 0..n {
        fs::write(dir.join(format!("item-{i}.md")), harness::BASE).unwrap();
    }
}

/// The floor: temp + fsync + rename + fsync folder, same bytes as a publish writes.
fn durable_replace(dir: &Path, n: usize) -> Duration {
    let new = harness::BASE.replace("published: false", "published: true");
    let folder = File::open(dir).unwrap();
    let t = Instant::now();
    for i in 0..n {
        let path = dir.join(format!("item-{i}.md"));
        let temp = dir.join(format!(".item-{i}.md.tmp"));
        let mut f = File::create(&temp).unwrap();
        f.write_all(new.as_bytes()).unwrap();
        f.sync_all().unwrap();
        fs::rename(&temp, &path).unwrap();
        folder.sync_all().unwrap();
    }
    t.elapsed()
}

fn publish_all(dir: &Path, n: usize) -> Duration {
    let t = Instant::now();
    for i in 0..n {
        write_published(&dir.join(format!("item-{i}.md")), true, None).unwrap();
    }
    t.elapsed()
}

fn main() {
    let n = env_or("NEWSDESK_BENCH_FILES", 1000);
    let rounds = env_or("NEWSDESK_BENCH_RACE_ROUNDS", 400);
    // Alternate the two so drift in a shared machine's disk hits both alike.
    let (mut floor, mut ours) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..2 {
        let a = tempfile::tempdir().unwrap();
        fill(a.path(), n);
        floor += durable_replace(a.path(), n);
        let b = tempfile::tempdir().unwrap();
        fill(b.path(), n);
        ours += publish_all(b.path(), n);
    }
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / (2 * n) as f64;
    println!(
        "publish {n} files x2: {:.2} ms a file; durable-replace floor {:.2} ms a file; \
         ratio {:.2}",
        per(ours),
        per(floor),
        ours.as_secs_f64() / floor.as_secs_f64()
    );

    let (mut rng, seed) = harness::Rng::from_env_or_clock("NEWSDESK_RACE_SEED");
    for (name, writer) in [
        ("leased", write_published as harness::Writer),
        (
            "no-lease fallback",
            write_published_unleased as harness::Writer,
        ),
    ] {
        let report = harness::race(writer, rounds, &mut rng);
        let total = report.total();
        let per_kind: Vec<String> = harness::SAVES
            .iter()
            .zip(&report.by_kind)
            .map(|(how, t)| format!("{how:?} {}", t.lost))
            .collect();
        println!(
            "race, {name}: lost {} of {rounds} (seed {seed}; by kind: {}); \
             {} written, {} refused as conflicts, {} busy, {} read a half-saved file",
            total.lost,
            per_kind.join(", "),
            total.changed,
            total.conflict,
            total.busy,
            total.torn
        );
    }
}
