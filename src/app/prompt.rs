//! A one-line text editor for the filter and search prompts: the text, a cursor (in
//! characters) and the edits a terminal line usually has (readline's basic keys).
//! While a prompt is open every key is read here first, so no key can reach an item.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-w: the word before the cursor (and the blanks after it).
    DeleteWord,
    /// Ctrl-u: everything before the cursor.
    DeleteToStart,
    /// Enter.
    Accept,
    /// Esc or Ctrl-c.
    Cancel,
}

/// What a key does in a prompt. `None`: nothing (an arrow up, a function key); the key is
/// still swallowed by the prompt.
pub fn edit_for(key: &KeyEvent) -> Option<Edit> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        KeyCode::Char(c) if ctrl && !alt => match c {
            'w' => Edit::DeleteWord,
            'u' => Edit::DeleteToStart,
            'a' => Edit::Home,
            'e' => Edit::End,
            'h' => Edit::Backspace,
            'c' => Edit::Cancel,
            _ => return None,
        },
        KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => Edit::Insert(c),
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        KeyCode::Enter => Edit::Accept,
        KeyCode::Esc => Edit::Cancel,
        _ => return None,
    })
}

/// The text being typed and where the cursor is, in characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    text: String,
    cursor: usize,
}

impl Line {
    pub fn new(text: &str) -> Line {
        Line {
            text: text.to_owned(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Apply an editing key; Accept and Cancel are the caller's. Returns whether the text
    /// changed (a cursor move alone does not re-filter).
    pub fn apply(&mut self, edit: Edit) -> bool {
        let len = self.text.chars().count();
        let before = self.text.len();
        match edit {
            Edit::Insert(c) => {
                let at = self.byte(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            Edit::Backspace if self.cursor > 0 => {
                let at = self.byte(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            Edit::Delete if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            Edit::Left => self.cursor = self.cursor.saturating_sub(1),
            Edit::Right => self.cursor = (self.cursor + 1).min(len),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = len,
            Edit::DeleteWord => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut from = self.cursor;
                while from > 0 && chars[from - 1].is_whitespace() {
                    from -= 1;
                }
                while from > 0 && !chars[from - 1].is_whitespace() {
                    from -= 1;
                }
                let (a, b) = (self.byte(from), self.byte(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor = from;
            }
            Edit::DeleteToStart => {
                let b = self.byte(self.cursor);
                self.text.replace_range(..b, "");
                self.cursor = 0;
            }
            _ => {}
        }
        self.text.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> Line {
        let mut l = Line::default();
        for c in s.chars() {
            l.apply(Edit::Insert(c));
        }
        l
    }

    #[test]
    fn editing_keys_move_and_delete_by_characters() {
        let mut l = typed("café ai");
        assert_eq!((l.text(), l.cursor()), ("café ai", 7));
        l.apply(Edit::Left);
        l.apply(Edit::Left);
        l.apply(Edit::Left);
        assert!(l.apply(Edit::Backspace));
        assert_eq!((l.text(), l.cursor()), ("caf ai", 3));
        l.apply(Edit::Insert('e'));
        l.apply(Edit::Home);
        assert!(l.apply(Edit::Delete));
        assert_eq!((l.text(), l.cursor()), ("afe ai", 0));
        assert!(!l.apply(Edit::Backspace), "nothing before the cursor");
        l.apply(Edit::End);
        assert!(!l.apply(Edit::Right));
        assert_eq!(l.cursor(), 6);
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_and_ctrl_u_the_start() {
        let mut l = typed("topic:x  quality:>80 ");
        assert!(l.apply(Edit::DeleteWord));
        assert_eq!(l.text(), "topic:x  ");
        l.apply(Edit::DeleteWord);
        assert_eq!(l.text(), "");
        let mut l = typed("one two three");
        for _ in 0..6 {
            l.apply(Edit::Left);
        }
        l.apply(Edit::DeleteToStart);
        assert_eq!((l.text(), l.cursor()), (" three", 0));
    }

    #[test]
    fn every_printable_key_is_text_and_ctrl_keys_edit() {
        for c in (' '..='~').chain(['é', 'Ω']) {
            let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(edit_for(&ev), Some(Edit::Insert(c)));
            let shifted = KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT);
            assert_eq!(edit_for(&shifted), Some(Edit::Insert(c)));
        }
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(edit_for(&ctrl('w')), Some(Edit::DeleteWord));
        assert_eq!(edit_for(&ctrl('u')), Some(Edit::DeleteToStart));
        assert_eq!(edit_for(&ctrl('c')), Some(Edit::Cancel));
        assert_eq!(edit_for(&ctrl('p')), None);
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(edit_for(&esc), Some(Edit::Cancel));
    }
}
