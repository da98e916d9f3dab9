//! Find the item files under a feed's root. A folder that cannot be read is a load error
//! (the editor must know part of the feed is missing), never a silent gap.

use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

mod dir;
use dir::{Dir, Kind, kind_of};

use crate::feed::cache::Stat;
use crate::feed::loader::{LoadError, io_message};

/// Extensions of item files.
pub const EXTENSIONS: [&str; 4] = ["md", "markdown", "txt", "html"];

/// What a walk found: the item files, sorted by path, and the folders or entries it could
/// not read.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub errors: Vec<LoadError>,
    /// With `Found::stats`: each file's `stat`, taken as it was found (by the folder's
    /// handle and the name, which spares the kernel the whole path), in `files`' order.
    pub stats: Vec<Option<Stat>>,
}

/// How a walk reports and what it gathers.
pub struct Found<'a> {
    /// Called with the number of files found so far, now and then and at the end, from
    /// any of the walking threads; the walk stops early once it returns false.
    pub progress: &'a (dyn Fn(usize) -> bool + Sync),
    /// Take each file's `stat` too (for the index cache).
    pub stats: bool,
}

/// The item files under `root` (or `root` itself when it is a file).
pub fn discover(root: &Path) -> Result<Walk, LoadError> {
    walk(
        root,
        &Found {
            progress: &|_| true,
            stats: false,
        },
    )
}

/// As `discover`, reporting progress and taking `stat`s as `found` says. Folders are
/// read on all cores. Hidden files and folders are passed over, and so are folder
/// symlinks (a link cycle must not hang the load); a symlink to a file is an item like
/// any other.
pub fn walk(root: &Path, found: &Found) -> Result<Walk, LoadError> {
    let meta = std::fs::metadata(root).map_err(|e| LoadError::new(root, io_message(&e)))?;
    if !meta.is_dir() {
        let stats = if found.stats {
            vec![Stat::from_metadata(&meta)]
        } else {
            Vec::new()
        };
        return Ok(Walk {
            files: vec![root.to_owned()],
            errors: Vec::new(),
            stats,
        });
    }
    let ctx = Ctx {
        found,
        count: AtomicUsize::new(0),
        stopped: AtomicBool::new(false),
    };
    let mut out = Walk::default();
    match Dir::open(root) {
        Ok(dir) => folder(root, dir, &ctx, &mut out),
        Err(e) => return Err(LoadError::new(root, io_message(&e))),
    }
    // Each folder was read in name order and its subfolders put in place, which is the
    // order of the full paths already; the sort only checks that.
    if !out.files.is_sorted() {
        let mut both: Vec<_> = out
            .files
            .into_iter()
            .zip(pad(out.stats, found.stats))
            .collect();
        both.sort_by(|a, b| a.0.cmp(&b.0));
        (out.files, out.stats) = both.into_iter().unzip();
        if !found.stats {
            out.stats.clear();
        }
    }
    (found.progress)(out.files.len());
    Ok(out)
}

/// `stats` as long as the files, for zipping (empty when none were taken).
fn pad(stats: Vec<Option<Stat>>, taken: bool) -> impl Iterator<Item = Option<Stat>> {
    let untaken = (!taken).then_some(std::iter::repeat(None));
    stats.into_iter().chain(untaken.into_iter().flatten())
}

struct Ctx<'a> {
    found: &'a Found<'a>,
    count: AtomicUsize,
    stopped: AtomicBool,
}

/// How often (in files) the walk reports.
const REPORT_EVERY: usize = 1024;

/// One folder's entries, then its subfolders on all cores, appended to `out` in path
/// order.
fn folder(path: &Path, mut dir: Dir, ctx: &Ctx, out: &mut Walk) {
    if ctx.stopped.load(Ordering::Relaxed) {
        return;
    }
    enum Entry {
        File(Option<Stat>),
        Folder,
    }
    let prefix = path.as_os_str().as_bytes();
    let slash = !prefix.is_empty() && !prefix.ends_with(b"/");
    let mut found: Vec<(PathBuf, Entry)> = Vec::new();
    let mut name = Vec::new();
    while let Some(kind) = dir.next(&mut name) {
        let kind = match kind {
            Ok(kind) => kind,
            Err(e) => {
                out.errors.push(unreadable(path, &e));
                break;
            }
        };
        let bare = &name[..name.len() - 1];
        if bare.first() == Some(&b'.') {
            continue;
        }
        let full = || {
            // `path.join(name)`, in one allocation of the exact size.
            let mut full = Vec::with_capacity(prefix.len() + usize::from(slash) + bare.len());
            full.extend_from_slice(prefix);
            if slash {
                full.push(b'/');
            }
            full.extend_from_slice(bare);
            PathBuf::from(std::ffi::OsString::from_vec(full))
        };
        let kind = match kind {
            Kind::Unknown => match dir.stat(&name, false) {
                Ok(st) => kind_of(&st),
                Err(e) => {
                    out.errors.push(unreadable(&full(), &e));
                    continue;
                }
            },
            kind => kind,
        };
        if kind == Kind::Folder {
            found.push((full(), Entry::Folder));
            continue;
        }
        // A FIFO or device named like an item is listed so that reading it reports "not
        // a regular file" instead of passing it over in silence.
        if !name_has_item_extension(bare) {
            continue;
        }
        let stat = if kind == Kind::Symlink {
            // A symlink is followed to its file; one to anything else is passed over.
            match dir.stat(&name, true) {
                Ok(st) if kind_of(&st) == Kind::File => Some(Stat::from_libc(&st)),
                _ => continue,
            }
        } else if ctx.found.stats {
            dir.stat(&name, false).ok().map(|st| Stat::from_libc(&st))
        } else {
            None
        };
        found.push((full(), Entry::File(stat.filter(|_| ctx.found.stats))));
    }
    // Every path has the same prefix: their bytes sort as the names do.
    found.sort_by(|a, b| a.0.as_os_str().as_bytes().cmp(b.0.as_os_str().as_bytes()));
    let files = found
        .iter()
        .filter(|(_, e)| matches!(e, Entry::File(..)))
        .count();
    let before = ctx.count.fetch_add(files, Ordering::Relaxed);
    if (before + files) / REPORT_EVERY > before / REPORT_EVERY
        && !(ctx.found.progress)(before + files)
    {
        ctx.stopped.store(true, Ordering::Relaxed);
    }
    let folders: Vec<Walk> = found
        .par_iter()
        .filter_map(|(path, e)| match e {
            Entry::Folder => Some(path),
            Entry::File(..) => None,
        })
        .map(|path| {
            let mut sub = Walk::default();
            match Dir::open(path) {
                Ok(dir) => folder(path, dir, ctx, &mut sub),
                Err(e) => sub.errors.push(unreadable(path, &e)),
            }
            sub
        })
        .collect();
    let mut folders = folders.into_iter();
    for (path, e) in found {
        match e {
            Entry::File(stat) => {
                out.files.push(path);
                if ctx.found.stats {
                    out.stats.push(stat);
                }
            }
            Entry::Folder => {
                let sub = folders.next().unwrap_or_default();
                out.files.extend(sub.files);
                out.stats.extend(sub.stats);
                out.errors.extend(sub.errors);
            }
        }
    }
}

fn unreadable(path: &Path, e: &std::io::Error) -> LoadError {
    LoadError::new(
        path,
        format!("cannot read this folder or entry: {}", io_message(e)),
    )
}

pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

pub fn has_item_extension(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name_has_item_extension(name.as_encoded_bytes()))
}

/// As `has_item_extension`, for a file's name: what follows its last dot, unless the dot
/// starts the name (as `Path::extension` has it). By bytes: taking a `Path` apart for
/// each of 100k names was a few per cent of a warm load's walk.
fn name_has_item_extension(name: &[u8]) -> bool {
    match name.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => {
            let ext = &name[dot + 1..];
            EXTENSIONS
                .iter()
                .any(|x| x.as_bytes().eq_ignore_ascii_case(ext))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes check says what `Path::extension` says, for every kind of name.
    #[test]
    fn a_names_extension_is_read_as_path_reads_it() {
        for name in [
            "a.md",
            "a.MD",
            "A.Markdown",
            "x.txt",
            "y.html",
            "a.b.md",
            "a.md.bak",
            "md",
            ".md",
            "..md",
            "a.",
            "a..md",
            "a.mdx",
            "a. md",
            "é.md",
            "a.htm",
            "",
        ] {
            let by_path = Path::new(name)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
            assert_eq!(
                name_has_item_extension(name.as_bytes()),
                by_path,
                "{name:?}"
            );
            assert_eq!(has_item_extension(Path::new(name)), by_path, "{name:?}");
        }
    }

    fn write(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "---\ntitle: x\n---\n").unwrap();
    }

    /// Names that sort differently byte by byte and part by part (`a-b` before `a/`,
    /// `a.md` after `a/`), folders deep and wide: the walk gives full path order, the
    /// order the loader has always had, and each file's own `stat` beside it.
    #[test]
    fn folders_read_on_all_cores_come_back_in_path_order_with_their_stats() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "a.md",
            "a/x.md",
            "a-b/y.md",
            "a/b/c/z.md",
            "a/b.md",
            "B.md",
            "b/0.md",
            "b/1.md",
            "é/1.md",
            "z.txt",
            "m/.hidden.md",
            ".secret/n.md",
            "m/not-an-item.png",
        ] {
            write(root, rel);
        }
        for i in 0..40 {
            write(root, &format!("many/{:02}/{i}.md", i % 7));
        }
        std::os::unix::fs::symlink(root.join("a.md"), root.join("link.md")).unwrap();
        std::os::unix::fs::symlink(root.join("b"), root.join("linked-folder")).unwrap();
        let reported = AtomicUsize::new(0);
        let walk = walk(
            root,
            &Found {
                progress: &|n| {
                    reported.fetch_max(n, Ordering::Relaxed);
                    true
                },
                stats: true,
            },
        )
        .unwrap();
        let mut sorted = walk.files.clone();
        sorted.sort();
        assert_eq!(walk.files, sorted);
        let names: Vec<_> = walk
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap())
            .collect();
        assert_eq!(names.len(), 10 + 40 + 1, "{names:?}");
        assert!(
            names.contains(&Path::new("link.md")),
            "a symlink to a file is an item"
        );
        assert!(
            !names.iter().any(|n| n.starts_with("linked-folder")),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.to_string_lossy().contains("hidden")));
        assert!(!names.iter().any(|n| n.starts_with(".secret")));
        assert_eq!(walk.stats.len(), walk.files.len());
        for (path, stat) in walk.files.iter().zip(&walk.stats) {
            assert_eq!(*stat, Stat::of(path), "{}", path.display());
        }
        assert_eq!(reported.load(Ordering::Relaxed), walk.files.len());
        assert!(walk.errors.is_empty());
        // Without stats asked, none are taken.
        assert!(discover(root).unwrap().stats.is_empty());
    }

    #[test]
    fn a_progress_that_says_stop_stops_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..3000 {
            write(dir.path(), &format!("f{}/{i}.md", i % 30));
        }
        let walk = walk(
            dir.path(),
            &Found {
                progress: &|_| false,
                stats: false,
            },
        )
        .unwrap();
        assert!(walk.files.len() < 3000, "{} files", walk.files.len());
    }
}
