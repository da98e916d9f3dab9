//! What the TUI benches share: a feed of generated items written once under `target/`,
//! its size, and how times are read.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// `n` items from `item(i)` in `target/NAME-N`, 100 files a folder (like a site's
/// year/month folders, so the walk has depth). Written once: a `.complete` mark keeps it
/// for the next run.
pub fn write_feed(name: &str, n: usize, item: impl Fn(usize) -> String + Sync) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/{name}-{n}"));
    let done = dir.join(".complete");
    if done.exists() {
        return dir;
    }
    let t = Instant::now();
    let _ = std::fs::remove_dir_all(&dir);
    (0..n).into_par_iter().for_each(|i| {
        let sub = dir.join(format!("{:04}", i / 100));
        let _ = std::fs::create_dir_all(&sub);
        std::fs::write(sub.join(format!("{i:06}.md")), item(i)).unwrap();
    });
    std::fs::write(&done, "").unwrap();
    eprintln!("wrote {n} items to {} in {:?}", dir.display(), t.elapsed());
    dir
}

/// Items in the feed: `NEWSDESK_BENCH_ITEMS`, else 100,000.
pub fn items_wanted() -> usize {
    std::env::var("NEWSDESK_BENCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// The `p` quantile (0 to 1) of sorted times; zero for none.
pub fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
