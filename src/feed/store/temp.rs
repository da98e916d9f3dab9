//! The new content's file before it takes the item's place, and clean-up of ones a killed
//! newsdesk left behind.
//!
//! The content is written and synced into an unnamed file (O_TMPFILE) and only then given
//! a hidden name, `.NAME.newsdesk-PID-NONCE`, for the exchange. Hidden names are never
//! loaded as items. A kill between the link and the end of the write can leave that name;
//! the next write in the folder removes ones whose writer is gone.

use std::collections::HashSet;
use std::ffi::CString;
use std::fs::File;
use std::io::{self, Write};
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use super::sys::{self, Stat};

const MARK: &str = ".newsdesk-";

/// A temp name of a live writer is held for milliseconds; one this old is left over even
/// if its pid now belongs to some other process.
const STALE_AGE: Duration = Duration::from_secs(10 * 60);

/// A linked temp file; unlinked on drop unless `keep` was called.
pub struct Temp<'a> {
    dir: &'a OwnedFd,
    pub name: CString,
    armed: bool,
}

impl Temp<'_> {
    /// Leave the name in place (it may hold the only copy of someone's data).
    pub fn keep(mut self) {
        self.armed = false;
    }
}

impl Drop for Temp<'_> {
    fn drop(&mut self) {
        if self.armed {
            let _ = sys::unlink(self.dir, &self.name);
        }
    }
}

/// `.NAME.newsdesk-PID-NONCE`, the item's name cut so the whole stays under 255 bytes.
fn temp_name(item: &[u8]) -> io::Result<CString> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    let nonce = (nanos << 16) ^ COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut name = b".".to_vec();
    name.extend_from_slice(&item[..item.len().min(200)]);
    name.extend_from_slice(format!("{MARK}{}-{nonce:x}", std::process::id()).as_bytes());
    sys::cstring(&name)
}

/// The pid in one of our temp names, or `None` if the name is not ours.
fn writer_pid(name: &[u8]) -> Option<i32> {
    if !name.starts_with(b".") {
        return None;
    }
    let at = name
        .windows(MARK.len())
        .rposition(|w| w == MARK.as_bytes())?;
    let tail = std::str::from_utf8(&name[at + MARK.len()..]).ok()?;
    let (pid, nonce) = tail.split_once('-')?;
    let all_hex = !nonce.is_empty() && nonce.bytes().all(|b| b.is_ascii_hexdigit());
    let all_digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    (all_hex && all_digits).then(|| pid.parse().ok())?
}

/// Write `bytes` into a new file in `dir` with the owner, group and mode of `like`,
/// synced, linked under a hidden name of ours.
pub fn create<'a>(
    dir: &'a OwnedFd,
    item: &[u8],
    bytes: &[u8],
    like: &Stat,
) -> io::Result<Temp<'a>> {
    let fd = match sys::open_unnamed(dir) {
        Ok(fd) => fd,
        // No O_TMPFILE on this file system: a named file from the start.
        Err(_) => return create_named(dir, item, bytes, like),
    };
    fill(&fd, bytes, like)?;
    for _ in 0..16 {
        let name = temp_name(item)?;
        match sys::link_unnamed(&fd, dir, &name) {
            Ok(()) => {
                return Ok(Temp {
                    dir,
                    name,
                    armed: true,
                });
            }
            Err(e) if e.raw_os_error() == Some(libc::EEXIST) => continue,
            // Linking an unnamed file is not allowed here: a named file it is.
            Err(_) => return create_named(dir, item, bytes, like),
        }
    }
    Err(io::Error::from_raw_os_error(libc::EEXIST))
}

fn create_named<'a>(
    dir: &'a OwnedFd,
    item: &[u8],
    bytes: &[u8],
    like: &Stat,
) -> io::Result<Temp<'a>> {
    for _ in 0..16 {
        let name = temp_name(item)?;
        let fd = match sys::create_new(dir, &name) {
            Ok(fd) => fd,
            Err(e) if e.raw_os_error() == Some(libc::EEXIST) => continue,
            Err(e) => return Err(e),
        };
        let temp = Temp {
            dir,
            name,
            armed: true,
        };
        fill(&fd, bytes, like)?;
        return Ok(temp);
    }
    Err(io::Error::from_raw_os_error(libc::EEXIST))
}

/// Content, then owner and group (a chown clears set-id bits), then mode, then fsync.
fn fill(fd: &OwnedFd, bytes: &[u8], like: &Stat) -> io::Result<()> {
    let mut file = File::from(fd.try_clone()?);
    file.write_all(bytes)?;
    let own = sys::fstat(fd)?;
    if (own.uid, own.gid) != (like.uid, like.gid) {
        sys::fchown(fd, like.uid, like.gid).map_err(|e| {
            if e.raw_os_error() == Some(libc::EPERM) {
                io::Error::new(io::ErrorKind::PermissionDenied, OwnerNotKept)
            } else {
                e
            }
        })?;
    }
    sys::fchmod(fd, like.mode & 0o7777)?;
    file.sync_all()
}

/// The owner or group of the file could not be given to the new content.
#[derive(Debug)]
pub struct OwnerNotKept;

impl std::fmt::Display for OwnerNotKept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("its owner or group could not be kept")
    }
}

impl std::error::Error for OwnerNotKept {}

/// Remove temp files of ours in `dir` whose writer is gone (or that are old), once per
/// folder per process: a folder of 20,000 items is not listed again on every write.
pub fn sweep_once(dir_path: &Path, dir: &OwnedFd) {
    static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|p| p.into_inner());
        if !swept
            .get_or_insert_with(HashSet::new)
            .insert(dir_path.to_owned())
        {
            return;
        }
    }
    sweep(dir_path, dir);
}

/// Remove stale temp files of ours in `dir` (see `sweep_once`).
pub fn sweep(dir_path: &Path, dir: &OwnedFd) {
    let Ok(entries) = std::fs::read_dir(dir_path) else {
        return;
    };
    let me = std::process::id() as i32;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = writer_pid(name.as_bytes()) else {
            continue;
        };
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AGE);
        let stale = old || (pid != me && !sys::pid_alive(pid));
        if let (true, Ok(c)) = (stale, sys::cstring(name.as_bytes())) {
            let _ = sys::unlink(dir, &c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised_and_others_are_not() {
        let name = temp_name(b"item.md").unwrap();
        let text = name.to_str().unwrap();
        assert!(text.starts_with(".item.md.newsdesk-"), "{text}");
        assert_eq!(writer_pid(name.to_bytes()), Some(std::process::id() as i32));
        for other in [
            &b"item.md"[..],
            b".item.md",
            b".item.md.newsdesk-",
            b".item.md.newsdesk-12-",
            b".item.md.newsdesk-x-1f",
            b".item.md.newsdesk-12-xyz",
            b"item.md.newsdesk-12-1f",
            b".item.md.swp",
        ] {
            assert_eq!(
                writer_pid(other),
                None,
                "{}",
                String::from_utf8_lossy(other)
            );
        }
        assert_eq!(writer_pid(b".a.newsdesk-b.md.newsdesk-42-ff"), Some(42));
        let long = vec![b'x'; 255];
        assert!(temp_name(&long).unwrap().to_bytes().len() <= 255);
    }

    /// Both ways to a temp file (unnamed then linked, and named from the start where
    /// O_TMPFILE is missing) give the content, mode and owner asked for, under a hidden
    /// name of ours, and remove it when dropped.
    #[test]
    fn temp_files_have_content_mode_and_go_away() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let fd = sys::open_dir(dir.path()).unwrap();
        let like = Stat {
            mode: 0o100640,
            uid: sys::euid(),
            gid: unsafe { libc::getegid() },
            ..sys::fstat(&fd).unwrap()
        };
        for named in [false, true] {
            let temp = match named {
                false => create(&fd, b"a.md", b"new", &like).unwrap(),
                true => create_named(&fd, b"a.md", b"new", &like).unwrap(),
            };
            let name = std::str::from_utf8(temp.name.to_bytes())
                .unwrap()
                .to_owned();
            assert!(writer_pid(name.as_bytes()).is_some(), "{name}");
            let path = dir.path().join(&name);
            assert_eq!(std::fs::read(&path).unwrap(), b"new");
            assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o7777, 0o640);
            drop(temp);
            assert!(!path.exists(), "{name} left behind");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
