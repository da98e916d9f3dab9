use std::path::PathBuf;

use super::*;
use crate::feed::item::{PubDate, Story};
use crate::feed::{Item, id_of};

/// `n` items over more than one slice, a third published, dates shuffled.
fn feed(n: usize) -> Feed {
    let items = (0..n)
        .map(|i| {
            let path = PathBuf::from(format!("/feed/{i:05}.md"));
            let minute = ((i * 7919) % 1000) as i64;
            Item {
                id: id_of(&path),
                path,
                story: Story {
                    date: Some(PubDate::Time(
                        jiff::Timestamp::from_second(1_700_000_000 + minute * 60).unwrap(),
                    )),
                    ..Story::default()
                },
                published: Some(i % 3 == 0),
                ..Item::default()
            }
        })
        .collect();
    Feed::new(PathBuf::from("/feed"), items)
}

fn published() -> Filter {
    Box::new(|i: &Item, _| i.is_published())
}

fn odd_path() -> Filter {
    Box::new(|i: &Item, _| i.path.to_string_lossy().ends_with("1.md"))
}

#[test]
fn a_job_run_in_slices_gives_what_one_filter_pass_gives() {
    let feed = feed(3 * SLICE + 5);
    let view = View::of(&feed);
    let mut whole = View::of(&feed);
    whole.set_filter(Some(published()), &feed);

    let mut job = Job::whole(published(), &feed);
    // No time at all: one slice per run.
    assert!(!job.run(&feed, Duration::ZERO));
    assert_eq!(job.progress(&feed), (SLICE, feed.len()));
    assert!(!job.run(&feed, Duration::ZERO));
    assert_eq!(job.progress(&feed).0, 2 * SLICE);
    let (_, ids) = job.finish(&feed, &view);
    assert_eq!(ids, whole.ids());
    assert!(!ids.is_empty() && ids.len() < feed.len());
}

#[test]
fn a_narrower_job_tests_only_the_ids_given_and_keeps_their_order() {
    let feed = feed(2 * SLICE + 1);
    let mut view = View::of(&feed);
    view.set_filter(Some(published()), &feed);
    let shown = view.ids().to_vec();
    let mut job = Job::among(odd_path(), shown.clone());
    assert_eq!(job.progress(&feed), (0, shown.len()));
    job.run(&feed, Duration::ZERO);
    let (_, ids) = job.finish(&feed, &view);
    let expected: Vec<ItemId> = (shown.iter().copied())
        .filter(|id| {
            feed.get(*id)
                .unwrap()
                .path
                .to_string_lossy()
                .ends_with("1.md")
        })
        .collect();
    assert_eq!(ids, expected);
    assert!(!ids.is_empty());
}

#[test]
fn a_job_with_time_left_ends_in_one_run() {
    let feed = feed(SLICE / 2);
    let mut job = Job::whole(published(), &feed);
    assert!(job.run(&feed, Duration::from_secs(60)));
    assert!(job.is_done(&feed));
}
