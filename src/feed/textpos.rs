//! Where a byte offset is in a text, as people count: 1-based line and column, columns in
//! characters. One helper for every parser error we report (front matter, config).

/// 1-based line and column (in characters) of byte `offset` in `bytes`. An offset past
/// the end counts as the end; bytes that are not UTF-8 count as one character each.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn counts_lines_and_characters_from_one() {
        let text = "ab\ncδe\n";
        assert_eq!(line_col(text.as_bytes(), 0), (1, 1));
        assert_eq!(line_col(text.as_bytes(), 2), (1, 3));
        assert_eq!(line_col(text.as_bytes(), 3), (2, 1));
        // `δ` is two bytes but one column: `e` starts at byte 6, column 3.
        assert_eq!(line_col(text.as_bytes(), 6), (2, 3));
        assert_eq!(line_col(text.as_bytes(), 999), (3, 1));
    }
}
