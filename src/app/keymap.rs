//! Every key binding, as data: the runtime resolves keys through this table and the help
//! overlay is generated from it, so the two cannot drift apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::find::FindMsg;
use crate::app::{Msg, Pane};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, an overlay included (movement scrolls the overlay).
    Always,
    /// On the main screen, whatever pane has focus.
    Main,
    /// On the main screen, with this pane focused.
    In(Pane),
    /// While help or the error screen is open.
    Overlay,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub keys: &'static [Key],
    pub context: Context,
    pub msg: Msg,
    pub help: &'static str,
}

use Context::{Always, In, Main, Overlay};
use Key::{Char, Code, Ctrl};

macro_rules! bind {
    ($ctx:expr, [$($key:expr),+], $msg:expr, $help:literal) => {
        Binding { keys: &[$($key),+], context: $ctx, msg: $msg, help: $help }
    };
}

pub static BINDINGS: &[Binding] = &[
    bind!(
        Always,
        [Char('j'), Code(KeyCode::Down)],
        Msg::Down,
        "move down"
    ),
    bind!(Always, [Char('k'), Code(KeyCode::Up)], Msg::Up, "move up"),
    bind!(
        Always,
        [Char('g'), Code(KeyCode::Home)],
        Msg::Top,
        "go to top"
    ),
    bind!(
        Always,
        [Char('G'), Code(KeyCode::End)],
        Msg::Bottom,
        "go to bottom"
    ),
    bind!(
        Always,
        [Ctrl('d'), Code(KeyCode::PageDown)],
        Msg::HalfPageDown,
        "half a page down"
    ),
    bind!(
        Always,
        [Ctrl('u'), Code(KeyCode::PageUp)],
        Msg::HalfPageUp,
        "half a page up"
    ),
    bind!(
        Main,
        [Code(KeyCode::Tab)],
        Msg::FocusNext,
        "focus next pane"
    ),
    bind!(
        Main,
        [Code(KeyCode::BackTab)],
        Msg::FocusPrev,
        "focus previous pane"
    ),
    bind!(
        Main,
        [Char('l'), Code(KeyCode::Right)],
        Msg::FocusRight,
        "focus pane to the right"
    ),
    bind!(
        Main,
        [Char('h'), Code(KeyCode::Left)],
        Msg::FocusLeft,
        "focus pane to the left"
    ),
    bind!(
        In(Pane::List),
        [Code(KeyCode::Enter)],
        Msg::Activate,
        "read the item (focus detail)"
    ),
    bind!(
        In(Pane::Related),
        [Code(KeyCode::Enter)],
        Msg::Activate,
        "go to the article in the feed, else open it"
    ),
    bind!(
        Main,
        [Code(KeyCode::Backspace), Ctrl('o')],
        Msg::Back,
        "back to the item a related article was followed from"
    ),
    bind!(
        Main,
        [Char('o')],
        Msg::OpenOriginal,
        "open original URL (else web URL)"
    ),
    bind!(Main, [Char('O')], Msg::OpenWeb, "open web URL"),
    bind!(Main, [Char('p')], Msg::TogglePublished, "toggle published"),
    bind!(
        Main,
        [Char('P')],
        Msg::PublishAndNext,
        "publish, go to next unpublished"
    ),
    bind!(
        Main,
        [Char('u')],
        Msg::Undo,
        "undo the last publish step (single or bulk)"
    ),
    bind!(Main, [Ctrl('r')], Msg::Redo, "redo the step undone last"),
    bind!(
        Main,
        [Char(' ')],
        Msg::ToggleMark,
        "mark/unmark, move down (p/P then act on the marks)"
    ),
    bind!(
        Main,
        [Char('v')],
        Msg::VisualMark,
        "start a range; again: mark the run"
    ),
    bind!(
        Main,
        [Char('*')],
        Msg::MarkAll,
        "mark every item in the view"
    ),
    bind!(Main, [Char('M')], Msg::ClearMarks, "clear the marks"),
    bind!(
        Main,
        [Char('B')],
        Msg::BulkView,
        "publish/unpublish the whole view (asks)"
    ),
    bind!(
        Main,
        [Char('R')],
        Msg::Reload,
        "reload: re-read files changed on disk"
    ),
    bind!(
        Main,
        [Char('e')],
        Msg::ShowErrors,
        "show files that failed to load"
    ),
    bind!(
        Main,
        [Char('/')],
        Msg::Find(FindMsg::OpenFilter),
        "filter the list (query)"
    ),
    bind!(
        Main,
        [Char('\\')],
        Msg::Find(FindMsg::ClearFilter),
        "clear the filter"
    ),
    bind!(
        Main,
        [Char('f'), Ctrl('f')],
        Msg::Find(FindMsg::OpenSearch),
        "search titles in the list"
    ),
    bind!(
        Main,
        [Char('n')],
        Msg::Find(FindMsg::SearchNext),
        "next search match"
    ),
    bind!(
        Main,
        [Char('N')],
        Msg::Find(FindMsg::SearchPrev),
        "previous search match"
    ),
    bind!(
        Main,
        [Char('s')],
        Msg::Find(FindMsg::CycleSort),
        "sort by the next key"
    ),
    bind!(
        Main,
        [Char('S')],
        Msg::Find(FindMsg::ReverseSort),
        "reverse the sort"
    ),
    bind!(
        Main,
        [Char('F')],
        Msg::Find(FindMsg::ShowFacets),
        "facets: counts by topic, provider, …"
    ),
    bind!(
        Main,
        [Char('1')],
        Msg::Find(FindMsg::View(0)),
        "open saved view 1 (2 … 9: the others)"
    ),
    bind!(
        Main,
        [Char('L')],
        Msg::ShowMessages,
        "message log: this run's messages in full"
    ),
    bind!(Main, [Char('?')], Msg::ShowHelp, "show this help"),
    bind!(
        Always,
        [Ctrl('l')],
        Msg::Repaint,
        "repaint the whole screen"
    ),
    bind!(Main, [Char('q'), Ctrl('c')], Msg::Quit, "quit"),
    bind!(
        Overlay,
        [
            Code(KeyCode::Esc),
            Char('q'),
            Char('?'),
            Char('e'),
            Char('L')
        ],
        Msg::CloseOverlay,
        "close this screen"
    ),
    bind!(Overlay, [Ctrl('c')], Msg::Quit, "quit"),
    bind!(Overlay, [Char('y')], Msg::Confirm, "confirm a bulk action"),
    bind!(Overlay, [Char('n')], Msg::Decline, "cancel a bulk action"),
    bind!(
        Overlay,
        [Char('p')],
        Msg::ChoosePublish,
        "bulk: choose publish"
    ),
    bind!(
        Overlay,
        [Char('u')],
        Msg::ChooseUnpublish,
        "bulk: choose unpublish"
    ),
    bind!(
        Overlay,
        [Char('c')],
        Msg::RecoverComplete,
        "unfinished step: complete it"
    ),
    bind!(
        Overlay,
        [Char('r')],
        Msg::RecoverRollBack,
        "unfinished step: roll it back"
    ),
];

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        match self {
            Key::Char(c) => !ctrl && !alt && ev.code == KeyCode::Char(c),
            Key::Ctrl(c) => ctrl && !alt && ev.code == KeyCode::Char(c),
            Key::Code(code) => !ctrl && !alt && ev.code == code,
        }
    }

    /// How the help overlay writes the key.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".to_owned(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Code(code) => match code {
                KeyCode::BackTab => "Shift-Tab".to_owned(),
                KeyCode::PageDown => "PgDn".to_owned(),
                KeyCode::PageUp => "PgUp".to_owned(),
                other => other.to_string(),
            },
        }
    }
}

impl Context {
    fn applies(self, overlay: bool, focus: Pane) -> bool {
        match self {
            Always => true,
            Main => !overlay,
            In(pane) => !overlay && pane == focus,
            Overlay => overlay,
        }
    }
}

/// The message a key means with this focus, and whether an overlay is open.
pub fn resolve(ev: &KeyEvent, overlay: bool, focus: Pane) -> Option<Msg> {
    BINDINGS
        .iter()
        .filter(|b| b.context.applies(overlay, focus))
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.msg.clone())
}

/// The status bar's hints, most useful first, as (messages, short word); the keys are
/// looked up in the table so a changed binding changes its hint.
const HINTS: &[(&[Msg], &str)] = &[
    (&[Msg::Down, Msg::Up], "move"),
    (&[Msg::FocusNext], "pane"),
    (&[Msg::OpenOriginal], "open"),
    (&[Msg::TogglePublished], "publish"),
    (&[Msg::PublishAndNext], "pub+next"),
    (&[Msg::Undo], "undo"),
    (&[Msg::Back], "back"),
    (&[Msg::ShowErrors], "errors"),
    (&[Msg::ShowMessages], "log"),
    (&[Msg::Quit], "quit"),
];

/// The first key bound to `msg` on the main screen.
fn key_for(msg: &Msg) -> Option<Key> {
    BINDINGS
        .iter()
        .find(|b| &b.msg == msg && b.context != Overlay)
        .map(|b| b.keys[0])
}

/// `j/k move`, `o open`, ...: the status bar's hints, in order of use.
pub fn status_hints() -> Vec<String> {
    HINTS
        .iter()
        .filter_map(|(msgs, word)| {
            let keys: Option<Vec<String>> =
                msgs.iter().map(|m| key_for(m).map(Key::label)).collect();
            Some(format!("{} {word}", keys?.join("/")))
        })
        .collect()
}

/// `? help`: the one hint the status bar always keeps.
pub fn help_hint() -> String {
    key_for(&Msg::ShowHelp).map_or_else(String::new, |k| format!("{} help", k.label()))
}

/// `(keys, what they do, where)` for every binding, in table order: the help overlay.
pub fn help_rows() -> Vec<(String, &'static str, &'static str)> {
    BINDINGS
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            let place = match b.context {
                Always => "",
                Main => "",
                In(Pane::List) => "list",
                In(Pane::Detail) => "detail",
                In(Pane::Related) => "related",
                Overlay => "overlay",
            };
            (keys.join(" "), b.help, place)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_mean_the_same() {
        for (a, b) in [
            (KeyCode::Char('j'), KeyCode::Down),
            (KeyCode::Char('k'), KeyCode::Up),
            (KeyCode::Char('g'), KeyCode::Home),
            (KeyCode::Char('G'), KeyCode::End),
            (KeyCode::Char('l'), KeyCode::Right),
            (KeyCode::Char('h'), KeyCode::Left),
        ] {
            let ma = resolve(&key(a), false, Pane::List);
            assert!(ma.is_some());
            assert_eq!(ma, resolve(&key(b), false, Pane::List), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn shifted_capitals_and_ctrl_keys_resolve() {
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(resolve(&shift_g, false, Pane::List), Some(Msg::Bottom));
        let shift_p = KeyEvent::new(KeyCode::Char('P'), KeyModifiers::SHIFT);
        assert_eq!(
            resolve(&shift_p, false, Pane::List),
            Some(Msg::PublishAndNext)
        );
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(
            resolve(&ctrl_d, false, Pane::Detail),
            Some(Msg::HalfPageDown)
        );
        // Ctrl-u is half a page up, not undo.
        let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(resolve(&ctrl_u, false, Pane::List), Some(Msg::HalfPageUp));
        assert_eq!(
            resolve(&key(KeyCode::Char('u')), false, Pane::List),
            Some(Msg::Undo)
        );
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(resolve(&backtab, false, Pane::List), Some(Msg::FocusPrev));
    }

    #[test]
    fn enter_depends_on_the_focused_pane() {
        let enter = key(KeyCode::Enter);
        assert_eq!(resolve(&enter, false, Pane::Related), Some(Msg::Activate));
        assert_eq!(resolve(&enter, false, Pane::List), Some(Msg::Activate));
        assert_eq!(resolve(&enter, false, Pane::Detail), None);
    }

    #[test]
    fn an_overlay_takes_esc_and_q_and_blocks_actions() {
        assert_eq!(
            resolve(&key(KeyCode::Esc), true, Pane::List),
            Some(Msg::CloseOverlay)
        );
        assert_eq!(
            resolve(&key(KeyCode::Char('q')), true, Pane::List),
            Some(Msg::CloseOverlay)
        );
        assert_eq!(
            resolve(&key(KeyCode::Char('q')), false, Pane::List),
            Some(Msg::Quit)
        );
        // In an overlay `p` only chooses a bulk action; it never toggles the item behind.
        assert_eq!(
            resolve(&key(KeyCode::Char('p')), true, Pane::List),
            Some(Msg::ChoosePublish)
        );
        assert_eq!(
            resolve(&key(KeyCode::Char('p')), false, Pane::List),
            Some(Msg::TogglePublished)
        );
        assert_eq!(
            resolve(&key(KeyCode::Char('j')), true, Pane::List),
            Some(Msg::Down)
        );
        assert_eq!(resolve(&key(KeyCode::Esc), false, Pane::List), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_overlapping_contexts() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let overlap = match (a.context, b.context) {
                    (Always, Overlay) | (Overlay, Always) => true,
                    (Overlay, _) | (_, Overlay) => false,
                    (In(x), In(y)) => x == y,
                    _ => true,
                };
                if overlap {
                    for k in a.keys {
                        assert!(
                            !b.keys.contains(k),
                            "{k:?} bound to {:?} and {:?}",
                            a.msg,
                            b.msg
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn status_hints_come_from_the_table() {
        let hints = status_hints();
        assert_eq!(hints[0], "j/k move");
        assert!(hints.contains(&"L log".to_owned()), "{hints:?}");
        assert!(hints.contains(&"Backspace back".to_owned()), "{hints:?}");
        assert_eq!(help_hint(), "? help");
    }

    #[test]
    fn back_repaint_and_the_log_have_keys() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(
            resolve(&key(KeyCode::Backspace), false, Pane::List),
            Some(Msg::Back)
        );
        assert_eq!(resolve(&ctrl('o'), false, Pane::Detail), Some(Msg::Back));
        assert_eq!(resolve(&ctrl('l'), true, Pane::List), Some(Msg::Repaint));
        assert_eq!(resolve(&ctrl('l'), false, Pane::List), Some(Msg::Repaint));
        assert_eq!(
            resolve(&key(KeyCode::Char('L')), false, Pane::List),
            Some(Msg::ShowMessages)
        );
    }

    #[test]
    fn help_lists_every_binding() {
        let rows = help_rows();
        assert_eq!(rows.len(), BINDINGS.len());
        assert!(
            rows.iter()
                .any(|(k, h, _)| k == "Ctrl-d PgDn" && h.contains("half"))
        );
        assert!(rows.iter().any(|(k, _, _)| k == "Shift-Tab"));
    }
}
