//! Why a write of the published flag did not happen, in words a person reads: every
//! message names the file, and `reason` gives the rest for callers that print the path
//! themselves (as raw bytes).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::feed::frontmatter::EditError;
use crate::feed::fsutil::plain;

/// Why a write did not happen. Every message names the file and reads plainly.
#[derive(Debug)]
pub enum WriteError {
    Io {
        path: PathBuf,
        source: io::Error,
    },
    /// The file is not what the caller saw, or it changed while we wrote.
    Conflict {
        path: PathBuf,
    },
    NotText {
        path: PathBuf,
    },
    Refused {
        path: PathBuf,
        source: EditError,
    },
    /// No write permission for this user (for root: no write bit at all, as vim does).
    ReadOnly {
        path: PathBuf,
        mode: u32,
    },
    /// The file belongs to someone else and its owner or group could not be kept.
    NotOwner {
        path: PathBuf,
        uid: u32,
    },
    /// Another program kept the file open for writing (or kept breaking in) too long.
    Busy {
        path: PathBuf,
    },
}

impl WriteError {
    pub fn is_conflict(&self) -> bool {
        matches!(self, WriteError::Conflict { .. })
    }

    /// The file the error is about, as the caller named it.
    pub fn path(&self) -> &Path {
        match self {
            WriteError::Io { path, .. }
            | WriteError::Conflict { path }
            | WriteError::NotText { path }
            | WriteError::Refused { path, .. }
            | WriteError::ReadOnly { path, .. }
            | WriteError::NotOwner { path, .. }
            | WriteError::Busy { path } => path,
        }
    }

    /// The message without the path, for callers that print the path themselves (as raw
    /// bytes, so a script can reuse it).
    pub fn reason(&self) -> String {
        match self {
            WriteError::Io { source, .. } => plain(source),
            WriteError::Conflict { .. } => {
                "changed on disk since it was loaded; not written".to_owned()
            }
            WriteError::NotText { .. } => "not UTF-8 text; not written".to_owned(),
            WriteError::Refused { source, .. } => source.to_string(),
            WriteError::ReadOnly { mode, .. } => {
                format!("read-only (mode {:04o}); not written", mode & 0o7777)
            }
            WriteError::NotOwner { uid, .. } => format!(
                "belongs to another user (uid {uid}) whose ownership could not be kept; \
                 not written"
            ),
            WriteError::Busy { .. } => "another program keeps it open for writing (an \
                 editor saving?); not written, try again"
                .to_owned(),
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path().display(), self.reason())
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io { source, .. } => Some(source),
            WriteError::Refused { source, .. } => Some(source),
            _ => None,
        }
    }
}
