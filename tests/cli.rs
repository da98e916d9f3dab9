//! The real `newsdesk` binary, run in a fresh temporary folder per test: `check`, `list`
//! (TSV and JSON Lines), `publish` and `unpublish`, with exact outputs and exact bytes.
//! Commands run with the temp folder as working directory, so paths print as `./name`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use newsdesk::feed::store::Rev;
use serde_json::{Value, json};
use tempfile::{TempDir, tempdir};

/// Run the binary in `dir`; returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(args)
        .current_dir(dir)
        // Never the user's own index cache.
        .env(
            "NEWSDESK_CACHE_DIR",
            std::env::temp_dir().join("newsdesk-test-cache"),
        )
        .output()
        .expect("run newsdesk");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}

/// Write `text` to `dir/name`, creating folders on the way.
fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

/// A small item file: a title, then `more` (whole lines), then a body.
fn item(title: &str, more: &str) -> String {
    format!("---\ntitle: {title}\n{more}---\nA short body of invented text.\n")
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

fn rev_of(dir: &Path, name: &str) -> String {
    Rev::of(&fs::read(dir.join(name)).unwrap()).to_string()
}

/// The given TSV column of every stdout line.
fn column(stdout: &str, n: usize) -> Vec<&str> {
    stdout
        .lines()
        .map(|l| l.split('\t').nth(n).unwrap())
        .collect()
}

/// `list --format json`, every line parsed.
fn list_json(dir: &TempDir) -> Vec<Value> {
    let (code, out, err) = run(dir.path(), &["list", ".", "--format", "json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

// ---------------------------------------------------------------- check

#[test]
fn check_clean_folder_exits_0_with_exact_summary() {
    let dir = tempdir().unwrap();
    write(dir.path(), "one.md", item("Harbour lights", ""));
    write(
        dir.path(),
        "two.md",
        item("Quiet orchard", "published: true\n"),
    );
    assert_eq!(
        run(dir.path(), &["check", "."]),
        (0, "2 items, 0 errors, 0 skipped\n".into(), String::new())
    );
}

#[test]
fn check_reports_syntax_error_with_line_and_column_and_counts_the_rest() {
    let dir = tempdir().unwrap();
    write(dir.path(), "a-good.md", item("Fine one", ""));
    write(
        dir.path(),
        "b-bad.md",
        "---\ncategory: news\ntitle: a: b\n---\n",
    );
    write(dir.path(), "c-good.md", item("Fine two", ""));
    assert_eq!(
        run(dir.path(), &["check", "."]),
        (
            1,
            "./b-bad.md:3:9: mapping values are not allowed in this context\n\
             2 items, 1 error, 0 skipped\n"
                .into(),
            String::new()
        )
    );
}

#[test]
fn check_counts_a_file_without_front_matter_as_skipped() {
    let dir = tempdir().unwrap();
    write(dir.path(), "item.md", item("Counted", ""));
    write(dir.path(), "notes.md", "Just some notes, no fences.\n");
    assert_eq!(
        run(dir.path(), &["check", "."]),
        (0, "1 item, 0 errors, 1 skipped\n".into(), String::new())
    );
}

#[test]
fn check_missing_path_exits_2_naming_it() {
    let dir = tempdir().unwrap();
    let (code, out, err) = run(dir.path(), &["check", "no-such-feed"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(err, "newsdesk: no-such-feed: no such file or folder\n");
}

#[test]
fn check_ignores_hidden_folders_and_files_and_finds_nested_ones() {
    let dir = tempdir().unwrap();
    let broken = "---\ntitle: [unclosed\n---\n";
    write(dir.path(), ".git/objects/x.md", broken);
    write(dir.path(), ".drafts/y.md", broken);
    write(dir.path(), ".hidden.md", broken);
    write(dir.path(), "top.md", item("Top", ""));
    write(dir.path(), "a/b/c/deep.md", item("Deep", ""));
    let (code, out, err) = run(dir.path(), &["check", "."]);
    assert_eq!(
        (code, out, err),
        (0, "2 items, 0 errors, 0 skipped\n".into(), String::new())
    );
    let (_, out, _) = run(dir.path(), &["list", "."]);
    assert_eq!(column(&out, 7), ["./a/b/c/deep.md", "./top.md"]);
}

#[test]
fn check_finds_md_markdown_txt_html_and_ignores_yaml() {
    let dir = tempdir().unwrap();
    for name in ["a.md", "b.markdown", "c.txt", "d.html", "e.yaml", "f.yml"] {
        write(dir.path(), name, item(name, ""));
    }
    assert_eq!(
        run(dir.path(), &["check", "."]),
        (0, "4 items, 0 errors, 0 skipped\n".into(), String::new())
    );
    let (_, out, _) = run(dir.path(), &["list", "."]);
    assert_eq!(
        column(&out, 7),
        ["./a.md", "./b.markdown", "./c.txt", "./d.html"]
    );
}

// ---------------------------------------------------------------- list, TSV

#[test]
fn list_tsv_has_exact_columns() {
    let dir = tempdir().unwrap();
    write(
        dir.path(),
        "tide.md",
        item(
            "\"Tide &amp; Time\"",
            "publishedDateTime: 2021-03-05T16:51:00+02:00\nquality: 3\nheat: 7\n\
             published: true\nprovider:\n  name: Coastal Gazette\n  domain: gazette.example\n\
             topics:\n  - Sea\n  - \"Weather\tand tides\"\n",
        ),
    );
    assert_eq!(
        run(dir.path(), &["list", "."]),
        (
            0,
            "yes\t2021-03-05T14:51:00Z\t3\t7\tCoastal Gazette\tTide & Time\t\
             Sea, Weather and tides\t./tide.md\n"
                .into(),
            String::new()
        )
    );
}

#[test]
fn list_tsv_is_newest_first_with_undated_last() {
    let dir = tempdir().unwrap();
    write(
        dir.path(),
        "a-old.md",
        item("Old", "publishedDateTime: 2019-01-01\n"),
    );
    write(dir.path(), "b-undated.md", item("Undated", ""));
    write(
        dir.path(),
        "c-new.md",
        item("New", "publishedDateTime: 2022-06-01T08:00:00Z\n"),
    );
    write(
        dir.path(),
        "d-text-date.md",
        item("Text date", "publishedDateTime: last tuesday\n"),
    );
    // 05:30 at -05:00 is 10:30 UTC: newer than `c-new` only after conversion.
    write(
        dir.path(),
        "e-offset.md",
        item("Offset", "publishedDateTime: 2022-06-01T05:30:00-05:00\n"),
    );
    let (code, out, err) = run(dir.path(), &["list", "."]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        column(&out, 7),
        [
            "./e-offset.md",
            "./c-new.md",
            "./a-old.md",
            "./b-undated.md",
            "./d-text-date.md"
        ]
    );
    assert_eq!(
        column(&out, 1),
        [
            "2022-06-01T10:30:00Z",
            "2022-06-01T08:00:00Z",
            "2019-01-01T00:00:00Z",
            "",
            ""
        ]
    );
}

#[test]
fn list_filters_published_and_unpublished() {
    let dir = tempdir().unwrap();
    write(dir.path(), "a.md", item("A", "published: true\n"));
    write(dir.path(), "b.md", item("B", "published: false\n"));
    write(dir.path(), "c.md", item("C", ""));
    write(dir.path(), "d.md", item("D", "published:\n"));
    write(dir.path(), "e.md", item("E", "published: true\n"));
    let paths = |args: &[&str]| {
        let (code, out, err) = run(dir.path(), args);
        assert_eq!((code, err.as_str()), (0, ""));
        column(&out, 7).join(" ")
    };
    assert_eq!(paths(&["list", ".", "--published"]), "./a.md ./e.md");
    assert_eq!(
        paths(&["list", ".", "--unpublished"]),
        "./b.md ./c.md ./d.md"
    );
    assert_eq!(paths(&["list", "."]), "./a.md ./b.md ./c.md ./d.md ./e.md");
}

#[test]
fn list_tsv_tabs_and_newlines_in_text_do_not_break_columns() {
    let dir = tempdir().unwrap();
    write(
        dir.path(),
        "t.md",
        item(
            "\"Tab\there\nand a new line\"",
            "provider:\n  name: \"Ink\tWell\"\n",
        ),
    );
    let (code, out, _) = run(dir.path(), &["list", "."]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "no\t\t\t\tInk Well\tTab here and a new line\t\t./t.md\n"
    );
}

// ---------------------------------------------------------------- list --query/--sort, count

/// Our query fixtures (tests/fixtures/query), read in place: nothing writes to them.
fn query_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/query")
}

/// The file names (without folders) of `list` run on the query fixtures with `args`.
fn listed(args: &[&str]) -> Vec<String> {
    let (code, out, err) = run(&query_fixtures(), &[&["list", "."], args].concat());
    assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
    column(&out, 7)
        .into_iter()
        .map(|p| {
            Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn list_query_filters_and_combines_with_the_state_shorthands() {
    assert_eq!(
        listed(&["--query", "robotics or cafe"]),
        ["a-cafe.md", "c-robotics.md", "g-review.md"]
    );
    assert_eq!(
        listed(&["--query", "robotics or cafe", "--unpublished"]),
        Vec::<String>::new()
    );
    assert_eq!(
        listed(&["--query", "quality:>=90", "--unpublished"]),
        ["b-athens.md", "f-wind.md"]
    );
    assert_eq!(
        listed(&["-q", "-is:published", "--published"]),
        Vec::<String>::new()
    );
    // Relative to the real clock: every dated fixture is more than a year old.
    assert_eq!(
        listed(&["--query", "older:1y topic:transport"]),
        ["b-athens.md"]
    );
    assert_eq!(
        listed(&["--query", "date:2023-09 type:video"]),
        ["c-robotics.md"]
    );
}

#[test]
fn list_sort_orders_by_key_and_direction() {
    assert_eq!(
        listed(&["--sort", "quality"]),
        [
            "b-athens.md",
            "f-wind.md",
            "a-cafe.md",
            "c-robotics.md",
            "g-review.md",
            "e-undated.md",
            "d-budget.md"
        ]
    );
    assert_eq!(
        listed(&["--sort", "title:asc", "--query", "is:published"]),
        ["a-cafe.md", "c-robotics.md", "g-review.md"]
    );
    assert_eq!(
        listed(&["--sort", "date:asc", "--published"]),
        ["g-review.md", "c-robotics.md", "a-cafe.md"]
    );
    let (code, out, err) = run(&query_fixtures(), &["list", ".", "--sort", "colour"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("unknown sort key 'colour'"), "{err}");
}

#[test]
fn list_json_applies_the_query_and_sort_too() {
    let (code, out, err) = run(
        &query_fixtures(),
        &[
            "list",
            ".",
            "-q",
            "topic:robotics",
            "--sort",
            "date:asc",
            "--format",
            "json",
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let titles: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["title"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        titles,
        ["Review of the year", "Google AI shows new robotics model"]
    );
}

#[test]
fn list_prints_topics_before_the_path() {
    let (code, out, _) = run(&query_fixtures(), &["list", ".", "-q", "path:c-robotics"]);
    assert_eq!(code, 0);
    assert_eq!(column(&out, 6), ["Google AI, Robotics, Robotics"]);
}

#[test]
fn list_bad_query_exits_2_with_column_and_caret_on_stderr() {
    let (code, out, err) = run(&query_fixtures(), &["list", ".", "--query", "cafe foo:bar"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("newsdesk: bad query at column 6: unknown field 'foo:'"),
        "{err}"
    );
    assert!(err.ends_with("\n  cafe foo:bar\n       ^\n"), "{err:?}");
    let (code, _, err) = run(
        &query_fixtures(),
        &["count", ".", "--by", "topic", "-q", "(a"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("column 3: expected ')'"), "{err}");
}

#[test]
fn count_prints_facets_most_common_first_in_tsv_and_json() {
    assert_eq!(
        run(&query_fixtures(), &["count", ".", "--by", "topic"]),
        (
            0,
            "Robotics\t2\nTransport\t2\nBusiness\t1\nClimate\t1\nEnergy\t1\nGoogle AI\t1\n\
             Local News\t1\nPolitics\t1\n"
                .into(),
            String::new()
        )
    );
    assert_eq!(
        run(
            &query_fixtures(),
            &["count", ".", "--by", "year", "--format", "json"]
        ),
        (
            0,
            "{\"year\":\"2023\",\"count\":3}\n{\"year\":\"2024\",\"count\":2}\n\
             {\"year\":\"2022\",\"count\":1}\n"
                .into(),
            String::new()
        )
    );
    assert_eq!(
        run(
            &query_fixtures(),
            &["count", ".", "--by", "provider", "--query", "robotics"]
        ),
        (0, "Tech Wire\t2\n".into(), String::new())
    );
    assert_eq!(
        run(
            &query_fixtures(),
            &["count", ".", "--by", "category", "-q", "is:unpublished"]
        ),
        (0, "news\t3\nblog\t1\n".into(), String::new())
    );
}

// ---------------------------------------------------------------- list, JSON

#[test]
fn list_json_keeps_original_keys_and_safe_decoded_text() {
    let dir = tempdir().unwrap();
    let text = "---\n\
        category: news\n\
        title: \"Robots &amp; gardens\\e[31m grow\"\n\
        excerpt: \"A&nbsp;look at sprouting &#8216;machines&#8217;\"\n\
        publishedDateTime: 2021-03-05T16:51:00+02:00\n\
        originalUrl: \"https://example.org/robots-gardens\"\n\
        webUrl: \"https://news.example.com/robots-gardens\"\n\
        type: article\n\
        quality: 4\n\
        heat: 12\n\
        published: false\n\
        provider:\n  name: Seed &amp; Sprocket\n  domain: seed.example\n  founded: 1999\n\
        topics:\n  - Gardens\n  - Robots\n\
        images:\n  - url: \"https://img.example/r.png\"\n    width: 640\n    height: 360\n    isCached: true\n\
        mood: cheerful\n\
        nested:\n  deeper: [1, two]\n\
        ---\n\
        Body.\n";
    write(dir.path(), "robots.md", text);
    let lines = list_json(&dir);
    assert_eq!(
        lines,
        [json!({
            "category": "news",
            "title": "Robots & gardens[31m grow",
            "excerpt": "A look at sprouting \u{2018}machines\u{2019}",
            "publishedDateTime": "2021-03-05T14:51:00Z",
            "originalUrl": "https://example.org/robots-gardens",
            "webUrl": "https://news.example.com/robots-gardens",
            "type": "article",
            "quality": 4,
            "heat": 12,
            "published": false,
            "provider": {"name": "Seed & Sprocket", "domain": "seed.example", "founded": 1999},
            "topics": ["Gardens", "Robots"],
            "images": [{
                "url": "https://img.example/r.png",
                "width": 640,
                "height": 360,
                "isCached": true
            }],
            "mood": "cheerful",
            "nested": {"deeper": [1, "two"]},
            "path": "./robots.md",
            "rev": rev_of(dir.path(), "robots.md"),
        })]
    );
    let (_, raw, _) = run(dir.path(), &["list", ".", "--format", "json"]);
    assert!(!raw.contains('\u{1b}'), "ESC reached the output: {raw:?}");
}

#[test]
fn list_json_every_line_parses_with_path_and_rev_newest_first() {
    let dir = tempdir().unwrap();
    write(dir.path(), "a.md", item("Undated", "oddKey: [x]\n"));
    write(
        dir.path(),
        "b.md",
        item("Dated", "publishedDateTime: 2020-02-02T02:02:02Z\n"),
    );
    write(dir.path(), "c.txt", item("Text file", "quality: \"5\"\n"));
    let lines = list_json(&dir);
    let got: Vec<(&str, &str, &str)> = lines
        .iter()
        .map(|v| {
            (
                v["title"].as_str().unwrap(),
                v["path"].as_str().unwrap(),
                v["rev"].as_str().unwrap(),
            )
        })
        .collect();
    let (ra, rb, rc) = (
        rev_of(dir.path(), "a.md"),
        rev_of(dir.path(), "b.md"),
        rev_of(dir.path(), "c.txt"),
    );
    assert_eq!(
        got,
        [
            ("Dated", "./b.md", rb.as_str()),
            ("Undated", "./a.md", ra.as_str()),
            ("Text file", "./c.txt", rc.as_str()),
        ]
    );
    assert_eq!(lines[1]["oddKey"], json!(["x"]));
    assert_eq!(lines[2]["quality"], json!(5));
}

/// The feed keeps items slim (bulk left on disk); the JSON is the whole front matter all
/// the same, from a cold load and from the index cache alike.
#[test]
fn list_json_prints_the_bulk_the_feed_leaves_on_disk() {
    let dir = tempdir().unwrap();
    let bulk = "provider:\n  name: P\n  images:\n    - url: \"https://p.example/logo.png\"\n  \
        authors:\n    - name: Ann\n  publishers:\n    - name: Q\n\
        images:\n  - url: \"https://img.example/a.png\"\n\
        related:\n  - title: \"One\"\n    webUrl: \"https://one.example/\"\n  \
        - title: \"Two\"\n    provider:\n      name: R\n\
        secured: \"QUJD;REVG\"\n";
    write(dir.path(), "bulky.md", item("Bulky", bulk));
    write(dir.path(), "plain.md", item("Plain", ""));
    let (code, cold, err) = run(dir.path(), &["list", ".", "--format", "json", "--no-cache"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let first = list_json(&dir);
    assert_eq!(list_json(&dir), first, "from the cache: the same");
    assert_eq!(
        cold.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .collect::<Vec<_>>(),
        first
    );
    let bulky = first.iter().find(|v| v["title"] == "Bulky").unwrap();
    assert_eq!(bulky["related"][0]["title"], json!("One"));
    assert_eq!(bulky["related"][1]["provider"]["name"], json!("R"));
    assert_eq!(
        bulky["images"][0]["url"],
        json!("https://img.example/a.png")
    );
    assert_eq!(bulky["secured"], json!("QUJD;REVG"));
    let provider = &bulky["provider"];
    assert_eq!(
        provider["images"][0]["url"],
        json!("https://p.example/logo.png")
    );
    assert_eq!(provider["authors"][0]["name"], json!("Ann"));
    assert_eq!(provider["publishers"][0]["name"], json!("Q"));
    assert_eq!(bulky["rev"], json!(rev_of(dir.path(), "bulky.md")));
}

/// Unknown keys may hold YAML mappings whose keys JSON cannot express (null, a list).
#[test]
fn list_json_item_with_unusual_nested_keys_still_has_path() {
    let dir = tempdir().unwrap();
    write(
        dir.path(),
        "k.md",
        item("Keys", "weird:\n  ~: 1\n  [a, b]: 2\n"),
    );
    let lines = list_json(&dir);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["path"], json!("./k.md"));
    assert_eq!(lines[0]["title"], json!("Keys"));
}

// ---------------------------------------------------------------- publish, unpublish

#[test]
fn publish_changes_exactly_one_line_and_keeps_every_other_byte() {
    let dir = tempdir().unwrap();
    let before = "---\n\
        # an editor's note\n\
        title: 'Quoted ''title'''\n\
        excerpt: |\n  published: false\n  stays in the block\n\
        \n\
        published:   false   # review\n\
        heat:  9\n\
        ---\n\
        published: false in the body\n";
    write(dir.path(), "x.md", before);
    let (code, out, err) = run(dir.path(), &["publish", "x.md"]);
    let after = read(dir.path(), "x.md");
    assert_eq!(
        after,
        before.replace(
            "published:   false   # review\n",
            "published:   true   # review\n"
        )
    );
    assert_eq!(
        (code, out, err),
        (
            0,
            format!("x.md: published (rev {})\n", rev_of(dir.path(), "x.md")),
            String::new()
        )
    );
    let (code, out, _) = run(dir.path(), &["unpublish", "x.md"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!("x.md: unpublished (rev {})\n", Rev::of(before.as_bytes()))
    );
    assert_eq!(read(dir.path(), "x.md"), before);
}

#[test]
fn publish_keeps_bom_crlf_and_comment() {
    let dir = tempdir().unwrap();
    let before =
        "\u{feff}---\r\ntitle: Windows item\r\npublished: false # review\r\n---\r\nBody\r\n";
    write(dir.path(), "w.md", before);
    let (code, _, err) = run(dir.path(), &["publish", "w.md"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        fs::read(dir.path().join("w.md")).unwrap(),
        "\u{feff}---\r\ntitle: Windows item\r\npublished: true # review\r\n---\r\nBody\r\n"
            .as_bytes()
    );
}

#[test]
fn publish_inserts_a_missing_key_with_the_file_line_ending() {
    let dir = tempdir().unwrap();
    write(
        dir.path(),
        "crlf.md",
        "---\r\ntitle: No flag\r\n---\r\nBody\r\n",
    );
    write(dir.path(), "lf.md", "---\ntitle: No flag\n...\nBody");
    let (code, _, err) = run(dir.path(), &["publish", "crlf.md", "lf.md"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        read(dir.path(), "crlf.md"),
        "---\r\ntitle: No flag\r\npublished: true\r\n---\r\nBody\r\n"
    );
    assert_eq!(
        read(dir.path(), "lf.md"),
        "---\ntitle: No flag\npublished: true\n...\nBody"
    );
}

#[test]
fn second_run_says_already_and_does_not_touch_the_file() {
    let dir = tempdir().unwrap();
    let path = write(dir.path(), "p.md", item("Once", "published: false\n"));
    for (cmd, word) in [("publish", "published"), ("unpublish", "unpublished")] {
        let (code, _, _) = run(dir.path(), &[cmd, "p.md"]);
        assert_eq!(code, 0);
        let bytes = fs::read(&path).unwrap();
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert_eq!(
            run(dir.path(), &[cmd, "p.md"]),
            (
                0,
                format!("p.md: already {word} (rev {})\n", Rev::of(&bytes)),
                String::new()
            )
        );
        assert_eq!(fs::read(&path).unwrap(), bytes);
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), old);
    }
}

#[test]
fn several_files_one_failing_exits_1_and_writes_the_good_ones() {
    let dir = tempdir().unwrap();
    write(dir.path(), "a.md", item("A", "published: false\n"));
    write(dir.path(), "b.md", "No front matter here.\n");
    write(dir.path(), "c.md", item("C", ""));
    let (code, out, err) = run(dir.path(), &["publish", "a.md", "b.md", "gone.md", "c.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        format!(
            "a.md: published (rev {})\nc.md: published (rev {})\n",
            rev_of(dir.path(), "a.md"),
            rev_of(dir.path(), "c.md")
        )
    );
    let err: Vec<&str> = err.lines().collect();
    assert_eq!(err.len(), 2, "{err:?}");
    assert_eq!(err[0], "b.md: the file has no front matter");
    assert!(err[1].starts_with("gone.md: "), "{err:?}");
    assert_eq!(read(dir.path(), "a.md"), item("A", "published: true\n"));
    assert_eq!(read(dir.path(), "b.md"), "No front matter here.\n");
    assert_eq!(read(dir.path(), "c.md"), item("C", "published: true\n"));
}

#[test]
fn refusals_leave_the_file_byte_identical_and_name_it() {
    let unsupported = "`published` is written in a form newsdesk does not edit";
    let cases = [
        (
            "quoted-key.md",
            item("Q", "\"published\": false\n"),
            format!("{unsupported} (not a plain `published:` line); fix the file by hand"),
        ),
        (
            "block.md",
            item("B", "published: |\n  false\n"),
            format!(
                "{unsupported} (a block, flow, anchor, alias or tag value); fix the file by hand"
            ),
        ),
        (
            "twice.md",
            item("T", "published: false\npublished: false\n"),
            "the front matter does not parse: duplicate entry with key \"published\" (line 2, column 1)"
                .to_owned(),
        ),
        (
            "plain.md",
            "Body only, no front matter.\n".to_owned(),
            "the file has no front matter".to_owned(),
        ),
        (
            "unclosed.md",
            "---\ntitle: Never closed\npublished: false\n".to_owned(),
            "front matter opened with `---` on line 1 is never closed with a `---` or `...` line"
                .to_owned(),
        ),
    ];
    for (name, text, message) in cases {
        let dir = tempdir().unwrap();
        write(dir.path(), name, &text);
        let (code, out, err) = run(dir.path(), &["publish", name]);
        assert_eq!(
            (code, out, err),
            (1, String::new(), format!("{name}: {message}\n"))
        );
        assert_eq!(read(dir.path(), name), text, "{name} was changed");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "{name}: a file was left beside it"
        );
    }
}

#[test]
fn expect_rev_refuses_a_stale_rev_and_accepts_the_fresh_one() {
    let dir = tempdir().unwrap();
    write(dir.path(), "e.md", item("Edited", "published: false\n"));
    let stale = list_json(&dir)[0]["rev"].as_str().unwrap().to_owned();
    assert_eq!(stale, rev_of(dir.path(), "e.md"));

    let edited = item("Edited by someone else", "published: false\n");
    write(dir.path(), "e.md", &edited);
    assert_eq!(
        run(dir.path(), &["publish", "--expect-rev", &stale, "e.md"]),
        (
            1,
            String::new(),
            "e.md: changed on disk since it was loaded; not written\n".into()
        )
    );
    assert_eq!(read(dir.path(), "e.md"), edited);

    let fresh = list_json(&dir)[0]["rev"].as_str().unwrap().to_owned();
    assert_ne!(fresh, stale);
    let (code, out, err) = run(dir.path(), &["publish", "--expect-rev", &fresh, "e.md"]);
    assert_eq!(
        (code, out, err),
        (
            0,
            format!("e.md: published (rev {})\n", rev_of(dir.path(), "e.md")),
            String::new()
        )
    );
    assert_eq!(
        read(dir.path(), "e.md"),
        item("Edited by someone else", "published: true\n")
    );
}

#[test]
fn expect_rev_with_two_files_is_a_usage_error() {
    let dir = tempdir().unwrap();
    write(dir.path(), "a.md", item("A", ""));
    write(dir.path(), "b.md", item("B", ""));
    let rev = rev_of(dir.path(), "a.md");
    assert_eq!(
        run(
            dir.path(),
            &["unpublish", "--expect-rev", &rev, "a.md", "b.md"]
        ),
        (
            2,
            String::new(),
            "newsdesk: --expect-rev takes exactly one FILE\n".into()
        )
    );
    assert_eq!(read(dir.path(), "a.md"), item("A", ""));
    assert_eq!(read(dir.path(), "b.md"), item("B", ""));
}

// ---------------------------------------------------------------- special files

/// Run the binary with raw (possibly non-UTF-8) arguments, failing instead of hanging
/// when it does not finish within 10 s; returns (exit code, stdout, stderr) as bytes.
fn run_raw(dir: &Path, args: &[&std::ffi::OsStr]) -> (i32, Vec<u8>, Vec<u8>) {
    run_as(dir, &[], args)
}

/// As `run_raw`, with `prefix` (e.g. `setpriv ...`) in front of the binary.
fn run_as(dir: &Path, prefix: &[&str], args: &[&std::ffi::OsStr]) -> (i32, Vec<u8>, Vec<u8>) {
    use std::process::Stdio;
    let bin = env!("CARGO_BIN_EXE_newsdesk");
    let mut cmd = match prefix.split_first() {
        Some((first, rest)) => {
            let mut c = Command::new(first);
            c.args(rest).arg(bin);
            c
        }
        None => Command::new(bin),
    };
    let mut child = cmd
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsdesk");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("newsdesk {args:?} hung (killed after 10 s)");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().expect("exit code"),
        out.stdout,
        out.stderr,
    )
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[test]
fn publish_check_and_list_refuse_a_fifo_without_hanging() {
    let dir = tempdir().unwrap();
    mkfifo(&dir.path().join("x.md"));
    let said = "./x.md: not a regular file (a FIFO)\n";
    let (code, out, err) = run_raw(dir.path(), &[os("publish"), os("./x.md")]);
    assert_eq!(
        (code, out.as_slice(), err.as_slice()),
        (1, &b""[..], said.as_bytes())
    );
    let (code, out, err) = run_raw(dir.path(), &[os("check"), os("./x.md")]);
    let check_out = format!("{said}0 items, 1 error, 0 skipped\n");
    assert_eq!((code, out, err), (1, check_out.into_bytes(), vec![]));
    let (code, out, err) = run_raw(dir.path(), &[os("list"), os("./x.md")]);
    assert_eq!((code, out, err), (1, vec![], said.as_bytes().to_vec()));
}

#[test]
fn a_fifo_inside_a_folder_is_an_error_and_the_rest_loads() {
    let dir = tempdir().unwrap();
    write(dir.path(), "a.md", item("Before", ""));
    mkfifo(&dir.path().join("b.md"));
    write(dir.path(), "c.md", item("After", ""));
    let (code, out, err) = run_raw(dir.path(), &[os("check"), os(".")]);
    assert_eq!(
        (code, String::from_utf8(out).unwrap(), err),
        (
            1,
            "./b.md: not a regular file (a FIFO)\n2 items, 1 error, 0 skipped\n".into(),
            vec![]
        )
    );
}

// ---------------------------------------------------------------- paths as bytes

#[test]
fn a_non_utf8_name_round_trips_from_list_to_publish() {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let dir = tempdir().unwrap();
    let name = std::ffi::OsString::from_vec(b"caf\xe9.md".to_vec());
    fs::write(dir.path().join(&name), item("Cafe", "")).unwrap();

    let (code, out, err) = run_raw(dir.path(), &[os("list"), os(".")]);
    assert_eq!((code, err), (0, vec![]));
    let line = out.strip_suffix(b"\n").expect("one line");
    let path = line.rsplit(|b| *b == b'\t').next().unwrap();
    assert_eq!(path, b"./caf\xe9.md");

    let path = std::ffi::OsStr::from_bytes(path);
    let (code, out, err) = run_raw(dir.path(), &[os("publish"), path]);
    assert_eq!((code, err), (0, vec![]));
    let rev = Rev::of(&fs::read(dir.path().join(&name)).unwrap());
    assert_eq!(
        out,
        [
            b"./caf\xe9.md: published (rev ",
            rev.to_string().as_bytes(),
            b")\n"
        ]
        .concat()
    );
    assert!(
        fs::read_to_string(dir.path().join(&name))
            .unwrap()
            .contains("published: true\n")
    );

    // JSON: readable "path", exact "path_bytes".
    let (code, out, _) = run_raw(
        dir.path(),
        &[os("list"), os("."), os("--format"), os("json")],
    );
    assert_eq!(code, 0);
    let row: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(row["path"], json!("./caf\u{fffd}.md"));
    let bytes: Vec<u8> = serde_json::from_value(row["path_bytes"].clone()).unwrap();
    assert_eq!(bytes, b"./caf\xe9.md");

    // Errors name the file by its bytes too.
    fs::write(dir.path().join(&name), "no front matter\n").unwrap();
    let (code, _, err) = run_raw(dir.path(), &[os("publish"), path]);
    assert_eq!(code, 1);
    assert_eq!(err, b"./caf\xe9.md: the file has no front matter\n");
    fs::write(dir.path().join(&name), "---\ntitle: [unclosed\n---\n").unwrap();
    let (code, out, _) = run_raw(dir.path(), &[os("check"), os(".")]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with(b"./caf\xe9.md:3:1: "),
        "{}",
        String::from_utf8_lossy(&out)
    );
}

#[test]
fn utf8_paths_have_no_path_bytes_in_json() {
    let dir = tempdir().unwrap();
    write(dir.path(), "caf\u{e9}.md", item("Cafe", ""));
    let rows = list_json(&dir);
    assert_eq!(rows[0]["path"], json!("./caf\u{e9}.md"));
    assert!(rows[0].get("path_bytes").is_none(), "{}", rows[0]);
}

// ---------------------------------------------------------------- permissions, plain errors

#[test]
fn os_errors_and_refusals_read_plainly() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["publish", "gone.md"]);
    assert_eq!(
        (code, err.as_str()),
        (1, "gone.md: no such file or directory\n")
    );
    let ro = write(dir.path(), "ro.md", item("Read only", ""));
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, err) = run(dir.path(), &["publish", "ro.md"]);
    assert_eq!(
        (code, err.as_str()),
        (1, "ro.md: read-only (mode 0444); not written\n")
    );
    assert_eq!(read(dir.path(), "ro.md"), item("Read only", ""));
}

/// As the user `nobody`, in a folder `nobody` may write: a root-owned file is refused
/// (writable or not) and keeps its owner; `nobody`'s own file is written with its mode.
#[test]
fn another_users_file_is_refused_and_keeps_its_owner() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if unsafe { libc::geteuid() } != 0 {
        println!("skipped: switching to another user needs root");
        return;
    }
    let nobody = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ];
    let dir = tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let probe = Command::new(nobody[0])
        .args(&nobody[1..])
        .arg(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--version")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        println!("skipped: cannot run newsdesk as nobody via setpriv here");
        return;
    }
    let text = item("Shared", "");
    for (name, mode) in [("open.md", 0o666), ("closed.md", 0o644)] {
        let path = write(dir.path(), name, &text);
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    }
    let mine = write(dir.path(), "mine.md", &text);
    std::os::unix::fs::chown(&mine, Some(65534), Some(65534)).unwrap();
    fs::set_permissions(&mine, fs::Permissions::from_mode(0o640)).unwrap();

    let (code, out, err) = run_as(
        dir.path(),
        &nobody,
        &[os("publish"), os("open.md"), os("closed.md"), os("mine.md")],
    );
    let rev = Rev::of(&fs::read(&mine).unwrap());
    assert_eq!(
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap()
        ),
        (
            1,
            format!("mine.md: published (rev {rev})\n"),
            "open.md: belongs to another user (uid 0) whose ownership could not be kept; \
             not written\nclosed.md: read-only (mode 0644); not written\n"
                .into()
        )
    );
    for name in ["open.md", "closed.md"] {
        let meta = fs::metadata(dir.path().join(name)).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (0, 0), "{name}");
        assert_eq!(read(dir.path(), name), text, "{name}");
    }
    let meta = fs::metadata(&mine).unwrap();
    assert_eq!(
        (meta.uid(), meta.gid(), meta.mode() & 0o7777),
        (65534, 65534, 0o640)
    );
    assert!(read(dir.path(), "mine.md").contains("published: true\n"));
    let mut left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["closed.md", "mine.md", "open.md"]);
}
