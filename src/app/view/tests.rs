use std::path::{Path, PathBuf};

use super::*;
use crate::feed::item::{PubDate, Story};
use crate::feed::{id_of, newest_first};

fn item(n: usize, minute: Option<i64>, published: bool) -> Item {
    let path = PathBuf::from(format!("/feed/{n:05}.md"));
    Item {
        id: id_of(&path),
        path,
        story: Story {
            date: minute.map(|m| {
                PubDate::Time(jiff::Timestamp::from_second(1_700_000_000 + m * 60).unwrap())
            }),
            ..Story::default()
        },
        published: Some(published),
        ..Item::default()
    }
}

/// A fixed pseudo-random sequence: dates repeat (ties go by path) and some are missing.
fn items(n: usize) -> Vec<Item> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let minute = (!x.is_multiple_of(7)).then_some((x % 50) as i64);
            item(i, minute, x.is_multiple_of(3))
        })
        .collect()
}

/// Stream `all` into a feed and a view in batches of the given sizes.
fn streamed(all: &[Item], sizes: &[usize]) -> (Feed, View) {
    let mut feed = Feed::new(PathBuf::from("/feed"), Vec::new());
    let mut view = View::of(&feed);
    let mut rest = all;
    let mut sizes = sizes.iter().cycle();
    while !rest.is_empty() {
        let (batch, tail) = rest.split_at((*sizes.next().unwrap()).min(rest.len()));
        rest = tail;
        let ids: Vec<ItemId> = batch.iter().map(|i| i.id).collect();
        for i in batch {
            feed.insert(i.clone());
        }
        view.insert(&feed, &ids);
    }
    (feed, view)
}

#[test]
fn streamed_batches_give_the_same_order_as_a_rebuild() {
    let all = items(2000);
    for sizes in [&[1][..], &[7, 1, 300], &[2000]] {
        let (feed, view) = streamed(&all, sizes);
        let fresh = View::of(&feed);
        assert_eq!(view.ids(), fresh.ids(), "batches of {sizes:?}");
        assert_eq!(view.len(), 2000);
    }
}

#[test]
fn the_order_is_newest_first_undated_last_then_by_path() {
    let (feed, view) = streamed(&items(500), &[33]);
    let rows: Vec<&Item> = view.ids().iter().map(|&id| feed.get(id).unwrap()).collect();
    for pair in rows.windows(2) {
        assert_eq!(newest_first(pair[0], pair[1]), Ordering::Less, "{pair:?}");
    }
    assert!(rows.last().unwrap().timestamp().is_none());
}

#[test]
fn a_filter_holds_for_inserts_and_a_rebuild() {
    let all = items(300);
    let (feed, mut view) = streamed(&all, &[300]);
    view.set_filter(Some(Box::new(|i: &Item, _| i.is_published())), &feed);
    let want = all.iter().filter(|i| i.is_published()).count();
    assert_eq!(view.len(), want);
    let extra = item(9999, Some(10), true);
    let hidden = item(9998, Some(10), false);
    let mut feed = feed;
    feed.insert(extra.clone());
    feed.insert(hidden.clone());
    view.insert(&feed, &[extra.id, hidden.id]);
    assert_eq!(view.len(), want + 1);
    assert!(view.position(hidden.id).is_none());
    assert_eq!(
        view.ids(),
        View {
            filter: Some(Box::new(|i: &Item, _| i.is_published())),
            ..View::default()
        }
        .rebuilt(&feed)
    );
}

#[test]
fn a_refreshed_item_moves_to_where_its_new_date_sorts() {
    let (mut feed, mut view) = streamed(&items(100), &[10]);
    let last = *view.ids().last().unwrap();
    let mut newer = feed.get(last).unwrap().clone();
    newer.date = Some(PubDate::Time(
        jiff::Timestamp::from_second(1_800_000_000).unwrap(),
    ));
    feed.insert(newer);
    view.refresh(&feed, last);
    assert_eq!(view.position(last), Some(0));
    assert_eq!(view.len(), 100);
    assert!(Path::new(&feed.get(last).unwrap().path).starts_with("/feed"));
}

/// Every sort key and direction: the view's order (keys read once per item) is the order
/// `compare` gives pair by pair, missing values last, ties by date then path.
#[test]
fn every_sort_gives_the_pairwise_order() {
    use crate::feed::sort::{SortKey, compare};
    let mut all = items(400);
    for (n, item) in all.iter_mut().enumerate() {
        item.quality = (n % 5 != 0).then_some((n % 13) as i64);
        item.heat = (n % 7 != 0).then_some((n % 4) as i64 - 1);
        item.title = (n % 6 != 0).then(|| format!("Title {}", n % 9));
    }
    let (feed, mut view) = streamed(&all, &[400]);
    for (_, key) in SortKey::ALL {
        for descending in [false, true] {
            let sort = Sort { key, descending };
            view.set_sort(sort, &feed);
            let rows: Vec<&Item> = view.ids().iter().map(|&id| feed.get(id).unwrap()).collect();
            assert_eq!(rows.len(), 400);
            for pair in rows.windows(2) {
                assert_eq!(compare(pair[0], pair[1], sort), Ordering::Less, "{sort}");
            }
        }
    }
}
