//! `cargo bench --bench find`: filter-as-you-type latency per keystroke and sort time on a
//! large generated feed (default 100,000 items; `NEWSDESK_BENCH_ITEMS` sets it), p50/p99.
//!
//! Each keystroke is timed from putting the key on the runtime's channel to the end of the
//! step that drew its frame on a TestBackend (what the editor waits). The reference,
//! measured in the same run, is the scan floor: one pass over the list's 100k ids looking
//! each item up and reading its title, the least any filter over every item must do.
//!
//! The feed is our own template with a varied vocabulary (so a query narrows the list the
//! way a real one does), written once to `target/bench-find-N` and reused. (benches/tui.rs
//! has a generator too, but private to that bench and with one topic pair for every item.)

mod common;

use common::{items_wanted, ms, pct};

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::app::{Model, find};
use newsdesk::feed::sort::{Sort, SortKey};
use newsdesk::platform::Recording;
use newsdesk::runtime::{Input, Runtime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

const WORDS: [&str; 16] = [
    "harbour", "council", "ferry", "robotics", "budget", "library", "climate", "election",
    "startup", "vaccine", "rail", "museum", "drought", "chip", "festival", "strike",
];
const TOPICS: [&str; 10] = [
    "Google AI",
    "Robotics",
    "Transport",
    "Politics",
    "Climate",
    "Health",
    "Culture",
    "Energy",
    "Finance",
    "Science",
];

fn item(i: usize) -> String {
    let w = |k: usize| WORDS[(i / k + k) % WORDS.len()];
    let accent = if i.is_multiple_of(7) { "Café " } else { "" };
    format!(
        "---\ntitle: \"{accent}{} {} and {}: story {i}\"\n\
         excerpt: \"Two sentences about the {} and the {} in story {i}, long enough to look \
         like the real thing, with an entity &amp; a quote.\"\n\
         publishedDateTime: {}\n\
         originalUrl: \"https://outlet{}.example/story-{i}\"\n\
         webUrl: \"https://desk.example/news/story-{i}\"\ntype: article\ncategory: {}\n\
         quality: {}\nheat: {}\npublished: {}\nprovider:\n  name: Outlet {}\n  domain: outlet{}.example\n\
         topics:\n  - {}\n  - {}\n---\n\nBody.\n",
        w(1),
        w(3),
        w(17),
        w(5),
        w(11),
        // One item every 17 minutes or so from 2021 on, as a desk gets them: dates
        // rarely tie, and a tie goes by path.
        Timestamp::from_second(1_609_459_200 + (i as i64) * 1_021).unwrap(),
        i % 40,
        ["news", "research", "opinion"][i % 3],
        i % 190,
        i % 500,
        i.is_multiple_of(3),
        i % 40,
        i % 40,
        TOPICS[i % TOPICS.len()],
        TOPICS[(i / 10) % TOPICS.len()],
    )
}

fn feed(n: usize) -> PathBuf {
    common::write_feed("bench-find2", n, item)
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Input {
    Input::Terminal(Event::Key(KeyEvent::new(code, modifiers)))
}

fn key_to_frame(rt: &mut Runtime<TestBackend>, input: Input) -> Duration {
    let seen = rt.terminal_events();
    let t = Instant::now();
    rt.sender().send(input).unwrap();
    while rt.terminal_events() == seen {
        rt.step(Some(Duration::from_secs(5))).unwrap();
    }
    t.elapsed()
}

fn report(name: &str, mut v: Vec<Duration>, reference: Duration) {
    v.sort();
    let (p50, p99, max) = (pct(&v, 0.5), pct(&v, 0.99), *v.last().unwrap());
    let r = |d: Duration| d.as_secs_f64() / reference.as_secs_f64();
    let in_frame = v.iter().filter(|d| ms(**d) <= 16.0).count();
    println!(
        "{name:<44} n={:<4} p50 {:>7.2} ms ({:>4.1}x scan)  p99 {:>7.2} ms ({:>4.1}x)  max {:>7.2} ms  <=16 ms: {:.0}%",
        v.len(),
        ms(p50),
        r(p50),
        ms(p99),
        r(p99),
        ms(max),
        100.0 * in_frame as f64 / v.len() as f64
    );
}

fn report_len(m: &Model) -> usize {
    m.feed.len().max(1)
}

fn main() {
    let n = items_wanted();
    let root = feed(n);
    let t = Instant::now();
    let report_ = newsdesk::feed::load(&root).unwrap();
    println!(
        "feed: {} items loaded in {:.0} ms",
        report_.feed.len(),
        ms(t.elapsed())
    );
    let now: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    let t = Instant::now();
    let model = Model::new(report_, now, TimeZone::UTC);
    let folded = model.feed.folded().map_or(0, |f| f.heap_bytes());
    println!(
        "model (folded texts built, first sort): {:.0} ms; folded texts {:.1} MiB ({:.0} B an item)",
        ms(t.elapsed()),
        folded as f64 / (1 << 20) as f64,
        folded as f64 / report_len(&model) as f64
    );
    let t = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    let mut rt = Runtime::new(t, model, Arc::new(Recording::default()));
    rt.start().unwrap();

    // The reference: look up every item of the list and read its title.
    let mut scans = Vec::new();
    for _ in 0..30 {
        let m = &rt.model;
        let t = Instant::now();
        let total: usize = (m.view.ids().iter())
            .filter_map(|&id| m.feed.get(id))
            .map(|i| i.title.as_deref().map_or(0, str::len))
            .sum();
        scans.push(t.elapsed());
        std::hint::black_box(total);
    }
    scans.sort();
    let scan = pct(&scans, 0.5);
    println!(
        "scan floor (p50 of 30): {:.2} ms for {} items",
        ms(scan),
        rt.model.view.len()
    );

    let queries = [
        "harbour ferry",
        "topic:\"google ai\" quality:>=80",
        "is:unpublished provider:\"outlet 1\" -rail",
        "cafe or /fer+y/",
        "date:2023 heat:<100 category:research",
    ];
    let mut all = Vec::new();
    for q in queries {
        key_to_frame(&mut rt, key(KeyCode::Char('/'), KeyModifiers::NONE));
        let mut keys = Vec::new();
        for c in q.chars() {
            keys.push(key_to_frame(
                &mut rt,
                key(KeyCode::Char(c), KeyModifiers::NONE),
            ));
        }
        // Backspace all the way: widening is the slow direction.
        for _ in 0..q.chars().count() {
            keys.push(key_to_frame(
                &mut rt,
                key(KeyCode::Backspace, KeyModifiers::NONE),
            ));
        }
        key_to_frame(&mut rt, key(KeyCode::Esc, KeyModifiers::NONE));
        let label = format!("type+erase {q:?}");
        report(&label, keys.clone(), scan);
        all.extend(keys);
    }
    report("every keystroke above", all, scan);

    // A regex as the key that completes it runs it: one pass over every item, here from
    // no filter, 20 times each (the keystrokes above hold one such key per regex).
    let regexes = [
        "/fer+y/",
        "cafe or /fer+y/",
        "title:/story \\d+7$/",
        "/(?-i)Café h/",
        "provider:/outlet 1[0-9]$/",
        // No literal every match needs: no prefilter, one DFA run over every item's
        // folded text (joined.rs), and `[éà]` also over the items not all ASCII.
        "/^[^0-9]+$/",
        "/[éà]/",
        // Past the small DFA (the lazy engine), and a pattern the rewrite declines.
        "/\\p{L}{3}\\d/",
        "/(?-i)[A-Z]{4}/",
    ];
    // `NEWSDESK_BENCH_REGEX=/.../` runs that one only, 400 times (to profile it).
    let only = std::env::var("NEWSDESK_BENCH_REGEX").ok();
    for q in regexes {
        if only.as_deref().is_some_and(|o| o != q) {
            continue;
        }
        let mut v = Vec::new();
        for _ in 0..(if only.is_some() { 400 } else { 20 }) {
            find::set_filter(&mut rt.model, "").unwrap();
            let t = Instant::now();
            find::set_filter(&mut rt.model, q).unwrap();
            v.push(t.elapsed());
        }
        let shown = rt.model.view.len();
        report(&format!("regex {q:?} ({shown} shown)"), v, scan);
    }
    find::set_filter(&mut rt.model, "").unwrap();

    // The same regexes typed in the prompt: the key that completes one gets its frame
    // after the filter's first slice (app/filtering.rs), and the result comes in the
    // frames after; both times, 20 times each.
    let mut first_frames = Vec::new();
    for q in regexes {
        if only.as_deref().is_some_and(|o| o != q) {
            continue;
        }
        let (mut frame, mut result, mut shown) = (Vec::new(), Vec::new(), 0);
        for _ in 0..20 {
            key_to_frame(&mut rt, key(KeyCode::Char('/'), KeyModifiers::NONE));
            let (head, last) = q.split_at(q.len() - 1);
            for c in head.chars() {
                key_to_frame(&mut rt, key(KeyCode::Char(c), KeyModifiers::NONE));
            }
            let t = Instant::now();
            let c = last.chars().next().unwrap();
            frame.push(key_to_frame(
                &mut rt,
                key(KeyCode::Char(c), KeyModifiers::NONE),
            ));
            while rt.model.find.pending.is_some() {
                rt.step(Some(Duration::ZERO)).unwrap();
            }
            result.push(t.elapsed());
            shown = rt.model.view.len();
            key_to_frame(&mut rt, key(KeyCode::Esc, KeyModifiers::NONE));
        }
        report(
            &format!("typed {q:?}: its last key to frame"),
            frame.clone(),
            scan,
        );
        report(
            &format!("typed {q:?}: to its result ({shown} shown)"),
            result,
            scan,
        );
        first_frames.extend(frame);
    }
    if !first_frames.is_empty() {
        report("typed regexes: every last key to frame", first_frames, scan);
    }

    // Sort: the view re-sorted from scratch under each key, both directions.
    let mut every = Vec::new();
    for (name, k) in SortKey::ALL {
        let mut v = Vec::new();
        for i in 0..20 {
            let sort = Sort {
                key: k,
                descending: i % 2 == 0,
            };
            let m = &mut rt.model;
            let t = Instant::now();
            m.view.set_sort(sort, &m.feed);
            v.push(t.elapsed());
        }
        every.extend(v.iter().copied());
        report(&format!("sort by {name}, 100k (View::set_sort)"), v, scan);
    }
    report("sort, every key", every, scan);
    let mut s_keys = Vec::new();
    for _ in 0..20 {
        s_keys.push(key_to_frame(
            &mut rt,
            key(KeyCode::Char('s'), KeyModifiers::NONE),
        ));
    }
    report("`s` key to frame (sort + draw)", s_keys, scan);
}
