//! Property tests of the query language: any text either parses or gives an error with a
//! column inside (or just past) the input, never a panic; what parses prints in a form that
//! parses back to the same query; and a generated query survives print + parse unchanged.

use newsdesk::feed::query::{
    DateCmp, DateSpec, Flag, NumCmp, NumField, Op, Pattern, Query, Re, State, Term, TextField,
    Unit, fold, parse,
};
use proptest::prelude::*;

/// Characters the grammar cares about, mixed with letters, digits, accents and spaces.
const QUERYISH: &str = r#"[a-zA-Z0-9éΑθ :/"\\()<>=.\-\t]{0,40}"#;

fn text_field() -> impl Strategy<Value = TextField> {
    prop::sample::select(vec![
        TextField::Any,
        TextField::Title,
        TextField::Excerpt,
        TextField::Provider,
        TextField::Domain,
        TextField::Topic,
        TextField::Category,
        TextField::Type,
        TextField::Url,
        TextField::Path,
    ])
}

fn op() -> impl Strategy<Value = Op> {
    prop::sample::select(vec![Op::Gt, Op::Ge, Op::Lt, Op::Le, Op::Eq])
}

fn date_spec() -> impl Strategy<Value = DateSpec> {
    (
        1900i16..2100,
        prop::option::of(1i8..=12),
        1i8..=28,
        any::<bool>(),
    )
        .prop_map(|(year, month, day, with_day)| DateSpec {
            year,
            month,
            day: month.and(with_day.then_some(day)),
        })
}

/// Words that only print right when quoted: keywords, field-like, leading `-` or `/`.
const TRICKY: [&str; 12] = [
    "or",
    "AND",
    "Not",
    "today",
    "a:b",
    "title:x",
    "-x",
    "/x/",
    "x y",
    "say \"hi\"",
    "a\\",
    "(x)",
];

fn pattern() -> impl Strategy<Value = Pattern> {
    prop_oneof![
        prop::sample::select(TRICKY.to_vec()).prop_map(|s| Pattern::Text(s.to_owned())),
        r#"[a-zA-Zé0-9 :/"\\()\-]{1,10}"#
            .prop_filter("folds to something", |s| !fold(s).trim().is_empty())
            .prop_map(Pattern::Text),
        "[a-z0-9. /*+]{1,8}".prop_filter_map("compiles", |s| Re::new(&s).ok().map(Pattern::Regex)),
    ]
}

fn term() -> impl Strategy<Value = Term> {
    let num = (-1000i64..1000, 0i64..1000);
    prop_oneof![
        (text_field(), pattern()).prop_map(|(f, p)| Term::Text(f, p)),
        prop::sample::select(vec![State::Published, State::Unpublished]).prop_map(Term::Is),
        prop::sample::select(vec![
            Flag::Related,
            Flag::Image,
            Flag::Quality,
            Flag::Original
        ])
        .prop_map(Term::Has),
        (
            prop::sample::select(vec![NumField::Quality, NumField::Heat, NumField::Related]),
            op(),
            num,
            any::<bool>()
        )
            .prop_map(|(f, op, (a, len), range)| Term::Num(
                f,
                if range {
                    NumCmp::Range(a, a + len)
                } else {
                    NumCmp::Op(op, a)
                }
            )),
        (op(), date_spec(), date_spec(), 0..3u8).prop_map(|(op, a, b, form)| Term::Date(
            match (form, op) {
                (0, _) | (_, Op::Eq) => DateCmp::On(a),
                (1, op) => DateCmp::Op(op, a),
                _ => DateCmp::Range(a, b),
            }
        )),
        (
            any::<bool>(),
            0u32..=100_000,
            prop::sample::select(vec![
                Unit::Hour,
                Unit::Day,
                Unit::Week,
                Unit::Month,
                Unit::Year
            ])
        )
            .prop_map(|(newer, amount, unit)| Term::Age {
                newer,
                amount,
                unit
            }),
        Just(Term::Today),
    ]
}

/// Built through `Query::and`/`Query::or`, as the parser builds them.
fn query() -> impl Strategy<Value = Query> {
    term()
        .prop_map(Query::Term)
        .prop_recursive(5, 40, 4, |inner| {
            prop_oneof![
                inner.clone().prop_map(Query::negate),
                prop::collection::vec(inner.clone(), 2..4).prop_map(Query::and),
                prop::collection::vec(inner, 2..4).prop_map(Query::or),
            ]
        })
}

fn roundtrip(q: &Query) -> Result<(), TestCaseError> {
    let printed = q.to_string();
    let again = parse(&printed)
        .map_err(|e| TestCaseError::fail(format!("{printed:?} does not parse: {e}")))?;
    prop_assert_eq!(&again, q, "printed as {:?}", printed);
    prop_assert_eq!(again.to_string(), printed);
    Ok(())
}

fn parses_or_points_inside(s: &str) -> Result<(), TestCaseError> {
    match parse(s) {
        Ok(q) => roundtrip(&q),
        Err(e) => {
            let end = s.chars().count() + 1;
            prop_assert!(
                (1..=end).contains(&e.column),
                "{:?}: column {} outside 1..={}",
                s,
                e.column,
                end
            );
            prop_assert!(!e.message.is_empty());
            Ok(())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string_parses_or_errs_with_a_column(s in any::<String>()) {
        parses_or_points_inside(&s)?;
    }

    #[test]
    fn queryish_strings_parse_or_err_with_a_column(s in QUERYISH) {
        parses_or_points_inside(&s)?;
    }

    #[test]
    fn a_generated_query_prints_and_parses_back_equal(q in query()) {
        roundtrip(&q)?;
    }
}
