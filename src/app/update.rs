//! Every state change lives here. `update` does no I/O: what must happen outside is
//! returned as `Effect`s, and their outcomes come back as result messages.

use std::path::Path;

use crate::app::bulk;
use crate::app::find::{self, FindMsg};
use crate::app::layout::{self, follow, inner_width, max_scroll};
use crate::app::model::{Model, Overlay, Pane, Progress, Visit};
use crate::app::msg::{Effect, Msg};
use crate::app::prompt::Edit;
use crate::app::text::plural;
use crate::app::{live, page, state, whole};
use crate::feed::{Inserted, Item, ItemId, LoadError, LoadEvent};

/// Rows a wheel notch moves in the list and the detail pane.
const WHEEL_STEP: isize = 3;

pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    // A typed filter still running ends before anything else acts on the list or changes
    // the feed; the next keystroke in the prompt replaces it. What touches neither (a
    // tick, a resize, the selected file read whole) leaves it running: the list shown
    // meanwhile is the last result, whole.
    let beside_filter = matches!(
        &msg,
        Msg::Find(FindMsg::Work) | Msg::Tick { .. } | Msg::Resize { .. } | Msg::DetailRead { .. }
    ) || matches!(&msg, Msg::Find(FindMsg::Edit(e)) if *e != Edit::Accept);
    if model.find.pending.is_some() && !beside_filter {
        find::finish_pending(model);
    }
    let mut effects = dispatch(model, msg);
    if model.find.pending.is_some() && live::would_catch_up(model) {
        find::finish_pending(model);
    }
    live::catch_up(model);
    // Wherever the selection landed, and whatever replaced its item: a slim item's
    // file is read for the panes.
    effects.extend(whole::want(model));
    refresh_popup(model);
    effects
}

/// Build the open overlay again when what it shows changed, and keep its scroll within
/// it; drop it when it closed.
fn refresh_popup(model: &mut Model) {
    let Some(key) = page::PopupKey::of(model) else {
        model.popup = None;
        return;
    };
    if model.popup.as_ref().is_none_or(|p| p.key != key) {
        model.popup = page::popup(model);
    }
    if let Some(p) = &model.popup {
        model.overlay_scroll = model.overlay_scroll.min(p.max_scroll());
    }
}

fn dispatch(model: &mut Model, msg: Msg) -> Vec<Effect> {
    if let Some(effects) = bulk::overlay_msg(model, &msg) {
        return effects;
    }
    if model.overlay.is_some() && overlay_msg(model, &msg) {
        return Vec::new();
    }
    match msg {
        Msg::Up => move_focused(model, -1),
        Msg::Down => move_focused(model, 1),
        Msg::Top => move_focused(model, isize::MIN / 2),
        Msg::Bottom => move_focused(model, isize::MAX / 2),
        Msg::HalfPageDown => move_focused(model, half_page(model)),
        Msg::HalfPageUp => move_focused(model, -half_page(model)),
        Msg::FocusNext => focus(model, model.focus.next()),
        Msg::FocusPrev => focus(model, model.focus.prev()),
        Msg::FocusRight => focus(model, model.focus.right()),
        Msg::FocusLeft => focus(model, model.focus.left()),
        Msg::Activate => return activate(model),
        Msg::Back => back(model),
        Msg::Repaint => return vec![Effect::Repaint],
        Msg::OpenOriginal => {
            let url = model
                .selected_item()
                .and_then(|i| i.open_url())
                .map(str::to_owned);
            return open(model, url, "original");
        }
        Msg::OpenWeb => {
            let url = model.selected_item().and_then(|i| i.web_url.clone());
            return open(model, url, "web");
        }
        Msg::TogglePublished if !model.bulk.marks.is_empty() => bulk::ask_marked(model, false),
        Msg::PublishAndNext if !model.bulk.marks.is_empty() => bulk::ask_marked(model, true),
        Msg::TogglePublished => return write_selected(model, None, bulk::Origin::Toggle),
        Msg::PublishAndNext => {
            return write_selected(model, Some(true), bulk::Origin::PublishAndNext);
        }
        Msg::Undo => return bulk::undo_redo(model, false),
        Msg::Redo => return bulk::undo_redo(model, true),
        Msg::ToggleMark => bulk::toggle_mark(model),
        Msg::VisualMark => bulk::visual(model),
        Msg::MarkAll => bulk::mark_all(model),
        Msg::ClearMarks => bulk::clear_marks(model),
        Msg::BulkView => bulk::ask_view(model),
        // Outside their overlays these keys mean nothing (bulk::overlay_msg takes them).
        Msg::Confirm
        | Msg::Decline
        | Msg::ChoosePublish
        | Msg::ChooseUnpublish
        | Msg::RecoverComplete
        | Msg::RecoverRollBack => {}
        Msg::StepProgress { done, total } => bulk::progress(model, done, total),
        Msg::Stepped { origin, result } => return bulk::stepped(model, origin, result),
        Msg::ShowErrors => open_overlay(model, Overlay::Errors),
        Msg::ShowHelp => open_overlay(model, Overlay::Help),
        Msg::ShowMessages => open_overlay(model, Overlay::Messages),
        Msg::CloseOverlay => model.overlay = None,
        Msg::Find(m) => crate::app::find::update(model, m),
        Msg::UnknownKey(key) => model.info(format!("{key}: not a key here, ? for help")),
        Msg::Quit => {
            // A bulk step stops between files; the runtime waits for it before exiting.
            if let Some(r) = &model.bulk.running {
                r.cancel.stop();
            }
            model.quit = true;
            return vec![Effect::Quit];
        }
        Msg::Click { column, row } => click(model, column, row),
        Msg::Wheel { column, row, down } => wheel(model, column, row, down),
        Msg::Resize { width, height } => {
            model.width = width;
            model.height = height;
            keep_visible(model);
        }
        Msg::Tick { now } => model.now = now,
        Msg::Load(LoadEvent::Found { files }) => {
            model.loading.get_or_insert_default().found = files;
            // The walk ends before the first batch: room for every item at once, as
            // growing by doubling would copy them all and leave a third unused.
            model.feed.reserve_total(files);
        }
        Msg::Load(LoadEvent::Batch {
            items,
            errors,
            files_read,
        }) => {
            batch(model, items, errors, files_read);
            state::restore_selection(model);
        }
        Msg::Load(LoadEvent::Done) => {
            loaded(model);
            state::loaded(model);
            return bulk::inspect(model);
        }
        Msg::Reloaded { id, item, error } => reloaded(model, id, item, error),
        Msg::DetailRead { id, rev, result } => whole::read(model, id, rev, result),
        Msg::Reload => {
            model.whole.forget_failures();
            return live::reload(model);
        }
        Msg::FolderChanged { seen } => live::folder_changed(model, seen),
        Msg::Rescanned { items, errors } => live::rescanned(model, items, errors),
        Msg::WatchFailed { message } => live::watch_failed(model, &message),
        Msg::Opened { url } => model.info(format!("Opened {url}")),
        Msg::OpenFailed { url, message } => {
            model.error(format!("Browser failed: {message} ({url})"));
        }
    }
    Vec::new()
}

/// While an overlay is open, movement scrolls it and a click or Esc closes it. Returns
/// whether the message was used up.
fn overlay_msg(model: &mut Model, msg: &Msg) -> bool {
    let (max, page) = match page::current(model) {
        Some(p) => (p.max_scroll(), usize::from(p.rect.height / 2).max(1)),
        None => (0, 1),
    };
    let s = model.overlay_scroll;
    model.overlay_scroll = match msg {
        Msg::Up => s.saturating_sub(1),
        Msg::Down => s.saturating_add(1),
        Msg::Top => 0,
        Msg::Bottom => max,
        Msg::HalfPageDown => s.saturating_add(page),
        Msg::HalfPageUp => s.saturating_sub(page),
        Msg::Wheel { down: true, .. } => s.saturating_add(WHEEL_STEP as usize),
        Msg::Wheel { down: false, .. } => s.saturating_sub(WHEEL_STEP as usize),
        Msg::CloseOverlay | Msg::Click { .. } => {
            model.overlay = None;
            0
        }
        _ => return false,
    }
    .min(max);
    true
}

fn open_overlay(model: &mut Model, overlay: Overlay) {
    model.overlay = Some(overlay);
    model.overlay_scroll = 0;
}

fn focus(model: &mut Model, pane: Pane) {
    model.focus = pane;
    keep_visible(model);
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn half_page(model: &Model) -> isize {
    let a = model.areas();
    let rows = match model.focus {
        Pane::List => a.list_rows(),
        Pane::Detail => layout::inner_rows(a.detail),
        Pane::Related => a.related_entries(),
    };
    (rows / 2).max(1) as isize
}

fn move_focused(model: &mut Model, delta: isize) {
    match model.focus {
        Pane::List => move_list(model, delta),
        Pane::Detail => scroll_detail(model, delta),
        Pane::Related => move_related(model, delta),
    }
}

fn step(from: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    from.saturating_add_signed(delta).min(len - 1)
}

fn move_list(model: &mut Model, delta: isize) {
    let to = step(model.cursor, delta, model.view.len());
    select(model, to);
    model.chosen = true;
}

/// Select a list row; the detail and related panes start again at the top for it.
pub fn select(model: &mut Model, row: usize) {
    let id = model.view.get(row);
    if id != model.selected {
        model.selected = id;
        model.detail_scroll = 0;
        model.related_selected = 0;
        model.related_offset = 0;
    }
    model.cursor = row;
    keep_visible(model);
}

/// Select an item wherever it is in the list. Returns false when the list does not show it.
pub(crate) fn select_item(model: &mut Model, id: ItemId) -> bool {
    let Some(row) = model.view.position(id) else {
        return false;
    };
    select(model, row);
    model.chosen = true;
    true
}

/// The view changed under the selection: find the selected item's new row, and scroll by
/// as much, so the editor's item stays where it was on the screen too.
pub(crate) fn view_changed(model: &mut Model) {
    let found = model
        .selected
        .filter(|_| model.chosen)
        .and_then(|id| model.view.position(id));
    match found {
        Some(row) => {
            let moved = row as isize - model.cursor as isize;
            model.list_offset = model.list_offset.saturating_add_signed(moved);
            model.cursor = row;
            keep_visible(model);
        }
        // Not chosen yet: stay on top. Gone from the view: stay on the same row.
        None => {
            let row = if model.chosen { model.cursor } else { 0 };
            select(model, row.min(model.view.len().saturating_sub(1)));
        }
    }
}

fn batch(model: &mut Model, items: Vec<Item>, errors: Vec<LoadError>, files_read: usize) {
    let progress = model.loading.get_or_insert_default();
    progress.read = files_read;
    progress.errors += errors.len();
    let mut new = Vec::with_capacity(items.len());
    for item in items {
        let id = item.id;
        match model.feed.insert(item) {
            Inserted::New => new.push(id),
            Inserted::Replaced => model.view.refresh(&model.feed, id),
        }
    }
    model.view.insert(&model.feed, &new);
    model.errors.extend(errors);
    if let Some(p) = &mut model.loading {
        p.items = model.feed.len();
    }
    view_changed(model);
}

fn loaded(model: &mut Model) {
    // The title and provider orders, ready before a sort key asks for them.
    model.feed.settle_orders();
    let Progress { errors, .. } = model.loading.take().unwrap_or_default();
    let n = model.errors.len().max(errors);
    if n > 0 {
        let files = plural(n, "file");
        model.error(format!("{files} failed to load; press e to see them"));
    }
}

fn scroll_detail(model: &mut Model, delta: isize) {
    let max = match (model.areas().detail, model.selected_item()) {
        (Some(r), Some(item)) => {
            let lines = crate::app::detail::lines(model, item, inner_width(r)).len();
            max_scroll(lines, layout::inner_rows(Some(r)))
        }
        _ => 0,
    };
    model.detail_scroll = model.detail_scroll.saturating_add_signed(delta).min(max);
}

/// Counts, not the list, bound the related selection: while the list is being read the
/// place in it (moved to, or come back to with Backspace) is kept for when it arrives.
fn related_count(model: &Model) -> usize {
    model.selected_item().map_or(0, Item::related_count)
}

fn move_related(model: &mut Model, delta: isize) {
    let len = related_count(model);
    model.related_selected = step(model.related_selected, delta, len);
    keep_visible(model);
}

/// Scroll offsets follow the selections so the selected rows stay on screen.
fn keep_visible(model: &mut Model) {
    let a = model.areas();
    model.cursor = model.cursor.min(model.view.len().saturating_sub(1));
    model.list_offset = follow(model.list_offset, model.cursor, a.list_rows());
    let related = related_count(model);
    model.related_selected = model.related_selected.min(related.saturating_sub(1));
    model.related_offset = follow(
        model.related_offset,
        model.related_selected,
        a.related_entries(),
    );
    // The text may have shrunk (a resize, another item): keep the scroll within it. The
    // overlay's scroll is kept by `refresh_popup`.
    scroll_detail(model, 0);
}

fn activate(model: &mut Model) -> Vec<Effect> {
    match model.focus {
        Pane::List => model.focus = Pane::Detail,
        Pane::Detail => {}
        Pane::Related => {
            let Some(rel) = model.shown_related().get(model.related_selected) else {
                if related_count(model) > 0 {
                    model.info("Still reading this item's related articles");
                }
                return Vec::new();
            };
            let url = rel.url().map(str::to_owned);
            let here = model.selected.map(|id| Visit {
                id,
                related: model.related_selected,
            });
            match model.related_target(rel) {
                Some(id) if select_item(model, id) => {
                    let title = model.selected_item().map(Item::display_title);
                    model.history.extend(here);
                    model.focus = Pane::List;
                    model.info(format!(
                        "In the feed: {} (Backspace goes back)",
                        title.unwrap_or_default()
                    ));
                }
                _ => {
                    return open(model, url, "related");
                }
            }
        }
    }
    Vec::new()
}

/// Back along the related articles followed: to the item each was followed from, with
/// that article selected again. An item no longer in the list is passed over.
fn back(model: &mut Model) {
    while let Some(visit) = model.history.pop() {
        if select_item(model, visit.id) {
            model.focus = Pane::Related;
            model.related_selected = visit.related;
            keep_visible(model);
            let title = model.selected_item().map(Item::display_title);
            model.info(format!("Back to: {}", title.unwrap_or_default()));
            return;
        }
    }
    model.info("Nothing to go back to");
}

/// Only http(s) URLs leave the program: a `javascript:` or `file:` URL in a feed, or one
/// that starts with `-` and would read as a browser option, is refused.
pub fn check_url(url: &str) -> Result<&str, String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    if !web || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "Refused: only http and https URLs are opened ({url:?})"
        ));
    }
    Ok(url)
}

fn open(model: &mut Model, url: Option<String>, which: &str) -> Vec<Effect> {
    let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
        model.error(format!("No {which} URL for this item"));
        return Vec::new();
    };
    match check_url(&url) {
        Ok(url) => vec![Effect::OpenUrl {
            url: url.to_owned(),
        }],
        Err(message) => {
            model.error(message);
            Vec::new()
        }
    }
}

/// Ask for a write of the selected item's flag (`None` toggles it): one journal step.
fn write_selected(model: &mut Model, value: Option<bool>, origin: bulk::Origin) -> Vec<Effect> {
    let Some(item) = model.selected_item() else {
        return Vec::new();
    };
    let value = value.unwrap_or(!item.is_published());
    bulk::single(model, item.id, value, origin)
}

fn reloaded(model: &mut Model, id: ItemId, item: Option<Box<Item>>, error: Option<String>) {
    if let Some(error) = error {
        let name = model.feed.get(id).map(|i| file_name(&i.path));
        model.error(format!(
            "Not reloaded: {error} ({})",
            name.unwrap_or_default()
        ));
        return;
    }
    if let Some(item) = item
        && item.id == id
    {
        // The file was read whole: the panes get it all, the list keeps it slim.
        model.whole.hold((*item).clone());
        model.feed.insert(item.slimmed());
        model.view.refresh(&model.feed, id);
        view_changed(model);
    }
}

fn click(model: &mut Model, column: u16, row: u16) {
    let a = model.areas();
    let Some((pane, rect)) = layout::pane_at(&a, column, row) else {
        return;
    };
    model.focus = pane;
    let Some(line) = layout::inner_line(rect, row) else {
        return;
    };
    match pane {
        Pane::List => {
            let Some(row) = line.checked_sub(layout::LIST_HEADER) else {
                return;
            };
            let row = model.list_offset + row;
            if row < model.view.len() {
                select(model, row);
                model.chosen = true;
            }
        }
        Pane::Related => {
            let index = model.related_offset + line / layout::RELATED_ROWS;
            if index < related_count(model) {
                model.related_selected = index;
            }
        }
        Pane::Detail => {}
    }
}

fn wheel(model: &mut Model, column: u16, row: u16, down: bool) {
    let Some((pane, _)) = layout::pane_at(&model.areas(), column, row) else {
        return;
    };
    let sign = if down { 1 } else { -1 };
    match pane {
        Pane::List => move_list(model, sign * WHEEL_STEP),
        Pane::Detail => scroll_detail(model, sign * WHEEL_STEP),
        Pane::Related => move_related(model, sign),
    }
}

#[cfg(test)]
mod tests;
