//! The file a feed's desk state lives in: `<state dir>/desks/<hash of the feed's real
//! path>.json`. Read at start (a missing or broken file is no state, never an error the
//! editor must deal with), written atomically on quit.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use atomic_write_file::AtomicWriteFile;

use crate::app::state::DeskState;
use crate::feed::journal::state_dir;
use crate::feed::store::Rev;

/// Where the state of the feed at `root` is kept.
pub fn desk_path(root: &Path) -> io::Result<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let canonical = std::fs::canonicalize(root)?;
    let dir = state_dir().ok_or_else(|| io::Error::other("no state directory"))?;
    let key = Rev::of(canonical.as_os_str().as_bytes());
    Ok(dir.join("desks").join(format!("{key}.json")))
}

/// The saved state, or the default when there is none or it does not read.
pub fn load_desk(root: &Path) -> DeskState {
    let Ok(path) = desk_path(root) else {
        return DeskState::default();
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return DeskState::default();
    };
    serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        tracing::warn!("{}: ignored, it does not read: {e}", path.display());
        DeskState::default()
    })
}

/// Replace the saved state: a temporary file beside it, renamed over it.
pub fn save_desk(root: &Path, state: &DeskState) -> io::Result<()> {
    let path = desk_path(root)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = AtomicWriteFile::open(&path)?;
    file.write_all(&serde_json::to_vec_pretty(state).map_err(io::Error::other)?)?;
    file.commit()
}
