//! The quick reader: the plain block YAML every item file is written in (`key: value`
//! lines, nested mappings and `- ` lists by indentation, one-line plain or quoted
//! scalars), read line by line without libyaml, and without building the bulk the list
//! does not show (related articles, images, the `secured` payload, the provider's
//! images, authors and publishers): those are checked and counted, not kept.
//!
//! It answers only for what it fully understands and gives exactly the value libyaml
//! (through serde_yaml_ng) would give; anything else (a flow collection, a block scalar,
//! an anchor, a tag, a tab, a scalar over two lines, a duplicate key, a bad escape, an
//! odd indentation, a control character...) makes it answer `None`, and the caller reads
//! the file with the full parser, which also gives the error with its place.

use serde_yaml_ng::{Mapping, Number, Value};

/// What the quick reader leaves out of `map`, counted. `None`: not skipped (absent, or
/// in a form that is read whole so the reader can judge it).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Skipped {
    pub related: Option<u32>,
    pub images: Option<u32>,
    /// Characters of the `secured` text as the reader would keep it.
    pub secured: Option<u32>,
}

#[derive(Debug)]
pub struct Quick {
    /// The front matter without the skipped keys.
    pub map: Mapping,
    pub skipped: Skipped,
}

/// Read `yaml` (the text between the fences) if it is in the plain form; `None` for
/// anything else.
pub fn read(yaml: &str) -> Option<Quick> {
    if !plain_chars(yaml.as_bytes()) {
        return None;
    }
    let mut lines = Vec::with_capacity(64);
    for raw in yaml.split_inclusive('\n') {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.contains('\r') {
            return None;
        }
        let body = line.trim_start_matches(' ');
        let body = body.trim_end_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        lines.push(Line { indent, body });
    }
    let first = lines.first()?;
    if first.indent != 0 {
        return None;
    }
    let mut p = Parser {
        lines,
        at: 0,
        keys: Vec::with_capacity(32),
        skipped: Skipped::default(),
    };
    let Value::Mapping(map) = p.mapping(0, None, Mode::Top)? else {
        return None;
    };
    (p.at == p.lines.len()).then_some(Quick {
        map,
        skipped: p.skipped,
    })
}

/// Only characters libyaml takes as they are: no tab (it is not indentation), no
/// control character, no line break other than `\n` and `\r\n` (libyaml also breaks at
/// U+0085, U+2028 and U+2029), no byte-order mark inside, no U+FFFE/U+FFFF.
fn plain_chars(b: &[u8]) -> bool {
    // One pass the compiler vectorises: any control byte but `\n` and `\r`, DEL, or a
    // lead byte of the few multi-byte characters to look at closer.
    let suspect = |c: u8| {
        (c < 0x20 && c != b'\n' && c != b'\r')
            | (c == 0x7f)
            | (c == 0xc2)
            | (c == 0xe2)
            | (c == 0xef)
    };
    if !b.iter().fold(false, |any, &c| any | suspect(c)) {
        return true;
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x20 {
            if c != b'\n' && c != b'\r' {
                return false;
            }
        } else if c == 0x7f {
            return false;
        } else if c == 0xc2 {
            // U+0080..U+009F (C1 controls, U+0085 among them).
            if b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) {
                return false;
            }
        } else if c == 0xe2 {
            if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)) {
                return false;
            }
        } else if c == 0xef
            && (b.get(i + 1) == Some(&0xbb) && b.get(i + 2) == Some(&0xbf)
                || b.get(i + 1) == Some(&0xbf) && matches!(b.get(i + 2), Some(0xbe | 0xbf)))
        {
            return false;
        }
        i += 1;
    }
    true
}

#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    indent: usize,
    /// Without its indentation and trailing spaces; never empty, never a comment.
    body: &'a str,
}

/// Where a value sits, which decides what is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The top-level mapping.
    Top,
    /// The top-level `provider` mapping.
    Provider,
    /// Anything else that is kept.
    Build,
    /// Checked, not kept.
    Check,
}

/// The form of a value read in `Check` mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A string scalar.
    Text,
    /// Null, another scalar, or a mapping.
    Other,
    /// A block sequence: how many entries, and whether each one is a mapping.
    Seq { len: usize, maps: bool },
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
    /// The keys of every mapping being read, innermost last (for duplicates).
    keys: Vec<&'a str>,
    skipped: Skipped,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.at).copied()
    }

    /// A mapping whose keys sit at column `indent`. `first`: the body of its first entry
    /// when that is on a `- ` line already taken.
    fn mapping(&mut self, indent: usize, mut first: Option<&'a str>, mode: Mode) -> Option<Value> {
        let build = mode != Mode::Check;
        let mut map = Mapping::new();
        let base = self.keys.len();
        loop {
            let body = match first.take() {
                Some(b) => b,
                None => match self.peek() {
                    Some(l) if l.indent == indent => {
                        self.at += 1;
                        l.body
                    }
                    Some(l) if l.indent > indent => return None,
                    _ => break,
                },
            };
            let (key, rest) = key_entry(body)?;
            if self.keys[base..].contains(&key) {
                return None;
            }
            self.keys.push(key);
            let child = match (mode, key) {
                (Mode::Top, "provider") => Mode::Provider,
                (Mode::Top | Mode::Provider | Mode::Build, _) => Mode::Build,
                (Mode::Check, _) => Mode::Check,
            };
            let skip = match (mode, key) {
                (Mode::Top, "related" | "images") | (Mode::Provider, "images") => Some(Want::Maps),
                (Mode::Provider, "authors" | "publishers") => Some(Want::Maps),
                (Mode::Top, "secured") => Some(Want::Text),
                _ => None,
            };
            let value = match skip {
                Some(want) => {
                    let start = self.at;
                    let (form, chars) = self.check(indent, rest)?;
                    match (want, form) {
                        (Want::Maps, Form::Seq { len, maps: true }) => {
                            let n = u32::try_from(len).ok()?;
                            match (mode, key) {
                                (Mode::Top, "related") => self.skipped.related = Some(n),
                                (Mode::Top, _) => self.skipped.images = Some(n),
                                _ => {}
                            }
                            None
                        }
                        (Want::Text, Form::Text) => {
                            self.skipped.secured = Some(chars);
                            None
                        }
                        // Some other form: read it whole, the reader judges it.
                        _ => {
                            self.at = start;
                            Some(self.value(indent, rest, child)?)
                        }
                    }
                }
                None => Some(self.value(indent, rest, child)?),
            };
            if build && let Some(v) = value {
                map.insert(Value::String(key.to_owned()), v);
            }
        }
        self.keys.truncate(base);
        Some(if build {
            Value::Mapping(map)
        } else {
            Value::Null
        })
    }

    /// Read a value in `Check` mode and say its form (and, for a scalar, its kept
    /// characters).
    fn check(&mut self, indent: usize, rest: &'a str) -> Option<(Form, u32)> {
        if !rest.is_empty() && !rest.starts_with('#') {
            // A scalar under a skipped key is built: `secured` needs its characters
            // counted as the reader keeps them, and only a string is counted so.
            return Some(match self.scalar(indent, rest, true)? {
                Value::String(s) => (Form::Text, kept_chars(&s)),
                _ => (Form::Other, 0),
            });
        }
        let form = match self.peek() {
            Some(l) if l.indent > indent && seq_entry(l.body).is_some() => {
                self.sequence(l.indent, Mode::Check)?.1
            }
            Some(l) if l.indent > indent => {
                self.mapping(l.indent, None, Mode::Check)?;
                Form::Other
            }
            Some(l) if l.indent == indent && seq_entry(l.body).is_some() => {
                self.sequence(indent, Mode::Check)?.1
            }
            _ => Form::Other,
        };
        self.after_block(indent)?;
        Some((form, 0))
    }

    /// The value after `key:` (`rest`, trimmed) of a key at column `indent`.
    fn value(&mut self, indent: usize, rest: &'a str, mode: Mode) -> Option<Value> {
        if !rest.is_empty() && !rest.starts_with('#') {
            return self.scalar(indent, rest, true);
        }
        let v = match self.peek() {
            Some(l) if l.indent > indent && seq_entry(l.body).is_some() => {
                self.sequence(l.indent, mode)?.0
            }
            Some(l) if l.indent > indent => self.mapping(l.indent, None, mode)?,
            Some(l) if l.indent == indent && seq_entry(l.body).is_some() => {
                self.sequence(indent, mode)?.0
            }
            _ => Value::Null,
        };
        self.after_block(indent)?;
        Some(v)
    }

    /// After a nested block, the next line must go back to a column in use: the key's
    /// own or one further out.
    fn after_block(&self, indent: usize) -> Option<()> {
        match self.peek() {
            Some(l) if l.indent > indent => None,
            _ => Some(()),
        }
    }

    /// A one-line scalar that is a value of something at column `indent`; a more
    /// indented line after it would continue it (or be an error), so that is refused.
    fn scalar(&mut self, indent: usize, text: &'a str, build: bool) -> Option<Value> {
        if self.peek().is_some_and(|l| l.indent > indent) {
            return None;
        }
        scalar(text, build)
    }

    /// A block sequence whose `- ` sit at column `indent`.
    fn sequence(&mut self, indent: usize, mode: Mode) -> Option<(Value, Form)> {
        let build = mode != Mode::Check;
        let mut items = Vec::new();
        let (mut len, mut maps) = (0usize, true);
        while let Some(l) = self.peek() {
            if l.indent > indent {
                return None;
            }
            if l.indent < indent {
                break;
            }
            let Some((gap, rest)) = seq_entry(l.body) else {
                break;
            };
            self.at += 1;
            if rest.is_empty() {
                return None;
            }
            let column = indent + 1 + gap;
            let child = if build { Mode::Build } else { Mode::Check };
            let v = if key_entry(rest).is_some() {
                self.mapping(column, Some(rest), child)?
            } else {
                maps = false;
                self.scalar(indent, rest, build)?
            };
            len += 1;
            if build {
                items.push(v);
            }
        }
        Some((Value::Sequence(items), Form::Seq { len, maps }))
    }
}

#[derive(Debug, Clone, Copy)]
enum Want {
    /// A block sequence of mappings.
    Maps,
    /// A scalar.
    Text,
}

/// `- rest`: the spaces after the dash and the rest; `None` if the line is no entry.
fn seq_entry(body: &str) -> Option<(usize, &str)> {
    let rest = body.strip_prefix('-')?;
    if rest.is_empty() {
        return Some((1, ""));
    }
    let after = rest.trim_start_matches(' ');
    let gap = rest.len() - after.len();
    (gap > 0).then_some((gap, after))
}

/// `key: rest` with a plain word as the key (letters, digits, `_`, `-`; not starting
/// with a digit or `-`; not a word YAML reads as null or a boolean).
fn key_entry(body: &str) -> Option<(&str, &str)> {
    let end = body
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    let (key, after) = body.split_at(end);
    let first = *key.as_bytes().first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') || special_word(key) {
        return None;
    }
    let after = after.strip_prefix(':')?;
    if after.is_empty() {
        return Some((key, ""));
    }
    let rest = after.strip_prefix(' ')?;
    Some((key, rest.trim_start_matches(' ')))
}

fn special_word(s: &str) -> bool {
    matches!(
        s,
        "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    )
}

/// A one-line scalar: its value (`Null` for a string when not `build`; a quoted one is
/// still checked through).
fn scalar(text: &str, build: bool) -> Option<Value> {
    match text.as_bytes()[0] {
        b'"' => {
            let (s, end) = double_quoted(text, build)?;
            tail(&text[end..])?;
            Some(if build { Value::String(s) } else { Value::Null })
        }
        b'\'' => {
            let (s, end) = single_quoted(text)?;
            tail(&text[end..])?;
            Some(if build { Value::String(s) } else { Value::Null })
        }
        _ if text == "[]" => Some(Value::Sequence(Vec::new())),
        _ if text == "{}" => Some(Value::Mapping(Mapping::new())),
        _ => {
            plain(text)?;
            if build {
                resolve(text)
            } else {
                Some(Value::Null)
            }
        }
    }
}

/// Characters `clean` keeps of a text.
fn kept_chars(s: &str) -> u32 {
    let n = if s.is_ascii() {
        s.bytes()
            .filter(|b| *b >= 0x20 && *b != 0x7f || *b == b'\t' || *b == b'\n')
            .count()
    } else {
        s.chars()
            .filter(|c| *c == '\t' || !crate::feed::sanitize::is_unsafe(*c))
            .count()
    };
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// After a closing quote: nothing, or a comment.
fn tail(rest: &str) -> Option<()> {
    let t = rest.trim_start_matches(' ');
    (t.is_empty() || (t.starts_with('#') && t.len() < rest.len())).then_some(())
}

/// A plain scalar on one line that reads the same in libyaml: it does not start with an
/// indicator and holds no `: ` or ` #` (nor ends with `:`).
fn plain(text: &str) -> Option<()> {
    let b = text.as_bytes();
    match b[0] {
        b'[' | b']' | b'{' | b'}' | b',' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
        | b'@' | b'`' => return None,
        b'-' | b'?' | b':' if b.len() == 1 || b[1] == b' ' => return None,
        _ => {}
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return None;
    }
    Some(())
}

/// What serde_yaml_ng makes of a plain scalar: null, a boolean, a number or a string.
/// Only the plainest numbers are read here; anything that could be another kind of
/// number (hex, octal, float, `.inf`) goes to serde_yaml_ng itself.
fn resolve(text: &str) -> Option<Value> {
    if matches!(text, "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    match text {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.len() == 1 || !digits.starts_with('0'))
    {
        let n: i64 = text.parse().ok()?;
        return Some(Value::Number(if n >= 0 {
            Number::from(n as u64)
        } else {
            Number::from(n)
        }));
    }
    let numeric = |b: u8| b.is_ascii_hexdigit() || b"xXoO+-._nNiI".contains(&b);
    if text.bytes().all(numeric) {
        return serde_yaml_ng::from_str::<Value>(text).ok();
    }
    Some(Value::String(text.to_owned()))
}

/// `'...'` on one line (`''` is a quote): the text and where the scalar ends.
fn single_quoted(text: &str) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut from = 1;
    let mut i = 1;
    while i < b.len() {
        if b[i] == b'\'' {
            out.push_str(&text[from..i]);
            if b.get(i + 1) == Some(&b'\'') {
                out.push('\'');
                i += 2;
                from = i;
                continue;
            }
            return Some((out, i + 1));
        }
        i += 1;
    }
    None
}

/// `"..."` on one line, with YAML's escapes: the text (empty unless `build`, but
/// always checked) and where the scalar ends.
fn double_quoted(text: &str, build: bool) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut from = 1;
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'"' => {
                if build {
                    out.push_str(&text[from..i]);
                }
                return Some((out, i + 1));
            }
            b'\\' => {
                if build {
                    out.push_str(&text[from..i]);
                }
                let e = *b.get(i + 1)?;
                let hex = |n: usize| -> Option<char> {
                    let h = text.get(i + 2..i + 2 + n)?;
                    if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
                        return None;
                    }
                    char::from_u32(u32::from_str_radix(h, 16).ok()?)
                };
                let (c, len) = match e {
                    b'0' => ('\0', 2),
                    b'a' => ('\u{7}', 2),
                    b'b' => ('\u{8}', 2),
                    b't' => ('\t', 2),
                    b'n' => ('\n', 2),
                    b'v' => ('\u{b}', 2),
                    b'f' => ('\u{c}', 2),
                    b'r' => ('\r', 2),
                    b'e' => ('\u{1b}', 2),
                    b' ' => (' ', 2),
                    b'"' => ('"', 2),
                    b'/' => ('/', 2),
                    b'\\' => ('\\', 2),
                    b'N' => ('\u{85}', 2),
                    b'_' => ('\u{a0}', 2),
                    b'L' => ('\u{2028}', 2),
                    b'P' => ('\u{2029}', 2),
                    b'x' => (hex(2)?, 4),
                    b'u' => (hex(4)?, 6),
                    b'U' => (hex(8)?, 10),
                    _ => return None,
                };
                if build {
                    out.push(c);
                }
                i += len;
                from = i;
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests;
