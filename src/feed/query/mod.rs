//! The query language shared by the CLI, the TUI filter and bulk actions, so a query means
//! the same everywhere. `parse` gives a `Query` (printable back to canonical text);
//! `Matcher::new(&query, &clock)` compiles it against a `now` and a time zone.
//!
//! Syntax, in short: bare words, "phrases" and /regexes/ match title, excerpt, provider
//! and topics; `field:value` narrows to one field; `is:` `has:` test state; `quality:>=80`,
//! `date:2023-09`, `newer:7d` compare; `-x` / `not x` negate; `or` between terms; ( )
//! group; AND (implicit, or the word `and`) binds tighter than OR.

mod ast;
pub(crate) mod fields;
mod fold;
mod folded;
mod joined;
mod lex;
mod matcher;
mod parse;
mod prefilter;
mod print;

use std::fmt;

pub use ast::{
    DateCmp, DateSpec, Flag, NumCmp, NumField, Op, Pattern, Query, Re, State, Term, TextField, Unit,
};
pub use fold::fold;
pub use folded::{FoldedTexts, Prepared};
pub use matcher::{Clock, Matcher};

/// Why a query did not parse, and where: `column` counts characters from 1; one past the
/// end means "the query stopped where more was expected".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

impl QueryError {
    pub(crate) fn new(column: usize, message: impl Into<String>) -> QueryError {
        QueryError {
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for QueryError {}

impl std::str::FromStr for Query {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Query, QueryError> {
        parse::parse(s)
    }
}

/// Parse a query; the empty query (or only blanks) matches everything.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    parse::parse(input)
}
