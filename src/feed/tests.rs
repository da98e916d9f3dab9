use std::path::PathBuf;

use super::*;
use crate::feed::item::PubDate;
use crate::feed::item::Story;

fn item(name: &str, minute: i64, published: bool) -> Item {
    let path = PathBuf::from(format!("/feed/{name}.md"));
    Item {
        id: id_of(&path),
        path,
        story: Story {
            title: Some(name.to_owned()),
            date: Some(PubDate::Time(
                jiff::Timestamp::from_second(1_700_000_000 + minute * 60).unwrap(),
            )),
            original_url: Some(format!("https://x.example/{name}")),
            ..Story::default()
        },
        published: Some(published),
        ..Item::default()
    }
}

fn recount(feed: &Feed) -> usize {
    feed.items().iter().filter(|i| i.is_published()).count()
}

#[test]
fn the_published_count_follows_every_change_without_a_recount() {
    let mut feed = Feed::new(
        PathBuf::from("/feed"),
        vec![item("a", 1, true), item("b", 2, false)],
    );
    assert_eq!(feed.published_count(), 1);
    assert_eq!(feed.insert(item("c", 3, true)), Inserted::New);
    assert_eq!(feed.published_count(), 2);
    // The same file read again, now unpublished: replaced, not added.
    assert_eq!(feed.insert(item("a", 1, false)), Inserted::Replaced);
    assert_eq!(feed.len(), 3);
    assert_eq!(feed.published_count(), 1);
    let b = feed.id_of_path(Path::new("/feed/b.md")).unwrap();
    assert_eq!(feed.set_published(b, true, Rev(7)), Some(false));
    assert_eq!(feed.set_published(b, true, Rev(8)), Some(true));
    assert_eq!(feed.get(b).unwrap().rev, Rev(8));
    assert_eq!(feed.published_count(), 2);
    assert_eq!(feed.published_count(), recount(&feed));
}

#[test]
fn lookups_by_id_path_and_url() {
    let feed = Feed::new(
        PathBuf::from("/feed"),
        vec![item("a", 1, true), item("b", 2, false)],
    );
    let a = feed.id_of_path(Path::new("/feed/a.md")).unwrap();
    assert_eq!(feed.get(a).unwrap().title.as_deref(), Some("a"));
    assert_eq!(feed.id_of_path(Path::new("/feed/zz.md")), None);
    assert_eq!(
        feed.id_of_url(" https://x.example/a/ "),
        Some(a),
        "blanks and a slash"
    );
    assert_eq!(feed.id_of_url("https://x.example/nope"), None);
    assert_eq!(feed.items()[0].title.as_deref(), Some("b"), "newest first");
}

#[test]
fn a_replaced_item_is_found_by_its_new_url_only() {
    let mut feed = Feed::new(PathBuf::from("/feed"), vec![item("a", 1, true)]);
    let mut moved = item("a", 1, true);
    moved.original_url = Some("https://x.example/new".into());
    feed.insert(moved);
    assert_eq!(feed.id_of_url("https://x.example/a"), None);
    assert!(feed.id_of_url("https://x.example/new").is_some());
}

#[test]
fn the_first_item_with_a_url_keeps_it() {
    let mut b = item("b", 2, false);
    b.original_url = Some("https://x.example/a".into());
    let mut feed = Feed::new(PathBuf::from("/feed"), vec![item("a", 1, true)]);
    feed.insert(b);
    let a = feed.id_of_path(Path::new("/feed/a.md"));
    assert_eq!(feed.id_of_url("https://x.example/a"), a);
}

#[test]
fn a_removed_item_leaves_every_index_and_the_count() {
    let mut feed = Feed::new(
        PathBuf::from("/feed"),
        vec![item("a", 1, true), item("b", 2, false), item("c", 3, true)],
    );
    let a = feed.id_of_path(Path::new("/feed/a.md")).unwrap();
    let c = feed.id_of_path(Path::new("/feed/c.md")).unwrap();
    // Not the last slot: the last item moves into its place and must still be found.
    assert_eq!(feed.items()[0].id, c);
    assert_eq!(feed.remove(c).map(|i| i.id), Some(c));
    assert_eq!(feed.len(), 2);
    assert!(!feed.contains(c));
    assert_eq!(feed.id_of_url("https://x.example/c"), None);
    assert_eq!(feed.published_count(), 1);
    assert_eq!(feed.published_count(), recount(&feed));
    assert_eq!(feed.get(a).unwrap().title.as_deref(), Some("a"));
    assert_eq!(feed.id_of_url("https://x.example/a"), Some(a));
    assert_eq!(feed.remove(c), None, "already gone");
    // Back again (the file came back): a new item, found as before.
    assert_eq!(feed.insert(item("c", 3, true)), Inserted::New);
    assert_eq!(feed.id_of_url("https://x.example/c"), Some(c));
    assert_eq!(feed.published_count(), 2);
}

proptest::proptest! {
    /// The in-place sort gives the order a plain sort gives, whatever the input order,
    /// ties on the date and undated items included.
    #[test]
    fn the_feed_sorts_in_place_as_a_plain_sort_would(
        minutes in proptest::collection::vec(0i64..22, 0..60)
    ) {
        let items: Vec<Item> = minutes
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut it = item(&format!("i{}", (i * 7919) % 101), *m, false);
                if *m >= 20 {
                    it.date = None;
                }
                it
            })
            .collect();
        let mut want = items.clone();
        want.sort_by(newest_first);
        want.dedup_by_key(|i| i.id);
        let want: Vec<_> = want.iter().map(|i| i.path.clone()).collect();
        // In any order, and in path order as the loader gives them.
        let mut by_path = items.clone();
        by_path.sort_by(|a, b| a.path.cmp(&b.path));
        for input in [items, by_path] {
            let feed = Feed::new(PathBuf::from("/feed"), input);
            let got: Vec<_> = feed.items().iter().map(|i| i.path.clone()).collect();
            proptest::prop_assert_eq!(&got, &want);
        }
    }
}

#[test]
fn one_file_given_twice_is_one_item_the_later_reading_standing() {
    let first = item("twice", 1, false);
    let mut later = item("twice", 1, true);
    later.story.title = Some("later".into());
    let feed = Feed::new(
        PathBuf::from("/feed"),
        vec![first, item("other", 2, false), later],
    );
    assert_eq!(feed.len(), 2);
    let id = id_of(std::path::Path::new("/feed/twice.md"));
    assert_eq!(feed.get(id).unwrap().title.as_deref(), Some("later"));
    assert_eq!(feed.published_count(), 1);
    assert_eq!(recount(&feed), 1);
}

/// Short texts are shared by every item that names them; a long one, or one past the
/// table's bound, is each item's own (and reads the same).
#[test]
fn shared_texts_are_one_copy_within_their_bounds() {
    use crate::feed::item::{MAX_TEXT, MAX_TEXTS, Shared};
    use std::sync::Arc;
    let shared = Shared::default();
    let long = "x".repeat(MAX_TEXT + 1);
    let a = shared.texts(&["Politics", &long, "Local"]);
    let b = shared.texts(&["Local", "Politics", &long]);
    assert!(Arc::ptr_eq(&a[0], &b[1]) && Arc::ptr_eq(&a[2], &b[0]));
    assert!(!Arc::ptr_eq(&a[1], &b[2]), "a long text is not kept");
    assert_eq!((&*a[1], &*b[2]), (long.as_str(), long.as_str()));
    assert!(Arc::ptr_eq(&shared.text("Local"), &a[2]));
    // Fill the table to its bound: a new text after that is not kept.
    let many: Vec<String> = (0..MAX_TEXTS).map(|i| format!("t{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    shared.texts(&many);
    let (x, y) = (shared.text("one too many"), shared.text("one too many"));
    assert!(!Arc::ptr_eq(&x, &y));
    assert_eq!(&*x, "one too many");
    assert!(
        Arc::ptr_eq(&shared.text("Politics"), &a[0]),
        "the kept stay kept"
    );
}
