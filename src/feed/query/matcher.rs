//! A `Query` compiled for matching: needles folded once, regexes shared, every date and
//! age turned into a range of instants for the given `now` and time zone.

use std::sync::Arc;

use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, ToSpan, ZonedDateTime, civil};

use super::ast::{
    DateCmp, DateSpec, Flag, NumCmp, NumField, Op, Pattern, Query, State, Term, TextField, Unit,
};
use super::fields;
use super::fold::{Needle, with_folded};
use super::folded::Prepared;
use super::joined::Joined;
use super::prefilter::Prefilter;
use crate::feed::item::Item;

/// When "now" is and which calendar dates are read in; tests pass fixed ones.
#[derive(Debug, Clone)]
pub struct Clock {
    pub now: Timestamp,
    pub tz: TimeZone,
}

impl Clock {
    pub fn utc_now() -> Clock {
        Clock {
            now: Timestamp::now(),
            tz: TimeZone::UTC,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    root: Node,
}

/// A regex over a field, with what speeds it up over the text the arena holds.
#[derive(Debug, Clone)]
struct RegexTerm {
    field: TextField,
    re: regex::Regex,
    /// The literals a match needs (prefilter.rs).
    pre: Option<Prefilter>,
    /// The pattern rewritten to run once over the arena's joined text (joined.rs).
    joined: Option<Arc<Joined>>,
}

#[derive(Debug, Clone)]
enum Node {
    All,
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
    Text(TextField, Needle),
    Regex(Box<RegexTerm>),
    Is(State),
    Has(Flag),
    Num(NumField, NumCmp),
    /// Dated at or after `from` and before `until` (an open end is `None`).
    Time {
        from: Option<Timestamp>,
        until: Option<Timestamp>,
    },
}

impl Matcher {
    pub fn new(query: &Query, clock: &Clock) -> Matcher {
        Matcher {
            root: compile(query, clock),
        }
    }

    pub fn matches(&self, item: &Item) -> bool {
        eval(&self.root, item, None)
    }

    /// As `matches`, with the item's text folded beforehand (`FoldedTexts`): a word then
    /// costs one pass over one slice of one arena instead of folding and visiting title,
    /// excerpt, provider and each topic. For filtering as you type.
    pub fn matches_prepared(&self, item: &Item, prepared: Prepared<'_>) -> bool {
        eval(&self.root, item, Some(prepared))
    }
}

/// What a bare word searches.
fn any_texts(item: &Item) -> impl Iterator<Item = &str> {
    [
        fields::title(item),
        fields::excerpt(item),
        fields::provider(item),
    ]
    .into_iter()
    .flatten()
    .chain(fields::topics(item))
}

fn compile(q: &Query, clock: &Clock) -> Node {
    match q {
        Query::All => Node::All,
        Query::Not(inner) => Node::Not(Box::new(compile(inner, clock))),
        Query::And(parts) => Node::And(parts.iter().map(|p| compile(p, clock)).collect()),
        Query::Or(parts) => Node::Or(parts.iter().map(|p| compile(p, clock)).collect()),
        Query::Term(t) => term(t, clock),
    }
}

fn term(t: &Term, clock: &Clock) -> Node {
    match t {
        Term::Text(f, Pattern::Text(s)) => Node::Text(*f, Needle::new(s)),
        Term::Text(f, Pattern::Regex(re)) => {
            // Only the fields the arena holds are sped up.
            let hir = in_prepared_fields(*f).then(|| re.hir()).flatten();
            Node::Regex(Box::new(RegexTerm {
                field: *f,
                re: re.0.clone(),
                pre: hir.as_ref().and_then(Prefilter::new),
                joined: hir.as_ref().and_then(Joined::new).map(Arc::new),
            }))
        }
        Term::Is(s) => Node::Is(*s),
        Term::Has(h) => Node::Has(*h),
        Term::Num(f, c) => Node::Num(*f, *c),
        Term::Date(cmp) => {
            let (from, until) = date_range(cmp, &clock.tz);
            Node::Time { from, until }
        }
        Term::Age {
            newer,
            amount,
            unit,
        } => {
            let at = ago(clock, *amount, *unit);
            if *newer {
                Node::Time {
                    from: at,
                    until: None,
                }
            } else {
                // Older than a moment before the calendar began: nothing is.
                Node::Time {
                    from: None,
                    until: Some(at.unwrap_or(Timestamp::MIN)),
                }
            }
        }
        Term::Today => {
            let today = clock.now.to_zoned_datetime(clock.tz.clone()).date();
            let (from, until) = day_bounds(today, civil::Date::tomorrow(today).ok(), &clock.tz);
            Node::Time { from, until }
        }
    }
}

/// `now` minus the age, in calendar terms in the clock's zone (a month back from 31 March
/// is the end of February); `None` when that is before the earliest representable time.
fn ago(clock: &Clock, amount: u32, unit: Unit) -> Option<Timestamp> {
    let n = i64::from(amount);
    let span = match unit {
        Unit::Hour => Span::new().try_hours(n),
        Unit::Day => Span::new().try_days(n),
        Unit::Week => Span::new().try_weeks(n),
        Unit::Month => Span::new().try_months(n),
        Unit::Year => Span::new().try_years(n),
    }
    .ok()?;
    let zoned: ZonedDateTime = clock.now.to_zoned_datetime(clock.tz.clone());
    zoned.checked_sub(span).ok().map(|z| z.timestamp())
}

/// The first day of the spec and the first day after it.
fn spec_days(d: &DateSpec) -> (civil::Date, Option<civil::Date>) {
    let start = civil::Date::new(d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
        .unwrap_or(civil::Date::MIN);
    let next = match (d.month, d.day) {
        (None, _) => start.checked_add(1.year()),
        (Some(_), None) => start.checked_add(1.month()),
        (Some(_), Some(_)) => start.tomorrow(),
    };
    (start, next.ok())
}

fn day_start(d: civil::Date, tz: &TimeZone) -> Option<Timestamp> {
    d.to_zoned_datetime(tz.clone()).ok().map(|z| z.timestamp())
}

fn day_bounds(
    start: civil::Date,
    next: Option<civil::Date>,
    tz: &TimeZone,
) -> (Option<Timestamp>, Option<Timestamp>) {
    (day_start(start, tz), next.and_then(|n| day_start(n, tz)))
}

fn date_range(cmp: &DateCmp, tz: &TimeZone) -> (Option<Timestamp>, Option<Timestamp>) {
    let bounds = |d: &DateSpec| {
        let (start, next) = spec_days(d);
        day_bounds(start, next, tz)
    };
    match cmp {
        DateCmp::On(d) | DateCmp::Op(Op::Eq, d) => bounds(d),
        DateCmp::Op(op, d) => {
            let (start, end) = bounds(d);
            match op {
                Op::Gt => (Some(end.unwrap_or(Timestamp::MAX)), None),
                Op::Ge => (start, None),
                Op::Lt => (None, Some(start.unwrap_or(Timestamp::MIN))),
                Op::Le | Op::Eq => (None, end),
            }
        }
        DateCmp::Range(a, b) => (bounds(a).0, bounds(b).1),
    }
}

fn eval(n: &Node, item: &Item, prepared: Option<Prepared<'_>>) -> bool {
    match n {
        Node::All => true,
        Node::Not(inner) => !eval(inner, item, prepared),
        Node::And(parts) => parts.iter().all(|p| eval(p, item, prepared)),
        Node::Or(parts) => parts.iter().any(|p| eval(p, item, prepared)),
        Node::Text(f, needle) => match prepared {
            Some(p) => in_prepared(p, *f, needle)
                .unwrap_or_else(|| any_text(item, *f, |s| needle.is_in(s))),
            None => any_text(item, *f, |s| needle.is_in(s)),
        },
        Node::Regex(t) => {
            let test = |s: &str| regex_in(&t.re, s);
            match prepared {
                Some(p) => {
                    regex_prepared(item, p, t).unwrap_or_else(|| any_text(item, t.field, test))
                }
                None => any_text(item, t.field, test),
            }
        }
        Node::Is(State::Published) => fields::is_published(item),
        Node::Is(State::Unpublished) => !fields::is_published(item),
        Node::Has(Flag::Related) => fields::related_count(item) > 0,
        Node::Has(Flag::Image) => fields::has_image(item),
        Node::Has(Flag::Quality) => fields::quality(item).is_some(),
        Node::Has(Flag::Original) => fields::has_original(item),
        Node::Num(f, cmp) => {
            let value = match f {
                NumField::Quality => fields::quality(item),
                NumField::Heat => fields::heat(item),
                NumField::Related => i64::try_from(fields::related_count(item)).ok(),
            };
            value.is_some_and(|v| num_matches(v, cmp))
        }
        Node::Time { from, until } => fields::timestamp(item)
            .is_some_and(|t| from.is_none_or(|f| t >= f) && until.is_none_or(|u| t < u)),
    }
}

fn num_matches(v: i64, cmp: &NumCmp) -> bool {
    match *cmp {
        NumCmp::Op(Op::Gt, n) => v > n,
        NumCmp::Op(Op::Ge, n) => v >= n,
        NumCmp::Op(Op::Lt, n) => v < n,
        NumCmp::Op(Op::Le, n) => v <= n,
        NumCmp::Op(Op::Eq, n) => v == n,
        NumCmp::Range(lo, hi) => (lo..=hi).contains(&v),
    }
}

/// A regex over one text: as written first (the pattern may name accents), then folded
/// (`/cafe/` finds `Café`).
fn regex_in(re: &regex::Regex, s: &str) -> bool {
    re.is_match(s) || (!s.is_ascii() && with_folded(s, |h| re.is_match(h)))
}

/// Whether the arena holds the field's text (folded).
fn in_prepared_fields(field: TextField) -> bool {
    use TextField::*;
    matches!(field, Any | Title | Excerpt | Provider | Topic)
}

/// A regex over the texts of `field`, run only on those whose folded text has what a
/// match needs (when the regex has a literal to look for), and on the arena's folded
/// text rather than folding again; `None` for the fields the arena does not hold.
fn regex_prepared(item: &Item, p: Prepared<'_>, t: &RegexTerm) -> Option<bool> {
    let (field, re, pre) = (t.field, &t.re, t.pre.as_ref());
    if !in_prepared_fields(field) {
        return None;
    }
    let may = |folded: &str| pre.is_none_or(|pre| pre.may_match(folded));
    if !may(p.all()) {
        return Some(false);
    }
    // One run over the field's folded text, joined: it answers `regex_in` for the folded
    // forms (for an ASCII text, its folded form is the text as written, the case aside);
    // what it cannot answer for is a non-ASCII text as written.
    let joined = t.joined.as_ref().and_then(|j| {
        j.is_match(match field {
            TextField::Title => p.title(),
            TextField::Excerpt => p.excerpt(),
            TextField::Provider => p.provider(),
            TextField::Topic => p.topics_joined(),
            _ => p.all(),
        })
    });
    if let Some(hit) = joined {
        let as_written = |s: &str| !s.is_ascii() && re.is_match(s);
        return Some(hit || (!p.ascii() && any_text(item, field, as_written)));
    }
    let ([title, excerpt, provider], topics) = p.fields();
    // As `regex_in`, with the fold the arena keeps.
    let test = |s: &str, folded: &str| {
        may(folded) && (re.is_match(s) || (!s.is_ascii() && re.is_match(folded)))
    };
    let one = |s: Option<&str>, folded: &str| s.is_some_and(|s| test(s, folded));
    let mut topics = fields::topics(item).zip(topics);
    let mut topics = || topics.any(|(t, f)| test(t, f));
    Some(match field {
        TextField::Title => one(fields::title(item), title),
        TextField::Excerpt => one(fields::excerpt(item), excerpt),
        TextField::Provider => one(fields::provider(item), provider),
        TextField::Topic => topics(),
        _ => {
            one(fields::title(item), title)
                || one(fields::excerpt(item), excerpt)
                || one(fields::provider(item), provider)
                || topics()
        }
    })
}

/// A word in a field the arena holds folded; `None` for the fields it does not hold.
fn in_prepared(p: Prepared<'_>, field: TextField, needle: &Needle) -> Option<bool> {
    Some(match field {
        TextField::Any => needle.is_in_folded(p.all()),
        TextField::Title => needle.is_in_folded(p.title()),
        TextField::Excerpt => needle.is_in_folded(p.excerpt()),
        TextField::Provider => needle.is_in_folded(p.provider()),
        TextField::Topic => p.topics().any(|t| needle.is_in_folded(t)),
        _ => return None,
    })
}

/// Whether `f` holds for any of the item's texts in `field`.
fn any_text(item: &Item, field: TextField, mut f: impl FnMut(&str) -> bool) -> bool {
    let one = |s: Option<&str>, f: &mut dyn FnMut(&str) -> bool| s.is_some_and(&mut *f);
    match field {
        TextField::Any => any_texts(item).any(f),
        TextField::Title => one(fields::title(item), &mut f),
        TextField::Excerpt => one(fields::excerpt(item), &mut f),
        TextField::Provider => one(fields::provider(item), &mut f),
        TextField::Domain => fields::domains(item).any(&mut f),
        TextField::Topic => fields::topics(item).any(&mut f),
        TextField::Category => one(fields::category(item), &mut f),
        TextField::Type => one(fields::kind(item), &mut f),
        TextField::Url => fields::urls(item).any(&mut f),
        TextField::Path => f(&fields::path(item)),
    }
}
