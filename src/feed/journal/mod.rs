//! Undo and redo that survive restarts and crashes: a journal per feed in the state dir.
//!
//! Every step is written to the journal (what will change, and each file's bytes before)
//! and synced before its first file is touched; its end is written after the last. Undo
//! restores each file's exact bytes, but only while the file still holds what newsdesk
//! wrote (checked by rev): a file changed since is a conflict and left alone. A step that a
//! crash left half done is seen on the next start and can be completed or rolled back.
//! The journal keeps the newest [`Limits::steps`] steps within [`Limits::bytes`].

mod history;
mod record;

use std::fs::File;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

pub use history::{State, Step};
pub use record::{Action, At, FileChange, Op, Outcome};

use crate::feed::frontmatter::set_published;
use crate::feed::store::{Rev, replace_bytes};
use record::{Appender, Record};

/// How much history is kept: the newest steps, and no more bytes than this on disk.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub steps: usize,
    pub bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            steps: 1000,
            bytes: 50 * 1024 * 1024,
        }
    }
}

/// What a step would change, read before anything is written.
#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<FileChange>,
    /// Already so: nothing to write.
    pub already: Vec<PathBuf>,
    /// Cannot be edited (unreadable, not text, no front matter the edit accepts).
    pub refused: Vec<(PathBuf, String)>,
}

/// How a transition went, file by file.
#[derive(Debug)]
pub struct Report {
    pub id: u64,
    pub op: Op,
    pub action: Action,
    pub label: String,
    pub results: Vec<(PathBuf, Outcome)>,
}

impl Report {
    pub fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.results.iter().filter(|(_, o)| f(o)).count()
    }
}

/// Told `(done, total)` before each file; returning false stops the transition there
/// (the files not reached are left as they are and recorded so).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

pub struct Journal {
    path: PathBuf,
    limits: Limits,
    steps: Vec<Step>,
    /// The journal file as last read (inode, length): another process may append to it.
    seen: Option<(u64, u64)>,
    /// Where its last whole record ends: appends go there, over any torn tail.
    good: u64,
}

/// The state dir: `$NEWSDESK_STATE_DIR`, else the platform's (XDG state dir on Linux).
pub fn state_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("NEWSDESK_STATE_DIR") {
        return Some(PathBuf::from(dir));
    }
    let dirs = directories::ProjectDirs::from("", "", "newsdesk")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_owned(),
    )
}

/// The journal of the feed at `root`, named by a hash of its canonical path.
pub fn path_for_feed(root: &Path) -> io::Result<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let canonical = std::fs::canonicalize(root)?;
    let dir = state_dir().ok_or_else(|| io::Error::other("no state directory for the journal"))?;
    let key = Rev::of(canonical.as_os_str().as_bytes());
    Ok(dir.join("journal").join(format!("{key}.jsonl")))
}

impl Journal {
    /// The journal of the feed at `root`.
    pub fn for_feed(root: &Path) -> io::Result<Journal> {
        Journal::open(path_for_feed(root)?, Limits::default())
    }

    pub fn open(path: PathBuf, limits: Limits) -> io::Result<Journal> {
        let mut j = Journal {
            path,
            limits,
            steps: Vec::new(),
            seen: None,
            good: 0,
        };
        let _lock = j.lock()?;
        j.reload()?;
        Ok(j)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The step a crash left half done, if any.
    pub fn pending(&self) -> Option<&Step> {
        self.steps.iter().find(|s| s.pending.is_some())
    }

    /// Read each file and work out the edit, touching nothing.
    pub fn plan(action: Action, paths: &[PathBuf]) -> Plan {
        let mut plan = Plan::default();
        for path in paths {
            let text = match std::fs::read(path) {
                Ok(b) => match String::from_utf8(b) {
                    Ok(t) => t,
                    Err(_) => {
                        plan.refused.push((path.clone(), "not UTF-8 text".into()));
                        continue;
                    }
                },
                Err(e) => {
                    plan.refused.push((path.clone(), e.to_string()));
                    continue;
                }
            };
            match set_published(&text, action.value()) {
                Ok(new) if new == text => plan.already.push(path.clone()),
                Ok(new) => plan.changes.push(FileChange {
                    path: path.clone(),
                    before_rev: Rev::of(text.as_bytes()),
                    after_rev: Rev::of(new.as_bytes()),
                    before: text,
                }),
                Err(e) => plan.refused.push((path.clone(), e.to_string())),
            }
        }
        plan
    }

    /// Make a new step of `changes` and apply it. Refused while a step is pending.
    pub fn apply(
        &mut self,
        action: Action,
        label: &str,
        changes: Vec<FileChange>,
        progress: Progress,
    ) -> io::Result<Report> {
        let _lock = self.lock()?;
        self.reload()?;
        self.refuse_pending()?;
        let id = self.steps.iter().map(|s| s.id).max().unwrap_or(0) + 1;
        let time = now();
        let mut out = self.appender()?;
        let step = Record::Step {
            id,
            time: time.clone(),
            action,
            label: label.to_owned(),
            files: changes,
        };
        let begin = Record::Begin {
            id,
            op: Op::Do,
            time,
        };
        for r in [step, begin] {
            out.append(&r)?;
            history::play(&mut self.steps, &r);
        }
        self.note(&out)?;
        let idx = self.index_of(id)?;
        self.run(idx, Op::Do, progress)
    }

    /// Take back the newest applied step. `None`: nothing to undo.
    pub fn undo(&mut self, progress: Progress) -> io::Result<Option<Report>> {
        self.transition(Op::Undo, progress)
    }

    /// Apply again the step undone last. `None`: nothing to redo.
    pub fn redo(&mut self, progress: Progress) -> io::Result<Option<Report>> {
        self.transition(Op::Redo, progress)
    }

    /// Finish (`complete`) or roll back the transition a crash left half done.
    pub fn recover(&mut self, complete: bool, progress: Progress) -> io::Result<Option<Report>> {
        let _lock = self.lock()?;
        self.reload()?;
        let Some(idx) = self.steps.iter().position(|s| s.pending.is_some()) else {
            return Ok(None);
        };
        let op = self.steps[idx].pending.unwrap_or(Op::Do);
        if complete {
            return self.run(idx, op, progress).map(Some);
        }
        let step = &self.steps[idx];
        let mut results = Vec::new();
        for i in step.candidates(op) {
            let f = &step.files[i];
            let outcome = match ends(f, step.action, op) {
                Err(reason) => Outcome::Failed(reason),
                Ok((source, target)) => undo_one(&f.path, &source, &target),
            };
            results.push((i, outcome));
        }
        self.end(idx, op, results).map(Some)
    }

    fn transition(&mut self, op: Op, progress: Progress) -> io::Result<Option<Report>> {
        let _lock = self.lock()?;
        self.reload()?;
        self.refuse_pending()?;
        let target = match op {
            Op::Undo => history::undo_target(&self.steps),
            _ => history::redo_target(&self.steps),
        };
        let Some(idx) = target else {
            return Ok(None);
        };
        let begin = Record::Begin {
            id: self.steps[idx].id,
            op,
            time: now(),
        };
        let mut out = self.appender()?;
        out.append(&begin)?;
        self.note(&out)?;
        history::play(&mut self.steps, &begin);
        self.run(idx, op, progress).map(Some)
    }

    /// Write the files of a begun transition, then its end.
    fn run(&mut self, idx: usize, op: Op, progress: Progress) -> io::Result<Report> {
        let step = &self.steps[idx];
        let todo = step.candidates(op);
        let mut results = Vec::with_capacity(todo.len());
        let mut go = true;
        for (n, &i) in todo.iter().enumerate() {
            go = go && progress(n, todo.len());
            let f = &step.files[i];
            let outcome = if !go {
                Outcome::NotDone
            } else {
                match ends(f, step.action, op) {
                    Err(reason) => Outcome::Failed(reason),
                    Ok((source, target)) => write_one(&f.path, &source, &target),
                }
            };
            results.push((i, outcome));
        }
        progress(todo.len(), todo.len());
        self.end(idx, op, results)
    }

    fn end(&mut self, idx: usize, op: Op, results: Vec<(usize, Outcome)>) -> io::Result<Report> {
        let id = self.steps[idx].id;
        let end = Record::End {
            id,
            op,
            results: results.clone(),
        };
        let mut out = self.appender()?;
        out.append(&end)?;
        self.note(&out)?;
        history::play(&mut self.steps, &end);
        let step = &self.steps[self.index_of(id)?];
        let report = Report {
            id,
            op,
            action: step.action,
            label: step.label.clone(),
            results: results
                .into_iter()
                .map(|(i, o)| (step.files[i].path.clone(), o))
                .collect(),
        };
        self.compact()?;
        Ok(report)
    }

    fn index_of(&self, id: u64) -> io::Result<usize> {
        self.steps
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| io::Error::other(format!("journal step {id} vanished")))
    }

    fn refuse_pending(&self) -> io::Result<()> {
        match self.pending() {
            Some(s) => Err(io::Error::other(format!(
                "step {} ({} {}) was left unfinished by a crash: complete it or roll it back first",
                s.id,
                s.action.word(),
                s.label
            ))),
            None => Ok(()),
        }
    }

    /// Keep the newest steps within the limits; the pending one always stays.
    fn compact(&mut self) -> io::Result<()> {
        let (_, len) = self.seen.unwrap_or((0, 0));
        if self.steps.len() <= self.limits.steps && len <= self.limits.bytes {
            return Ok(());
        }
        // Cut to three quarters of each limit so that compaction is not paid every step.
        let keep_steps = (self.limits.steps * 3 / 4).max(1);
        let keep_bytes = self.limits.bytes * 3 / 4;
        let mut kept: Vec<Step> = Vec::new();
        let mut bytes = 0u64;
        for s in self.steps.iter().rev() {
            let size: u64 = history::records_of(std::slice::from_ref(s))
                .iter()
                .map(|r| serde_json::to_vec(r).map_or(0, |v| v.len() as u64 + 1))
                .sum();
            let fits = kept.len() < keep_steps && bytes + size <= keep_bytes;
            if fits || s.pending.is_some() {
                bytes += size;
                kept.push(s.clone());
            }
        }
        kept.reverse();
        record::rewrite(&self.path, &history::records_of(&kept))?;
        self.steps = kept;
        self.seen = stamp(&self.path)?;
        self.good = self.seen.map_or(0, |(_, len)| len);
        Ok(())
    }

    /// Another newsdesk (the TUI and a CLI call) may share the journal: every operation
    /// holds this lock and first reads what the other appended.
    fn lock(&self) -> io::Result<File> {
        let lock_path = self.path.with_extension("lock");
        if let Some(dir) = lock_path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)?;
        file.lock()?;
        Ok(file)
    }

    fn reload(&mut self) -> io::Result<()> {
        let now = stamp(&self.path)?;
        if now.is_some() && now == self.seen {
            return Ok(());
        }
        let (records, good) = record::read_all(&self.path)?;
        self.steps = history::replay(&records);
        self.seen = now;
        self.good = good;
        Ok(())
    }

    fn appender(&self) -> io::Result<Appender> {
        Appender::open(&self.path, self.good)
    }

    fn note(&mut self, out: &Appender) -> io::Result<()> {
        self.good = out.len;
        self.seen = stamp(&self.path)?.map(|(ino, _)| (ino, out.len));
        Ok(())
    }
}

fn stamp(path: &Path) -> io::Result<Option<(u64, u64)>> {
    match std::fs::metadata(path) {
        Ok(m) => Ok(Some((m.ino(), m.len()))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn now() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .map_or_else(|_| jiff::Timestamp::now().to_string(), |t| t.to_string())
}

/// The bytes a file goes from and to in a transition. The edit is made again from the
/// journalled `before` and must give the journalled rev, or the step is not trusted.
fn ends(f: &FileChange, action: Action, op: Op) -> Result<(Vec<u8>, Vec<u8>), String> {
    let after = set_published(&f.before, action.value()).map_err(|e| e.to_string())?;
    if Rev::of(after.as_bytes()) != f.after_rev {
        return Err("the journalled edit no longer gives the same bytes".into());
    }
    let before = f.before.clone().into_bytes();
    Ok(match op {
        Op::Do | Op::Redo => (before, after.into_bytes()),
        Op::Undo => (after.into_bytes(), before),
    })
}

/// Move one file from `source` to `target` bytes, never over bytes that are neither.
fn write_one(path: &Path, source: &[u8], target: &[u8]) -> Outcome {
    match replace_bytes(path, Rev::of(source), target) {
        Ok(_) => Outcome::Done,
        Err(e) if e.is_conflict() => match std::fs::read(path) {
            Ok(now) if now == target => Outcome::Done,
            _ => Outcome::Conflict,
        },
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Put one file of a half-done transition back at `source`.
fn undo_one(path: &Path, source: &[u8], target: &[u8]) -> Outcome {
    match std::fs::read(path) {
        Ok(now) if now == source => Outcome::NotDone,
        Ok(now) if now == target => match replace_bytes(path, Rev::of(target), source) {
            Ok(_) => Outcome::NotDone,
            Err(e) if e.is_conflict() => Outcome::Conflict,
            Err(e) => Outcome::Failed(e.to_string()),
        },
        Ok(_) => Outcome::Conflict,
        Err(e) => Outcome::Failed(e.to_string()),
    }
}
