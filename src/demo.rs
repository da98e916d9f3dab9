//! The bundled demo feed, unpacked once into the user's data dir so marking items works
//! and persists, and nothing in the repository or install location is written.

use std::path::{Path, PathBuf};

mod files {
    include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));
}

pub use files::FILES;

/// `<data dir>/newsdesk/demo`.
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "newsdesk").map(|d| d.data_dir().join("demo"))
}

/// Unpack the demo into `dir` unless it is already there (an existing copy keeps the
/// editor's marks). Files go to a sibling folder first and are renamed into place, so
/// an interrupted unpack never leaves half a demo behind.
pub fn unpack(dir: &Path) -> std::io::Result<PathBuf> {
    if dir.exists() {
        return Ok(dir.to_owned());
    }
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let tmp = parent.join(format!(".demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp)?;
    for (name, bytes) in FILES {
        std::fs::write(tmp.join(name), bytes)?;
    }
    if let Err(e) = std::fs::rename(&tmp, dir) {
        let _ = std::fs::remove_dir_all(&tmp);
        // Another newsdesk may have unpacked it at the same moment: that copy will do.
        if !dir.exists() {
            return Err(e);
        }
    }
    Ok(dir.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_once_and_never_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data/demo");
        unpack(&dir).unwrap();
        let count = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(count, FILES.len());
        assert!(count >= 30);
        let (name, _) = FILES[0];
        std::fs::write(dir.join(name), "edited").unwrap();
        unpack(&dir).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), "edited");
    }
}
