//! `cargo bench --bench live`: what following the folder costs.
//!
//! On a synthetic feed of N files (`NEWSDESK_BENCH_N`, default 10,000; our own template):
//! - floor: walk and read every file's bytes on all cores, nothing parsed;
//! - reload (`R`): the loader through the index cache with one file changed, then the
//!   model taking the result in (what the worker and the UI thread do);
//! - watch: from writing one file to its item arriving on the channel, read. The
//!   debouncer waits 200 ms for quiet by design, so that is most of it.
//!
//! Each time is the median of 5 runs, and is given with its ratio to the floor.

use std::path::Path;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use newsdesk::app::{Model, Msg, update};
use newsdesk::feed::loader::{discover, load_with_cache_dir};
use newsdesk::runtime::{Input, spawn_watch};
use rayon::prelude::*;

const RUNS: usize = 5;

fn item(i: usize, title: &str) -> String {
    format!(
        "---\ntitle: \"{title} {i}\"\npublishedDateTime: 2024-05-{:02}T10:00:00Z\n\
         originalUrl: \"https://news.example/{i}\"\nprovider:\n  name: Outlet\n  \
         domain: news.example\nquality: {}\npublished: false\n---\nBody of story {i}.\n",
        i % 28 + 1,
        i % 150
    )
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn floor(root: &Path) -> Duration {
    let start = Instant::now();
    let files = discover(root).unwrap().files;
    let bytes: usize = files
        .par_iter()
        .map(|p| std::fs::read(p).map_or(0, |b| b.len()))
        .sum();
    assert!(bytes > 0);
    start.elapsed()
}

fn main() {
    let n: usize = std::env::var("NEWSDESK_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("feed");
    let cache = tmp.path().join("cache");
    std::fs::create_dir(&root).unwrap();
    for i in 0..n {
        std::fs::write(root.join(format!("{i:06}.md")), item(i, "Story")).unwrap();
    }
    // Fill the cache, as the desk's own load does; the files are old enough to be trusted.
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    for e in std::fs::read_dir(&root).unwrap() {
        let f = std::fs::File::options()
            .write(true)
            .open(e.unwrap().path())
            .unwrap();
        f.set_modified(old).unwrap();
    }
    let report = load_with_cache_dir(&root, Some(&cache)).unwrap();
    let mut model = Model::new(report, jiff::Timestamp::now(), jiff::tz::TimeZone::UTC);

    let floors: Vec<Duration> = (0..RUNS).map(|_| floor(&root)).collect();
    let floor = median(floors);

    let mut reloads = Vec::new();
    for run in 0..RUNS {
        std::fs::write(root.join("000000.md"), item(run, "Changed")).unwrap();
        let start = Instant::now();
        let r = load_with_cache_dir(&root, Some(&cache)).unwrap();
        let items = r.feed.items().to_vec();
        update(
            &mut model,
            Msg::Rescanned {
                items,
                errors: r.errors,
            },
        );
        reloads.push(start.elapsed());
        let said = model.status.as_ref().map(|s| s.text.as_str());
        assert_eq!(said, Some("1 changed"), "run {run}");
    }
    let reload = median(reloads);

    let (tx, rx) = channel();
    let _watch = spawn_watch(&root, tx).unwrap();
    let mut watches = Vec::new();
    for run in 0..RUNS {
        let path = root.join(format!("new-{run}.md"));
        let start = Instant::now();
        std::fs::write(&path, item(run, "New")).unwrap();
        loop {
            match rx.recv_timeout(Duration::from_secs(5)).unwrap() {
                Input::Folder(Msg::FolderChanged { seen }) if !seen.is_empty() => break,
                _ => {}
            }
        }
        watches.push(start.elapsed());
        // Let the debouncer forget this file before the next.
        std::thread::sleep(Duration::from_millis(300));
        while rx.try_recv().is_ok() {}
    }
    let watch = median(watches);

    println!("live bench, {n} files, median of {RUNS}");
    println!("floor (read all bytes)   {:8.1} ms  1.0x", ms(floor));
    let r = reload.as_secs_f64() / floor.as_secs_f64();
    println!(
        "reload R, 1 file changed {:8.1} ms  {r:.1}x floor",
        ms(reload)
    );
    let w = watch.as_secs_f64() / floor.as_secs_f64();
    println!(
        "watch, write to item     {:8.1} ms  {w:.1}x floor (200 ms of it is the debounce)",
        ms(watch)
    );
}
