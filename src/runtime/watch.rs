//! Watch the feed folder (notify, through a debouncer) and read what changed on the
//! debouncer's thread, so the UI thread gets items, not paths. Hidden files (editors' and
//! our own temporary files among them) are passed over, as the loader passes them over.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::app::Msg;
use crate::app::live::Seen;
use crate::feed::loader::read_item_slim;
use crate::feed::walk::{discover, has_item_extension, is_hidden};
use crate::runtime::Input;

/// Events closer together than this arrive as one batch: an editor's save (write temp,
/// rename) or a `git pull` is one change on screen, and well within a second.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Watching lasts as long as this is kept.
pub type Watch = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Watch `root`; changes are sent as `Input::Folder`. An error says why it cannot be
/// watched (too many folders for inotify, a file system without events).
pub fn spawn_watch(root: &Path, tx: Sender<Input>) -> Result<Watch, String> {
    let base = root.to_owned();
    // notify reports paths under the current folder joined with a relative root; the
    // feed's items carry the root as given, and their ids come from those paths.
    let absolute = std::env::current_dir()
        .map(|d| d.join(root))
        .unwrap_or_else(|_| root.to_owned());
    let handler = move |result: DebounceEventResult| {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    tracing::warn!("watch: {e}");
                }
                return;
            }
        };
        let mut paths = BTreeSet::new();
        let mut rescan = false;
        for ev in events {
            rescan |= ev.need_rescan();
            if !changes_content(&ev.kind) {
                continue;
            }
            tracing::debug!("watch: {:?} {:?}", ev.kind, ev.paths);
            paths.extend(
                ev.event
                    .paths
                    .into_iter()
                    .map(|p| match p.strip_prefix(&absolute) {
                        Ok(rel) if base.is_relative() => base.join(rel),
                        _ => p,
                    }),
            );
        }
        // The kernel dropped events: only a full reload knows what changed.
        let msg = if rescan {
            Msg::Reload
        } else {
            let seen = read_changed(&base, paths);
            if seen.is_empty() {
                return;
            }
            Msg::FolderChanged { seen }
        };
        let _ = tx.send(Input::Folder(msg));
    };
    let mut debouncer = new_debouncer(DEBOUNCE, None, handler).map_err(|e| e.to_string())?;
    let mode = if root.is_dir() {
        RecursiveMode::Recursive
    } else {
        RecursiveMode::NonRecursive
    };
    debouncer.watch(root, mode).map_err(|e| e.to_string())?;
    tracing::info!("watching {}", root.display());
    Ok(debouncer)
}

/// Whether an event can mean new content. Opening or reading a file is no change, and
/// must not be one: our own reads after a change would report themselves for ever.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Read each changed path as the loader would. A path that is gone (a file, or a folder
/// with everything under it) is `Gone`; a folder that appeared is walked.
pub fn read_changed(root: &Path, paths: impl IntoIterator<Item = PathBuf>) -> Vec<Seen> {
    let mut seen = Vec::new();
    for path in paths {
        // The root's own times change with every file added; the files say what.
        if path == root || hidden_under(root, &path) {
            continue;
        }
        match std::fs::metadata(&path) {
            Err(_) => seen.push(Seen::Gone(path)),
            Ok(m) if m.is_dir() => {
                if let Ok(walk) = discover(&path) {
                    seen.extend(walk.files.iter().map(|f| read_one(f)));
                    seen.extend(walk.errors.into_iter().map(Seen::Failed));
                }
            }
            Ok(_) if has_item_extension(&path) => seen.push(read_one(&path)),
            Ok(_) => {}
        }
    }
    seen
}

fn read_one(path: &Path) -> Seen {
    // Slim, as the loader gives it: the feed keeps only the selected item whole.
    match read_item_slim(path) {
        Ok(Some(item)) => Seen::Read(Box::new(item)),
        // No front matter any more: the loader would skip it, so it leaves the feed.
        Ok(None) => Seen::Gone(path.to_owned()),
        Err(e) => Seen::Failed(e),
    }
}

/// Whether any part of `path` below `root` is hidden.
fn hidden_under(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().any(|c| is_hidden(c.as_os_str()))
}
