//! A read lease (fcntl F_SETLEASE F_RDLCK) on the descriptor a file is read through.
//!
//! While we hold it, any other `open` of the file for writing (or a truncate) waits in the
//! kernel until we let go, and our lease is marked broken: we can see that with
//! F_GETLEASE and undo our exchange before the writer's `open` returns. That is what
//! turns "an editor saved during our fsync" from a lost save into a retry.
//! The lease is released when the descriptor is closed.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::sync::Once;
use std::time::{Duration, Instant};

/// How long a writer may keep the file open before we give up and say so.
pub const WRITER_PATIENCE: Duration = Duration::from_millis(200);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lease {
    /// We hold a read lease: writers wait for us and we can tell when one arrives.
    Held,
    /// No lease can be had here (not the owner and no CAP_LEASE, or a file system
    /// without leases): the caller falls back to checks alone.
    Unavailable,
}

/// Someone kept the file open for writing longer than `WRITER_PATIENCE`.
#[derive(Debug)]
pub struct Busy;

/// Take a read lease on `file`, waiting up to `WRITER_PATIENCE` for writers to close it.
pub fn take(file: &File) -> Result<Lease, Busy> {
    quiet_lease_signal();
    let fd = file.as_raw_fd();
    let deadline = Instant::now() + WRITER_PATIENCE;
    loop {
        if unsafe { libc::fcntl(fd, libc::F_SETLEASE, libc::F_RDLCK) } == 0 {
            // No signal to us on a break: we poll with F_GETLEASE instead.
            unsafe { libc::fcntl(fd, libc::F_SETOWN, 0) };
            return Ok(Lease::Held);
        }
        match io::Error::last_os_error().raw_os_error() {
            // Open for writing somewhere (maybe an editor in the middle of a save).
            Some(libc::EAGAIN) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(2));
            }
            Some(libc::EAGAIN) => return Err(Busy),
            _ => return Ok(Lease::Unavailable),
        }
    }
}

impl Lease {
    /// False once a writer has asked for the file (the break is pending): whatever we
    /// did since must be undone before we let go.
    pub fn intact(self, file: &File) -> bool {
        match self {
            Lease::Held => {
                let now = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLEASE) };
                now == libc::F_RDLCK
            }
            Lease::Unavailable => true,
        }
    }
}

/// A lease break raises SIGIO in the holder, and SIGIO's default action ends the process.
/// We poll instead of handling it, so ignore it unless the program already set its own.
fn quiet_lease_signal() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGIO, std::ptr::null(), &mut old) == 0
            && old.sa_sigaction == libc::SIG_DFL
        {
            libc::signal(libc::SIGIO, libc::SIG_IGN);
        }
    });
}
