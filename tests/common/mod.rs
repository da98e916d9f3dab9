//! Helpers shared by the integration tests.
#![allow(dead_code)]

/// Split keeping line endings, so CRLF and a missing final newline count.
pub fn lines(s: &str) -> Vec<&str> {
    s.split_inclusive('\n').collect()
}

/// How `after` differs from `before`: `Some(0)` identical, `Some(1)` one line changed or
/// one line inserted, `None` anything more.
pub fn line_diff(before: &str, after: &str) -> Option<usize> {
    let (a, b) = (lines(before), lines(after));
    if a == b {
        return Some(0);
    }
    if a.len() == b.len() {
        let changed = a.iter().zip(&b).filter(|(x, y)| x != y).count();
        return (changed == 1).then_some(1);
    }
    if b.len() == a.len() + 1 {
        let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let mut without = b.clone();
        without.remove(at);
        return (without == a).then_some(1);
    }
    None
}
