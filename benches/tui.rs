//! `cargo bench --bench tui`: the desk on a TestBackend with a large generated feed.
//! Time to the first frame and to fully loaded, and key-to-frame latency (p50/p99) for
//! `j` and Ctrl-d in the full list and while the feed is still streaming in. References
//! measured in the same run: reading every file's bytes (the floor of any load) and
//! drawing an empty desk.
//!
//! `NEWSDESK_BENCH_ITEMS` sets the feed size (default 100,000). The feed is written once
//! to `target/bench-feed-N` and reused.

mod common;

use common::{items_wanted, ms, pct};

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::app::Model;
use newsdesk::feed::LoadOptions;
use newsdesk::platform::Recording;
use newsdesk::runtime::{Input, Runtime, spawn_loader};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use rayon::prelude::*;

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

/// Our own template, shaped like the corpus: about 2 KB of front matter, one item in five
/// with related articles, one in a hundred with a dozen.
fn item(i: usize) -> String {
    let related = match i % 100 {
        0 => 12,
        n if n % 5 == 0 => 3,
        _ => 0,
    };
    let mut s = format!(
        "---\ntitle: \"Story {i}: harbour council and port agree on a plan for the ferry terminal\"\n\
         excerpt: \"Two sentences about story {i}, long enough to wrap in the detail pane and to \
         look like the real thing, with an entity &amp; a quote &quot;here&quot; ...\"\n\
         publishedDateTime: 2025-{:02}-{:02}T{:02}:{:02}:00Z\n\
         originalUrl: \"https://outlet{}.example/2025/story-{i}\"\n\
         webUrl: \"https://desk.example/news/story-{i}\"\ntype: article\ncategory: news\n\
         quality: {}\nheat: {}\npublished: {}\nprovider:\n  name: Outlet {}\n  domain: outlet{}.example\n\
         topics:\n  - Politics\n  - Transport\nimages:\n  - url: \"https://outlet.example/img/{i}.jpg\"\n    \
         width: 1200\n    height: 675\n    isCached: true\n",
        1 + i % 12,
        1 + (i / 12) % 28,
        i % 24,
        (i / 7) % 60,
        i % 40,
        i % 190,
        i % 500,
        i.is_multiple_of(3),
        i % 40,
        i % 40,
    );
    if related > 0 {
        s += "related:\n";
        for r in 0..related {
            s += &format!(
                "  - title: \"Another outlet on story {i}, take {r}\"\n    \
                 publishedDateTime: 2025-05-01T10:00:00Z\n    webUrl: \"https://other{r}.example/{i}\"\n    \
                 type: article\n    provider:\n      name: Other {r}\n      domain: other{r}.example\n"
            );
        }
    }
    s += "secured: \"";
    s += &"QUJD".repeat(300);
    s += "\"\n---\n\nBody.\n";
    s
}

fn feed(n: usize) -> PathBuf {
    common::write_feed("tui-bench-feed", n, item)
}

/// The floor: walk and read every file's bytes, in parallel, parsing nothing.
fn read_all_bytes(root: &Path) -> (Duration, usize) {
    let t = Instant::now();
    let paths = newsdesk::feed::walk::discover(root).unwrap().files;
    let bytes: usize = paths
        .par_iter()
        .map(|p| std::fs::read(p).map_or(0, |b| b.len()))
        .sum();
    (t.elapsed(), bytes)
}

fn now() -> Timestamp {
    "2026-01-01T00:00:00Z".parse().unwrap()
}

fn runtime(model: Model) -> Runtime<TestBackend> {
    let t = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    Runtime::new(t, model, Arc::new(Recording::default()))
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Input {
    Input::Terminal(Event::Key(KeyEvent::new(code, modifiers)))
}

/// CPU time of the calling thread: the UI thread's own work, without the time the
/// scheduler gave to other threads (the loader's, or other processes on a shared machine).
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// From putting a key on the channel to the frame that answers it: what the editor waits
/// (wall clock). And the UI thread's CPU time until the end of that step, which also
/// counts loader batches handled after the frame.
fn key_to_frame(rt: &mut Runtime<TestBackend>, input: Input) -> (Duration, Duration) {
    let seen = rt.terminal_events();
    let (t, cpu) = (Instant::now(), thread_cpu());
    rt.sender().send(input).unwrap();
    while rt.terminal_events() == seen {
        rt.step(Some(Duration::from_secs(5))).unwrap();
    }
    let cpu = thread_cpu() - cpu;
    let answered = rt.answered_at().expect("a key's frame");
    (answered.saturating_duration_since(t), cpu)
}

fn report(name: &str, keys: Vec<(Duration, Duration)>, reference: Duration) {
    let (mut v, mut cpu): (Vec<Duration>, Vec<Duration>) = keys.into_iter().unzip();
    v.sort();
    cpu.sort();
    let (p50, p99) = (pct(&v, 0.5), pct(&v, 0.99));
    let ratio = |d: Duration| d.as_secs_f64() / reference.as_secs_f64();
    println!(
        "{name:<34} n={:<5} p50 {:>8.3} ms ({:>5.1}x empty frame)  p99 {:>8.3} ms ({:>5.1}x)  max {:>8.3} ms",
        v.len(),
        ms(p50),
        ratio(p50),
        ms(p99),
        ratio(p99),
        ms(*v.last().unwrap_or(&Duration::ZERO)),
    );
    println!(
        "{:<34}   UI-thread CPU to the step's end: p50 {:>8.3} ms  p99 {:>8.3} ms",
        "",
        ms(pct(&cpu, 0.5)),
        ms(pct(&cpu, 0.99))
    );
}

fn main() {
    let n = items_wanted();
    let root = feed(n);
    // Twice: the first read may come from the disk, the load below from the page cache.
    read_all_bytes(&root);
    let (floor, bytes) = read_all_bytes(&root);
    println!(
        "feed: {n} items, {:.0} MB; read-all-bytes floor {:.0} ms",
        bytes as f64 / 1e6,
        ms(floor)
    );

    // Reference: the same load without any screen, as `newsdesk check --no-cache` does.
    let t = Instant::now();
    let bare_report = newsdesk::feed::load(&root).unwrap();
    let bare = t.elapsed();
    println!(
        "load alone (no cache, no screen): {:.0} ms ({:.2}x floor), {} items",
        ms(bare),
        bare.as_secs_f64() / floor.as_secs_f64(),
        bare_report.feed.len()
    );
    drop(bare_report);

    // Reference: one frame of an empty desk, drawn many times.
    let mut empty = runtime(Model::loading(root.clone(), now(), TimeZone::UTC));
    empty.start().unwrap();
    // The median of single draws: a mean would carry the machine's hiccups.
    let mut draws: Vec<Duration> = (0..201)
        .map(|_| {
            let t = Instant::now();
            empty.redraw().unwrap();
            t.elapsed()
        })
        .collect();
    draws.sort();
    let empty_frame = draws[100];
    println!("empty-desk frame: {:.3} ms", ms(empty_frame));

    // The desk as launched: streaming load, first frame, keys while loading.
    let t = Instant::now();
    let mut rt = runtime(Model::loading(root.clone(), now(), TimeZone::UTC));
    spawn_loader(root.clone(), LoadOptions { use_cache: false }, rt.sender());
    rt.start().unwrap();
    let first = t.elapsed();
    let (mut j_loading, mut page_loading) = (Vec::new(), Vec::new());
    let mut i = 0;
    while rt.model.loading.is_some() {
        // Spread the keys out so they land at every stage of the load.
        std::thread::sleep(Duration::from_millis(3));
        if i % 2 == 0 {
            j_loading.push(key_to_frame(
                &mut rt,
                key(KeyCode::Char('j'), KeyModifiers::NONE),
            ));
        } else {
            let ctrl_d = key(KeyCode::Char('d'), KeyModifiers::CONTROL);
            page_loading.push(key_to_frame(&mut rt, ctrl_d));
        }
        i += 1;
    }
    let loaded = t.elapsed();
    let items = rt.model.feed.len();
    assert_eq!(rt.model.view.len(), items);
    println!(
        "first frame {:.2} ms ({:.3}x floor); fully loaded {:.0} ms ({:.2}x floor, {:.2}x load alone), {items} items, {} frames",
        ms(first),
        first.as_secs_f64() / floor.as_secs_f64(),
        ms(loaded),
        loaded.as_secs_f64() / floor.as_secs_f64(),
        loaded.as_secs_f64() / bare.as_secs_f64(),
        rt.frames()
    );

    // The full list, nothing else happening.
    let (mut j, mut page) = (Vec::new(), Vec::new());
    for k in 0..1000 {
        if k % 2 == 0 {
            j.push(key_to_frame(
                &mut rt,
                key(KeyCode::Char('j'), KeyModifiers::NONE),
            ));
        } else {
            let ctrl_d = key(KeyCode::Char('d'), KeyModifiers::CONTROL);
            page.push(key_to_frame(&mut rt, ctrl_d));
        }
    }
    report(&format!("j, {items} items loaded"), j, empty_frame);
    report(&format!("Ctrl-d, {items} items loaded"), page, empty_frame);
    report("j, while loading", j_loading, empty_frame);
    report("Ctrl-d, while loading", page_loading, empty_frame);
}
