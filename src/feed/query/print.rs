//! The canonical printed form of a `Query`: text that parses back to an equal query, so a
//! query can be stored (a saved view) and shown as the editor would type it.

use std::fmt;

use super::ast::{
    DateCmp, DateSpec, Flag, KEYWORDS, NumCmp, NumField, Pattern, Query, State, Term, TextField,
};

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
fn is_plain_word(t: &str, bare_term: bool) -> bool {
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
