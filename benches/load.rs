//! `cargo bench --bench load`: how fast a large feed loads and how much memory it holds.
//! Writes a synthetic feed (our own template, shaped like the corpus: 1 in 4 items with
//! related articles) to a temporary folder, then times the real loader on it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use newsdesk::feed::frontmatter::set_published;
use newsdesk::feed::load;

/// Counts live heap bytes, so "what the feed holds" is measured exactly rather than read
/// off RSS, which keeps freed memory in the allocator's arenas.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn item(i: usize) -> String {
    let day = 1 + i % 28;
    let mut s = format!(
        "---\ncategory: news\ntitle: \"Story number {i}: council &amp; port agree on a plan\"\n\
         excerpt: \"An excerpt of a couple of sentences&nbsp;about story {i}, long enough to wrap \
         in the detail pane and to look like the real thing ...\"\n\
         publishedDateTime: 2024-{:02}-{day:02}T{:02}:{:02}:00Z\n\
         originalUrl: \"https://outlet{}.example/2024/story-{i}\"\n\
         webUrl: \"https://outlet{}.example/2024/story-{i}\"\ntype: article\n\
         quality: {}\nheat: {}\npublished: {}\n\nprovider:\n  name: Outlet {}\n  domain: outlet{}.example\n\n\
         topics:\n  - Politics\n  - Transport\n\nimages:\n  - url: \"https://outlet.example/img/{i}.jpg\"\n    width: 1200\n    height: 675\n    isCached: true\n",
        1 + i % 12,
        i % 24,
        i % 60,
        i % 40,
        i % 40,
        i % 190,
        i % 500,
        i.is_multiple_of(3),
        i % 40,
        i % 40
    );
    if i.is_multiple_of(4) {
        s += "\nrelated:\n";
        for r in 0..6 {
            let _ = write!(
                s,
                "  - title: \"Related {r} of {i}\"\n    excerpt: \"Another outlet's take on story {i} ...\"\n    \
                 publishedDateTime: 2024-05-01T10:00:00Z\n    webUrl: \"https://other{r}.example/{i}\"\n    \
                 type: article\n    provider:\n      name: Other {r}\n      domain: other{r}.example\n    quality: 40\n"
            );
        }
    }
    s += "\nsecured: \"";
    s += &"QUJD".repeat(100);
    s += ";MDEyMzQ1Njc4OWFiY2RlZg==\"\n---\n\n";
    s
}

fn rss_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let sizes: Vec<usize> = std::env::var("NEWSDESK_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 50_000]);
    println!("threads: {}", rayon::current_num_threads());
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = 0;
        for i in 0..n {
            let text = item(i);
            bytes += text.len();
            let sub = dir.path().join(format!("{:03}", i % 100));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("story-{i}.md")), text).unwrap();
        }
        let mut times = Vec::new();
        let before = LIVE.load(Ordering::Relaxed);
        let mut held = None;
        for _ in 0..3 {
            let t = Instant::now();
            let report = load(dir.path()).unwrap();
            times.push(t.elapsed());
            assert_eq!(report.feed.len(), n);
            assert!(report.errors.is_empty());
            held = Some(report);
        }
        let held_mib = LIVE.load(Ordering::Relaxed).saturating_sub(before) as f64 / 1048576.0;
        drop(held);
        times.sort();
        let median = times[1];
        println!(
            "load {n} items ({:.1} MiB on disk): median {:.0} ms (best {:.0} ms), {:.0} items/s, feed holds {:.0} MiB of heap",
            bytes as f64 / 1048576.0,
            ms(median),
            ms(times[0]),
            n as f64 / median.as_secs_f64(),
            held_mib
        );
    }

    let text = item(4);
    let rounds = 2_000;
    let t = Instant::now();
    for k in 0..rounds {
        let out = set_published(&text, k % 2 == 0).unwrap();
        assert!(!out.is_empty());
    }
    println!(
        "set_published on a {} byte item (edit + both parses + verify): {:.1} µs each",
        text.len(),
        t.elapsed().as_secs_f64() * 1e6 / rounds as f64
    );
    println!(
        "peak RSS of the bench process: {} MiB",
        rss_kib("VmHWM:") / 1024
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
