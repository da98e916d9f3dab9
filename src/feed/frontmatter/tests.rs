use super::*;

fn set(text: &str, v: bool) -> String {
    set_published(text, v).unwrap_or_else(|e| panic!("{e} for {text:?}"))
}

#[test]
fn split_finds_fences_with_bom_crlf_trailing_spaces_and_dots() {
    let t = "\u{feff}---  \r\na: 1\r\n...\t\r\nbody";
    let s = split(t).unwrap().unwrap();
    assert_eq!(&t[s.yaml.clone()], "a: 1\r\n");
    assert_eq!(s.newline, "\r\n");
    assert!(t[s.close..].starts_with("...\t"));
}

#[test]
fn split_without_fence_is_none_and_unclosed_is_an_error() {
    assert_eq!(split("# title\n---\n"), Ok(None));
    assert_eq!(split(""), Ok(None));
    assert_eq!(split("---"), Ok(None));
    assert_eq!(split("---\na: 1\n"), Err(SplitError::Unclosed));
}

#[test]
fn closing_fence_may_lack_a_newline() {
    let t = "---\na: 1\n---";
    let s = split(t).unwrap().unwrap();
    assert_eq!(&t[s.close..], "---");
    assert_eq!(set(t, true), "---\na: 1\npublished: true\n---");
}

#[test]
fn flips_the_value_and_keeps_every_other_byte() {
    let t = "---\ntitle: \"x\"\npublished: false\n\nprovider:\n  name: A\n---\n\nbody\n";
    let want = t.replace("published: false", "published: true");
    assert_eq!(set(t, true), want);
    assert_eq!(set(&want, false), t);
}

#[test]
fn already_so_returns_the_text_unchanged() {
    let t = "---\npublished: true\n---\n";
    assert_eq!(set(t, true), t);
}

#[test]
fn missing_empty_and_false_like_values_are_already_unpublished() {
    for t in [
        "---\na: 1\n---\n",
        "---\npublished:\n---\n",
        "---\npublished: \"no\"\n---\n",
        "---\npublished: \"\"\n---\n",
    ] {
        assert_eq!(set(t, false), t);
    }
    assert_eq!(
        set("---\npublished: \"yes\"\n---\n", true),
        "---\npublished: \"yes\"\n---\n"
    );
}

#[test]
fn keeps_comment_spacing_and_crlf() {
    let t = "---\r\npublished:   false   # review\r\n---\r\n";
    assert_eq!(
        set(t, true),
        "---\r\npublished:   true   # review\r\n---\r\n"
    );
}

#[test]
fn inserts_before_the_closing_fence_with_the_files_line_ending() {
    assert_eq!(
        set("---\na: 1\n---\n", true),
        "---\na: 1\npublished: true\n---\n"
    );
    assert_eq!(
        set("\u{feff}---\r\na: 1\r\n...\r\nx", true),
        "\u{feff}---\r\na: 1\r\npublished: true\r\n...\r\nx"
    );
    assert_eq!(set("---\n---\n", true), "---\npublished: true\n---\n");
}

#[test]
fn empty_null_and_quoted_values_are_replaced() {
    assert_eq!(
        set("---\npublished:\n---\n", true),
        "---\npublished: true\n---\n"
    );
    assert_eq!(
        set("---\npublished: ~\n---\n", true),
        "---\npublished: true\n---\n"
    );
    assert_eq!(
        set("---\npublished: # later\n---\n", true),
        "---\npublished: true # later\n---\n"
    );
    assert_eq!(
        set("---\npublished: \"false\" # q\n---\n", true),
        "---\npublished: true # q\n---\n"
    );
    assert_eq!(
        set("---\npublished : no\n---\n", true),
        "---\npublished : true\n---\n"
    );
}

#[test]
fn lookalikes_in_block_scalars_and_nested_maps_are_left_alone() {
    let t =
        "---\nexcerpt: |\n  published: true\nprovider:\n  published: false\n---\npublished: no\n";
    let out = set(t, true);
    assert_eq!(
        out,
        t.replace("---\npublished: no", "published: true\n---\npublished: no")
    );
}

#[test]
fn refuses_two_keys_and_unhandled_forms() {
    // The parser itself rejects duplicate keys; either way nothing is written.
    assert!(set_published("---\npublished: true\npublished: false\n---\n", false).is_err());
    assert_eq!(
        set_published("---\n\"published\": false\n---\n", true),
        Err(EditError::Unsupported("not a plain `published:` line"))
    );
    assert!(matches!(
        set_published("---\npublished: &a false\n---\n", true),
        Err(EditError::Unsupported(_))
    ));
    assert!(matches!(
        set_published("---\npublished: [false]\n---\n", true),
        Err(EditError::Unsupported(_))
    ));
    assert_eq!(
        set_published("no front matter\n", true),
        Err(EditError::NoFrontMatter)
    );
    assert!(matches!(
        set_published("---\n- a\n---\n", true),
        Err(EditError::NotMapping)
    ));
    assert!(matches!(
        set_published("---\na: [\n---\n", true),
        Err(EditError::Parse(_))
    ));
}

#[test]
fn refuses_when_the_edit_would_land_inside_a_multiline_string() {
    let t = "---\nexcerpt: \"one\npublished: false\"\n---\n";
    assert_eq!(set_published(t, true), Err(EditError::Unverified));
}

#[test]
fn a_published_key_with_a_nested_block_is_refused_not_flattened() {
    let t = "---\npublished:\n  when: now\n---\n";
    assert_eq!(set_published(t, true), Err(EditError::Unverified));
}

#[test]
fn parse_errors_carry_file_lines() {
    let t = "---\ntitle: ok\nexcerpt: \"open\nnext: 1\n---\n";
    let s = split(t).unwrap().unwrap();
    let e = parse(t, &s).unwrap_err();
    assert!(e.line.is_some_and(|l| l >= 3), "{e:?}");
    assert!(e.column.is_some());
}

#[test]
fn alias_bombs_and_deep_nesting_are_errors_not_hangs() {
    let mut bomb = String::from("---\na: &a [x,x,x,x,x,x,x,x,x]\n");
    for (i, c) in "bcdefghi".chars().enumerate() {
        let prev = (b'a' + i as u8) as char;
        bomb += &format!(
            "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        );
    }
    bomb += "---\n";
    let s = split(&bomb).unwrap().unwrap();
    assert!(parse(&bomb, &s).unwrap_err().message.contains("alias"));

    let deep = format!(
        "---\nt: {}{}\n---\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let s = split(&deep).unwrap().unwrap();
    assert!(parse(&deep, &s).unwrap_err().message.contains("nested"));
}
