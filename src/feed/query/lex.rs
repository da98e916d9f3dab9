//! Splits a query into tokens, each with the 1-based column (in characters) where it starts,
//! so every parse error can point at what the editor typed.

use super::QueryError;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Open,
    Close,
    /// `-` before a term, or the word `not`.
    Not,
    Or,
    And,
    /// A bare word, a "phrase" or a /regex/ on its own.
    Value(Value),
    /// `name:` followed by its value.
    Field(String, Value),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: Kind,
    pub text: String,
    pub col: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Phrase,
    Regex,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub col: usize,
}

/// Characters that end a bare word.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

pub fn lex(input: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut lexer = Lexer { chars, at: 0 };
    let mut out = Vec::new();
    while let Some(token) = lexer.next()? {
        out.push(token);
    }
    Ok(out)
}

struct Lexer {
    chars: Vec<char>,
    at: usize,
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn col(&self) -> usize {
        self.at + 1
    }

    fn next(&mut self) -> Result<Option<Token>, QueryError> {
        while self.peek(0).is_some_and(char::is_whitespace) {
            self.at += 1;
        }
        let col = self.col();
        let Some(c) = self.peek(0) else {
            return Ok(None);
        };
        let tok = match c {
            '(' => {
                self.at += 1;
                Tok::Open
            }
            ')' => {
                self.at += 1;
                Tok::Close
            }
            '-' => {
                self.at += 1;
                if self.peek(0).is_none_or(|n| n.is_whitespace() || n == ')') {
                    return Err(QueryError::new(
                        col + 1,
                        "expected a term right after '-' (quote a lone \"-\" to search for it)",
                    ));
                }
                Tok::Not
            }
            '"' | '/' => Tok::Value(self.value()?),
            _ => self.word_or_field()?,
        };
        Ok(Some(Token { tok, col }))
    }

    fn word_or_field(&mut self) -> Result<Tok, QueryError> {
        let start = self.at;
        let name_len = self.chars[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if name_len > 0 && self.peek(name_len) == Some(':') {
            let name: String = self.chars[start..start + name_len]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase();
            self.at += name_len + 1;
            if self.peek(0).is_none_or(ends_word) && self.peek(0) != Some('"') {
                return Err(QueryError::new(
                    self.col(),
                    format!("expected a value after '{name}:'"),
                ));
            }
            return Ok(Tok::Field(name, self.value()?));
        }
        let word = self.value()?;
        Ok(match word.text.to_ascii_lowercase().as_str() {
            "or" => Tok::Or,
            "and" => Tok::And,
            "not" => Tok::Not,
            _ => Tok::Value(word),
        })
    }

    /// A phrase, a regex, or a bare word, starting at the current character.
    fn value(&mut self) -> Result<Value, QueryError> {
        let col = self.col();
        match self.peek(0) {
            Some('"') => {
                let text = self.delimited('"', col, "a phrase", |c| c == '"' || c == '\\')?;
                Ok(Value {
                    kind: Kind::Phrase,
                    text,
                    col,
                })
            }
            Some('/') => {
                let text = self.delimited('/', col, "a regex", |c| c == '/')?;
                Ok(Value {
                    kind: Kind::Regex,
                    text,
                    col,
                })
            }
            _ => {
                let mut text = String::new();
                while let Some(c) = self.peek(0).filter(|c| !ends_word(*c)) {
                    text.push(c);
                    self.at += 1;
                }
                Ok(Value {
                    kind: Kind::Word,
                    text,
                    col,
                })
            }
        }
    }

    /// Text up to the closing `delim`. A backslash before a character `unescapes` accepts
    /// stands for that character; any other backslash is kept with the character after it
    /// (so a regex keeps its own escapes, and `\\` never escapes the closing delimiter).
    fn delimited(
        &mut self,
        delim: char,
        col: usize,
        what: &str,
        unescapes: impl Fn(char) -> bool,
    ) -> Result<String, QueryError> {
        self.at += 1;
        let mut text = String::new();
        loop {
            match self.peek(0) {
                None => {
                    return Err(QueryError::new(
                        col,
                        format!("{what} starting here is not closed: expected a closing {delim}"),
                    ));
                }
                Some(c) if c == delim => {
                    self.at += 1;
                    return Ok(text);
                }
                Some('\\') => {
                    match self.peek(1) {
                        Some(n) if unescapes(n) => text.push(n),
                        Some(n) => {
                            text.push('\\');
                            text.push(n);
                        }
                        None => text.push('\\'),
                    }
                    self.at += 2;
                }
                Some(c) => {
                    text.push(c);
                    self.at += 1;
                }
            }
        }
    }
}
