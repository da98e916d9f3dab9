use std::path::Path;

use jiff::tz::TimeZone;

use super::*;
use crate::app::update;
use crate::feed::loader::load;

fn q(s: &str) -> Query {
    query::parse(s).unwrap()
}

#[test]
fn a_word_that_grows_or_a_term_added_narrows_and_nothing_else_does() {
    assert!(narrows(&q(""), &q("h")));
    assert!(narrows(&q("h"), &q("ha")));
    assert!(narrows(&q("harbour"), &q("harbour f")));
    assert!(narrows(&q("title:caf"), &q("title:Café")));
    assert!(narrows(&q("is:unpublished ro"), &q("is:unpublished robot")));
    // Not by form: a different field, fewer terms, a number, an or, a negation, a regex.
    assert!(!narrows(&q("title:ha"), &q("excerpt:har")));
    assert!(!narrows(&q("harbour ferry"), &q("harbour")));
    assert!(!narrows(&q("quality:>=8"), &q("quality:>=80")));
    assert!(!narrows(&q("a"), &q("a or b")));
    assert!(!narrows(&q("-ro"), &q("-rob")));
    assert!(!narrows(&q("/fe/"), &q("/fer/")));
    assert!(!narrows(&q("harbour"), &q("arbour")));
}

fn model() -> Model {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/query");
    let now = "2026-03-10T12:00:00Z".parse().unwrap();
    Model::new(load(&dir).unwrap(), now, TimeZone::UTC)
}

/// Typing, erasing and retyping gives at every keystroke the list a fresh filter gives:
/// the narrowing shortcut never keeps an item it should drop or drops one it should keep.
#[test]
fn filter_as_you_type_equals_a_fresh_filter_at_every_keystroke() {
    let mut m = model();
    update(&mut m, Msg::Find(FindMsg::OpenFilter));
    let script = "cafe robot or ai -topic:x";
    let mut edits: Vec<Edit> = script.chars().map(Edit::Insert).collect();
    edits.extend([Edit::DeleteWord, Edit::Backspace, Edit::Backspace]);
    edits.extend("is:unpub".chars().map(Edit::Insert));
    edits.extend([Edit::Home, Edit::Insert('r'), Edit::End, Edit::Insert('x')]);
    // Erasing back over texts seen before: their kept results must be the fresh ones.
    edits.extend([Edit::Backspace; 12]);
    edits.extend([Edit::Home, Edit::Delete, Edit::End]);
    edits.extend([Edit::Backspace; 12]);
    for e in edits {
        update(&mut m, Msg::Find(FindMsg::Edit(e)));
        let text = m.find.prompt.as_ref().unwrap().line.text().to_owned();
        let mut fresh = model();
        if set_filter(&mut fresh, &text).is_ok() {
            assert_eq!(m.view.ids(), fresh.view.ids(), "after {e:?}: {text:?}");
        }
    }
}

#[test]
fn enter_keeps_the_filter_and_esc_puts_the_old_one_back() {
    let mut m = model();
    let all = m.view.len();
    set_filter(&mut m, "is:published").unwrap();
    let published = m.view.len();
    assert!(published < all);
    update(&mut m, Msg::Find(FindMsg::OpenFilter));
    assert_eq!(m.find.prompt.as_ref().unwrap().line.text(), "is:published");
    update(&mut m, Msg::Find(FindMsg::Edit(Edit::DeleteToStart)));
    assert_eq!(m.view.len(), all);
    update(&mut m, Msg::Find(FindMsg::Edit(Edit::Cancel)));
    assert_eq!(
        (m.view.len(), m.find.query.as_str()),
        (published, "is:published")
    );
    update(&mut m, Msg::Find(FindMsg::OpenFilter));
    update(&mut m, Msg::Find(FindMsg::Edit(Edit::DeleteToStart)));
    update(&mut m, Msg::Find(FindMsg::Edit(Edit::Accept)));
    assert!(m.find.prompt.is_none());
    assert_eq!((m.view.len(), m.find.query.as_str()), (all, ""));
}

#[test]
fn one_now_for_all_the_typing_in_a_prompt() {
    let mut m = model();
    update(&mut m, Msg::Find(FindMsg::OpenFilter));
    let opened = m.now;
    let later = opened
        .checked_add(jiff::SignedDuration::from_hours(30))
        .unwrap();
    update(&mut m, Msg::Tick { now: later });
    assert_eq!(clock(&m).now, opened, "a tick mid-typing changes nothing");
    update(&mut m, Msg::Find(FindMsg::Edit(Edit::Accept)));
    assert_eq!(
        clock(&m).now,
        later,
        "the next filter is read at the new now"
    );
}
