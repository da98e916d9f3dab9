//! `cargo bench --bench bulk`: what the journal costs. A bulk publish of N files as one
//! journal step (what the TUI's worker runs), its undo and redo, against the same files
//! written one by one with today's durable write and no journal, and against reading
//! every file's bytes. Then a single `p` as a journal step against a plain write (p50/p99).
//!
//! `NEWSDESK_BENCH_BULK` sets N (default 2,000). Everything lives under
//! `target/bench-bulk/` and is written afresh each run; the journal goes there too.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use newsdesk::app::bulk::{Job, JobOutput, Target};
use newsdesk::feed::journal::Action;
use newsdesk::feed::store::{Rev, write_published};
use newsdesk::runtime::journal::run;

fn item(i: usize) -> String {
    // One in three has no published line, as in the corpus's mix.
    let flag = if i.is_multiple_of(3) {
        ""
    } else {
        "published: false\n"
    };
    format!(
        "---\ntitle: \"Story {i}: harbour council and port agree on a plan\"\n\
         excerpt: \"Two sentences about story {i}, long enough to look like the real thing.\"\n\
         publishedDateTime: 2025-03-01T10:00:00Z\nquality: {}\n{flag}provider:\n  name: Outlet\n\
         topics:\n  - Politics\n---\n{}\n",
        i % 190,
        "Body text. ".repeat(40)
    )
}

fn fresh(dir: &Path, n: usize) -> Vec<PathBuf> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    (0..n)
        .map(|i| {
            let p = dir.join(format!("{i:06}.md"));
            std::fs::write(&p, item(i)).unwrap();
            p
        })
        .collect()
}

fn targets(paths: &[PathBuf]) -> Vec<Target> {
    paths
        .iter()
        .map(|p| Target {
            id: newsdesk::feed::id_of(p),
            path: p.clone(),
            rev: Rev::of(&std::fs::read(p).unwrap()),
        })
        .collect()
}

fn step(root: &Path, job: Job) -> (Duration, usize) {
    let t = Instant::now();
    let out = run(root, &job, &mut |_, _| true).unwrap();
    let changed = match out {
        JobOutput::Step(Some(s)) => s.files.len(),
        _ => 0,
    };
    (t.elapsed(), changed)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let n: usize = std::env::var("NEWSDESK_BENCH_BULK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-bulk");
    // SAFETY: set before any thread is started.
    unsafe { std::env::set_var("NEWSDESK_STATE_DIR", base.join("state")) };
    let _ = std::fs::remove_dir_all(base.join("state"));

    // Floor: read every file.
    let feed = base.join("feed");
    let paths = fresh(&feed, n);
    let t = Instant::now();
    let bytes: usize = paths.iter().map(|p| std::fs::read(p).unwrap().len()).sum();
    let read = t.elapsed();

    // Reference: today's durable write, file by file, no journal.
    let t = Instant::now();
    for p in &paths {
        write_published(p, true, None).unwrap();
    }
    let plain = t.elapsed();

    // The journal: one step of n files, its undo and its redo, on fresh files.
    let paths = fresh(&feed, n);
    let (apply, changed) = step(
        &feed,
        Job::Apply {
            action: Action::Publish,
            label: "bench".into(),
            targets: targets(&paths),
        },
    );
    assert_eq!(changed, n);
    let (undo, _) = step(&feed, Job::Undo);
    let (redo, _) = step(&feed, Job::Redo);
    let journal = std::fs::read_dir(base.join("state/journal"))
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum::<u64>();

    println!(
        "bulk publish of {n} files ({} KB), 2 cores shared",
        bytes / 1024
    );
    println!("  read every file (floor)       {:8.1} ms", ms(read));
    println!(
        "  plain durable writes (today)  {:8.1} ms  {:6.1}x floor",
        ms(plain),
        ms(plain) / ms(read)
    );
    for (name, d) in [
        ("journal step", apply),
        ("its undo", undo),
        ("its redo", redo),
    ] {
        println!(
            "  {name:<29} {:8.1} ms  {:6.1}x floor  {:5.2}x plain",
            ms(d),
            ms(d) / ms(read),
            ms(d) / ms(plain)
        );
    }
    println!("  journal on disk after them    {:8} KB", journal / 1024);

    // A single `p`: one step of one file, against one plain write, alternating.
    let one = base.join("one");
    let paths = fresh(&one, 2);
    let rounds: usize = 100;
    let (mut stepped, mut written) = (Vec::new(), Vec::new());
    for r in 0..rounds {
        let value = r.is_multiple_of(2);
        let action = if value {
            Action::Publish
        } else {
            Action::Unpublish
        };
        let (d, _) = step(
            &one,
            Job::Apply {
                action,
                label: "one".into(),
                targets: targets(&paths[..1]),
            },
        );
        stepped.push(d);
        let t = Instant::now();
        write_published(&paths[1], value, None).unwrap();
        written.push(t.elapsed());
    }
    let (s50, s99) = (pct(&mut stepped, 0.5), pct(&mut stepped, 0.99));
    let (w50, w99) = (pct(&mut written, 0.5), pct(&mut written, 0.99));
    println!("single p, {rounds} rounds (the journal grows to {rounds} steps)");
    println!(
        "  plain write                   p50 {:6.2} ms  p99 {:6.2} ms",
        ms(w50),
        ms(w99)
    );
    println!(
        "  journal step                  p50 {:6.2} ms  p99 {:6.2} ms  ({:.2}x plain at p50)",
        ms(s50),
        ms(s99),
        ms(s50) / ms(w50)
    );
}
