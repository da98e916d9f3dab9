use super::*;

/// An item read from front matter, as the loader would (so these tests do not depend on
/// how the item holds its fields).
fn item(n: usize, title: Option<&str>, topics: &[&str]) -> Item {
    let mut yaml = format!("excerpt: \"Excerpt Nº {n}\"\nprovider:\n  name: \"Outlet {n}\"\n");
    if let Some(t) = title {
        yaml += &format!("title: {}\n", serde_json::to_string(t).unwrap());
    }
    yaml += &format!("topics: {}\n", serde_json::to_string(topics).unwrap());
    let map: serde_yaml_ng::Mapping = serde_yaml_ng::from_str(&yaml).unwrap();
    crate::feed::read::item(&map)
}

fn texts_of(t: &FoldedTexts) -> Vec<String> {
    (0..t.len()).map(|s| t.get(s).all().to_owned()).collect()
}

#[test]
fn fields_are_found_by_position_even_when_one_is_missing() {
    let t = FoldedTexts::build(&[
        item(1, Some("Café Crème"), &["Google AI", "Robotics"]),
        item(2, None, &[]),
    ]);
    let p = t.get(0);
    assert_eq!(p.title(), "cafe creme");
    assert_eq!(p.excerpt(), "excerpt nº 1");
    assert_eq!(p.provider(), "outlet 1");
    assert_eq!(p.topics().collect::<Vec<_>>(), ["google ai", "robotics"]);
    let q = t.get(1);
    assert_eq!((q.title(), q.provider()), ("", "outlet 2"));
    assert_eq!(q.topics().count(), 0);
    // A slot past the end is empty, not a panic.
    assert_eq!(t.get(7).all(), "");
}

#[test]
fn a_nul_in_the_data_cannot_move_a_field() {
    // The reader strips control characters; should one get through, it stays in its field.
    let (mut out, mut scratch) = (String::new(), String::new());
    push_folded("A\0B", &mut out, &mut scratch);
    assert_eq!(out, "a\u{1}b");
}

#[test]
fn built_in_parallel_equals_pushed_one_by_one() {
    let items: Vec<Item> = (0..10_000)
        .map(|n| item(n, Some(&format!("Título {n}")), &["T"]))
        .collect();
    let built = FoldedTexts::build(&items);
    let mut pushed = FoldedTexts::default();
    for i in &items {
        pushed.push(i);
    }
    assert_eq!(texts_of(&built), texts_of(&pushed));
    assert_eq!(built.get(9_999).title(), "titulo 9999");
}

#[test]
fn replaced_and_removed_items_keep_every_slot_right_and_dead_space_is_reclaimed() {
    let n = 500;
    let mut items: Vec<Item> = (0..n).map(|i| item(i, Some("x"), &[])).collect();
    let mut t = FoldedTexts::build(&items);
    // Many rewrites of every item: the arena would grow without bound if never compacted.
    for round in 0..60 {
        for (s, it) in items.iter_mut().enumerate() {
            *it = item(s, Some(&format!("Round {round} of {s}")), &[]);
            t.replace(s, it);
        }
    }
    let live: usize = texts_of(&t).iter().map(String::len).sum();
    assert!(
        t.text.len() <= 2 * live + (1 << 16),
        "{} for {live}",
        t.text.len()
    );
    // Removal moves the last slot into the gap, as the feed does.
    t.swap_remove(5);
    items.swap_remove(5);
    t.swap_remove(0);
    items.swap_remove(0);
    let want: Vec<String> = (items.iter())
        .map(|i| {
            FoldedTexts::build(std::slice::from_ref(i))
                .get(0)
                .all()
                .to_owned()
        })
        .collect();
    assert_eq!(texts_of(&t), want);
    assert_eq!(t.get(0).title(), format!("round 59 of {}", n - 2));
}

#[test]
fn each_slot_knows_whether_its_texts_were_ascii() {
    let mut t = FoldedTexts::build(&[
        item(1, Some("Plain"), &["AI"]),
        item(2, Some("Café"), &["AI"]),
        item(3, Some("Plain"), &["Zürich"]),
    ]);
    // The excerpt of `item` holds "Nº": build ASCII ones by hand for the plain case.
    let ascii: Vec<bool> = (0..t.len()).map(|s| t.get(s).ascii()).collect();
    assert_eq!(ascii, [false, false, false]);
    let map: serde_yaml_ng::Mapping =
        serde_yaml_ng::from_str("title: Plain\nexcerpt: Text\ntopics: [AI]\n").unwrap();
    let plain = crate::feed::read::item(&map);
    t.replace(1, &plain);
    t.push(&plain);
    let ascii: Vec<bool> = (0..t.len()).map(|s| t.get(s).ascii()).collect();
    assert_eq!(ascii, [false, true, false, true]);
    t.swap_remove(0);
    let ascii: Vec<bool> = (0..t.len()).map(|s| t.get(s).ascii()).collect();
    assert_eq!(ascii, [true, true, false]);
}
