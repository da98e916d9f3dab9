//! Helpers shared by the fuzz targets.

use std::path::{Path, PathBuf};

/// A file of our own to hand to the entry points that take a path (the loader and the
/// config reader): on tmpfs where there is one, so each run costs no disk I/O. One name
/// per process, reused for every input.
pub fn scratch_file(name: &str) -> PathBuf {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_owned()
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("newsdesk-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir.join(name)
}

/// Any character the sanitizer would have removed (newline is allowed).
pub fn first_unsafe(s: &str) -> Option<char> {
    s.chars().find(|c| newsdesk::feed::sanitize::is_unsafe(*c))
}

/// How `after` differs from `before` when it differs by exactly one line: `(Some(old),
/// new)` for a changed line, `(None, new)` for an inserted one. Lines keep their endings,
/// so a changed line ending counts as a change.
pub fn one_line_change<'a>(before: &'a str, after: &'a str) -> Option<(Option<&'a str>, &'a str)> {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    match (a.len() - prefix - suffix, b.len() - prefix - suffix) {
        (1, 1) => Some((Some(a[prefix]), b[prefix])),
        (0, 1) => Some((None, b[prefix])),
        _ => None,
    }
}

/// The line ending of a line: "\r\n", "\n" or "" (last line without one).
pub fn ending(line: &str) -> &str {
    if line.ends_with("\r\n") {
        "\r\n"
    } else if line.ends_with('\n') {
        "\n"
    } else {
        ""
    }
}
