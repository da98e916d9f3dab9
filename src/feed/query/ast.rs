//! The parsed query. Its canonical printed form is in `print.rs`.

use regex::{Regex, RegexBuilder};

/// A parsed query. Built only through `Query::and`/`Query::or` so nested groups of the same
/// kind are flattened: `(a b) c` and `a b c` are one and the same query.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// The empty query: matches every item.
    All,
    Term(Term),
    Not(Box<Query>),
    /// Every part must match; at least two parts.
    And(Vec<Query>),
    /// At least one part must match; at least two parts.
    Or(Vec<Query>),
}

impl Query {
    /// All of `parts`: flattens nested `And`s, drops `All`, unwraps a single part.
    pub fn and(parts: Vec<Query>) -> Query {
        Self::join(parts, true)
    }

    /// Any of `parts`: flattens nested `Or`s, unwraps a single part; `All` absorbs the rest.
    pub fn or(parts: Vec<Query>) -> Query {
        Self::join(parts, false)
    }

    fn join(parts: Vec<Query>, and: bool) -> Query {
        let mut flat = Vec::with_capacity(parts.len());
        for p in parts {
            match p {
                Query::All if and => {}
                Query::All => return Query::All,
                Query::And(inner) if and => flat.extend(inner),
                Query::Or(inner) if !and => flat.extend(inner),
                p => flat.push(p),
            }
        }
        match flat.len() {
            0 => Query::All,
            1 => flat.pop().unwrap_or(Query::All),
            _ if and => Query::And(flat),
            _ => Query::Or(flat),
        }
    }

    /// Not `q`; a double negation cancels, so `--x` is `x` and its printed form never
    /// nests deeper than what was typed could parse (found by fuzzing: 45 `-` parsed,
    /// but printed as 45 nested `-( )` they were refused as too deep).
    pub fn negate(q: Query) -> Query {
        match q {
            Query::Not(inner) => *inner,
            q => Query::Not(Box::new(q)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// A word, phrase or regex in one field (or, for `TextField::Any`, in the usual ones).
    Text(TextField, Pattern),
    Is(State),
    Has(Flag),
    Num(NumField, NumCmp),
    Date(DateCmp),
    /// `newer:7d` (`newer: true`) or `older:2w`.
    Age {
        newer: bool,
        amount: u32,
        unit: Unit,
    },
    /// `today`: dated today in the matcher's time zone.
    Today,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// A bare word: title, excerpt, provider name and topics.
    Any,
    Title,
    Excerpt,
    Provider,
    Domain,
    Topic,
    Category,
    Type,
    Url,
    Path,
}

impl TextField {
    pub const NAMED: [(&'static str, TextField); 9] = [
        ("title", TextField::Title),
        ("excerpt", TextField::Excerpt),
        ("provider", TextField::Provider),
        ("domain", TextField::Domain),
        ("topic", TextField::Topic),
        ("category", TextField::Category),
        ("type", TextField::Type),
        ("url", TextField::Url),
        ("path", TextField::Path),
    ];

    pub fn name(self) -> &'static str {
        Self::NAMED
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }
}

/// What a text term looks for. Words and phrases are one thing (a substring, compared
/// case- and accent-insensitively); only the printed form decides whether quotes are needed.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    Text(String),
    Regex(Re),
}

/// A compiled regular expression that compares (and prints) by its source.
#[derive(Debug, Clone)]
pub struct Re(pub Regex);

impl PartialEq for Re {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

/// Compiled size limits: the regex crate runs in linear time, and these keep a hostile
/// pattern (`a{1000}{1000}`) from taking memory or seconds to compile.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

impl Re {
    pub fn new(src: &str) -> Result<Re, regex::Error> {
        RegexBuilder::new(src)
            .case_insensitive(true)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .nest_limit(64)
            .build()
            .map(Re)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The pattern's syntax tree as `new` reads it (case ignored), for what looks into
    /// it (prefilter.rs, joined.rs).
    pub fn hir(&self) -> Option<regex_syntax::hir::Hir> {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .nest_limit(64)
            .build()
            .parse(self.as_str())
            .ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Published,
    Unpublished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Related,
    Image,
    Quality,
    Original,
}

impl State {
    pub const ALL: [(&'static str, State); 2] = [
        ("published", State::Published),
        ("unpublished", State::Unpublished),
    ];
}

impl Flag {
    pub const ALL: [(&'static str, Flag); 4] = [
        ("related", Flag::Related),
        ("image", Flag::Image),
        ("quality", Flag::Quality),
        ("original", Flag::Original),
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumField {
    Quality,
    Heat,
    /// The number of related articles.
    Related,
}

impl NumField {
    pub const ALL: [(&'static str, NumField); 3] = [
        ("quality", NumField::Quality),
        ("heat", NumField::Heat),
        ("related", NumField::Related),
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
}

impl Op {
    pub(super) fn symbol(self) -> &'static str {
        match self {
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Eq => "",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumCmp {
    Op(Op, i64),
    /// Both ends included; `lo <= hi`.
    Range(i64, i64),
}

/// A year, a month or a day, as written in `date:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpec {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCmp {
    /// `date:2023-09`: within that year, month or day (also `date:=2023-09`).
    On(DateSpec),
    /// `date:>2023-01-01`; `Op::Eq` is never stored here (it is `On`).
    Op(Op, DateSpec),
    /// `date:2023-01..2023-03`: from the start of the first to the end of the second.
    Range(DateSpec, DateSpec),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    pub const ALL: [(char, Unit); 5] = [
        ('h', Unit::Hour),
        ('d', Unit::Day),
        ('w', Unit::Week),
        ('m', Unit::Month),
        ('y', Unit::Year),
    ];

    pub(super) fn letter(self) -> char {
        Self::ALL
            .iter()
            .find(|(_, u)| *u == self)
            .map_or('d', |p| p.0)
    }
}

/// Words that mean something on their own, so a bare word equal to one must be quoted.
pub const KEYWORDS: [&str; 4] = ["or", "and", "not", "today"];
