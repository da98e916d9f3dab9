//! `cargo bench --bench screen`: what a key costs on the error screen with many broken
//! files (update + one frame on an 80x24 TestBackend), against the floor of formatting
//! every error once, measured in the same run; and what `j` costs in a long list.

use std::path::Path;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk::app::{Model, Msg, update};
use newsdesk::feed::{LoadError, load};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(rounds: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..rounds)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn model(errors: usize) -> Model {
    let report = load(Path::new("tests/fixtures/tui")).unwrap();
    let now: Timestamp = "2026-03-10T12:00:00Z".parse().unwrap();
    let mut m = Model::new(report, now, TimeZone::UTC);
    m.errors = (0..errors)
        .map(|n| LoadError {
            path: format!("feed/_archive/_news/2019-12-20-a-broken-item-number-{n:06}.md").into(),
            line: Some(4),
            column: Some(11),
            message: "did not find expected key while parsing a block mapping".into(),
        })
        .collect();
    update(
        &mut m,
        Msg::Resize {
            width: 80,
            height: 24,
        },
    );
    m
}

/// `j` in a list of 50,000 items (in memory, each with an excerpt and two related
/// articles), against drawing the same frame without a key.
fn list_key() {
    use newsdesk::feed::item::{PubDate, Related};
    use newsdesk::feed::{Feed, Item, LoadReport};
    let items = (0..50_000)
        .map(|i| Item {
            path: format!("feed/item-{i:05}.md").into(),
            title: Some(format!(
                "Story number {i}: council and port agree on a plan"
            )),
            excerpt: Some(
                "An excerpt of a couple of sentences, long enough to wrap in \
                           the detail pane and to look like the real thing ..."
                    .repeat(2),
            ),
            date: Some(PubDate::Time(
                Timestamp::from_second(1_700_000_000 - i * 600).unwrap(),
            )),
            web_url: Some(format!("https://outlet.example/2024/story-number-{i}")),
            quality: Some(i % 190),
            related: vec![
                Related {
                    title: "A related story from another outlet".into(),
                    ..Related::default()
                };
                2
            ],
            ..Item::default()
        })
        .collect();
    let report = LoadReport {
        feed: Feed::new("feed".into(), items),
        ..LoadReport::default()
    };
    let mut m = Model::new(
        report,
        Timestamp::from_second(1_700_000_000).unwrap(),
        TimeZone::UTC,
    );
    update(
        &mut m,
        Msg::Resize {
            width: 100,
            height: 30,
        },
    );
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let frame = time(51, || {
        terminal.draw(|f| newsdesk::ui::view(&m, f)).unwrap();
    });
    let mut down = true;
    let key = time(51, || {
        update(&mut m, if down { Msg::Down } else { Msg::Up });
        down = !down;
        terminal.draw(|f| newsdesk::ui::view(&m, f)).unwrap();
    });
    println!();
    println!("| 50,000 items, 100x30 | a frame, no key | j + frame | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| list | {:.3} ms | {:.3} ms | {:.2}x |",
        frame.as_secs_f64() * 1e3,
        key.as_secs_f64() * 1e3,
        key.as_secs_f64() / frame.as_secs_f64()
    );
}

fn main() {
    println!(
        "| errors | format all (floor) | open the error screen + frame | then a key + frame |"
    );
    println!("|---|---|---|---|");
    for n in [1_500, 20_000] {
        let mut m = model(n);
        let floor = time(21, || {
            let total: usize = m.errors.iter().map(|e| e.to_string().len()).sum();
            std::hint::black_box(total);
        });
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let open = time(11, || {
            update(&mut m, Msg::CloseOverlay);
            update(&mut m, Msg::ShowErrors);
            terminal.draw(|f| newsdesk::ui::view(&m, f)).unwrap();
        });
        let mut down = true;
        let key = time(21, || {
            let msg = if down { Msg::Down } else { Msg::Up };
            down = !down;
            update(&mut m, msg);
            terminal.draw(|f| newsdesk::ui::view(&m, f)).unwrap();
        });
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let ratio = |d: Duration| d.as_secs_f64() / floor.as_secs_f64();
        println!(
            "| {n} | {:.2} ms | {:.2} ms ({:.1}x) | {:.3} ms ({:.3}x) |",
            ms(floor),
            ms(open),
            ratio(open),
            ms(key),
            ratio(key)
        );
    }
    list_key();
}
