//! The parsed query, and its canonical printed form. `Display` prints text that parses back
//! to an equal `Query`, so a query can be stored (a saved view) and shown as typed.

use std::fmt;

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

    pub fn negate(q: Query) -> Query {
        Query::Not(Box::new(q))
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
    fn symbol(self) -> &'static str {
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

    fn letter(self) -> char {
        Self::ALL
            .iter()
            .find(|(_, u)| *u == self)
            .map_or('d', |p| p.0)
    }
}

/// Words that mean something on their own, so a bare word equal to one must be quoted.
pub const KEYWORDS: [&str; 4] = ["or", "and", "not", "today"];

// ---------------------------------------------------------------- printing

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::All => Ok(()),
            Query::Term(t) => write!(f, "{t}"),
            Query::Not(q) => match **q {
                Query::Term(_) => write!(f, "-{q}"),
                _ => write!(f, "-({q})"),
            },
            Query::And(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    // AND binds tighter than OR, so only an OR inside needs brackets.
                    match p {
                        Query::Or(_) | Query::All => write!(f, "({p})")?,
                        _ => write!(f, "{p}")?,
                    }
                }
                Ok(())
            }
            Query::Or(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" or ")?;
                    }
                    match p {
                        Query::All => write!(f, "()")?,
                        _ => write!(f, "{p}")?,
                    }
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Text(TextField::Any, p) => write_pattern(f, p, true),
            Term::Text(field, p) => {
                write!(f, "{}:", field.name())?;
                write_pattern(f, p, false)
            }
            Term::Is(s) => {
                let name = State::ALL.iter().find(|(_, x)| x == s).map_or("", |p| p.0);
                write!(f, "is:{name}")
            }
            Term::Has(h) => {
                let name = Flag::ALL.iter().find(|(_, x)| x == h).map_or("", |p| p.0);
                write!(f, "has:{name}")
            }
            Term::Num(field, cmp) => {
                let name = NumField::ALL
                    .iter()
                    .find(|(_, x)| x == field)
                    .map_or("", |p| p.0);
                match cmp {
                    NumCmp::Op(op, n) => write!(f, "{name}:{}{n}", op.symbol()),
                    NumCmp::Range(a, b) => write!(f, "{name}:{a}..{b}"),
                }
            }
            Term::Date(DateCmp::On(d)) => write!(f, "date:{d}"),
            Term::Date(DateCmp::Op(op, d)) => write!(f, "date:{}{d}", op.symbol()),
            Term::Date(DateCmp::Range(a, b)) => write!(f, "date:{a}..{b}"),
            Term::Age {
                newer,
                amount,
                unit,
            } => {
                let name = if *newer { "newer" } else { "older" };
                write!(f, "{name}:{amount}{}", unit.letter())
            }
            Term::Today => f.write_str("today"),
        }
    }
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

fn write_pattern(f: &mut fmt::Formatter<'_>, p: &Pattern, bare_term: bool) -> fmt::Result {
    match p {
        Pattern::Text(t) if is_plain_word(t, bare_term) => f.write_str(t),
        Pattern::Text(t) => {
            f.write_str("\"")?;
            for c in t.chars() {
                if c == '"' || c == '\\' {
                    f.write_str("\\")?;
                }
                write!(f, "{c}")?;
            }
            f.write_str("\"")
        }
        Pattern::Regex(re) => {
            f.write_str("/")?;
            let mut chars = re.as_str().chars();
            while let Some(c) = chars.next() {
                match c {
                    // An escape is copied whole, so `\\` before a `/` stays a pair.
                    '\\' => {
                        f.write_str("\\")?;
                        if let Some(n) = chars.next() {
                            write!(f, "{n}")?;
                        }
                    }
                    '/' => f.write_str("\\/")?,
                    c => write!(f, "{c}")?,
                }
            }
            f.write_str("/")
        }
    }
}

/// Whether `t` reads back as the same word without quotes. A field's value may hold `:`
/// and keywords (`title:or`), a bare term may not.
pub fn is_plain_word(t: &str, bare_term: bool) -> bool {
    let Some(first) = t.chars().next() else {
        return false;
    };
    if first == '/' || (bare_term && first == '-') {
        return false;
    }
    if t.chars()
        .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '"'))
    {
        return false;
    }
    !bare_term || (!t.contains(':') && !KEYWORDS.iter().any(|k| t.eq_ignore_ascii_case(k)))
}
