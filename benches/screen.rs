//! `cargo bench --bench screen`: what a key costs on the error screen with many broken
//! files (update + one frame on an 80x24 TestBackend), against the floor of formatting
//! every error once, measured in the same run.

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
}
