//! `cargo bench --bench load`: how fast a large feed loads and how much memory it takes.
//!
//! Writes a synthetic feed (our own template, shaped like the corpus: ~2 KB a file, one
//! in five with related articles, one in a hundred with 12, one in a thousand with 31) to
//! a temporary folder, then measures, each run in a fresh process of this binary so that
//! the peak RSS (VmHWM of /proc/self/status) is that run's alone:
//! - floor: walk and read every file's bytes on all cores, nothing parsed;
//! - cold: the real loader without the cache (`newsdesk check --no-cache`);
//! - warm: the real loader from the cache, nothing changed on disk.
//!
//! Every time is given with its ratio to the floor measured in the same run. The files
//! are in the page cache for all three (the floor reads them just before).
//! `NEWSDESK_BENCH_SIZES=10000,100000,1000000` picks the sizes (default 10k and 100k);
//! `NEWSDESK_BENCH_PEER=python3` also times the Python peer (benches/peer.py) at 100k.
//! `-- --write N DIR` only writes the feed.
//! Hook for the runtime's figures (first frame, key latency): add a mode to `child`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use newsdesk::feed::loader::{discover, load_with_cache_dir};
use rayon::prelude::*;

const RUNS: usize = 7;

fn related(s: &mut String, i: usize, n: usize) {
    s.push_str("\nrelated:\n");
    for r in 0..n {
        let _ = write!(
            s,
            "  - title: \"Another outlet on story {i}, take {r}: what it means for the port\"\n    \
             excerpt: \"A second paragraph-long summary of story {i} from outlet {r}, a few \
             sentences that an editor skims before deciding which take to link ...\"\n    \
             publishedDateTime: 2024-05-0{}T10:{:02}:00Z\n    \
             webUrl: \"https://news{r}.example/2024/05/story-{i}-take-{r}/\"\n    \
             ampWebUrl: \"https://news{r}.example/2024/05/story-{i}-take-{r}/amp/\"\n    \
             type: article\n    provider:\n      name: Outlet {r}\n      domain: news{r}.example\n    \
             quality: {}\n    images:\n      - url: \"https://cdn.news{r}.example/img/{i}-{r}.jpg\"\n        \
             width: 1280\n        height: 720\n",
            1 + r % 9,
            r % 60,
            40 + r
        );
    }
}

/// One item file of our template.
fn item(i: usize) -> String {
    let mut s = format!(
        "---\ncategory: news\ntitle: \"Story number {i}: council &amp; port agree on a plan for the harbour\"\n\
         excerpt: \"An excerpt of a couple of sentences&nbsp;about story {i}, long enough to wrap \
         in the detail pane and to look like the real thing, with a quote or two and the usual \
         trailing dots ...\"\n\
         publishedDateTime: 2024-{:02}-{:02}T{:02}:{:02}:00Z\n\
         originalUrl: \"https://outlet{}.example/2024/{:02}/story-{i}-council-and-port-agree.html\"\n\
         webUrl: \"https://outlet{}.example/2024/{:02}/story-{i}-council-and-port-agree.html\"\n\
         type: article\nquality: {}\nheat: {}\npublished: {}\n\n\
         provider:\n  name: Outlet {}\n  domain: outlet{}.example\n  images:\n    \
         - url: \"https://cdn.example/organizations/outlet{}.example-50x50.jpg\"\n      \
         width: 50\n      height: 50\n\n\
         topics:\n  - Politics\n  - Transport\n  - Local\n\n\
         images:\n  - url: \"https://outlet.example/img/2024/{i}.jpg\"\n    width: 1200\n    \
         height: 675\n    isCached: true\n",
        1 + i % 12,
        1 + i % 28,
        i % 24,
        i % 60,
        i % 40,
        1 + i % 12,
        i % 40,
        1 + i % 12,
        i % 190,
        i % 500,
        i.is_multiple_of(3),
        i % 40,
        i % 40,
        i % 40,
    );
    if i.is_multiple_of(1000) {
        related(&mut s, i, 31);
    } else if i.is_multiple_of(100) {
        related(&mut s, i, 12);
    } else if i.is_multiple_of(5) {
        related(&mut s, i, 1 + i % 3);
    }
    s += "\nsecured: \"";
    for k in 0..10 {
        let _ = write!(
            s,
            "{:016x}QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo",
            (i * 7919 + k) as u64
        );
    }
    s += ";MDEyMzQ1Njc4OWFiY2RlZg==\"\n---\n\n";
    s
}

fn write_feed(dir: &Path, n: usize) -> u64 {
    (0..n)
        .into_par_iter()
        .map(|i| {
            let text = item(i);
            let sub = dir.join(format!("{:03}", i % 500));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("story-{i}.md")), &text).unwrap();
            text.len() as u64
        })
        .sum()
}

fn hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// In a fresh process: one measurement, printed as `ms hwm_kib items`.
fn child(mode: &str, feed: &Path, cache: &Path) {
    let t = Instant::now();
    // The time is taken when the load returns: freeing the feed afterwards (the
    // process is about to exit) is not loading it. Nothing is dropped before it.
    let mut keep = None;
    let items = match mode {
        "floor" => {
            let files = discover(feed).unwrap().files;
            let bytes: usize = files
                .par_iter()
                .map(|p| std::fs::read(p).map_or(0, |b| b.len()))
                .sum();
            assert!(bytes > 0);
            files.len()
        }
        "cold" => keep
            .insert(load_with_cache_dir(feed, None).unwrap())
            .feed
            .len(),
        "warm" | "prime" => {
            let r = keep.insert(load_with_cache_dir(feed, Some(cache)).unwrap());
            if mode == "warm" {
                assert_eq!(
                    r.from_cache,
                    r.feed.len(),
                    "warm load must come from the cache"
                );
            }
            r.feed.len()
        }
        other => panic!("unknown mode {other}"),
    };
    let ms = t.elapsed().as_secs_f64() * 1e3;
    println!("{ms} {} {items}", hwm_kib());
    std::mem::forget(keep);
}

struct Run {
    ms: f64,
    hwm_mib: f64,
}

fn measure(mode: &str, feed: &Path, cache: &Path, runs: usize, n: usize) -> Run {
    let exe = std::env::current_exe().unwrap();
    let mut out: Vec<Run> = (0..runs)
        .map(|_| {
            let o = Command::new(&exe)
                .args(["--child", mode])
                .arg(feed)
                .arg(cache)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            let line = String::from_utf8(o.stdout).unwrap();
            let v: Vec<f64> = line
                .split_whitespace()
                .map(|x| x.parse().unwrap())
                .collect();
            assert_eq!(v[2] as usize, n, "{mode}: item count");
            Run {
                ms: v[0],
                hwm_mib: v[1] / 1024.0,
            }
        })
        .collect();
    out.sort_by(|a, b| a.ms.total_cmp(&b.ms));
    out.swap_remove(out.len() / 2)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        child(&args[2], Path::new(&args[3]), Path::new(&args[4]));
        return;
    }
    // `cargo bench --bench load -- --write N DIR`: only write the feed (to time the real
    // binary on it, or to look at it).
    if args.get(1).map(String::as_str) == Some("--write") {
        let n: usize = args[2].parse().expect("--write N DIR");
        let bytes = write_feed(Path::new(&args[3]), n);
        println!("{n} items, {bytes} bytes in {}", args[3]);
        return;
    }
    let sizes: Vec<usize> = std::env::var("NEWSDESK_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    println!(
        "threads: {}; times are the median of {RUNS} fresh processes; RSS is that run's VmHWM",
        rayon::current_num_threads()
    );
    for n in sizes {
        let tmp = tempfile::tempdir().unwrap();
        let feed = tmp.path().join("feed");
        let cache = tmp.path().join("cache");
        let t = Instant::now();
        let bytes = write_feed(&feed, n);
        println!(
            "\n{n} items, {:.0} MiB ({:.2} KB a file), written in {:.1} s",
            bytes as f64 / 1048576.0,
            bytes as f64 / n as f64 / 1000.0,
            t.elapsed().as_secs_f64()
        );
        // Files modified within a second of a caching load are not trusted from the cache.
        std::thread::sleep(Duration::from_millis(1100));
        let runs = if n >= 1_000_000 { 1 } else { RUNS };
        let floor = measure("floor", &feed, &cache, runs, n);
        let cold = measure("cold", &feed, &cache, runs, n);
        let prime = measure("prime", &feed, &cache, 1, n);
        let warm = measure("warm", &feed, &cache, runs, n);
        let cache_mib = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum::<u64>() as f64
            / 1048576.0;
        println!("| what | time | x floor | peak RSS |");
        println!("|---|---|---|---|");
        for (what, r) in [
            ("floor: read all bytes", &floor),
            ("cold load (no cache)", &cold),
            ("first load, writing the cache", &prime),
            ("warm load (cache, nothing changed)", &warm),
        ] {
            println!(
                "| {what} | {:.0} ms | {:.1} | {:.0} MiB |",
                r.ms,
                r.ms / floor.ms,
                r.hwm_mib
            );
        }
        println!("cache file: {cache_mib:.0} MiB");
        if n == 100_000
            && let Ok(python) = std::env::var("NEWSDESK_BENCH_PEER")
        {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peer.py");
            let o = Command::new(python)
                .arg(script)
                .arg(&feed)
                .output()
                .unwrap();
            let line = String::from_utf8_lossy(&o.stdout);
            let v: Vec<f64> = line
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            if let [ms, kib, items] = v[..] {
                println!(
                    "| python peer (python-frontmatter + CSafeLoader) | {ms:.0} ms | {:.1} | {:.0} MiB | {items} items; {:.1}x newsdesk cold |",
                    ms / floor.ms,
                    kib / 1024.0,
                    ms / cold.ms
                );
            } else {
                println!(
                    "python peer failed: {line} {}",
                    String::from_utf8_lossy(&o.stderr)
                );
            }
        }
    }
}
