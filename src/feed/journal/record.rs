//! The journal on disk: one JSON object a line, appended and synced before the change it
//! announces is made. A torn last line (a crash mid-append) does not parse and is dropped;
//! nothing after it was ever acted on, because every write waits for its record's sync.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::feed::store::Rev;

/// What a step does to the `published` flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Publish,
    Unpublish,
}

impl Action {
    pub fn value(self) -> bool {
        self == Action::Publish
    }

    pub fn word(self) -> &'static str {
        match self {
            Action::Publish => "publish",
            Action::Unpublish => "unpublish",
        }
    }
}

/// The three ways a step moves: first done, undone, done again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Do,
    Undo,
    Redo,
}

/// One file of a step: where it is, and the bytes it had before (so undo restores them
/// exactly, a missing `published:` line included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    #[serde(with = "path_bytes")]
    pub path: PathBuf,
    pub before: String,
    #[serde(with = "rev_hex")]
    pub before_rev: Rev,
    #[serde(with = "rev_hex")]
    pub after_rev: Rev,
}

/// How one file of a transition ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "outcome", content = "reason")]
pub enum Outcome {
    /// Now at the transition's target bytes.
    Done,
    /// Left at its source bytes (cancelled, or rolled back after a crash).
    NotDone,
    /// Neither source nor target: someone else changed it; left alone.
    Conflict,
    /// The write failed; the file is as it was.
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rec", rename_all = "lowercase")]
pub enum Record {
    /// A new step, written before any of its files is touched.
    Step {
        id: u64,
        time: String,
        action: Action,
        label: String,
        files: Vec<FileChange>,
    },
    /// A transition of step `id` begins (for `Do`, right after its `Step`).
    Begin { id: u64, op: Op, time: String },
    /// It ended: the outcome of each file it took part (by index into the step's files).
    End {
        id: u64,
        op: Op,
        results: Vec<(usize, Outcome)>,
    },
    /// Where each file of step `id` stands: written when the journal is compacted, in
    /// place of the step's history.
    At {
        id: u64,
        at: Vec<At>,
        state: super::State,
    },
}

/// Where one file of a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum At {
    /// Holds its `before` bytes.
    Before,
    /// Holds the step's edit.
    After,
    /// Out of the step: the write failed, was cancelled, or someone else changed the file.
    Out,
}

/// Every record that reads whole, in order, and the byte length they take. Anything from
/// the first unreadable line on is ignored (and cut off by the next append).
pub fn read_all(path: &Path) -> io::Result<(Vec<Record>, u64)> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(e),
    };
    let mut reader = BufReader::new(file);
    let mut records = Vec::new();
    let mut good = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        match serde_json::from_slice::<Record>(&line) {
            Ok(r) => records.push(r),
            Err(_) => break,
        }
        good += n as u64;
    }
    Ok((records, good))
}

/// The journal file held open for appending, cut back to its last whole record.
pub struct Appender {
    file: File,
    pub len: u64,
}

impl Appender {
    pub fn open(path: &Path, good_len: u64) -> io::Result<Appender> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)?;
        if file.metadata()?.len() != good_len {
            file.set_len(good_len)?;
        }
        let mut file = file;
        io::Seek::seek(&mut file, io::SeekFrom::Start(good_len))?;
        Ok(Appender {
            file,
            len: good_len,
        })
    }

    /// Append one record and wait until it is on disk.
    pub fn append(&mut self, record: &Record) -> io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
        line.push(b'\n');
        self.file.write_all(&line)?;
        self.file.sync_data()?;
        self.len += line.len() as u64;
        Ok(())
    }
}

/// Write `records` as the whole journal, atomically (temp file, sync, rename, sync folder).
pub fn rewrite(path: &Path, records: &[Record]) -> io::Result<u64> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".journal.{}.tmp", std::process::id()));
    let mut body = Vec::new();
    for r in records {
        body.extend(serde_json::to_vec(r).map_err(io::Error::other)?);
        body.push(b'\n');
    }
    {
        let mut f = File::create(&tmp)?;
        f.write_all(&body)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    File::open(dir)?.sync_all()?;
    Ok(body.len() as u64)
}

/// Paths are bytes on Unix; kept as a string when they are UTF-8 so the journal stays
/// readable, else as a list of byte values, so a non-UTF-8 name survives.
mod path_bytes {
    use super::*;

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Text(String),
        Bytes(Vec<u8>),
    }

    pub fn serialize<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
        match p.to_str() {
            Some(t) => Repr::Text(t.to_owned()),
            None => Repr::Bytes(p.as_os_str().as_bytes().to_vec()),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        Ok(match Repr::deserialize(d)? {
            Repr::Text(t) => PathBuf::from(t),
            Repr::Bytes(b) => PathBuf::from(OsString::from_vec(b)),
        })
    }
}

mod rev_hex {
    use super::*;

    pub fn serialize<S: serde::Serializer>(r: &Rev, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&r.to_string())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Rev, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
