//! Thin wrappers over the few Linux calls the write-back needs that std does not offer:
//! everything relative to one open folder, so the names we check are the names we swap.

use std::ffi::{CStr, CString};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

fn cvt(r: libc::c_int) -> io::Result<libc::c_int> {
    if r == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

pub fn cstring(bytes: &[u8]) -> io::Result<CString> {
    CString::new(bytes).map_err(|_| io::Error::other("path has a NUL byte"))
}

/// What we compare to decide "this is still the file we read": same inode, same size,
/// same modification time to the nanosecond. (ctime is left out: an exchange sets it.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    pub dev: u64,
    pub ino: u64,
    pub size: i64,
    pub mtime: (i64, i64),
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
}

impl Stat {
    fn from(st: &libc::stat) -> Stat {
        Stat {
            dev: st.st_dev,
            ino: st.st_ino,
            size: st.st_size,
            mtime: (st.st_mtime, st.st_mtime_nsec),
            mode: st.st_mode,
            uid: st.st_uid,
            gid: st.st_gid,
        }
    }

    pub fn same_content_as(&self, other: &Stat) -> bool {
        (self.dev, self.ino, self.size, self.mtime)
            == (other.dev, other.ino, other.size, other.mtime)
    }
}

pub fn fstat(fd: &impl AsRawFd) -> io::Result<Stat> {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    cvt(unsafe { libc::fstat(fd.as_raw_fd(), st.as_mut_ptr()) })?;
    let st = unsafe { st.assume_init() };
    Ok(Stat::from(&st))
}

/// Stat `name` inside `dir` without following a symlink.
pub fn stat_at(dir: &OwnedFd, name: &CStr) -> io::Result<Stat> {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    cvt(unsafe {
        libc::fstatat(
            dir.as_raw_fd(),
            name.as_ptr(),
            st.as_mut_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
        )
    })?;
    let st = unsafe { st.assume_init() };
    Ok(Stat::from(&st))
}

pub fn open_dir(path: &Path) -> io::Result<OwnedFd> {
    let c = cstring(path.as_os_str().as_bytes())?;
    let fd = cvt(unsafe {
        libc::open(
            c.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
        )
    })?;
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// An unnamed file in `dir` (O_TMPFILE): nothing is left behind if we die before linking.
pub fn open_unnamed(dir: &OwnedFd) -> io::Result<OwnedFd> {
    let fd = cvt(unsafe {
        libc::openat(
            dir.as_raw_fd(),
            c".".as_ptr(),
            libc::O_TMPFILE | libc::O_WRONLY | libc::O_CLOEXEC,
            0o600 as libc::c_uint,
        )
    })?;
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// A new named file in `dir`; fails if the name exists.
pub fn create_new(dir: &OwnedFd, name: &CStr) -> io::Result<OwnedFd> {
    let fd = cvt(unsafe {
        libc::openat(
            dir.as_raw_fd(),
            name.as_ptr(),
            libc::O_CREAT | libc::O_EXCL | libc::O_WRONLY | libc::O_CLOEXEC | libc::O_NOFOLLOW,
            0o600 as libc::c_uint,
        )
    })?;
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Give an O_TMPFILE file a name. `AT_EMPTY_PATH` needs CAP_DAC_READ_SEARCH; the
/// /proc/self/fd route works for everyone where /proc is mounted.
pub fn link_unnamed(file: &OwnedFd, dir: &OwnedFd, name: &CStr) -> io::Result<()> {
    let proc_path = cstring(format!("/proc/self/fd/{}", file.as_raw_fd()).as_bytes())?;
    let via_proc = cvt(unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            proc_path.as_ptr(),
            dir.as_raw_fd(),
            name.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    });
    match via_proc {
        Ok(_) => Ok(()),
        Err(e) if e.raw_os_error() == Some(libc::EEXIST) => Err(e),
        Err(_) => cvt(unsafe {
            libc::linkat(
                file.as_raw_fd(),
                c"".as_ptr(),
                dir.as_raw_fd(),
                name.as_ptr(),
                libc::AT_EMPTY_PATH,
            )
        })
        .map(drop),
    }
}

/// Swap two names in `dir` atomically (renameat2 RENAME_EXCHANGE).
pub fn exchange(dir: &OwnedFd, a: &CStr, b: &CStr) -> io::Result<()> {
    let fd = dir.as_raw_fd();
    cvt(unsafe { libc::renameat2(fd, a.as_ptr(), fd, b.as_ptr(), libc::RENAME_EXCHANGE) }).map(drop)
}

pub fn rename(dir: &OwnedFd, from: &CStr, to: &CStr) -> io::Result<()> {
    let fd = dir.as_raw_fd();
    cvt(unsafe { libc::renameat(fd, from.as_ptr(), fd, to.as_ptr()) }).map(drop)
}

pub fn unlink(dir: &OwnedFd, name: &CStr) -> io::Result<()> {
    cvt(unsafe { libc::unlinkat(dir.as_raw_fd(), name.as_ptr(), 0) }).map(drop)
}

pub fn fsync(fd: &impl AsRawFd) -> io::Result<()> {
    cvt(unsafe { libc::fsync(fd.as_raw_fd()) }).map(drop)
}

pub fn fchown(fd: &impl AsRawFd, uid: u32, gid: u32) -> io::Result<()> {
    cvt(unsafe { libc::fchown(fd.as_raw_fd(), uid, gid) }).map(drop)
}

pub fn fchmod(fd: &impl AsRawFd, mode: u32) -> io::Result<()> {
    cvt(unsafe { libc::fchmod(fd.as_raw_fd(), mode) }).map(drop)
}

/// Whether the calling user may write `path` by the kernel's own rules (mode bits, ACLs,
/// read-only mounts), judged with the effective ids as an `open` would be.
pub fn may_write(path: &Path) -> io::Result<bool> {
    let c = cstring(path.as_os_str().as_bytes())?;
    let r = unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), libc::W_OK, libc::AT_EACCESS) };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EACCES) | Some(libc::EROFS) | Some(libc::EPERM) => Ok(false),
        _ => Err(e),
    }
}

pub fn euid() -> u32 {
    unsafe { libc::geteuid() }
}

/// Whether `gid` is the caller's effective or a supplementary group.
pub fn in_group(gid: u32) -> bool {
    if unsafe { libc::getegid() } == gid {
        return true;
    }
    let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    if n <= 0 {
        return false;
    }
    let mut groups = vec![0 as libc::gid_t; n as usize];
    let n = unsafe { libc::getgroups(n, groups.as_mut_ptr()) };
    n > 0 && groups[..n as usize].contains(&gid)
}

/// Whether a process with this pid exists (it may be another program by now: callers
/// also look at the age of what they clean up).
pub fn pid_alive(pid: i32) -> bool {
    pid > 0
        && (unsafe { libc::kill(pid, 0) } == 0
            || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH))
}
