//! Find the item files under a feed's root. A folder that cannot be read is a load error
//! (the editor must know part of the feed is missing), never a silent gap.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::feed::loader::{LoadError, io_message};

/// Extensions of item files.
pub const EXTENSIONS: [&str; 4] = ["md", "markdown", "txt", "html"];

/// What a walk found: the item files, sorted by path, and the folders or entries it could
/// not read.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub errors: Vec<LoadError>,
}

/// The item files under `root` (or `root` itself when it is a file).
pub fn discover(root: &Path) -> Result<Walk, LoadError> {
    walk(root, &mut |_| true)
}

/// As `discover`, calling `found(files so far)` now and then; the walk stops early (with
/// what it has) as soon as `found` returns false.
/// Hidden files and folders are passed over, and so are folder symlinks (a link cycle
/// must not hang the load); a symlink to a file is an item like any other.
pub fn walk(root: &Path, found: &mut dyn FnMut(usize) -> bool) -> Result<Walk, LoadError> {
    let meta = std::fs::metadata(root).map_err(|e| LoadError::new(root, io_message(&e)))?;
    if !meta.is_dir() {
        return Ok(Walk {
            files: vec![root.to_owned()],
            errors: Vec::new(),
        });
    }
    let mut out = Walk::default();
    let entries = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_owned();
                let message = e.io_error().map_or_else(|| e.to_string(), io_message);
                if path == root {
                    return Err(LoadError::new(&path, message));
                }
                out.errors.push(LoadError::new(
                    &path,
                    format!("cannot read this folder or entry: {message}"),
                ));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let path = entry.path();
        // A FIFO or device named like an item is listed so that reading it reports "not
        // a regular file" instead of passing it over in silence.
        if has_item_extension(path) && (!kind.is_symlink() || path.is_file()) {
            out.files.push(entry.into_path());
            if out.files.len().is_multiple_of(1024) && !found(out.files.len()) {
                return Ok(out);
            }
        }
    }
    // walkdir sorts each folder by name; a full path sort keeps the order the loader has
    // always had (and is cheap next to reading the files).
    out.files.sort();
    found(out.files.len());
    Ok(out)
}

pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

pub fn has_item_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}
