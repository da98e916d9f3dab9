//! `cargo bench --bench query`: parse + filter of 100,000 generated items per query, the
//! same typed one keystroke at a time (the TUI's filter-as-you-type), and sorts of 100,000,
//! each as p50/p99 over repeated runs, with a reference measured in the same run: a plain
//! scan that looks at each title once (case-sensitive `contains`), and a sort of the same
//! items by one integer key.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use jiff::{Timestamp, ToSpan};
use newsdesk::feed::item::{Image, Item, Provider, PubDate, Related, Story};
use newsdesk::feed::query::{Clock, FoldedTexts, Matcher, parse};
use newsdesk::feed::sort::sort_items;

const N: usize = 100_000;
const RUNS: usize = 41;

const WORDS: [&str; 12] = [
    "council", "port", "robotics", "wind", "budget", "ferry", "metro", "school", "market", "storm",
    "library", "election",
];
/// One title in ten carries accents or another script, as the real corpus does.
const ODD: [&str; 4] = ["Café", "Αθήνα", "Zürich", "São Paulo"];

fn item(i: usize, now: Timestamp) -> Item {
    let w = |k: usize| WORDS[(i / k + k) % WORDS.len()];
    let mut title = format!("Story {i}: {} and {} agree on a {} plan", w(1), w(3), w(7));
    if i.is_multiple_of(10) {
        title = format!("{} {title}", ODD[i % ODD.len()]);
    }
    let mut item = Item {
        path: PathBuf::from(format!("/feed/{}/story-{i}.md", i % 97)),
        category: Some(
            if i.is_multiple_of(5) {
                "research"
            } else {
                "news"
            }
            .into(),
        ),
        heat: Some((i % 500) as i64),
        published: Some(i.is_multiple_of(3)),
        topics: vec![
            ["Politics", "Transport", "Google AI", "Energy"][i % 4].into(),
            ["Climate", "Business", "Robotics"][i % 3].into(),
        ],
        related: vec![Related::default(); i % 5],
        ..Item::default()
    };
    item.story = Story {
        title: Some(title),
        excerpt: Some(format!(
            "An excerpt of a couple of sentences about story {i}, long enough to look like \
             the real thing, mentioning the {} and the {} ...",
            w(5),
            w(11)
        )),
        date: Some(PubDate::Time(now - (i as i64 * 7).minutes())),
        original_url: (!i.is_multiple_of(3))
            .then(|| format!("https://outlet{}.example/s/{i}", i % 40)),
        web_url: Some(format!("https://aggregator.example/w/{i}")),
        kind: Some("article".into()),
        quality: (!i.is_multiple_of(11)).then_some((i % 190) as i64),
        provider: Some(std::sync::Arc::new(Provider {
            name: Some(format!("Outlet {}", i % 40)),
            domain: Some(format!("outlet{}.example", i % 40)),
            ..Provider::default()
        })),
        images: if i.is_multiple_of(2) {
            vec![Image::default()]
        } else {
            vec![]
        },
        ..Story::default()
    };
    item
}

fn pct(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort_unstable();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Runs `f` RUNS times; returns (p50, p99) and the last result, kept alive.
fn time<R>(mut f: impl FnMut() -> R) -> (Duration, Duration, R) {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        last = Some(black_box(f()));
        times.push(t.elapsed());
    }
    (pct(times.clone(), 0.5), pct(times, 0.99), last.unwrap())
}

fn main() {
    let now: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
    let clock = Clock {
        now,
        tz: jiff::tz::TimeZone::UTC,
    };
    let t = Instant::now();
    let items: Vec<Item> = (0..N).map(|i| item(i, now)).collect();
    println!("generated {N} items in {:.0} ms", ms(t.elapsed()));

    let (scan, scan99, hits) = time(|| {
        items
            .iter()
            .filter(|i| i.title.as_deref().is_some_and(|t| t.contains("robotics")))
            .count()
    });
    println!(
        "reference: title scan, case-sensitive contains: p50 {:.2} ms, p99 {:.2} ms ({hits} hits)",
        ms(scan),
        ms(scan99)
    );
    let ratio = |d: Duration| d.as_secs_f64() / scan.as_secs_f64();

    println!("\nparse + compile + filter {N} items, p50 / p99 over {RUNS} runs:");
    let queries = [
        "robotics",
        "cafe",
        "council port",
        "\"google ai\" is:unpublished",
        "quality:>=80 newer:30d",
        "title:/story \\d+7:/",
        "-topic:politics or provider:\"outlet 1\"",
        "(wind or ferry) has:image -is:published date:2026",
    ];
    for q in queries {
        let (p50, p99, n) = time(|| {
            let m = Matcher::new(&parse(q).unwrap(), &clock);
            items.iter().filter(|i| m.matches(i)).count()
        });
        println!(
            "  {q:<50} {:>7.2} ms {:>7.2} ms  x{:<5.1} {n:>6} hits",
            ms(p50),
            ms(p99),
            ratio(p50)
        );
    }

    let t = Instant::now();
    let texts = FoldedTexts::build(&items);
    let bytes = texts.heap_bytes();
    println!(
        "\nfolded texts in one arena: built in {:.0} ms, {:.1} MiB; filter again:",
        ms(t.elapsed()),
        bytes as f64 / (1 << 20) as f64
    );
    for q in queries {
        let (p50, p99, n) = time(|| {
            let m = Matcher::new(&parse(q).unwrap(), &clock);
            (items.iter().enumerate())
                .filter(|(s, i)| m.matches_prepared(i, texts.get(*s)))
                .count()
        });
        println!(
            "  {q:<50} {:>7.2} ms {:>7.2} ms  x{:<5.1} {n:>6} hits",
            ms(p50),
            ms(p99),
            ratio(p50)
        );
    }

    println!("\nfilter as you type, prepared (each prefix parsed and run over all {N}):");
    let typed = "robotics council";
    let mut per_key = Vec::new();
    for _ in 0..5 {
        for end in 1..=typed.len() {
            let prefix = &typed[..end];
            let t = Instant::now();
            let n = match parse(prefix) {
                Ok(q) => {
                    let m = Matcher::new(&q, &clock);
                    (items.iter().enumerate())
                        .filter(|(s, i)| m.matches_prepared(i, texts.get(*s)))
                        .count()
                }
                Err(_) => 0,
            };
            black_box(n);
            per_key.push(t.elapsed());
        }
    }
    println!(
        "  {typed:?}, {} keystrokes: p50 {:.2} ms (x{:.1}), p99 {:.2} ms, max {:.2} ms",
        per_key.len(),
        ms(pct(per_key.clone(), 0.5)),
        ratio(pct(per_key.clone(), 0.5)),
        ms(pct(per_key.clone(), 0.99)),
        ms(pct(per_key, 1.0))
    );

    // A fixed shuffle (7919 is prime to N), so no order starts out sorted.
    let refs: Vec<&Item> = (0..N).map(|i| &items[i * 7919 % N]).collect();
    let (base, base99, _) = time(|| {
        let mut v = refs.clone();
        v.sort_unstable_by_key(|i| i.quality);
        v.len()
    });
    println!(
        "\nreference: sort {N} by one integer key: p50 {:.2} ms, p99 {:.2} ms",
        ms(base),
        ms(base99)
    );
    println!("sort {N} (with the date, path tie-break), p50 / p99:");
    for key in ["date", "quality", "heat:asc", "title", "provider"] {
        let sort = key.parse().unwrap();
        let (p50, p99, _) = time(|| {
            let mut v = refs.clone();
            sort_items(&mut v, sort);
            v.len()
        });
        println!(
            "  {key:<10} {:>7.2} ms {:>7.2} ms  x{:.1} of the one-key sort, x{:.1} of the title scan",
            ms(p50),
            ms(p99),
            p50.as_secs_f64() / base.as_secs_f64(),
            ratio(p50)
        );
    }
}
