//! Finding things in the list: the filter prompt (filter as you type, with the query
//! language of feed/query), search within the view (`n`/`N`), sort keys, facets and saved
//! views. State lives in `Model::find`; every change goes through `update` here. Search is
//! in app/search.rs, saved views in app/views.rs, facets in app/facets.rs.

use std::time::Duration;

use jiff::tz::TimeZone;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::facets;
use crate::app::filtering::{BUDGET, Job};
use crate::app::model::Model;
use crate::app::msg::Msg;
use crate::app::prompt::{self, Edit, Line};
use crate::app::update::select;
use crate::app::view::Filter;
pub use crate::app::views::{SavedView, builtin_views, saved_views, start};
use crate::app::{search, views};
use crate::feed::ItemId;
use crate::feed::query::{self, Clock, Matcher, Pattern, Query, QueryError, Term};
use crate::feed::sort::{Sort, SortKey};

#[derive(Debug, Clone, PartialEq)]
pub enum FindMsg {
    /// `/`: the filter prompt.
    OpenFilter,
    /// `\`: show every item again.
    ClearFilter,
    /// Search titles in the view without narrowing it.
    OpenSearch,
    SearchNext,
    SearchPrev,
    /// Next sort key, in its natural direction.
    CycleSort,
    ReverseSort,
    ShowFacets,
    /// Enter in the facets overlay: add the chosen value to the filter, or take it out.
    ChooseFacet,
    /// Move the facets overlay's cursor.
    FacetMove(isize),
    CloseFacets,
    /// A saved view, counted from 0.
    View(usize),
    /// A key while a prompt is open.
    Edit(Edit),
    /// The next slice of a filter being typed (`Find::pending`).
    Work,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    Search,
}

#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    pub line: Line,
    /// Why the text does not parse; the list keeps the last good result meanwhile.
    pub error: Option<QueryError>,
    /// A search that found no title.
    pub missing: bool,
    /// What Esc puts back: the filter text, or the row the search started from.
    before: String,
    pub(crate) origin: (Option<ItemId>, usize),
    /// "Now" for every query typed in this prompt: one instant for the whole typing, so
    /// a clock tick between two keys neither shifts `newer:7d` nor stops the narrowing.
    opened: jiff::Timestamp,
}

#[derive(Debug, Default)]
pub struct Find {
    /// The filter in force, as typed ("" for none).
    pub query: String,
    /// The saved view the filter and sort came from, until either is changed.
    pub view_name: Option<String>,
    pub views: Vec<SavedView>,
    pub prompt: Option<Prompt>,
    /// The kept search (after Enter), for `n`/`N` and the highlight in the list.
    pub search: Option<String>,
    /// The facets overlay's rows, counted when it opened or the filter changed; it is
    /// open while `facets_open`, with its cursor on `facet_cursor`. (Not an `Overlay`: its
    /// keys are its own, read before the keymap like the prompt's.)
    pub facets: Vec<facets::Row>,
    pub facets_open: bool,
    pub facet_cursor: usize,
    /// The query the view is filtered by and the "now" it was compiled with: a next
    /// query that only narrows it need test only the items shown.
    applied: Option<(Query, jiff::Timestamp)>,
    /// Results of the texts typed in the open prompt, so Backspace back to one of them
    /// (the query widening again) costs nothing. Kept only while `seen` still holds.
    typed: Vec<(String, Vec<ItemId>)>,
    seen: Option<Seen>,
    /// A typed filter still being run over the list (app/filtering.rs); the list shows
    /// the last result meanwhile.
    pub pending: Option<Pending>,
    /// How long a slice of it may take before a frame (`None`: `filtering::BUDGET`);
    /// tests set none at all, so that every slice shows.
    pub budget: Option<Duration>,
}

/// A typed filter not yet run over every item, and what applying it takes.
pub struct Pending {
    job: Job,
    text: String,
    query: Query,
    now: jiff::Timestamp,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").field("text", &self.text).finish()
    }
}

impl Pending {
    /// Items tested, of how many.
    pub fn progress(&self, model: &Model) -> (usize, usize) {
        self.job.progress(&model.feed)
    }
}

/// What must not change for a kept result to still be right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    items: usize,
    published: usize,
    sort: Sort,
    now: jiff::Timestamp,
}

/// Results kept per prompt: Backspace rarely goes further back than this.
const TYPED_KEPT: usize = 32;

fn seen(model: &Model, now: jiff::Timestamp) -> Seen {
    Seen {
        items: model.feed.len(),
        published: model.feed.published_count(),
        sort: model.view.sort(),
        now,
    }
}

/// Keys read before the keymap: every key while a prompt is open (so none can act on an
/// item), and the digits that pick a saved view.
pub fn key_msg(model: &Model, key: &KeyEvent) -> Option<Option<Msg>> {
    if model.find.prompt.is_some() {
        return Some(prompt::edit_for(key).map(|e| Msg::Find(FindMsg::Edit(e))));
    }
    if model.find.facets_open {
        return Some(facets::key_msg(key));
    }
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        KeyCode::Char(c @ '1'..='9') if plain && model.overlay.is_none() => {
            let n = c as usize - '1' as usize;
            Some(Some(Msg::Find(FindMsg::View(n))))
        }
        _ => None,
    }
}

/// The hint for a key bound to nothing here. Keys that are only a modifier, or that a
/// terminal sends on its own (media, caps lock), get none.
pub fn unknown_key(key: &KeyEvent) -> Option<Msg> {
    let label = match key.code {
        KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => format!("Ctrl-{c}"),
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(_)
        | KeyCode::Esc
        | KeyCode::Enter
        | KeyCode::Backspace
        | KeyCode::Delete
        | KeyCode::Insert => key.code.to_string(),
        _ => return None,
    };
    Some(Msg::UnknownKey(label))
}

pub fn update(model: &mut Model, msg: FindMsg) {
    match msg {
        FindMsg::OpenFilter => open_prompt(model, PromptKind::Filter),
        FindMsg::OpenSearch => open_prompt(model, PromptKind::Search),
        FindMsg::ClearFilter => {
            if model.find.query.is_empty() {
                model.info("No filter to clear");
            } else {
                set_filter(model, "").ok();
                model.find.view_name = None;
                model.info(format!("Filter cleared: all {} items", model.view.len()));
            }
        }
        FindMsg::SearchNext => search::step(model, true),
        FindMsg::SearchPrev => search::step(model, false),
        FindMsg::CycleSort => {
            let sort = model.view.sort();
            let at = SortKey::ALL.iter().position(|(_, k)| *k == sort.key);
            let next = SortKey::ALL[at.map_or(0, |i| (i + 1) % SortKey::ALL.len())].1;
            set_sort(
                model,
                Sort {
                    key: next,
                    descending: next.default_descending(),
                },
            );
        }
        FindMsg::ReverseSort => {
            let mut sort = model.view.sort();
            sort.descending = !sort.descending;
            set_sort(model, sort);
        }
        FindMsg::ShowFacets => {
            facets::count(model);
            model.find.facets_open = true;
            model.find.facet_cursor = 0;
        }
        FindMsg::ChooseFacet => facets::choose(model),
        FindMsg::FacetMove(delta) => {
            let last = model.find.facets.len().saturating_sub(1);
            let at = model.find.facet_cursor.saturating_add_signed(delta);
            model.find.facet_cursor = at.min(last);
        }
        FindMsg::CloseFacets => model.find.facets_open = false,
        FindMsg::View(n) => views::open(model, n),
        FindMsg::Edit(edit) => edit_prompt(model, edit),
        FindMsg::Work => work(model, model.find.budget.unwrap_or(BUDGET)),
    }
}

/// Run the typed filter on for about `budget`, and apply it once every item is tested.
fn work(model: &mut Model, budget: Duration) {
    let Some(mut p) = model.find.pending.take() else {
        return;
    };
    if !p.job.run(&model.feed, budget) {
        model.find.pending = Some(p);
        return;
    }
    let (filter, ids) = p.job.finish(&model.feed, &model.view);
    model.view.restore(Some(filter), ids);
    applied(model, &p.text, p.query, p.now, true);
    typed_selection(model);
}

/// Finish the typed filter being run, if any: before anything else reads the list.
pub fn finish_pending(model: &mut Model) {
    work(model, Duration::MAX);
}

/// How the list's title names the order.
pub fn sort_label(sort: Sort) -> String {
    let dir = if sort.descending { "desc" } else { "asc" };
    format!("{} {dir}", sort.key.name())
}

fn set_sort(model: &mut Model, sort: Sort) {
    model.view.set_sort(sort, &model.feed);
    model.find.view_name = None;
    keep_selection(model);
    model.info(format!("Sorted by {}", sort_label(sort)));
}

/// The clock queries are matched with: the model's now, dates in UTC as in the CLI, so the
/// desk and `newsdesk list --query` agree.
pub fn clock(model: &Model) -> Clock {
    Clock {
        now: model.find.prompt.as_ref().map_or(model.now, |p| p.opened),
        tz: TimeZone::UTC,
    }
}

/// Filter the list by `text`. On a parse error nothing changes.
pub fn set_filter(model: &mut Model, text: &str) -> Result<(), QueryError> {
    set_filter_within(model, text, None)
}

/// As `set_filter`; with a `budget`, a filter that takes longer is left running
/// (`Find::pending`, app/filtering.rs) and the list keeps its last result until it ends.
fn set_filter_within(
    model: &mut Model,
    text: &str,
    budget: Option<Duration>,
) -> Result<(), QueryError> {
    let query = query::parse(text)?;
    // A filter still running is for text the editor has typed on from.
    model.find.pending = None;
    let clock = clock(model);
    let narrower = model
        .find
        .applied
        .as_ref()
        .is_some_and(|(old, now)| *now == clock.now && narrows(old, &query));
    let filter: Option<Filter> = match &query {
        Query::All => None,
        q => {
            let m = Matcher::new(q, &clock);
            Some(Box::new(move |i, p| match p {
                Some(p) => m.matches_prepared(i, p),
                None => m.matches(i),
            }))
        }
    };
    let now = seen(model, clock.now);
    if model.find.seen != Some(now) {
        model.find.typed.clear();
        model.find.seen = Some(now);
    }
    let kept = (model.find.prompt.is_some())
        .then(|| model.find.typed.iter().position(|(t, _)| t == text))
        .flatten();
    match (filter, kept) {
        (f, Some(at)) => {
            let ids = model.find.typed[at].1.clone();
            model.view.restore(f, ids);
        }
        (Some(f), None) => {
            // A narrower query tests only the items shown, unless they are most of the
            // feed: every item in memory order then costs less than those looked up by id.
            let mut job = match narrower && model.view.len() < model.feed.len() / 2 {
                true => Job::among(f, model.view.ids().to_vec()),
                false => Job::whole(f, &model.feed),
            };
            if !job.run(&model.feed, budget.unwrap_or(Duration::MAX)) {
                let (text, now) = (text.to_owned(), clock.now);
                model.find.pending = Some(Pending {
                    job,
                    text,
                    query,
                    now,
                });
                return Ok(());
            }
            let (f, ids) = job.finish(&model.feed, &model.view);
            model.view.restore(Some(f), ids);
        }
        (None, None) => model.view.set_filter(None, &model.feed),
    }
    applied(model, text, query, clock.now, kept.is_none());
    Ok(())
}

/// The view now shows the result of `text`: keep it for Backspace (when `new`), name it,
/// and keep the selection.
fn applied(model: &mut Model, text: &str, query: Query, now: jiff::Timestamp, new: bool) {
    if model.find.prompt.is_some() && new {
        if model.find.typed.len() == TYPED_KEPT {
            model.find.typed.remove(0);
        }
        let ids = model.view.ids().to_vec();
        model.find.typed.push((text.to_owned(), ids));
    }
    model.find.applied = Some((query, now));
    model.find.query = text.trim().to_owned();
    // The bulk confirmation names the query the view was filtered by.
    (model.view).set_filter_text(Some(model.find.query.clone()).filter(|q| !q.is_empty()));
    keep_selection(model);
}

/// Whether every item `new` matches also matches `old`, seen from their form alone: `new`
/// has `old`'s AND-ed parts in order, each the same or a word that grew (a longer needle
/// is found only where the shorter one is), and maybe more parts after them. Typing at
/// the end of a query is almost always this, so the next keystroke tests only the items
/// still shown.
pub fn narrows(old: &Query, new: &Query) -> bool {
    fn parts(q: &Query) -> &[Query] {
        match q {
            Query::All => &[],
            Query::And(v) => v,
            other => std::slice::from_ref(other),
        }
    }
    let (old, new) = (parts(old), parts(new));
    old.len() <= new.len()
        && old.iter().zip(new).all(|(a, b)| {
            a == b
                || match (a, b) {
                    (
                        Query::Term(Term::Text(fa, Pattern::Text(x))),
                        Query::Term(Term::Text(fb, Pattern::Text(y))),
                    ) => fa == fb && query::fold(y).contains(&query::fold(x)),
                    _ => false,
                }
        })
}

/// After the view changed: the same item if it is still shown, else the top row.
fn keep_selection(model: &mut Model) {
    let row = model
        .selected
        .and_then(|id| model.view.position(id))
        .unwrap_or(0);
    select(model, row);
}

fn open_prompt(model: &mut Model, kind: PromptKind) {
    model.find.typed.clear();
    let text = match kind {
        // The filter in force, then a space: what is typed narrows it (`/robotics` in
        // the inbox finds unpublished robotics items) instead of running into its last
        // word; Ctrl-u clears it for a fresh query.
        PromptKind::Filter if model.find.query.trim().is_empty() => String::new(),
        PromptKind::Filter => format!("{} ", model.find.query.trim_end()),
        PromptKind::Search => String::new(),
    };
    model.find.prompt = Some(Prompt {
        kind,
        line: Line::new(&text),
        error: None,
        missing: false,
        before: model.find.query.clone(),
        origin: (model.selected, model.cursor),
        opened: model.now,
    });
    if kind == PromptKind::Filter {
        // What the list shows now is the result of the text the prompt opens with.
        let now = model.now;
        model.find.seen = Some(seen(model, now));
        let ids = model.view.ids().to_vec();
        model.find.typed.push((text, ids));
    }
}

fn edit_prompt(model: &mut Model, edit: Edit) {
    let Some(p) = model.find.prompt.as_mut() else {
        return;
    };
    let kind = p.kind;
    match edit {
        Edit::Accept => accept(model),
        Edit::Cancel => cancel(model),
        _ => {
            if p.line.apply(edit) {
                let text = p.line.text().to_owned();
                match kind {
                    PromptKind::Filter => filter_as_typed(model, &text),
                    PromptKind::Search => search::as_typed(model, &text),
                }
            }
        }
    }
}

fn filter_as_typed(model: &mut Model, text: &str) {
    let result = set_filter_within(model, text, Some(model.find.budget.unwrap_or(BUDGET)));
    if model.find.pending.is_none() {
        typed_selection(model);
    }
    if result.is_ok() {
        model.find.view_name = None;
    }
    if let Some(p) = model.find.prompt.as_mut() {
        p.error = result.err();
    }
}

/// The item the editor was on when the prompt opened comes back whenever it matches
/// again: a keystroke that hid it for a moment does not lose it.
fn typed_selection(model: &mut Model) {
    let anchor = model.find.prompt.as_ref().and_then(|p| p.origin.0);
    if let Some(row) = anchor.and_then(|id| model.view.position(id)) {
        select(model, row);
    }
}

fn accept(model: &mut Model) {
    finish_pending(model);
    let Some(p) = model.find.prompt.as_ref() else {
        return;
    };
    match p.kind {
        PromptKind::Filter => {
            if p.error.is_some() {
                model.error("The filter does not parse: fix it, or Esc to put the old one back");
                return;
            }
            model.find.prompt = None;
            model.find.typed.clear();
            let text = if model.find.query.is_empty() {
                format!("No filter: all {} items", model.view.len())
            } else {
                format!("{} of {} items match", model.view.len(), model.feed.len())
            };
            model.info(text);
        }
        PromptKind::Search => {
            let text = p.line.text().trim().to_owned();
            model.find.prompt = None;
            model.find.search = (!text.is_empty()).then_some(text);
            if model.find.search.is_some() {
                model.info("n next match, N previous");
            }
        }
    }
}

fn cancel(model: &mut Model) {
    let Some(p) = model.find.prompt.clone() else {
        return;
    };
    if p.kind == PromptKind::Filter {
        // With the prompt still open, so the result kept for `before` is used. It
        // parsed when it was set.
        if set_filter(model, &p.before).is_err() {
            set_filter(model, "").ok();
        }
    }
    model.find.prompt = None;
    model.find.typed.clear();
    match p.kind {
        PromptKind::Filter => {}
        PromptKind::Search => {
            let (id, row) = p.origin;
            let row = id.and_then(|id| model.view.position(id)).unwrap_or(row);
            select(model, row.min(model.view.len().saturating_sub(1)));
        }
    }
}

#[cfg(test)]
mod tests;
