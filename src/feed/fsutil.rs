//! Opening item files safely, and saying what went wrong in plain words.
//!
//! A path named on the command line or met in a folder may be a FIFO, a socket or a
//! device: reading a FIFO blocks until someone writes to it, and opening a device can
//! have side effects. So a file is looked at (stat) before it is opened, opened without
//! blocking, and looked at again through the open descriptor (it may have been swapped
//! in between); anything but a regular file is refused with "not a regular file".

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// An OS error as a person reads it: "permission denied", not "Permission denied (os
/// error 13)". One place, so the CLI and the TUI say the same thing.
pub fn plain(e: &io::Error) -> String {
    let text = e.to_string();
    let text = match (e.raw_os_error(), text.rfind(" (os error ")) {
        (Some(_), Some(at)) => &text[..at],
        _ => text.as_str(),
    };
    lower_first(text)
}

/// "No such file" -> "no such file", but "I/O error" stays as it is.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => a
            .to_lowercase()
            .chain(text[a.len_utf8()..].chars())
            .collect(),
        _ => text.to_owned(),
    }
}

/// What a non-regular file is, for the error message.
fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "not a file"
    }
}

fn require_regular(meta: &Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(io::Error::other(format!(
        "not a regular file ({})",
        kind_of(meta)
    )))
}

/// Open `path` (symlinks followed) for reading, refusing anything but a regular file
/// before it is opened, and never blocking in `open` or `read`. Returns the file and its
/// metadata as seen through the descriptor.
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    require_regular(&std::fs::metadata(path)?)?;
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let meta = file.metadata()?;
    require_regular(&meta)?;
    Ok((file, meta))
}

/// Read a regular file whole, refusing special files (see `open_regular`) and files
/// larger than `max` bytes.
pub fn read_regular(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > max {
        return Err(io::Error::other(format!(
            "file is {} bytes; items larger than {max} are not read",
            meta.len()
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` guards against a file that grows while it is read.
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::other(format!(
            "file is over {max} bytes; items larger than that are not read"
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_drops_the_code_and_the_capital() {
        let e = io::Error::from_raw_os_error(libc::EACCES);
        assert_eq!(plain(&e), "permission denied");
        let e = io::Error::from_raw_os_error(libc::ENOENT);
        assert_eq!(plain(&e), "no such file or directory");
        let e = io::Error::from_raw_os_error(libc::EIO);
        assert_eq!(plain(&e), "input/output error");
        assert_eq!(plain(&io::Error::other("I/O odd")), "I/O odd");
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.md");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = read_regular(&fifo, 1024).unwrap_err();
        assert_eq!(plain(&e), "not a regular file (a FIFO)");
        let e = open_regular(dir.path()).unwrap_err();
        assert_eq!(plain(&e), "not a regular file (a folder)");
    }

    #[test]
    fn size_limit_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        std::fs::write(&path, [b'a'; 100]).unwrap();
        assert_eq!(read_regular(&path, 100).unwrap().len(), 100);
        let e = read_regular(&path, 99).unwrap_err();
        assert_eq!(
            plain(&e),
            "file is 100 bytes; items larger than 99 are not read"
        );
    }
}
