//! The facets overlay: topics, providers, categories and years with their counts over the
//! current filter (feed/facets.rs, the numbers `newsdesk count` prints). Choosing a value
//! adds its term to the filter; choosing it again takes the term out.

use jiff::tz::TimeZone;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::find::{FindMsg, set_filter};
use crate::app::model::Model;
use crate::app::msg::Msg;
use crate::feed::facets::{Facet, facets_in};
use crate::feed::query::{self, Pattern, Query, Term, TextField};

/// Values shown per facet: the most common; the rest are a query away.
pub const PER_FACET: usize = 30;

pub const ORDER: [(Facet, &str); 4] = [
    (Facet::Topic, "Topics"),
    (Facet::Provider, "Providers"),
    (Facet::Category, "Categories"),
    (Facet::Year, "Years"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub facet: Facet,
    pub value: String,
    pub count: usize,
    /// The query term that selects this value, as the filter will show it.
    pub term: String,
}

/// What a key does while the overlay is open: move, choose, close; any other key is
/// swallowed (the overlay's title says which keys work).
pub fn key_msg(key: &KeyEvent) -> Option<Msg> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Msg::Quit),
            KeyCode::Char('d') => Some(Msg::Find(FindMsg::FacetMove(10))),
            KeyCode::Char('u') => Some(Msg::Find(FindMsg::FacetMove(-10))),
            _ => None,
        };
    }
    let m = match key.code {
        KeyCode::Char('j') | KeyCode::Down => FindMsg::FacetMove(1),
        KeyCode::Char('k') | KeyCode::Up => FindMsg::FacetMove(-1),
        KeyCode::Char('g') | KeyCode::Home => FindMsg::FacetMove(isize::MIN / 2),
        KeyCode::Char('G') | KeyCode::End => FindMsg::FacetMove(isize::MAX / 2),
        KeyCode::PageDown => FindMsg::FacetMove(10),
        KeyCode::PageUp => FindMsg::FacetMove(-10),
        KeyCode::Enter | KeyCode::Char(' ') => FindMsg::ChooseFacet,
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('F') => FindMsg::CloseFacets,
        _ => return None,
    };
    Some(Msg::Find(m))
}

/// Count the facets over the items the list shows now.
pub fn count(model: &mut Model) {
    let items: Vec<_> = model
        .view
        .ids()
        .iter()
        .filter_map(|&id| model.feed.get(id))
        .collect();
    let mut rows = Vec::new();
    for (facet, _) in ORDER {
        for (value, count) in facets_in(items.iter().copied(), facet, &TimeZone::UTC)
            .into_iter()
            .take(PER_FACET)
        {
            let term = term(facet, &value);
            rows.push(Row {
                facet,
                value,
                count,
                term,
            });
        }
    }
    model.find.facets = rows;
}

/// `topic:"Google AI"`, `provider:Reuters`, `date:2023`, printed by the query module so it
/// parses back to the same term whatever the value holds.
pub fn term(facet: Facet, value: &str) -> String {
    let field = match facet {
        Facet::Topic => TextField::Topic,
        Facet::Provider => TextField::Provider,
        Facet::Category => TextField::Category,
        Facet::Year => {
            let q = query::parse(&format!("date:{value}"));
            return match q {
                Ok(q) => q.to_string(),
                Err(_) => format!("date:{value}"),
            };
        }
    };
    Query::Term(Term::Text(field, Pattern::Text(value.to_owned()))).to_string()
}

/// Whether the filter holds this term (the overlay ticks it, and choosing takes it out).
pub fn chosen(filter: &str, term: &str) -> bool {
    filter.contains(term)
}

/// Add the selected row's term to the filter, or take it out if it is there.
pub fn choose(model: &mut Model) {
    if !model.find.facets_open {
        return;
    }
    let rows = &model.find.facets;
    if rows.is_empty() {
        return;
    }
    let at = model.find.facet_cursor.min(rows.len() - 1);
    let row = rows[at].clone();
    let old = model.find.query.clone();
    let new = toggle(&old, &row.term);
    match set_filter(model, &new) {
        Ok(()) => {
            model.find.view_name = None;
            let word = if new.len() < old.len() {
                "Removed"
            } else {
                "Added"
            };
            let text = format!(
                "{word} {}: {} of {} items",
                row.term,
                model.view.len(),
                model.feed.len()
            );
            model.info(text);
        }
        Err(e) => model.error(format!("Could not add {}: {e}", row.term)),
    }
    count(model);
    // Keep the cursor on the same value if it is still listed.
    let rows = &model.find.facets;
    model.find.facet_cursor = rows
        .iter()
        .position(|r| r.facet == row.facet && r.value == row.value)
        .unwrap_or(at.min(rows.len().saturating_sub(1)));
}

/// `old` with `term` taken out if present, else added (AND). An `or` at the top of `old`
/// is grouped first, so the term narrows the whole of it.
pub fn toggle(old: &str, term: &str) -> String {
    if let Some(at) = old.find(term) {
        let mut s = String::with_capacity(old.len());
        s.push_str(&old[..at]);
        s.push_str(&old[at + term.len()..]);
        return s.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let old = old.trim();
    if old.is_empty() {
        return term.to_owned();
    }
    match query::parse(old) {
        Ok(Query::Or(_)) => format!("({old}) {term}"),
        _ => format!("{old} {term}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_is_added_once_and_removed_again() {
        let t = term(Facet::Topic, "Google AI");
        assert_eq!(t, "topic:\"Google AI\"");
        let added = toggle("is:unpublished", &t);
        assert_eq!(added, "is:unpublished topic:\"Google AI\"");
        assert_eq!(toggle(&added, &t), "is:unpublished");
        assert_eq!(toggle("", &t), t);
        assert_eq!(toggle("a or b", "date:2023"), "(a or b) date:2023");
        assert!(query::parse(&toggle("a or b", &t)).is_ok());
    }

    #[test]
    fn terms_parse_back_to_the_value() {
        for (facet, value) in [
            (Facet::Topic, "Robotics"),
            (Facet::Provider, "Say \"hi\" Ltd"),
            (Facet::Category, "news"),
            (Facet::Year, "2023"),
        ] {
            let t = term(facet, value);
            let q = query::parse(&t).unwrap_or_else(|e| panic!("{t}: {e}"));
            assert_eq!(q.to_string(), t);
        }
    }
}
