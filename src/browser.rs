//! Which browser opens a URL and how: the command line is split into words here (simple
//! quoting) and run directly, never through a shell, so nothing in a URL can become a
//! shell command.

/// Programs that draw in the terminal and so must be given it while they run.
const TEXT_BROWSERS: [&str; 5] = ["lynx", "w3m", "links", "links2", "elinks"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Browser {
    /// A command template; `%u`/`%s` is the URL, else the URL is appended.
    Command { words: Vec<String>, text_mode: bool },
    /// The desktop's opener (the `open` crate), detached.
    System,
}

impl Browser {
    /// `--browser`/config first, then `$BROWSER`, then the system opener.
    pub fn choose(
        configured: Option<&str>,
        env: Option<&str>,
        text_mode: Option<bool>,
    ) -> Result<Browser, String> {
        let Some(cmd) = configured.or(env).map(str::trim).filter(|c| !c.is_empty()) else {
            return Ok(Browser::System);
        };
        let words = split_words(cmd)?;
        let program = words.first().ok_or("empty browser command")?;
        let name = std::path::Path::new(program)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text_mode = text_mode.unwrap_or(TEXT_BROWSERS.contains(&name.as_str()));
        Ok(Browser::Command { words, text_mode })
    }

    /// The argument vector for `url`.
    pub fn argv(words: &[String], url: &str) -> Vec<String> {
        let mut placed = false;
        let mut argv: Vec<String> = words
            .iter()
            .map(|w| {
                if w.contains("%u") || w.contains("%s") {
                    placed = true;
                    w.replace("%u", url).replace("%s", url)
                } else {
                    w.clone()
                }
            })
            .collect();
        if !placed {
            argv.push(url.to_owned());
        }
        argv
    }
}

/// Split a command line into words: blanks separate, '…' is literal, "…" allows \" and
/// \\, a backslash outside quotes escapes the next character.
pub fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(format!("unclosed ' in {s:?}")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err(format!("unclosed \" in {s:?}")),
                        },
                        Some(c) => word.push(c),
                        None => return Err(format!("unclosed \" in {s:?}")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn words_split_with_simple_quoting() {
        assert_eq!(
            split_words("firefox --new-tab %u").unwrap(),
            w(&["firefox", "--new-tab", "%u"])
        );
        assert_eq!(
            split_words("'/opt/My Browser/run' \"a \\\"b\\\"\" c\\ d").unwrap(),
            w(&["/opt/My Browser/run", "a \"b\"", "c d"])
        );
        assert_eq!(split_words("  ''  ").unwrap(), w(&[""]));
        assert!(split_words("'open").is_err());
        assert!(split_words("\"open").is_err());
    }

    #[test]
    fn url_replaces_placeholder_or_is_appended() {
        let url = "https://example.com/a?b=1;rm -rf /";
        assert_eq!(Browser::argv(&w(&["x", "%u"]), url), w(&["x", url]));
        assert_eq!(
            Browser::argv(&w(&["x", "--url=%s"]), url),
            vec!["x".to_owned(), format!("--url={url}")]
        );
        assert_eq!(Browser::argv(&w(&["x"]), url), w(&["x", url]));
    }

    #[test]
    fn configured_beats_env_beats_system_and_text_browsers_are_known() {
        let c = Browser::choose(Some("lynx -accept_all_cookies"), Some("firefox"), None).unwrap();
        assert_eq!(
            c,
            Browser::Command {
                words: w(&["lynx", "-accept_all_cookies"]),
                text_mode: true
            }
        );
        let e = Browser::choose(None, Some("/usr/bin/firefox %s"), None).unwrap();
        assert_eq!(
            e,
            Browser::Command {
                words: w(&["/usr/bin/firefox", "%s"]),
                text_mode: false
            }
        );
        let forced = Browser::choose(Some("mybrowser"), None, Some(true)).unwrap();
        assert!(matches!(
            forced,
            Browser::Command {
                text_mode: true,
                ..
            }
        ));
        assert_eq!(Browser::choose(None, None, None).unwrap(), Browser::System);
        assert_eq!(
            Browser::choose(None, Some("  "), None).unwrap(),
            Browser::System
        );
    }
}
