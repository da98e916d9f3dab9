use super::*;
use proptest::prelude::*;

fn item(n: usize) -> Item {
    // Few providers (so ranks are used), titles that tie, accents, blanks and gaps.
    let title = ["Zeta", "  alpha", "Álpha", "beta ", "", "Gamma"][n % 6];
    let yaml = format!(
        "title: \"{title} {}\"\nprovider:\n  name: \"{}\"\nquality: {}\n{}",
        // Half the titles distinct: too many names for ranks, so both paths run.
        if n.is_multiple_of(2) { n % 7 } else { n },
        ["Outlet B", "outlet a", "Öutlet c", " "][n % 4],
        n % 5,
        if n.is_multiple_of(9) {
            String::new()
        } else {
            format!("publishedDateTime: 2024-01-{:02}T00:00:00Z\n", n % 28 + 1)
        }
    );
    let map: serde_yaml_ng::Mapping = serde_yaml_ng::from_str(&yaml).unwrap();
    let mut item = crate::feed::read::item(&map);
    item.path = format!("/feed/{n:04}.md").into();
    item.id = crate::feed::id_of(&item.path);
    item
}

#[test]
fn a_feed_that_keeps_folded_texts_answers_text_sorts_from_its_orders() {
    let mut feed = Feed::new("/feed".into(), (0..50).map(item).collect());
    assert!(feed.text_order(SortKey::Title, false).is_none());
    feed.keep_folded();
    for key in [SortKey::Title, SortKey::Provider] {
        assert_eq!(feed.text_order(key, true).map(|v| v.len()), Some(50));
    }
    assert!(feed.text_order(SortKey::Date, true).is_none());
}

#[test]
fn orders_dropped_after_many_changes_are_built_again() {
    let mut feed = Feed::new("/feed".into(), (0..100).map(|n| varied(n, n)).collect());
    feed.keep_folded();
    // More new items than a merge takes (an eighth of the feed, plus 1,024).
    for n in 100..1_300 {
        feed.insert(varied(n, n * 7));
    }
    for n in (0..1_300).step_by(3) {
        feed.insert(varied(n, n + 1));
    }
    // One key built again on its own, changes noted for it, then the other built.
    let title = Sort {
        key: SortKey::Title,
        descending: false,
    };
    sorted_ids(&feed, title);
    for n in (0..1_300).step_by(31) {
        feed.insert(varied(n, n + 5));
        feed.remove(feed.items()[n % feed.len()].id);
    }
    check_every_sort(&feed).unwrap();
}

#[test]
fn a_streamed_feed_is_ordered_when_settled_and_after() {
    let mut feed = Feed::new("/feed".into(), Vec::new());
    feed.keep_folded();
    for n in 0..300 {
        feed.insert(varied(n, n * 13));
    }
    feed.settle_orders();
    check_every_sort(&feed).unwrap();
    for n in 300..340 {
        feed.insert(varied(n, n));
    }
    check_every_sort(&feed).unwrap();
}

#[test]
fn every_sort_of_the_feed_is_the_order_of_sort_items_with_or_without_folded_texts() {
    let items: Vec<Item> = (0..400).map(item).collect();
    let plain = Feed::new("/feed".into(), items.clone());
    let mut folded = Feed::new("/feed".into(), items);
    folded.keep_folded();
    for (_, key) in SortKey::ALL {
        for descending in [false, true] {
            let sort = Sort { key, descending };
            let mut want: Vec<&Item> = plain.items().iter().collect();
            sort_items(&mut want, sort);
            let want: Vec<ItemId> = want.iter().map(|i| i.id).collect();
            assert_eq!(sorted_ids(&plain, sort), want, "{sort}");
            assert_eq!(sorted_ids(&folded, sort), want, "{sort}, folded");
        }
    }
}

/// The orders a feed keeps give what a plain sort of its items gives, every key both ways.
fn check_every_sort(feed: &Feed) -> Result<(), TestCaseError> {
    for (_, key) in SortKey::ALL {
        for descending in [false, true] {
            let sort = Sort { key, descending };
            let mut want: Vec<&Item> = feed.items().iter().collect();
            sort_items(&mut want, sort);
            let want: Vec<ItemId> = want.iter().map(|i| i.id).collect();
            prop_assert_eq!(sorted_ids(feed, sort), want, "{}", sort);
        }
    }
    Ok(())
}

const TITLES: [Option<&str>; 12] = [
    Some("Zeta"),
    Some("  alpha"),
    Some("Álpha"),
    Some("ALPHA"),
    Some(""),
    Some("   "),
    // Longer than the 8 bytes compared first, and alike in them.
    Some("harbour council ferry"),
    Some("Harbour Council ferry 2"),
    Some("harbour council"),
    // Exactly 16 bytes, and the same 16 bytes with more after them.
    Some("Harbour council:"),
    Some("harbour council: ferry"),
    None,
];
const PROVIDERS: [Option<&str>; 5] = [
    Some("Outlet B"),
    Some("outlet a"),
    Some("Öutlet c"),
    Some(" "),
    None,
];

/// The item of file `n`, its keys chosen by `look`: many ties, blanks and missing keys.
fn varied(n: usize, look: usize) -> Item {
    let mut yaml = String::from("type: article\n");
    if let Some(t) = TITLES[look % 12] {
        yaml += &format!("title: \"{t}\"\n");
    }
    if let Some(p) = PROVIDERS[look / 12 % 5] {
        yaml += &format!("provider:\n  name: \"{p}\"\n");
    }
    if !(look / 60).is_multiple_of(4) {
        yaml += &format!("publishedDateTime: 2024-01-0{}T00:00:00Z\n", look / 60 % 4);
    }
    let map: serde_yaml_ng::Mapping = serde_yaml_ng::from_str(&yaml).unwrap();
    let mut item = crate::feed::read::item(&map);
    item.path = format!("/feed/{n:04}.md").into();
    item.id = crate::feed::id_of(&item.path);
    item
}

#[derive(Debug, Clone)]
enum Change {
    /// A new file, with this look.
    Add(usize),
    /// The file at this index of the feed read again, with this look.
    Replace(usize, usize),
    Remove(usize),
    /// Settle the orders now (as the load's end does).
    Settle,
    /// Sort by a text key now (which settles what is pending), and check every sort.
    Check,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (0..240usize).prop_map(Change::Add),
        3 => (0..100usize, 0..240usize).prop_map(|(i, l)| Change::Replace(i, l)),
        2 => (0..100usize).prop_map(Change::Remove),
        1 => Just(Change::Settle),
        1 => Just(Change::Check),
    ]
}

fn apply(feed: &mut Feed, change: &Change, next: &mut usize) -> Result<(), TestCaseError> {
    let at = |i: usize, feed: &Feed| feed.items().get(i % feed.len().max(1)).map(|i| i.id);
    match *change {
        Change::Add(look) => {
            feed.insert(varied(*next, look));
            *next += 1;
        }
        Change::Replace(i, look) => {
            if let Some(id) = at(i, feed) {
                let n: usize = feed
                    .get(id)
                    .unwrap()
                    .path
                    .file_stem()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                feed.insert(varied(n, look));
            }
        }
        Change::Remove(i) => {
            if let Some(id) = at(i, feed) {
                feed.remove(id);
            }
        }
        Change::Settle => feed.settle_orders(),
        Change::Check => check_every_sort(feed)?,
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Kept orders changed by any mix of new, re-read and removed items, settled at any
    /// point or not, sort as a plain sort of the items does.
    #[test]
    fn kept_text_orders_follow_every_change(
        looks in proptest::collection::vec(0..240usize, 0..40),
        changes in proptest::collection::vec(change(), 0..40),
    ) {
        let items: Vec<Item> = looks.iter().enumerate().map(|(n, &l)| varied(n, l)).collect();
        let mut next = items.len();
        let mut feed = Feed::new("/feed".into(), items);
        feed.keep_folded();
        check_every_sort(&feed)?;
        for c in &changes {
            apply(&mut feed, c, &mut next)?;
        }
        check_every_sort(&feed)?;
    }

    /// The inline head never changes the order of the texts themselves.
    #[test]
    fn text_key_orders_as_the_text(a in "[a\\x00-\\x02é]{0,20}", b in "[a\\x00-\\x02é]{0,20}") {
        let (ka, kb) = (TextKey::new(a.clone()), TextKey::new(b.clone()));
        prop_assert_eq!(ka.cmp(&kb), a.cmp(&b));
    }
}
