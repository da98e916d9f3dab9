//! Write-back of the published flag: refuse what we did not see, edit only the one line,
//! and swap the new content in so that an editor saving the same file at the same moment
//! never has its save silently reverted.
//!
//! The steps (measured to lose no save in 1,000 races; see README "How a write stays
//! safe"): open the file without blocking and take a read lease on that descriptor
//! BEFORE reading, so any writer that opens it from then on waits for us and breaks the
//! lease; read every byte through that descriptor; write and fsync the new content into an
//! unnamed temp file with the same owner, group and mode, and link it under a hidden name;
//! exchange the two names atomically (renameat2 RENAME_EXCHANGE); check that what was
//! swapped out is the very file we read (inode, size, mtime ns, bytes) and exchange back on
//! any difference; fsync the folder; if the lease broke on the way, exchange back and start
//! again; finally unlink the swapped-out file and let go of the lease.

mod error;
mod lease;
mod sys;
mod temp;

pub use error::WriteError;

use std::ffi::CString;
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::str::FromStr;

use crate::feed::frontmatter::set_published;
use crate::feed::fsutil::{open_regular, plain};
use lease::Lease;
use sys::Stat;

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

/// How often a write starts again after a writer broke in, before giving up as `Busy`.
const ATTEMPTS: usize = 8;

/// Set `published` in the file at `path`. With `expected`, refuse when the file's bytes are
/// not the ones that revision was taken from. A symlink is followed: the file it points to
/// is replaced and the link stays. Mode, owner and group are kept; a file this user could
/// not write in place is refused.
pub fn write_published(
    path: &Path,
    value: bool,
    expected: Option<Rev>,
) -> Result<Written, WriteError> {
    write_flag(path, value, expected, true)
}

/// `write_published` as it runs where no lease can be had (a file of another owner
/// without CAP_LEASE, a network file system): for the race bench, which measures what
/// that fallback loses. Not for use.
#[doc(hidden)]
pub fn write_published_unleased(
    path: &Path,
    value: bool,
    expected: Option<Rev>,
) -> Result<Written, WriteError> {
    write_flag(path, value, expected, false)
}

fn write_flag(
    path: &Path,
    value: bool,
    expected: Option<Rev>,
    leasing: bool,
) -> Result<Written, WriteError> {
    let io_err = |source| WriteError::Io {
        path: path.to_owned(),
        source,
    };
    let real = std::fs::canonicalize(path).map_err(io_err)?;
    let (Some(dir_path), Some(name)) = (real.parent(), real.file_name()) else {
        return Err(io_err(io::Error::other("not a file")));
    };
    let dir = sys::open_dir(dir_path).map_err(io_err)?;
    temp::sweep_once(dir_path, &dir);
    let target = Target {
        path,
        real: &real,
        dir: &dir,
        name: sys::cstring(name.as_bytes()).map_err(io_err)?,
    };
    for _ in 0..ATTEMPTS {
        if let Some(done) = target.attempt(value, expected, leasing)? {
            return Ok(done);
        }
    }
    Err(WriteError::Busy {
        path: path.to_owned(),
    })
}

/// The file being written: the caller's name for it, the real one, and its folder.
struct Target<'a> {
    path: &'a Path,
    real: &'a Path,
    dir: &'a std::os::fd::OwnedFd,
    name: CString,
}

impl Target<'_> {
    fn io(&self, source: io::Error) -> WriteError {
        WriteError::Io {
            path: self.path.to_owned(),
            source,
        }
    }

    fn conflict(&self) -> WriteError {
        WriteError::Conflict {
            path: self.path.to_owned(),
        }
    }

    /// One try. `Ok(None)`: a writer broke in and everything was undone; start again.
    fn attempt(
        &self,
        value: bool,
        expected: Option<Rev>,
        leasing: bool,
    ) -> Result<Option<Written>, WriteError> {
        let (file, _) = open_regular(self.real).map_err(|e| self.io(e))?;
        let lease = match leasing {
            true => lease::take(&file).map_err(|lease::Busy| WriteError::Busy {
                path: self.path.to_owned(),
            })?,
            false => Lease::Unavailable,
        };
        // Every byte through the leased descriptor: a second open by us would break it.
        let bytes = read_all(&file).map_err(|e| self.io(e))?;
        let seen = sys::fstat(&file).map_err(|e| self.io(e))?;
        let rev = Rev::of(&bytes);
        if expected.is_some_and(|e| e != rev) {
            return Err(self.conflict());
        }
        let text = std::str::from_utf8(&bytes).map_err(|_| WriteError::NotText {
            path: self.path.to_owned(),
        })?;
        let new_text = set_published(text, value).map_err(|source| WriteError::Refused {
            path: self.path.to_owned(),
            source,
        })?;
        if new_text == text {
            return Ok(Some(Written::Unchanged(rev)));
        }
        self.check_permission(&seen)?;
        let temp = temp::create(self.dir, self.name.as_bytes(), new_text.as_bytes(), &seen)
            .map_err(|e| self.temp_error(e, &seen))?;
        if !lease.intact(&file) {
            return Ok(None);
        }
        match sys::exchange(self.dir, &temp.name, &self.name) {
            Ok(()) => {}
            Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {
                if !lease.intact(&file) {
                    return Ok(None);
                }
                return self.rename_over(temp, &file, &bytes, &seen, new_text.as_bytes());
            }
            Err(e) => return Err(self.io(e)),
        }
        // From here the item's name holds our content and `temp.name` what we swapped out.
        if !self.swapped_out_is(&temp, &file, &bytes, &seen) {
            self.exchange_back(temp)?;
            return Err(self.conflict());
        }
        if !lease.intact(&file) {
            self.exchange_back(temp)?;
            return Ok(None);
        }
        sys::fsync(self.dir).map_err(|e| self.io(e))?;
        let still_ours = match lease {
            Lease::Held => lease.intact(&file),
            // Without a lease, look once more after the slow part; a writer that opened
            // the old file before the exchange and writes after this look still loses.
            Lease::Unavailable => self.swapped_out_is(&temp, &file, &bytes, &seen),
        };
        if !still_ours {
            self.exchange_back(temp)?;
            return match lease {
                Lease::Held => Ok(None),
                Lease::Unavailable => Err(self.conflict()),
            };
        }
        // Dropping `temp` unlinks the old file; dropping `file` then releases the lease.
        drop(temp);
        drop(file);
        Ok(Some(Written::Changed(Rev::of(new_text.as_bytes()))))
    }

    /// Refuse what the user could not write in place, as vim does: the kernel's own
    /// verdict, plus the mode's write bits (root passes the kernel's check even for 0444).
    fn check_permission(&self, seen: &Stat) -> Result<(), WriteError> {
        let euid = sys::euid();
        let bit = if euid == 0 {
            0o222
        } else if seen.uid == euid {
            0o200
        } else if sys::in_group(seen.gid) {
            0o020
        } else {
            0o002
        };
        let kernel_says = euid == 0 || sys::may_write(self.real).map_err(|e| self.io(e))?;
        if seen.mode & bit == 0 || !kernel_says {
            return Err(WriteError::ReadOnly {
                path: self.path.to_owned(),
                mode: seen.mode,
            });
        }
        if euid != 0 && seen.uid != euid {
            return Err(WriteError::NotOwner {
                path: self.path.to_owned(),
                uid: seen.uid,
            });
        }
        Ok(())
    }

    fn temp_error(&self, e: io::Error, seen: &Stat) -> WriteError {
        if e.get_ref()
            .is_some_and(|inner| inner.is::<temp::OwnerNotKept>())
        {
            WriteError::NotOwner {
                path: self.path.to_owned(),
                uid: seen.uid,
            }
        } else {
            self.io(e)
        }
    }

    /// Whether the file now under `temp.name` is the one we read, unchanged.
    fn swapped_out_is(&self, temp: &temp::Temp, file: &File, bytes: &[u8], seen: &Stat) -> bool {
        let Ok(now) = sys::stat_at(self.dir, &temp.name) else {
            return false;
        };
        now.same_content_as(seen) && read_all(file).is_ok_and(|b| b == bytes)
    }

    /// Put the original back under its name, durably (a crash must not bring our
    /// version back over a save that followed). If even the exchange fails, the original
    /// stays under the temp name: keep it there rather than delete someone's file.
    fn exchange_back(&self, temp: temp::Temp) -> Result<(), WriteError> {
        match sys::exchange(self.dir, &temp.name, &self.name) {
            Ok(()) => sys::fsync(self.dir).map_err(|e| self.io(e)),
            Err(e) => {
                let kept = String::from_utf8_lossy(temp.name.as_bytes()).into_owned();
                temp.keep();
                Err(self.io(io::Error::other(format!(
                    "could not undo a conflicting write ({}); the previous content is in {kept}",
                    plain(&e)
                ))))
            }
        }
    }

    /// Where names cannot be exchanged: look one last time, then rename over. A save that
    /// lands between that look and the rename is lost; the README says so.
    fn rename_over(
        &self,
        temp: temp::Temp,
        file: &File,
        bytes: &[u8],
        seen: &Stat,
        new_bytes: &[u8],
    ) -> Result<Option<Written>, WriteError> {
        let now = sys::stat_at(self.dir, &self.name).map_err(|e| self.io(e))?;
        if !now.same_content_as(seen) || !read_all(file).is_ok_and(|b| b == bytes) {
            return Err(self.conflict());
        }
        sys::rename(self.dir, &temp.name, &self.name).map_err(|e| self.io(e))?;
        temp.keep();
        sys::fsync(self.dir).map_err(|e| self.io(e))?;
        Ok(Some(Written::Changed(Rev::of(new_bytes))))
    }
}

/// The whole file from its start, through this descriptor.
fn read_all(mut file: &File) -> io::Result<Vec<u8>> {
    file.seek(io::SeekFrom::Start(0))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}
