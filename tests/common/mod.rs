//! Helpers shared by the integration tests.
#![allow(dead_code)]

/// Split keeping line endings, so CRLF and a missing final newline count.
pub fn lines(s: &str) -> Vec<&str> {
    s.split_inclusive('\n').collect()
}

/// How `after` differs from `before`: `Some(0)` identical, `Some(1)` one line changed or
/// one line inserted, `None` anything more.
pub fn line_diff(before: &str, after: &str) -> Option<usize> {
    let (a, b) = (lines(before), lines(after));
    if a == b {
        return Some(0);
    }
    if a.len() == b.len() {
        let changed = a.iter().zip(&b).filter(|(x, y)| x != y).count();
        return (changed == 1).then_some(1);
    }
    if b.len() == a.len() + 1 {
        let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let mut without = b.clone();
        without.remove(at);
        return (without == a).then_some(1);
    }
    None
}

/// Set every file's mtime under `dir` an hour back. The index cache does not trust a file
/// modified within a second of the load that cached it (a coarse clock could hide a
/// change), so tests that want cache hits age freshly written files first.
pub fn age_files(dir: &std::path::Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            age_files(&entry.path());
        } else if entry.file_type().unwrap().is_file() {
            let f = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap();
            f.set_modified(past).unwrap();
        }
    }
}

/// The shared corpus (`NEWSDESK_CORPUS`, default `../shared/corpus`). `None` (said on
/// stderr) when it is missing outside CI; under `CI=true` a missing corpus fails the test.
pub fn corpus() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("NEWSDESK_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
        });
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "corpus not found at {} (set NEWSDESK_CORPUS); under CI=true it must be there",
        dir.display()
    );
    eprintln!("corpus not found at {}: skipped outside CI", dir.display());
    None
}

/// Copy the corpus's item files (`everyday-cc-ai/*.md`) into `to`: their bytes, not
/// their mode, since the shared corpus is read-only and the copies are the test's to
/// write. `None` when there is no corpus (see `corpus`).
pub fn copy_corpus_items(to: &std::path::Path) -> Option<()> {
    let src = corpus()?.join("everyday-cc-ai");
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        if e.file_name().to_string_lossy().ends_with(".md") {
            std::fs::write(to.join(e.file_name()), std::fs::read(e.path()).unwrap()).unwrap();
        }
    }
    Some(())
}

/// One state dir for the whole test process (the journal of `p`, bulk steps and undo live
/// there), set before any test touches it: never the user's own. A journal is named by its
/// feed's path, so the tests' temporary feeds never share one.
pub fn state_dir() {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        // SAFETY: set once, inside the OnceLock, before this process reads it anywhere.
        unsafe { std::env::set_var("NEWSDESK_STATE_DIR", dir.path()) };
        dir
    });
}
