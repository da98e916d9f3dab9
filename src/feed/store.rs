//! Write-back of the published flag: refuse what we did not see, edit only the one line,
//! and replace the file durably (temp file beside it, fsync, rename, fsync the folder).

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use atomic_write_file::AtomicWriteFile;
use thiserror::Error;

use crate::feed::frontmatter::{EditError, set_published};

/// A file's content revision: a 64-bit FNV-1a hash of its bytes, stable across runs and
/// versions, so a script can hand back the `rev` that `list --format json` printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Rev(pub u64);

impl Rev {
    pub fn of(bytes: &[u8]) -> Rev {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Rev(h)
    }
}

impl fmt::Display for Rev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl FromStr for Rev {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        u64::from_str_radix(s.trim(), 16).map(Rev)
    }
}

#[derive(Debug, Error)]
pub enum WriteError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: changed on disk since it was loaded; not written", path.display())]
    Conflict { path: PathBuf },
    #[error("{}: not UTF-8 text; not written", path.display())]
    NotText { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Refused { path: PathBuf, source: EditError },
}

impl WriteError {
    pub fn is_conflict(&self) -> bool {
        matches!(self, WriteError::Conflict { .. })
    }
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The file now has the flag; its new revision.
    Changed(Rev),
    /// The flag was already so; nothing was written.
    Unchanged(Rev),
}

impl Written {
    pub fn rev(self) -> Rev {
        match self {
            Written::Changed(r) | Written::Unchanged(r) => r,
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Set `published` in the file at `path`. With `expected`, refuse when the file's bytes are
/// not the ones that revision was taken from. A symlink is followed: the file it points to
/// is replaced and the link stays. The file's mode is kept.
pub fn write_published(
    path: &Path,
    value: bool,
    expected: Option<Rev>,
) -> Result<Written, WriteError> {
    let real = std::fs::canonicalize(path).map_err(io(path))?;
    let bytes = std::fs::read(&real).map_err(io(path))?;
    let rev = Rev::of(&bytes);
    if expected.is_some_and(|e| e != rev) {
        return Err(WriteError::Conflict {
            path: path.to_owned(),
        });
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| WriteError::NotText {
        path: path.to_owned(),
    })?;
    let new_text = set_published(text, value).map_err(|source| WriteError::Refused {
        path: path.to_owned(),
        source,
    })?;
    if new_text == text {
        return Ok(Written::Unchanged(rev));
    }

    let mut file = AtomicWriteFile::options().open(&real).map_err(io(path))?;
    file.write_all(new_text.as_bytes()).map_err(io(path))?;
    // Last look before the rename: someone may have saved the file while we worked.
    let now = std::fs::read(&real).map_err(io(path))?;
    if now != bytes {
        // Dropping the uncommitted file removes the temp file; the original is untouched.
        drop(file);
        return Err(WriteError::Conflict {
            path: path.to_owned(),
        });
    }
    file.commit().map_err(io(path))?;
    Ok(Written::Changed(Rev::of(new_text.as_bytes())))
}

/// Replace the whole file at `path` with `new`, but only while its bytes are still those
/// that `expected` was taken from (the journal's undo and redo: restoring exact bytes, and
/// never over a change newsdesk did not make). Same durability and symlink rules as
/// [`write_published`].
pub fn replace_bytes(path: &Path, expected: Rev, new: &[u8]) -> Result<Rev, WriteError> {
    let real = std::fs::canonicalize(path).map_err(io(path))?;
    let bytes = std::fs::read(&real).map_err(io(path))?;
    if Rev::of(&bytes) != expected {
        return Err(WriteError::Conflict {
            path: path.to_owned(),
        });
    }
    let mut file = AtomicWriteFile::options().open(&real).map_err(io(path))?;
    file.write_all(new).map_err(io(path))?;
    let now = std::fs::read(&real).map_err(io(path))?;
    if now != bytes {
        drop(file);
        return Err(WriteError::Conflict {
            path: path.to_owned(),
        });
    }
    file.commit().map_err(io(path))?;
    Ok(Rev::of(new))
}
