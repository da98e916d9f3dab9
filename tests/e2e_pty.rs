//! The real binary in a pseudo-terminal: keys in, screen (via vt100) and files out.
//! Every wait polls with a deadline; nothing sleeps and hopes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const DEADLINE: Duration = Duration::from_secs(20);

struct App {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
}

/// A config whose first (opening) view shows every item.
const ALL_VIEW: &str = "[[view]]\nname = \"all\"\n";

impl App {
    /// Start newsdesk with `args`, HOME and the XDG dirs inside `home` so the user's own
    /// config and data are never touched.
    fn start(home: &Path, args: &[&str]) -> App {
        Self::start_with_env(home, args, &[])
    }

    fn start_with_env(home: &Path, args: &[&str], env: &[(&str, &str)]) -> App {
        // The desk opens on the `inbox` view (unpublished only) unless the config names
        // views. These tests are about the whole feed: they get a config whose first view
        // is everything, unless a test wrote its own.
        let config = home.join("config/newsdesk/config.toml");
        if !config.exists() && !args.contains(&"--config") {
            std::fs::create_dir_all(config.parent().unwrap()).unwrap();
            std::fs::write(&config, ALL_VIEW).unwrap();
        }
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_newsdesk"));
        cmd.args(args);
        cmd.cwd(home);
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("NEWSDESK_CACHE_DIR", home.join("cache"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("BROWSER");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("NEWSDESK_DEBUG_PANIC");
        // A developer's RUST_BACKTRACE=1 would scroll the panic message off the screen.
        cmd.env("RUST_BACKTRACE", "0");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        // Without dropping our copy of the slave, the reader would never see the end.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        App {
            child,
            writer,
            output,
            parser: vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0),
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Feed output to the terminal emulator until `done` holds for the screen.
    fn wait_for(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        let end = Instant::now() + DEADLINE;
        while !done(&self.screen()) {
            let left = end.saturating_duration_since(Instant::now());
            match self
                .output
                .recv_timeout(left.min(Duration::from_millis(200)))
            {
                Ok(bytes) => self.parser.process(&bytes),
                Err(_) if Instant::now() >= end => {
                    panic!("timed out waiting for {what}; screen:\n{}", self.screen())
                }
                Err(_) => {}
            }
        }
    }

    fn wait_text(&mut self, text: &str) {
        self.wait_for(text, |s| s.contains(text));
    }

    /// The fixture feed loaded to the end: its first rows, then the load's own message
    /// (one fixture fails). Keys sent before the end race it: the message can land over
    /// the answer a test waits for, and the log gets the load summary only then.
    fn wait_loaded(&mut self) {
        self.wait_text("Items 1/6");
        self.wait_text("press e to see them");
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait for the process to exit, reading the rest of its output.
    fn finish(mut self) -> (portable_pty::ExitStatus, vt100::Parser) {
        let end = Instant::now() + DEADLINE;
        let status = loop {
            while let Ok(bytes) = self.output.try_recv() {
                self.parser.process(&bytes);
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < end,
                "did not exit; screen:\n{}",
                self.screen()
            );
            if let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(100)) {
                self.parser.process(&bytes);
            }
        };
        // Whatever was written before the exit is in the channel or arrives before EOF.
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(500)) {
            self.parser.process(&bytes);
        }
        (status, self.parser)
    }
}

fn copy_fixture(to: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    let feed = to.join("feed");
    std::fs::create_dir_all(&feed).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), feed.join(entry.file_name())).unwrap();
    }
    feed
}

/// A browser that writes each argument it gets on a line of `opened.txt`.
fn recording_browser(dir: &Path) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let log = dir.join("opened.txt");
    let script = dir.join("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n", log.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, log)
}

fn wait_file(path: &Path, what: &str, done: impl Fn(&str) -> bool) -> String {
    let end = Instant::now() + DEADLINE;
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if done(&text) {
            return text;
        }
        assert!(
            Instant::now() < end,
            "timed out waiting for {what} in {}: {text:?}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn move_publish_open_follow_related_and_quit() {
    let home = tempfile::tempdir().unwrap();
    let feed = copy_fixture(home.path());
    let (browser, log) = recording_browser(home.path());
    let browser_cmd = format!("'{}' %u", browser.display());
    let mut app = App::start(
        home.path(),
        &[feed.to_str().unwrap(), "--browser", &browser_cmd],
    );

    app.wait_text("Items 1/6");
    assert!(app.parser.screen().alternate_screen());
    app.wait_text("1 file failed to load; press e");

    // Move to the Athens item (4th) and publish it.
    app.keys("jjj");
    app.wait_text("Items 4/6");
    let athens = feed.join("2026-02-20-athens-metro.md");
    let before = std::fs::read_to_string(&athens).unwrap();
    app.keys("p");
    app.wait_text("Published: Η Αθήνα");
    let after = std::fs::read_to_string(&athens).unwrap();
    assert_eq!(after, before.replace("published: false", "published: true"));
    app.wait_text("4 published");

    // Its original URL is javascript: and must be refused without running the browser.
    app.keys("o");
    app.wait_text("Refused");

    // Open the wind farm item's original URL through the recording browser.
    app.keys("k");
    app.wait_text("Items 3/6");
    app.keys("o");
    let opened = wait_file(&log, "the URL", |t| t.ends_with('\n'));
    assert_eq!(opened, "https://north-herald.example/wind-farm-expansion\n");

    // From the harbour item's related pane, follow the article that is also an item.
    app.keys("g");
    app.wait_text("Items 1/6");
    app.keys("\t\t");
    app.wait_text("[related]");
    app.wait_text("Ferry unions welcome");
    app.keys("\r");
    app.wait_text("Items 3/6");
    app.wait_for("the detail pane on the wind farm item", |s| {
        s.lines()
            .nth(1)
            .is_some_and(|l| l.contains("│Wind farm expansion approved after"))
    });

    app.keys("q");
    let (status, parser) = app.finish();
    assert!(status.success(), "{status:?}");
    assert!(
        !parser.screen().alternate_screen(),
        "the alternate screen was left"
    );
}

#[test]
fn no_path_opens_the_embedded_demo_from_any_directory_and_marks_persist() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::start(home.path(), &[]);
    // The status line, not the loading gauge (which says "38 items" too, before the counts).
    app.wait_text("[list] 38 items");
    app.keys("p");
    // The status line's message: the write is done (the detail pane says "Date:").
    app.wait_text("Published: ");
    app.keys("q");
    let (status, _) = app.finish();
    assert!(status.success());
    let demo = home.path().join("data/newsdesk/demo");
    assert_eq!(std::fs::read_dir(&demo).unwrap().count(), 39);

    // A second start keeps the unpacked copy, mark included. The counts show once the
    // load is done (while it streams, the status line is a gauge).
    let mut app = App::start(home.path(), &[]);
    // On the status line itself: the detail pane's "Status: not published" would also
    // match while the status line is still the load gauge.
    app.wait_for("the loaded counts", |s| {
        s.lines()
            .last()
            .is_some_and(|l| l.contains("38 items") && l.contains(" published"))
    });
    let published = |s: &str| {
        s.lines()
            .last()
            .and_then(|l| l.split(" published").next())
            .map(str::to_owned)
    };
    let first = published(&app.screen());
    app.keys("q");
    let (status, _) = app.finish();
    assert!(status.success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(["list", "--published", "--no-cache"])
        .arg(&demo)
        .output()
        .unwrap();
    let count = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(
        first.unwrap().trim_start().split(" · ").nth(1),
        Some(count.to_string().as_str())
    );
}

#[test]
fn a_configured_feed_is_opened_and_a_bad_config_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let feed = copy_fixture(home.path());
    let config_dir = home.path().join("config/newsdesk");
    std::fs::create_dir_all(&config_dir).unwrap();
    let config = config_dir.join("config.toml");
    std::fs::write(
        &config,
        format!("feed = {:?}\n", feed.display().to_string()),
    )
    .unwrap();
    let mut app = App::start(home.path(), &[]);
    app.wait_text("6 items");
    app.keys("q");
    assert!(app.finish().0.success());

    std::fs::write(&config, "feed = \"x\"\ntext_browser = maybe\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("NEWSDESK_CACHE_DIR", home.path().join("cache"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:2:", config.display())), "{err}");
}

#[test]
fn a_text_browser_gets_the_terminal_and_gives_it_back() {
    let home = tempfile::tempdir().unwrap();
    let feed = copy_fixture(home.path());
    let (browser, log) = recording_browser(home.path());
    let config = home.path().join("newsdesk.toml");
    let toml = format!(
        "browser = \"'{}' %u\"\ntext_browser = true\n{ALL_VIEW}",
        browser.display()
    );
    std::fs::write(&config, toml).unwrap();
    let mut app = App::start(
        home.path(),
        &[feed.to_str().unwrap(), "--config", config.to_str().unwrap()],
    );
    app.wait_loaded();
    app.keys("o");
    // Only once the browser has finished does the app say so, drawn on the alternate
    // screen again.
    app.wait_text("Opened https://coastal-times.example/news/harbour");
    assert!(app.parser.screen().alternate_screen());
    let opened = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        opened,
        "https://coastal-times.example/news/harbour-ferry-terminal\n"
    );
    app.keys("j");
    app.wait_text("Items 2/6");
    app.keys("q");
    let (status, parser) = app.finish();
    assert!(status.success());
    assert!(!parser.screen().alternate_screen());
}

#[test]
fn a_panic_gives_the_terminal_back() {
    let home = tempfile::tempdir().unwrap();
    let feed = copy_fixture(home.path());
    let mut app = App::start_with_env(
        home.path(),
        &[feed.to_str().unwrap()],
        &[("NEWSDESK_DEBUG_PANIC", "Z")],
    );
    app.wait_text("Items 1/6");
    assert!(app.parser.screen().alternate_screen());
    assert_ne!(
        app.parser.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
    app.keys("Z");
    let (status, parser) = app.finish();
    assert!(!status.success(), "a panic exits non-zero: {status:?}");
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "alternate screen left");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting off"
    );
    assert!(!screen.hide_cursor(), "cursor shown again");
    assert!(
        screen.contents().contains("NEWSDESK_DEBUG_PANIC: key Z"),
        "the panic message is readable on the normal screen:\n{}",
        screen.contents()
    );
}

/// Issue 8: the desk opens on the inbox; `/` + a query + Enter narrows the list, and the
/// letters typed into the prompt (p, o, u among them) did nothing to any item; then `p`
/// publishes the item shown selected, checked on disk.
#[test]
fn a_filter_typed_at_the_prompt_then_p_publishes_the_item_shown_selected() {
    let home = tempfile::tempdir().unwrap();
    let feed = copy_fixture(home.path());
    let (browser, log) = recording_browser(home.path());
    // A config without views: the built-in inbox opens.
    let config = home.path().join("config/newsdesk/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        format!("browser = \"'{}' %u\"\n", browser.display()),
    )
    .unwrap();
    let before: Vec<(PathBuf, String)> = std::fs::read_dir(&feed)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    let mut app = App::start(home.path(), &[feed.to_str().unwrap()]);
    app.wait_text("3 of 6 · inbox: is:unpublished");
    app.keys("/\x15");
    app.keys("title:\"ice rink\" -provider:upo");
    app.wait_text("1 of 6 items");
    app.keys("\r");
    app.wait_text("Items 1/1 · date desc · 1 of 6 · title:\"ice rink\" -provid");
    app.wait_for("the ice rink row selected", |s| {
        s.lines()
            .any(|l| l.contains("▶") && l.contains("Ice rink closes early"))
    });
    for (path, text) in &before {
        assert_eq!(&std::fs::read_to_string(path).unwrap(), text, "{path:?}");
    }
    assert!(
        !log.exists(),
        "no browser was opened by a letter in the prompt"
    );
    app.keys("p");
    app.wait_text("Published: Ice rink closes early");
    let rink = feed.join("2026-01-15-ice-rink.md");
    let (_, old) = before.iter().find(|(p, _)| *p == rink).unwrap();
    let new = std::fs::read_to_string(&rink).unwrap();
    assert!(
        !old.contains("published:") && new.contains("\npublished: true\n"),
        "{new}"
    );
    assert_eq!(new.replace("published: true\n", ""), *old);
    for (path, text) in before.iter().filter(|(p, _)| *p != rink) {
        assert_eq!(&std::fs::read_to_string(path).unwrap(), text, "{path:?}");
    }
    app.keys("q");
    assert!(app.finish().0.success());
}

#[test]
fn backspace_goes_back_and_ctrl_l_repaints_what_another_program_wrote() {
    let home = tempfile::tempdir().unwrap();
    let feed = copy_fixture(home.path());
    let mut app = App::start(home.path(), &[feed.to_str().unwrap()]);
    app.wait_text("Items 1/6");
    // The related articles come with the on-demand read of the selected file.
    app.wait_text("Ferry unions welcome");

    // Follow the harbour item's related article into the feed, then come back.
    app.keys("\t\t\r");
    app.wait_text("Items 3/6");
    app.keys("\x7f");
    app.wait_text("Items 1/6");
    app.wait_text("Back to: Harbour opens");

    // Something else scribbles on the terminal (here: straight into the emulator);
    // newsdesk's next frame only redraws what changed, so the scribble stays...
    app.parser.process(b"\x1b[3;3HSCRIBBLE\x1b[12;40HSCRIBBLE");
    app.keys("\tj");
    app.wait_text("Items 2/6");
    assert!(app.screen().contains("SCRIBBLE"));
    // ...until Ctrl-L.
    app.keys("\x0c");
    app.wait_for("a clean screen", |s| {
        !s.contains("SCRIBBLE") && s.contains("Items 2/6")
    });
    app.keys("q");
    assert!(app.finish().0.success());
}

/// The files directly in `home`'s XDG state dir folder `sub` (HOME is the temp dir).
fn state_files(home: &Path, sub: &str) -> Vec<PathBuf> {
    let dir = home.join(".local/state/newsdesk").join(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn a_panic_leaves_its_message_and_backtrace_in_the_log() {
    let home = tempfile::tempdir().unwrap();
    let feed = copy_fixture(home.path());
    let mut app = App::start_with_env(
        home.path(),
        &[feed.to_str().unwrap(), "--log-level", "info"],
        &[("NEWSDESK_DEBUG_PANIC", "Z")],
    );
    app.wait_loaded();
    app.keys("Z");
    let (status, parser) = app.finish();
    assert!(!status.success());
    assert!(
        parser
            .screen()
            .contents()
            .contains("backtrace are logged in"),
        "the terminal says where the log is:\n{}",
        parser.screen().contents()
    );
    let logs = state_files(home.path(), "logs");
    assert_eq!(logs.len(), 1, "one file for today: {logs:?}");
    let log = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(log.contains("PANIC"), "{log}");
    assert!(log.contains("NEWSDESK_DEBUG_PANIC: key Z"), "{log}");
    assert!(log.contains("backtrace:"), "{log}");
    // The frames name our code (debug builds keep line tables).
    assert!(log.contains("debug_panic"), "{log}");
    // What came before the crash is there too: the load summary.
    assert!(log.contains("loaded "), "{log}");
}

#[test]
fn log_level_error_leaves_the_info_lines_out() {
    let home = tempfile::tempdir().unwrap();
    let feed = copy_fixture(home.path());
    let mut app = App::start(
        home.path(),
        &[feed.to_str().unwrap(), "--log-level", "error"],
    );
    app.wait_text("Items 1/6");
    app.keys("q");
    assert!(app.finish().0.success());
    // The day's file is made when logging starts, even with nothing at this level yet.
    let logs = state_files(home.path(), "logs");
    assert_eq!(logs.len(), 1, "{logs:?}");
    let log = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(!log.contains("loaded "), "{log}");

    let mut app = App::start(
        home.path(),
        &[feed.to_str().unwrap(), "--log-level", "debug"],
    );
    app.wait_loaded();
    app.keys("q");
    assert!(app.finish().0.success());
    let log = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(log.contains("loaded "), "{log}");
}

#[test]
fn view_selection_marks_and_pane_are_restored_on_the_next_start_and_a_broken_state_is_ignored() {
    let home = tempfile::tempdir().unwrap();
    let feed = copy_fixture(home.path());
    let mut app = App::start(home.path(), &[feed.to_str().unwrap()]);
    app.wait_loaded();
    app.keys("/\x15is:unpublished\r");
    app.wait_text("Items 1/3 · date desc · 3 of 6 · is:unpublished");
    app.keys("S");
    // The sort keeps the selected item: it is last now.
    app.wait_text("Items 3/3 · date asc");
    app.keys("k");
    app.wait_text("Items 2/3");
    // Space marks and moves down; back up to the marked row.
    app.keys(" ");
    app.wait_text("1 marked");
    app.keys("k");
    app.wait_text("Items 2/3");
    app.keys("\t");
    app.wait_text("[detail]");
    app.keys("q");
    assert!(app.finish().0.success());
    let saved = state_files(home.path(), "desks");
    assert_eq!(saved.len(), 1, "{saved:?}");

    // Opened by another spelling of the same folder: still its state.
    let mut app = App::start(home.path(), &["feed"]);
    app.wait_text("Items 2/3 · date asc · 3 of 6 · is:unpublished");
    app.wait_text("[detail]");
    // The load-error message may cut "1 marked" short.
    app.wait_text("· 1 mar");
    app.wait_for("the marked row selected", |s| {
        s.lines().any(|l| l.contains("▶·*"))
    });
    app.keys("q");
    assert!(app.finish().0.success());

    std::fs::write(&saved[0], "{ not json").unwrap();
    let mut app = App::start(home.path(), &[feed.to_str().unwrap()]);
    app.wait_text("Items 1/6");
    app.wait_text("[list]");
    app.keys("q");
    assert!(app.finish().0.success());
}

/// Every item file's bytes (a hidden temp file a kill left mid-write is never an item).
fn folder(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect()
}

#[test]
fn a_bulk_step_killed_mid_way_is_offered_at_the_next_start_and_rolls_back() {
    let home = tempfile::tempdir().unwrap();
    let feed = home.path().join("feed");
    std::fs::create_dir(&feed).unwrap();
    let n = 3000;
    for i in 0..n {
        // One in three without a published line: rolled back, it must get none.
        let flag = if i % 3 == 0 { "" } else { "published: false\n" };
        let text = format!("---\ntitle: Item {i}\n{flag}---\nBody.\n");
        std::fs::write(feed.join(format!("{i:05}.md")), text).unwrap();
    }
    let before = folder(&feed);
    let feed_s = feed.to_str().unwrap();
    let mut app = App::start(home.path(), &[feed_s]);
    app.wait_text(&format!("[list] {n} items"));
    app.keys("Bp");
    app.wait_text(&format!("Publish {n} items: {n} will change"));
    app.keys("y");
    // Kill it with SIGKILL once the step has written some files, long before the last.
    let end = Instant::now() + DEADLINE;
    let written = loop {
        let now = folder(&feed);
        let written = now.iter().filter(|(p, b)| before[*p] != **b).count();
        if written >= 20 {
            break written;
        }
        assert!(Instant::now() < end, "the step did not start");
        std::thread::sleep(Duration::from_millis(20));
    };
    let pid = app.child.process_id().unwrap().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let _ = app.finish();
    let half = folder(&feed);
    let done = half.iter().filter(|(p, b)| before[*p] != **b).count();
    assert!(
        done >= written && done < n,
        "killed part way: {done} of {n}"
    );
    for (p, b) in &half {
        // Each file is as it was, or as it should be after: never anything else.
        let old = String::from_utf8(before[p].clone()).unwrap();
        let new = newsdesk::feed::frontmatter::set_published(&old, true).unwrap();
        assert!(*b == before[p] || *b == new.into_bytes(), "{}", p.display());
    }

    // The next start names the step and rolls it back on `r`.
    let mut app = App::start(home.path(), &[feed_s]);
    app.wait_text("Unfinished step");
    app.wait_text("c  complete it    r  roll it back");
    app.keys("r");
    app.wait_text("Rolled back: step 1");
    app.keys("q");
    let (status, _) = app.finish();
    assert!(status.success());
    assert_eq!(folder(&feed), before, "every byte as before the step");
}

#[test]
fn a_feed_opened_by_a_relative_path_follows_changes_made_outside() {
    let home = tempfile::tempdir().unwrap();
    let feed = copy_fixture(home.path());
    let mut app = App::start(home.path(), &["feed"]);
    app.wait_text("[list] 6 items");
    let rink = feed.join("2026-01-15-ice-rink.md");
    let text = std::fs::read_to_string(&rink).unwrap();
    std::fs::write(
        &rink,
        text.replace("Ice rink closes early", "Ice rink stays open"),
    )
    .unwrap();
    app.wait_text("1 changed");
    app.wait_text("Ice rink stays open");
    // Changed in place, not added a second time under another spelling of its path.
    app.wait_text("[list] 6 items");
    let copy = std::fs::read_to_string(feed.join("2026-02-01-council-budget.md")).unwrap();
    std::fs::write(
        feed.join("2026-03-11-added.md"),
        copy.replace("Council passes", "Added:"),
    )
    .unwrap();
    app.wait_text("1 new");
    app.wait_text("[list] 7 items");
    app.keys("q");
    assert!(app.finish().0.success());
}
