//! The quick reader against the full parser: wherever it answers, the slim item is the
//! one the full parse gives, slimmed. Where it cannot be sure, it must decline.

use proptest::prelude::*;
use serde_yaml_ng::Value;

use super::read;
use crate::feed::item::Item;

/// The slim item through the full parser, or `None` when that refuses the text.
fn full(yaml: &str) -> Option<Item> {
    match serde_yaml_ng::from_str::<Value>(yaml).ok()? {
        Value::Mapping(m) => Some(crate::feed::read::item(&m).slimmed()),
        _ => None,
    }
}

/// Both readers agree, or the quick one declined. Returns whether it answered.
fn agree(yaml: &str) -> bool {
    let Some(q) = read(yaml) else {
        return false;
    };
    let quick = crate::feed::read::slim_item(&q);
    let whole = full(yaml);
    assert_eq!(
        Some(&quick),
        whole.as_ref(),
        "quick reader differs from the full parse on:\n{yaml}"
    );
    true
}

const ITEM: &str = r#"category: news
title: "Facebook trains A.I. to \u2018see\u2019 \"well\""
excerpt: 'It''s a test: of quotes'
publishedDateTime: 2021-03-04T23:46:00Z
originalUrl: "https://www.cnbc.com/a.html"
webUrl: https://www.cnbc.com/a.html
type: article
quality: 112
heat: -3
published: true

provider:
  name: CNBC
  domain: cnbc.com
  images:
    - url: "https://x/cnbc.jpg"
      width: 50
      height: 50
  authors:
  - name: Jo

topics:
  - Computer Vision
  - AI

images:
  - url: "https://x/i.jpg"
    width: 1300
    isCached: true

related:
  - title: "One"   # a comment
    provider:
      name: Google
    images:
      - url: "https://y"
        width: 1
  -   title: Two
      quality: 71

secured: "/GMVvF4Ynmx6Cl9rnS4eBD7rP3LQV+bTwdNDjlelzv=="
tags: []
"#;

#[test]
fn a_typical_item_is_read_quickly_and_the_same() {
    assert!(agree(ITEM));
    let q = read(ITEM).unwrap();
    assert_eq!(q.skipped.related, Some(2));
    assert_eq!(q.skipped.images, Some(1));
    assert_eq!(q.skipped.secured, Some(44));
    let item = crate::feed::read::slim_item(&q);
    assert_eq!(item.related_count(), 2);
    assert_eq!(item.image_count(), 1);
    assert!(item.related.is_empty() && item.images.is_empty() && item.secured.is_none());
    assert_eq!(
        item.title.as_deref(),
        Some("Facebook trains A.I. to ‘see’ \"well\"")
    );
    assert_eq!(item.quality, Some(112));
    assert_eq!(item.heat, Some(-3));
    assert_eq!(item.published, Some(true));
}

#[test]
fn plain_scalars_resolve_as_serde_yaml_ng_does() {
    for v in [
        "12",
        "-12",
        "0",
        "-0",
        "012",
        "+12",
        "0x1F",
        "0o17",
        "1e3",
        "1.5",
        ".inf",
        "-.inf",
        ".nan",
        "~",
        "null",
        "Null",
        "NULL",
        "true",
        "True",
        "TRUE",
        "false",
        "FALSE",
        "yes",
        "no",
        "on",
        "off",
        "face",
        "nan",
        "inf",
        "1_000",
        "12345678901234567890",
        "2021-03-04",
        "2021-03-04T23:46:00Z",
        "a:b",
        "a#b",
        "-a",
        "?a",
        ":a",
        "100%",
        "é",
        "1.",
        ".5",
    ] {
        for key in [
            "title",
            "quality",
            "published",
            "heat",
            "secured",
            "publishedDateTime",
        ] {
            let yaml = format!("{key}: {v}\n");
            assert!(agree(&yaml), "declined: {yaml}");
        }
    }
}

#[test]
fn what_it_cannot_be_sure_of_is_left_to_the_full_parser() {
    for yaml in [
        "title: a\ntitle: b\n",
        "related:\n  - title: a\n    title: b\n",
        "title: |\n  block\n",
        "title: >-\n  folded\n",
        "title: a\n  continued\n",
        "title: \"a\n  b\"\n",
        "topics: [a, b]\n",
        "provider: {name: a}\n",
        "title: &a x\nname: *a\n",
        "title: !tag x\n",
        "title:\ta\n",
        "title: a: b\n",
        "title: a #c\n",
        "\"title\": a\n",
        "? title\n: a\n",
        "  title: a\n",
        "title: a\n x: b\n",
        "provider:\n  name: a\n   domain: b\n",
        "provider:\n    name: a\n  domain: b\n",
        "title: \"\\q\"\n",
        "title: \"a\" b\n",
        "title: a\u{85}b\n",
        "title: a\u{2028}b\n",
        "title: a\rb\n",
        "- a\n- b\n",
        "just text\n",
        "true: 1\n",
        "related:\n  -\n    title: a\n",
        "topics:\n  - - a\n",
        "%YAML 1.2\n",
    ] {
        assert!(read(yaml).is_none(), "should decline: {yaml:?}");
    }
}

#[test]
fn bulk_in_another_form_is_read_whole() {
    for yaml in [
        "related: none\n",
        "related:\n  - a\n  - title: b\n",
        "images: \"x.jpg\"\n",
        "images:\n  - x.jpg\n",
        "secured: 12\n",
        "secured: ~\n",
        "secured:\n  a: b\n",
        "related:\n",
        "provider:\n  name: a\n  images: x\n",
        "provider:\n  publishers:\n    - CNN\n",
        "related:\n- title: a\n- title: b\ntitle: c\n",
    ] {
        assert!(agree(yaml), "declined: {yaml:?}");
    }
}

#[test]
fn every_corpus_file_is_read_quickly_and_the_same() {
    let root = std::env::var_os("NEWSDESK_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
        });
    if !root.is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "corpus not found under CI"
        );
        return;
    }
    let (mut files, mut quick) = (0, 0);
    for path in crate::feed::walk::discover(&root).unwrap().files {
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(Some(sp)) = crate::feed::frontmatter::split(&text) else {
            continue;
        };
        files += 1;
        if agree(&text[sp.yaml.clone()]) {
            quick += 1;
        }
    }
    assert!(files > 100, "{files} corpus files");
    assert_eq!(quick, files, "every corpus file is in the plain form");
}

/// A front matter as a tree, written out the way item files are (with varied
/// indentation and the compact `- key:` form), then sometimes damaged by one edit: a
/// character put in, a line's indentation changed, a line dropped.
#[derive(Debug, Clone)]
enum Node {
    Scalar(&'static str),
    Map(Vec<(&'static str, Node)>),
    Seq(Vec<Node>),
}

fn node() -> impl Strategy<Value = Node> {
    let scalar = prop::sample::select(vec![
        "a",
        "1",
        "-2",
        "\"q\"",
        "'q''s'",
        "\"a\\\"b\"",
        "~",
        "0x1",
        "\"\\u00e9\"",
        "true",
        "\"x\" # c",
        "1.5",
        "é",
        "[]",
        "{}",
        "012",
        "2021-03-04T23:46:00Z",
        "a b",
        "\"\"",
        "'#'",
        "\"a: b\"",
        "http://x/y?z=1",
        "Yes",
        ".inf",
    ])
    .prop_map(Node::Scalar);
    let key = prop::sample::select(vec![
        "title",
        "related",
        "images",
        "secured",
        "provider",
        "name",
        "topics",
        "quality",
        "url",
        "authors",
        "publishers",
        "x-y",
        "_id",
        "published",
        "heat",
        "width",
    ]);
    scalar.prop_recursive(4, 40, 6, move |inner| {
        prop_oneof![
            prop::collection::vec((key.clone(), inner.clone()), 1..6).prop_map(Node::Map),
            prop::collection::vec(inner, 1..4).prop_map(Node::Seq),
        ]
    })
}

fn write(n: &Node, indent: usize, step: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match n {
        Node::Scalar(_) => unreachable!("written by its parent"),
        Node::Map(entries) => {
            for (i, (k, v)) in entries.iter().enumerate() {
                // The first key of a map inside a list sits on the `- ` line.
                if i > 0 || !out.ends_with("- ") {
                    out.push_str(&pad);
                }
                out.push_str(k);
                out.push(':');
                match v {
                    Node::Scalar(s) => {
                        out.push(' ');
                        out.push_str(s);
                        out.push('\n');
                    }
                    // A list may sit at its key's own column.
                    Node::Seq(_) if step == 3 => {
                        out.push('\n');
                        write(v, indent, step, out);
                    }
                    _ => {
                        out.push('\n');
                        write(v, indent + step, step, out);
                    }
                }
            }
        }
        Node::Seq(items) => {
            for v in items {
                out.push_str(&pad);
                out.push_str("- ");
                match v {
                    Node::Scalar(s) => {
                        out.push_str(s);
                        out.push('\n');
                    }
                    Node::Map(_) => write(v, indent + 2, step, out),
                    Node::Seq(_) => {
                        out.push('\n');
                        write(v, indent + step, step, out);
                    }
                }
            }
        }
    }
}

fn doc() -> impl Strategy<Value = String> {
    let top = prop::collection::vec(
        (
            prop::sample::select(vec![
                "title", "related", "images", "secured", "provider", "topics", "quality", "extra",
            ]),
            node(),
        ),
        1..8,
    )
    .prop_map(Node::Map);
    (
        top,
        2usize..5,
        0usize..4,
        any::<prop::sample::Index>(),
        prop::sample::select(vec!["x", " ", "#", ":", "\"", "'", "-", "\n", "  "]),
    )
        .prop_map(|(tree, step, damage, at, ch)| {
            let mut out = String::new();
            write(&tree, 0, step, &mut out);
            let mut lines: Vec<String> = out.lines().map(str::to_owned).collect();
            let i = at.index(lines.len());
            match damage {
                1 => {
                    let line = &mut lines[i];
                    let pos = at.index(line.len() + 1);
                    if line.is_char_boundary(pos) {
                        line.insert_str(pos, ch);
                    }
                }
                2 => lines[i].insert(0, ' '),
                3 if lines.len() > 1 => {
                    lines.remove(i);
                }
                _ => {}
            }
            lines.iter().map(|l| format!("{l}\n")).collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn generated_front_matter_reads_the_same_or_is_declined(yaml in doc()) {
        agree(&yaml);
    }

    #[test]
    fn any_text_never_panics(yaml in "\\PC{0,200}") {
        agree(&yaml);
    }
}

/// The generated documents must reach the quick reader's answers, not only its refusals,
/// or the property above would prove nothing.
#[test]
fn the_generator_reaches_both_answers() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = doc();
    let (mut read_quickly, mut declined) = (0, 0);
    for _ in 0..3000 {
        let yaml = strategy.new_tree(&mut runner).unwrap().current();
        if agree(&yaml) {
            read_quickly += 1;
        } else {
            declined += 1;
        }
    }
    eprintln!("read quickly {read_quickly}, declined {declined}");
    assert!(read_quickly > 300, "read quickly {read_quickly} of 3000");
    assert!(declined > 300, "declined {declined} of 3000");
}
