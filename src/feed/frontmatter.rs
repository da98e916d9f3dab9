//! Front matter: find the fences, parse the YAML between them, and change `published` as
//! a pure text edit. This is the only file that knows the YAML parser.

use std::ops::Range;

use serde_yaml_ng::Value;
use thiserror::Error;

/// Where the front matter sits in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the fences (each line with its line ending).
    pub yaml: Range<usize>,
    /// Byte offset where the closing fence line starts.
    pub close: usize,
    /// 1-based file line of the first YAML line.
    pub first_line: usize,
    /// The line ending of the opening fence, used for any line we insert.
    pub newline: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SplitError {
    #[error("front matter opened with `---` on line 1 is never closed with a `---` or `...` line")]
    Unclosed,
}

/// A YAML error with its place in the file (1-based), when the parser gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{} (line {l}, column {c})", self.message),
            (Some(l), None) => write!(f, "{} (line {l})", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ParseError {}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    #[error("the file has no front matter")]
    NoFrontMatter,
    #[error(transparent)]
    Unclosed(#[from] SplitError),
    #[error("the front matter does not parse: {0}")]
    Parse(ParseError),
    #[error("the front matter is not a mapping of keys")]
    NotMapping,
    #[error("`published` appears {0} times at the top level; fix the file by hand")]
    Duplicate(usize),
    #[error("`published` is written in a form newsdesk does not edit ({0}); fix the file by hand")]
    Unsupported(&'static str),
    #[error("the edit would change more than `published`; the file was left as it was")]
    Unverified,
}

fn is_fence(line: &str, marks: &[&str]) -> bool {
    let t = line.trim_end_matches(['\n', '\r', ' ', '\t']);
    marks.contains(&t)
}

/// Lines of `text` from byte offset `from`, each with its ending, as (start, line).
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        pos = end;
        Some((start, &text[start..end]))
    })
}

/// Find the front matter. `Ok(None)`: the file does not start with a `---` line.
pub fn split(text: &str) -> Result<Option<Split>, SplitError> {
    let body = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = lines_from(text, body);
    let Some((_, first)) = lines.next() else {
        return Ok(None);
    };
    if !is_fence(first, &["---"]) || !first.ends_with('\n') {
        return Ok(None);
    }
    let newline = if first.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let yaml_start = body + first.len();
    for (start, line) in lines {
        if is_fence(line, &["---", "..."]) {
            return Ok(Some(Split {
                yaml: yaml_start..start,
                close: start,
                first_line: 2,
                newline,
            }));
        }
    }
    Err(SplitError::Unclosed)
}

/// Parse the YAML of a split file. Empty front matter is an empty mapping.
pub fn parse(text: &str, split: &Split) -> Result<Value, ParseError> {
    let yaml = &text[split.yaml.clone()];
    if yaml
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(Value::Mapping(Default::default()));
    }
    if let Some(e) = too_deep(yaml, split.first_line) {
        return Err(e);
    }
    serde_yaml_ng::from_str::<Value>(yaml).map_err(|e| {
        // Placed in the file's own lines: the parser's count also breaks at a lone CR,
        // U+0085, U+2028 and U+2029, which pointed past the file's end (found by fuzzing).
        let place = e
            .location()
            .map(|l| crate::feed::textpos::line_col(yaml.as_bytes(), l.index()));
        ParseError {
            line: place.map(|(line, _)| line + split.first_line - 1),
            column: place.map(|(_, column)| column),
            // The message can quote the file (a key path, a value): clean it like any
            // text from the file before it reaches the error screen (found by fuzzing).
            message: crate::feed::sanitize::clean(&plain_message(&e.to_string())),
        }
    })
}

/// Deepest nesting the reader accepts; serde_yaml_ng's own recursion limit.
const MAX_DEPTH: usize = 128;

/// libyaml (under serde_yaml_ng) takes time quadratic in the nesting depth of flow
/// collections: 20,000 `[` cost it 0.75 s before its recursion limit says no. A count
/// of brackets bounds the depth from above, so almost every file passes with one quick
/// scan; only a file that could be that deep is checked with saphyr's parser, which is
/// linear, and refused at the first collection past the limit with its place.
fn too_deep(yaml: &str, first_line: usize) -> Option<ParseError> {
    let opens = yaml.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if opens <= MAX_DEPTH / 2 {
        return None;
    }
    use saphyr_parser::{Event, Parser};
    let mut depth = 0usize;
    for ev in Parser::new_from_str(yaml) {
        let (ev, span) = match ev {
            Ok(ev) => ev,
            // saphyr's scanner stops at its own depth limit, often before the parser
            // has sent the events that lead there: refuse here, libyaml would crawl.
            Err(e) if depth >= MAX_DEPTH / 2 || e.info().contains("recursion limit") => {
                return Some(ParseError {
                    line: Some(e.marker().line() + first_line - 1),
                    column: Some(e.marker().col() + 1),
                    message: format!("nested more than {MAX_DEPTH} levels deep"),
                });
            }
            // Any other syntax error is left for the real parse to report in its words.
            Err(_) => return None,
        };
        match ev {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(ParseError {
                        line: Some(span.start.line() + first_line - 1),
                        column: Some(span.start.col() + 1),
                        message: format!("nested more than {MAX_DEPTH} levels deep"),
                    });
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The parser appends " at line L column C" to its messages; the caller prints the place
/// itself, in file lines rather than YAML lines.
fn plain_message(msg: &str) -> String {
    let msg = msg.find(" at line ").map_or(msg, |i| &msg[..i]);
    match msg {
        "repetition limit exceeded" => {
            "aliases expand beyond the limit (a YAML alias bomb?)".to_owned()
        }
        "recursion limit exceeded" => "nested more than 128 levels deep".to_owned(),
        other => other.to_owned(),
    }
}

/// Set `published` to `value`: change the value on the one top-level `published:` line,
/// or insert `published: value` before the closing fence. Every other byte is kept. The
/// result is re-parsed and must differ from the original only in `published`.
/// Returns the text unchanged when the flag already reads as `value` (missing, empty and
/// `false` all read as unpublished, as the loader reads them).
pub fn set_published(text: &str, value: bool) -> Result<String, EditError> {
    let split = split(text)?.ok_or(EditError::NoFrontMatter)?;
    let old = parse(text, &split).map_err(EditError::Parse)?;
    let old_map = old.as_mapping().ok_or(EditError::NotMapping)?;
    let old_value = old_map.get("published");
    if crate::feed::read::reads_published(old_value) == value {
        return Ok(text.to_owned());
    }

    let key_lines: Vec<(usize, &str)> = lines_from(&text[..split.close], split.yaml.start)
        .filter(|(_, l)| key_colon(l).is_some())
        .collect();
    let new_text = match (key_lines.as_slice(), old_value) {
        ([], None) => {
            let line = format!("published: {value}{}", split.newline);
            [&text[..split.close], &line, &text[split.close..]].concat()
        }
        ([], Some(_)) => return Err(EditError::Unsupported("not a plain `published:` line")),
        ([(start, line)], _) => {
            let new_line = replace_value(line, value)?;
            [&text[..*start], &new_line, &text[start + line.len()..]].concat()
        }
        (many, _) => return Err(EditError::Duplicate(many.len())),
    };

    verify(&old, &new_text, value)?;
    Ok(new_text)
}

/// Byte offset of the colon when `line` is a top-level `published:` key line.
fn key_colon(line: &str) -> Option<usize> {
    let rest = line.strip_prefix("published")?;
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let after = &rest[spaces..];
    let tail = after.strip_prefix(':')?;
    if tail.is_empty() || tail.starts_with([' ', '\t', '\r', '\n']) {
        Some("published".len() + spaces)
    } else {
        None
    }
}

fn replace_value(line: &str, value: bool) -> Result<String, EditError> {
    let colon = key_colon(line).expect("caller checked the key");
    let content_end = line.trim_end_matches(['\n', '\r']).len();
    // YAML also ends a line at a lone CR (libyaml at U+0085, U+2028, U+2029 too): what
    // follows is more YAML, which an edit could take for the value (found by fuzzing).
    if line[..content_end].contains(['\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        return Err(EditError::Unsupported(
            "a line broken by a lone CR or a Unicode line separator",
        ));
    }
    let ending = &line[content_end..];
    let after = &line[colon + 1..content_end];
    let lead = after.len() - after.trim_start_matches([' ', '\t']).len();
    let rest = &after[lead..];

    let token_len = if rest.is_empty() || rest.starts_with('#') {
        0
    } else if rest.starts_with(['|', '>', '[', '{', '&', '*', '!', '-', '?']) {
        return Err(EditError::Unsupported(
            "a block, flow, anchor, alias or tag value",
        ));
    } else if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
        closing_quote(rest, q).ok_or(EditError::Unsupported("a quoted value over several lines"))?
    } else {
        plain_len(rest)
    };
    let token_end = colon + 1 + lead + token_len;
    let tail = &line[token_end..content_end];
    let gap = if lead == 0 { " " } else { &after[..lead] };
    let tail = if token_len == 0 && !tail.is_empty() {
        format!(" {}", tail.trim_start())
    } else {
        tail.to_owned()
    };
    Ok(format!("{}{gap}{value}{tail}{ending}", &line[..=colon]))
}

/// Length of a quoted scalar starting at `rest[0]`, closing quote included.
fn closing_quote(rest: &str, q: char) -> Option<usize> {
    let mut chars = rest.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if q == '"' && c == '\\' {
            chars.next();
        } else if c == q {
            if q == '\'' && chars.peek().map(|(_, c)| *c) == Some('\'') {
                chars.next();
            } else {
                return Some(i + 1);
            }
        }
    }
    None
}

/// Length of a plain scalar: up to a ` #` comment, trailing blanks excluded.
fn plain_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let end = (1..bytes.len())
        .find(|&i| bytes[i] == b'#' && matches!(bytes[i - 1], b' ' | b'\t'))
        .unwrap_or(bytes.len());
    rest[..end].trim_end_matches([' ', '\t']).len()
}

fn verify(old: &Value, new_text: &str, value: bool) -> Result<(), EditError> {
    let split = split(new_text)
        .ok()
        .flatten()
        .ok_or(EditError::Unverified)?;
    let new = parse(new_text, &split).map_err(|_| EditError::Unverified)?;
    let (Some(old_map), Some(new_map)) = (old.as_mapping(), new.as_mapping()) else {
        return Err(EditError::Unverified);
    };
    if new_map.get("published") != Some(&Value::Bool(value)) {
        return Err(EditError::Unverified);
    }
    let mut old_rest = old_map.clone();
    let mut new_rest = new_map.clone();
    old_rest.shift_remove("published");
    new_rest.shift_remove("published");
    if old_rest != new_rest && !same_text(&old_rest, &new_rest) {
        return Err(EditError::Unverified);
    }
    Ok(())
}

/// Equality that also holds for values like `.nan`, which never equal themselves.
fn same_text(a: &serde_yaml_ng::Mapping, b: &serde_yaml_ng::Mapping) -> bool {
    match (serde_yaml_ng::to_string(a), serde_yaml_ng::to_string(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

pub mod quick;
#[cfg(test)]
mod tests;
