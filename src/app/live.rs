//! The desk follows its folder: files that others add, change, remove or rename arrive
//! (already read, off the UI thread) and enter, change or leave the feed and the view in
//! place. The selection stays on its item, or on the nearest row when that item left.
//! newsdesk's own writes come back here too; they are known by their rev and not reported.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::app::model::Model;
use crate::app::msg::Effect;
use crate::app::text::plural;
use crate::app::update::view_changed;
use crate::feed::{Item, ItemId, LoadError};

/// What a file turned out to be when it was read after a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Seen {
    /// An item file, as it is now.
    Read(Box<Item>),
    /// No longer there (or no longer an item); a folder takes every item under it along.
    Gone(PathBuf),
    /// There, but it does not read.
    Failed(LoadError),
}

#[derive(Debug, Default)]
struct Tally {
    new: usize,
    changed: usize,
    removed: usize,
    failed: usize,
}

impl Tally {
    fn report(&self, model: &mut Model) {
        let mut parts = Vec::new();
        if self.new > 0 {
            parts.push(format!("{} new", self.new));
        }
        if self.changed > 0 {
            parts.push(format!("{} changed", self.changed));
        }
        if self.removed > 0 {
            parts.push(format!("{} removed", self.removed));
        }
        if self.failed > 0 {
            let files = plural(self.failed, "file");
            parts.push(format!("{files} failed to read (press e)"));
            model.error(parts.join(", "));
        } else if !parts.is_empty() {
            model.info(parts.join(", "));
        }
    }
}

/// `R`: load the folder again (the worker takes unchanged files from the index cache).
pub fn reload(model: &mut Model) -> Vec<Effect> {
    if model.loading.is_some() {
        model.info("Still loading; R reloads once the feed is in");
        return Vec::new();
    }
    model.info("Reloading…");
    vec![Effect::Rescan {
        root: model.feed.root.clone(),
    }]
}

/// Files the watch saw change, already read.
pub fn folder_changed(model: &mut Model, seen: Vec<Seen>) {
    // A journal step (bulk, undo, redo) is writing: its files' new revs are known only
    // when it ends, so until then its own writes would look like someone else's.
    if model.bulk.inflight > 0 {
        model.deferred.extend(seen);
        return;
    }
    let tally = apply(model, seen);
    tally.report(model);
}

fn apply(model: &mut Model, seen: Vec<Seen>) -> Tally {
    let mut tally = Tally::default();
    for s in seen {
        match s {
            Seen::Read(item) => read(model, *item, &mut tally),
            Seen::Gone(path) => gone(model, &path, &mut tally),
            Seen::Failed(e) => failed(model, e, &mut tally),
        }
    }
    settle(model);
    view_changed(model);
    tally
}

/// Whether `catch_up` has changes to apply now.
pub fn would_catch_up(model: &Model) -> bool {
    model.bulk.inflight == 0 && !model.deferred.is_empty()
}

/// After every message: the changes held back while a journal step ran, once none runs.
/// They are applied without a word: most are the step's own files (a rolled-back step's
/// files are re-read after it), and the step's own summary must stay on the status line.
pub fn catch_up(model: &mut Model) {
    if would_catch_up(model) {
        let seen = std::mem::take(&mut model.deferred);
        apply(model, seen);
    }
}

/// A reload's full reading of the folder: what the feed has and it lacks has gone.
pub fn rescanned(model: &mut Model, items: Vec<Item>, errors: Vec<LoadError>) {
    let mut tally = Tally::default();
    let present: HashSet<ItemId> = items.iter().map(|i| i.id).collect();
    let lost: Vec<ItemId> = (model.feed.items().iter())
        .map(|i| i.id)
        .filter(|id| !present.contains(id))
        .collect();
    for id in lost {
        remove(model, id, &mut tally);
    }
    for item in items {
        read(model, item, &mut tally);
    }
    // The errors are the folder's as it is now, not added to the old ones.
    tally.failed = errors
        .iter()
        .filter(|e| !model.errors.iter().any(|old| old == *e))
        .count();
    model.errors = errors;
    settle(model);
    view_changed(model);
    if tally.new + tally.changed + tally.removed + tally.failed == 0 {
        model.info("Reloaded: nothing changed on disk");
    } else {
        tally.report(model);
    }
}

/// The watch could not be set up: say so once; `R` still works.
pub fn watch_failed(model: &mut Model, message: &str) {
    model.error(format!(
        "Not following the folder ({message}); press R to reload"
    ));
}

fn read(model: &mut Model, item: Item, tally: &mut Tally) {
    forget_error(model, &item.path);
    let id = item.id;
    // Our own write is on its way: its result sets the item (a change by someone else
    // at the same moment is caught by the write's rev check).
    if model.saving.contains(&id) {
        return;
    }
    match model.feed.get(id) {
        // Unchanged: our own write coming back, or a touch.
        Some(old) if old.rev == item.rev => {}
        Some(_) => {
            model.feed.insert(item);
            model.view.refresh(&model.feed, id);
            tally.changed += 1;
        }
        None => {
            model.feed.insert(item);
            model.view.insert(&model.feed, &[id]);
            tally.new += 1;
        }
    }
}

fn gone(model: &mut Model, path: &Path, tally: &mut Tally) {
    model.errors.retain(|e| !e.path.starts_with(path));
    let ids: Vec<ItemId> = match model.feed.id_of_path(path) {
        Some(id) => vec![id],
        // A folder moved or removed: everything under it went with it.
        None => (model.feed.items().iter())
            .filter(|i| i.path.starts_with(path))
            .map(|i| i.id)
            .collect(),
    };
    for id in ids {
        remove(model, id, tally);
    }
}

fn remove(model: &mut Model, id: ItemId, tally: &mut Tally) {
    if model.feed.remove(id).is_some() {
        model.view.remove(id);
        model.saving.remove(&id);
        tally.removed += 1;
    }
}

fn failed(model: &mut Model, e: LoadError, tally: &mut Tally) {
    forget_error(model, &e.path);
    model.errors.push(e);
    tally.failed += 1;
}

/// Changes from the folder placed in the text sorts' orders now rather than on the next
/// sort key; not while loading, when more are on their way.
fn settle(model: &mut Model) {
    if model.loading.is_none() {
        model.feed.settle_orders();
    }
}

fn forget_error(model: &mut Model, path: &Path) {
    model.errors.retain(|e| e.path != path);
}
