//! Tokens to `Query`: `or` of `and`s of (negated) terms, AND binding tighter than OR.
//!
//! ```text
//! query := or?          or := and ("or" and)*        and := unary ("and"? unary)*
//! unary := ("-" | "not") unary | "(" or ")" | term
//! ```

use super::QueryError;
use super::ast::{
    DateCmp, DateSpec, Flag, NumCmp, NumField, Op, Pattern, Query, Re, State, Term, TextField, Unit,
};
use super::fold::fold;
use super::lex::{Kind, Tok, Token, Value, lex};

/// Deeper nesting than this is refused, so a query of 100,000 `(` cannot overflow the stack.
const MAX_DEPTH: usize = 64;

pub fn parse(input: &str) -> Result<Query, QueryError> {
    let tokens = lex(input)?;
    let end = input.chars().count() + 1;
    let mut p = Parser {
        tokens,
        at: 0,
        end,
        depth: 0,
    };
    if p.tokens.is_empty() {
        return Ok(Query::All);
    }
    let q = p.or()?;
    match p.peek() {
        None => Ok(q),
        Some(t) if t.tok == Tok::Close => Err(QueryError::new(t.col, "unmatched ')'")),
        Some(t) => Err(QueryError::new(t.col, "expected a term")),
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    /// The column just past the input, where "expected ..." at the end points.
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn col(&self) -> usize {
        self.peek().map_or(self.end, |t| t.col)
    }

    fn or(&mut self) -> Result<Query, QueryError> {
        let mut parts = vec![self.and()?];
        while self.peek().is_some_and(|t| t.tok == Tok::Or) {
            self.at += 1;
            parts.push(self.and()?);
        }
        Ok(Query::or(parts))
    }

    fn and(&mut self) -> Result<Query, QueryError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek().map(|t| &t.tok) {
                None | Some(Tok::Or | Tok::Close) => break,
                Some(Tok::And) => {
                    self.at += 1;
                    parts.push(self.unary()?);
                }
                Some(_) => parts.push(self.unary()?),
            }
        }
        Ok(Query::and(parts))
    }

    fn unary(&mut self) -> Result<Query, QueryError> {
        let col = self.col();
        let Some(token) = self.peek().cloned() else {
            return Err(QueryError::new(col, "expected a term"));
        };
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(QueryError::new(col, "the query nests too deeply"));
        }
        let result = match token.tok {
            Tok::Not => {
                self.at += 1;
                self.unary().map(Query::negate)
            }
            Tok::Open => {
                self.at += 1;
                if self.peek().is_some_and(|t| t.tok == Tok::Close) {
                    return Err(QueryError::new(self.col(), "expected a term inside ( )"));
                }
                let inner = self.or()?;
                match self.peek() {
                    Some(t) if t.tok == Tok::Close => {
                        self.at += 1;
                        Ok(inner)
                    }
                    _ => Err(QueryError::new(
                        self.col(),
                        format!("expected ')' to close the '(' at column {col}"),
                    )),
                }
            }
            Tok::Close => Err(QueryError::new(col, "expected a term before ')'")),
            Tok::Or | Tok::And => Err(QueryError::new(
                col,
                "expected a term before 'or'/'and' (quote it to search for the word)",
            )),
            Tok::Value(v) => {
                self.at += 1;
                bare(v).map(Query::Term)
            }
            Tok::Field(name, v) => {
                self.at += 1;
                field(&name, token.col, v).map(Query::Term)
            }
        };
        self.depth -= 1;
        result
    }
}

fn bare(v: Value) -> Result<Term, QueryError> {
    if v.kind == Kind::Word && v.text.eq_ignore_ascii_case("today") {
        return Ok(Term::Today);
    }
    pattern(v).map(|p| Term::Text(TextField::Any, p))
}

fn pattern(v: Value) -> Result<Pattern, QueryError> {
    match v.kind {
        Kind::Regex if v.text.is_empty() => Err(QueryError::new(v.col, "empty regex //")),
        Kind::Regex => Re::new(&v.text).map(Pattern::Regex).map_err(|e| {
            let why = match e {
                regex::Error::CompiledTooBig(_) => "the regex is too big".to_owned(),
                e => e.to_string().lines().last().unwrap_or("").trim().to_owned(),
            };
            QueryError::new(v.col, format!("bad regex: {why}"))
        }),
        // A needle that folds to nothing (blanks, lone accents) would match every item.
        _ if fold(&v.text).trim().is_empty() => {
            Err(QueryError::new(v.col, "nothing to search for in \"\""))
        }
        // Item text never holds control characters (they are cleaned at load), and the
        // prepared text separates fields with NUL: such a needle could only match wrongly
        // (found by fuzzing: a lone NUL matched every item through the prepared text).
        _ if v.text.chars().any(char::is_control) => Err(QueryError::new(
            v.col,
            "control characters cannot be searched for",
        )),
        _ => Ok(Pattern::Text(v.text)),
    }
}

fn field(name: &str, col: usize, v: Value) -> Result<Term, QueryError> {
    if let Some((_, f)) = TextField::NAMED.iter().find(|(n, _)| *n == name) {
        return pattern(v).map(|p| Term::Text(*f, p));
    }
    if let Some((_, f)) = NumField::ALL.iter().find(|(n, _)| *n == name) {
        return number(word(&v, "a number like 80, >=80 or 80..120")?, v.col)
            .map(|c| Term::Num(*f, c));
    }
    match name {
        "is" => pick(&v, &State::ALL).map(Term::Is),
        "has" => pick(&v, &Flag::ALL).map(Term::Has),
        "date" => date_cmp(&v).map(Term::Date),
        "newer" | "older" => age(&v).map(|(amount, unit)| Term::Age {
            newer: name == "newer",
            amount,
            unit,
        }),
        _ => Err(QueryError::new(
            col,
            format!(
                "unknown field '{name}:'; expected one of title excerpt provider domain topic \
                 category type url path is has quality heat related date newer older \
                 (quote the word to search for it)"
            ),
        )),
    }
}

/// The value as a bare word, or an error saying what was expected instead.
fn word<'v>(v: &'v Value, expected: &str) -> Result<&'v str, QueryError> {
    match v.kind {
        Kind::Word => Ok(&v.text),
        _ => Err(QueryError::new(v.col, format!("expected {expected}"))),
    }
}

fn pick<T: Copy>(v: &Value, names: &[(&str, T)]) -> Result<T, QueryError> {
    let list: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
    let expected = format!("one of {}", list.join(", "));
    let w = word(v, &expected)?.to_ascii_lowercase();
    names
        .iter()
        .find(|(n, _)| *n == w)
        .map(|(_, x)| *x)
        .ok_or_else(|| QueryError::new(v.col, format!("expected {expected}")))
}

/// `>=`, `>`, `<=`, `<`, `=` or nothing (equal) at the start of `s`; returns the rest.
fn op(s: &str) -> (Op, &str, usize) {
    for (sym, op) in [
        (">=", Op::Ge),
        ("<=", Op::Le),
        (">", Op::Gt),
        ("<", Op::Lt),
        ("=", Op::Eq),
    ] {
        if let Some(rest) = s.strip_prefix(sym) {
            return (op, rest, sym.len());
        }
    }
    (Op::Eq, s, 0)
}

fn number(s: &str, col: usize) -> Result<NumCmp, QueryError> {
    let int = |t: &str, at: usize| {
        t.parse::<i64>()
            .map_err(|_| QueryError::new(at, "expected a whole number like 80, >=80 or 80..120"))
    };
    if let Some((a, b)) = s.split_once("..") {
        let lo = int(a, col)?;
        let hi_col = col + a.chars().count() + 2;
        let hi = int(b, hi_col)?;
        if lo > hi {
            return Err(QueryError::new(
                col,
                format!("the range {lo}..{hi} is empty"),
            ));
        }
        return Ok(NumCmp::Range(lo, hi));
    }
    let (op, rest, skip) = op(s);
    Ok(NumCmp::Op(op, int(rest, col + skip)?))
}

const DATE_EXPECTED: &str = "a date like 2023, 2023-09 or 2023-09-19 (optionally after > >= < <= or in a range 2023-01..2023-03)";

fn date_cmp(v: &Value) -> Result<DateCmp, QueryError> {
    let s = word(v, DATE_EXPECTED)?;
    if let Some((a, b)) = s.split_once("..") {
        let lo = date_spec(a, v.col)?;
        let hi = date_spec(b, v.col + a.chars().count() + 2)?;
        return Ok(DateCmp::Range(lo, hi));
    }
    let (op, rest, skip) = op(s);
    let d = date_spec(rest, v.col + skip)?;
    Ok(match op {
        Op::Eq => DateCmp::On(d),
        op => DateCmp::Op(op, d),
    })
}

fn date_spec(s: &str, col: usize) -> Result<DateSpec, QueryError> {
    let bad = || QueryError::new(col, format!("expected {DATE_EXPECTED}"));
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    if !ok {
        return Err(bad());
    }
    let num = |i: usize| parts.get(i).and_then(|p| p.parse::<i16>().ok());
    let year = num(0).ok_or_else(bad)?;
    let month = num(1).map(|m| m as i8);
    let day = num(2).map(|d| d as i8);
    let valid = jiff::civil::Date::new(year, month.unwrap_or(1), day.unwrap_or(1)).is_ok();
    if !valid {
        return Err(QueryError::new(
            col,
            format!("{s} is not a date in the calendar"),
        ));
    }
    Ok(DateSpec { year, month, day })
}

/// Large enough for any real question, small enough that `now - amount` stays in range.
const MAX_AGE: u32 = 100_000;

fn age(v: &Value) -> Result<(u32, Unit), QueryError> {
    const EXPECTED: &str = "an age like 12h, 7d, 2w, 3m or 1y";
    let s = word(v, EXPECTED)?;
    let bad = || QueryError::new(v.col, format!("expected {EXPECTED}"));
    let last = s.chars().last().ok_or_else(bad)?;
    let unit = Unit::ALL
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(&last))
        .map(|(_, u)| *u)
        .ok_or_else(bad)?;
    let digits = &s[..s.len() - last.len_utf8()];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let amount = digits
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= MAX_AGE)
        .ok_or_else(|| QueryError::new(v.col, format!("{digits} is too large an age")))?;
    Ok((amount, unit))
}
