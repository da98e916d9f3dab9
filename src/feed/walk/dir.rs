//! A folder read through libc: `readdir` hands out each name in place, and `fstatat`
//! takes a file's `stat` by the folder's handle and that name. std's `read_dir` copies
//! every name twice and builds a path per entry: a third of a warm load's walk.

use std::ffi::{CStr, CString};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use crate::feed::cache::Stat;

/// An open folder, read entry by entry.
pub struct Dir(std::ptr::NonNull<libc::DIR>);

/// What a folder entry is, as the folder says (without a `stat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
    Symlink,
    /// Anything else (FIFO, socket, device), or a file system that does not say.
    Other,
    Unknown,
}

impl Dir {
    pub fn open(path: &Path) -> io::Result<Dir> {
        let c = CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::other("path has a NUL byte"))?;
        // SAFETY: `c` is a valid C string; a null result is an error, reported by errno.
        let dir = unsafe { libc::opendir(c.as_ptr()) };
        std::ptr::NonNull::new(dir)
            .map(Dir)
            .ok_or_else(io::Error::last_os_error)
    }

    /// The next entry other than `.` and `..`: its name goes into `name` (NUL-terminated,
    /// for `stat`), its kind is returned; `None` at the end.
    pub fn next(&mut self, name: &mut Vec<u8>) -> Option<io::Result<Kind>> {
        loop {
            // errno tells an error from the end, so it is cleared first.
            // SAFETY: errno is thread-local.
            unsafe { *libc::__errno_location() = 0 };
            // SAFETY: `self.0` is an open DIR that only this `Dir` reads.
            let entry = unsafe { libc::readdir(self.0.as_ptr()) };
            if entry.is_null() {
                let e = io::Error::last_os_error();
                return (e.raw_os_error() != Some(0)).then_some(Err(e));
            }
            // SAFETY: a non-null entry is valid until the next `readdir` on this DIR, and
            // its name is NUL-terminated.
            let (bytes, kind) = unsafe {
                let entry = &*entry;
                let name = CStr::from_ptr(entry.d_name.as_ptr());
                (name.to_bytes_with_nul(), entry.d_type)
            };
            if matches!(bytes, b".\0" | b"..\0") {
                continue;
            }
            name.clear();
            name.extend_from_slice(bytes);
            return Some(Ok(match kind {
                libc::DT_REG => Kind::File,
                libc::DT_DIR => Kind::Folder,
                libc::DT_LNK => Kind::Symlink,
                libc::DT_UNKNOWN => Kind::Unknown,
                _ => Kind::Other,
            }));
        }
    }

    /// The `stat` of the entry `name` in this folder; `follow`: through a symlink.
    pub fn stat(&self, name: &[u8], follow: bool) -> io::Result<libc::stat> {
        let name = CStr::from_bytes_with_nul(name).map_err(io::Error::other)?;
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        // SAFETY: the folder's fd is open while `self` lives; `st` is written on success.
        let r = unsafe {
            libc::fstatat(
                libc::dirfd(self.0.as_ptr()),
                name.as_ptr(),
                st.as_mut_ptr(),
                flags,
            )
        };
        if r == -1 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fstatat` succeeded, so it filled `st`.
        Ok(unsafe { st.assume_init() })
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        // SAFETY: opened by `opendir` and closed only here.
        unsafe { libc::closedir(self.0.as_ptr()) };
    }
}

/// The kind a `stat` reports.
pub fn kind_of(st: &libc::stat) -> Kind {
    match st.st_mode & libc::S_IFMT {
        libc::S_IFREG => Kind::File,
        libc::S_IFDIR => Kind::Folder,
        libc::S_IFLNK => Kind::Symlink,
        _ => Kind::Other,
    }
}

impl Stat {
    pub fn from_libc(st: &libc::stat) -> Stat {
        Stat::from_parts(
            st.st_size as u64,
            (st.st_mtime, st.st_mtime_nsec),
            (st.st_ctime, st.st_ctime_nsec),
            st.st_ino,
            st.st_dev,
        )
    }
}
