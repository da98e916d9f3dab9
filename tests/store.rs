//! `write_published` at library level: what the file system sees (mode, symlinks, temp
//! files), conflicts, non-text refusals, and the `Rev` text form scripts hand back.

use std::fs;
use std::path::{Path, PathBuf};

use newsdesk::feed::store::{Rev, WriteError, Written, write_published};
use tempfile::tempdir;

const UNPUBLISHED: &str = "---\ntitle: Lantern repair\npublished: false\n---\nBody.\n";
const PUBLISHED: &str = "---\ntitle: Lantern repair\npublished: true\n---\nBody.\n";

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

/// The names in a folder, sorted: shows any temp file left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn changed_and_unchanged_report_the_file_rev() {
    let dir = tempdir().unwrap();
    let path = write(dir.path(), "a.md", UNPUBLISHED);
    let written = write_published(&path, true, Some(Rev::of(UNPUBLISHED.as_bytes()))).unwrap();
    assert_eq!(written, Written::Changed(Rev::of(PUBLISHED.as_bytes())));
    assert_eq!(fs::read_to_string(&path).unwrap(), PUBLISHED);
    let again = write_published(&path, true, None).unwrap();
    assert_eq!(again, Written::Unchanged(Rev::of(PUBLISHED.as_bytes())));
    assert_eq!(again.rev(), written.rev());
}

#[cfg(unix)]
#[test]
fn file_mode_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir().unwrap();
    let path = write(dir.path(), "a.md", UNPUBLISHED);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    write_published(&path, true, None).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), PUBLISHED);
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640, "mode is {mode:o}");
}

#[cfg(unix)]
#[test]
fn a_symlink_is_followed_and_kept() {
    let dir = tempdir().unwrap();
    let real_dir = dir.path().join("store");
    let link_dir = dir.path().join("feed");
    fs::create_dir_all(&real_dir).unwrap();
    fs::create_dir_all(&link_dir).unwrap();
    let real = write(&real_dir, "real.md", UNPUBLISHED);
    let link = link_dir.join("link.md");
    let target = Path::new("../store/real.md");
    std::os::unix::fs::symlink(target, &link).unwrap();

    let written = write_published(&link, true, None).unwrap();
    assert_eq!(written, Written::Changed(Rev::of(PUBLISHED.as_bytes())));
    assert_eq!(fs::read_to_string(&real).unwrap(), PUBLISHED);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), target);
    assert_eq!(names(&real_dir), ["real.md"]);
    assert_eq!(names(&link_dir), ["link.md"]);
}

#[test]
fn no_temp_file_is_left_after_success_or_refusal() {
    let dir = tempdir().unwrap();
    let good = write(dir.path(), "good.md", UNPUBLISHED);
    let bad_text = "---\n\"published\": false\n---\n";
    let bad = write(dir.path(), "bad.md", bad_text);
    write_published(&good, true, None).unwrap();
    let err = write_published(&bad, true, None).unwrap_err();
    assert!(matches!(err, WriteError::Refused { .. }), "{err:?}");
    write_published(&good, false, Some(Rev(1))).unwrap_err();
    assert_eq!(names(dir.path()), ["bad.md", "good.md"]);
    assert_eq!(fs::read_to_string(&bad).unwrap(), bad_text);
    assert_eq!(fs::read_to_string(&good).unwrap(), PUBLISHED);
}

#[test]
fn conflict_when_the_expected_rev_differs() {
    let dir = tempdir().unwrap();
    let path = write(dir.path(), "a.md", UNPUBLISHED);
    let stale = Rev::of(b"what the caller saw earlier");
    let err = write_published(&path, true, Some(stale)).unwrap_err();
    assert!(err.is_conflict(), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: changed on disk since it was loaded; not written",
            path.display()
        )
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), UNPUBLISHED);
    assert_eq!(names(dir.path()), ["a.md"]);
}

#[test]
fn not_text_for_non_utf8_bytes() {
    let dir = tempdir().unwrap();
    let bytes = b"---\ntitle: caf\xe9\npublished: false\n---\n";
    let path = write(dir.path(), "latin1.md", bytes);
    let err = write_published(&path, true, None).unwrap_err();
    assert!(
        matches!(&err, WriteError::NotText { path: p } if *p == path),
        "{err:?}"
    );
    assert!(!err.is_conflict());
    assert_eq!(
        err.to_string(),
        format!("{}: not UTF-8 text; not written", path.display())
    );
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let dir = tempdir().unwrap();
    let path = dir.path().join("gone.md");
    let err = write_published(&path, true, None).unwrap_err();
    assert!(
        matches!(&err, WriteError::Io { path: p, .. } if *p == path),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with(&format!("{}: ", path.display())),
        "{err}"
    );
    assert!(names(dir.path()).is_empty());
}

#[test]
fn rev_is_fnv1a_64_and_round_trips_through_text() {
    // Published FNV-1a 64-bit test vectors: the rev must not change between versions.
    assert_eq!(Rev::of(b""), Rev(0xcbf2_9ce4_8422_2325));
    assert_eq!(Rev::of(b"a"), Rev(0xaf63_dc4c_8601_ec8c));
    assert_eq!(Rev::of(b"foobar"), Rev(0x8594_4171_f739_67e8));
    assert_eq!(Rev(0).to_string(), "0000000000000000");
    assert_eq!(Rev(0xaf63_dc4c_8601_ec8c).to_string(), "af63dc4c8601ec8c");
    for rev in [
        Rev(0),
        Rev(1),
        Rev(u64::MAX),
        Rev::of(UNPUBLISHED.as_bytes()),
    ] {
        let text = rev.to_string();
        assert_eq!(text.len(), 16);
        assert_eq!(text.parse::<Rev>().unwrap(), rev);
    }
    assert_eq!("AF63DC4C8601EC8C".parse::<Rev>().unwrap(), Rev::of(b"a"));
    for bad in ["", "zz", "1ffffffffffffffff", "-1"] {
        assert!(bad.parse::<Rev>().is_err(), "{bad:?} parsed");
    }
}

// ------------------------------------------------------------ leftovers and permissions

/// A pid that is certainly not running: a child that has been waited for.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn stale_temp_files_of_ours_are_removed_on_the_next_write() {
    use std::time::{Duration, SystemTime};
    let dir = tempdir().unwrap();
    let path = write(dir.path(), "a.md", UNPUBLISHED);
    let dead = format!(".a.md.newsdesk-{}-1f2e", dead_pid());
    write(dir.path(), &dead, UNPUBLISHED);
    // pid 1 is alive, but an hour is far beyond any write: left over from a reused pid.
    let old = write(dir.path(), ".b.md.newsdesk-1-abc", UNPUBLISHED);
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    // Not ours, or possibly a live writer's: kept.
    write(dir.path(), ".c.md.newsdesk-1-abc", UNPUBLISHED);
    write(dir.path(), ".a.md.swp", "vim's");
    write(dir.path(), ".a.md.newsdesk-12-notHex", "someone's");

    write_published(&path, true, None).unwrap();
    assert_eq!(
        names(dir.path()),
        [
            ".a.md.newsdesk-12-notHex",
            ".a.md.swp",
            ".c.md.newsdesk-1-abc",
            "a.md"
        ]
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), PUBLISHED);
}

#[test]
fn hidden_temp_names_are_never_loaded_as_items() {
    let dir = tempdir().unwrap();
    write(dir.path(), "a.md", UNPUBLISHED);
    write(dir.path(), ".a.md.newsdesk-1-abc", UNPUBLISHED);
    write(dir.path(), ".a.md.newsdesk-1-abc.md", UNPUBLISHED);
    let report = newsdesk::feed::load(dir.path()).unwrap();
    let paths: Vec<_> = report.feed.items.iter().map(|i| i.path.clone()).collect();
    assert_eq!(paths, [dir.path().join("a.md")]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_even_for_root_and_left_untouched() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempdir().unwrap();
    let path = write(dir.path(), "ro.md", UNPUBLISHED);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let ino = fs::metadata(&path).unwrap().ino();
    let err = write_published(&path, true, None).unwrap_err();
    assert!(matches!(err, WriteError::ReadOnly { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{}: read-only (mode 0444); not written", path.display())
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), UNPUBLISHED);
    assert_eq!(fs::metadata(&path).unwrap().ino(), ino);
    assert_eq!(names(dir.path()), ["ro.md"]);
}

#[cfg(unix)]
#[test]
fn owner_group_and_mode_are_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if unsafe { libc::geteuid() } != 0 {
        println!("skipped: giving a file to another user needs root");
        return;
    }
    let dir = tempdir().unwrap();
    let path = write(dir.path(), "theirs.md", UNPUBLISHED);
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
    write_published(&path, true, None).unwrap();
    let meta = fs::metadata(&path).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), PUBLISHED);
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(meta.mode() & 0o7777, 0o664, "{:o}", meta.mode());
}

#[test]
fn os_errors_read_plainly() {
    let dir = tempdir().unwrap();
    let path = dir.path().join("gone.md");
    let err = write_published(&path, true, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: no such file or directory", path.display())
    );
    assert_eq!(err.reason(), "no such file or directory");
}

#[test]
fn a_writer_holding_the_file_open_is_waited_for_then_refused() {
    use std::time::{Duration, Instant};
    let dir = tempdir().unwrap();
    let path = write(dir.path(), "a.md", UNPUBLISHED);

    // Open for writing for 50 ms: we wait for it, then write.
    let brief = fs::File::options().write(true).open(&path).unwrap();
    let closer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        drop(brief);
    });
    let t = Instant::now();
    assert_eq!(
        write_published(&path, true, None).unwrap(),
        Written::Changed(Rev::of(PUBLISHED.as_bytes()))
    );
    assert!(
        t.elapsed() >= Duration::from_millis(40),
        "{:?}",
        t.elapsed()
    );
    closer.join().unwrap();

    // Open for writing throughout: refused after about 200 ms, file untouched.
    let _held = fs::File::options().write(true).open(&path).unwrap();
    let t = Instant::now();
    let err = write_published(&path, false, None).unwrap_err();
    assert!(matches!(err, WriteError::Busy { .. }), "{err:?}");
    assert!(
        t.elapsed() >= Duration::from_millis(200),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}: another program keeps it open for writing (an editor saving?); not \
             written, try again",
            path.display()
        )
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), PUBLISHED);
    assert_eq!(names(dir.path()), ["a.md"]);
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempdir().unwrap();
    let fifo = dir.path().join("x.md");
    let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink("x.md", &link).unwrap();
    // A hang here would block the test run: do it on a thread and give up after 10 s.
    let (tx, rx) = std::sync::mpsc::channel();
    let paths = [fifo.clone(), link.clone()];
    std::thread::spawn(move || {
        for p in paths {
            tx.send(write_published(&p, true, None).map_err(|e| e.to_string()))
                .unwrap();
        }
    });
    for p in [&fifo, &link] {
        let got = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("write_published blocked on a FIFO");
        assert_eq!(
            got,
            Err(format!("{}: not a regular file (a FIFO)", p.display()))
        );
    }
    assert_eq!(names(dir.path()), ["link.md", "x.md"]);
}
