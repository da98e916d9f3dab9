//! The config file: TOML in the XDG config dir (or `--config FILE`).
//!
//! ```toml
//! feed = "~/news/items"          # opened when no PATH is given
//! browser = "firefox --new-tab %u"
//! text_browser = false           # true: the browser takes the terminal while it runs
//!
//! [[view]]                       # number keys 1..9 open views; the first opens at start
//! name = "inbox"
//! query = "is:unpublished"
//! sort = "date:desc"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub feed: Option<PathBuf>,
    pub browser: Option<String>,
    pub text_browser: Option<bool>,
    /// `[[view]]` tables: saved filters the number keys open; the first opens at start.
    #[serde(default, rename = "view")]
    pub views: Vec<ViewConfig>,
}

/// One saved view: `name`, a `query` (empty: every item) and a `sort` (`KEY[:asc|desc]`).
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ViewConfig {
    pub name: String,
    #[serde(default)]
    pub query: String,
    pub sort: Option<String>,
}

/// `<config dir>/newsdesk/config.toml`, where the platform keeps configs.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "newsdesk").map(|d| d.config_dir().join("config.toml"))
}

/// Read a config. A missing file is an empty config unless it was asked for by name; a
/// bad one is an error naming the file, line and column.
pub fn load(path: &Path, required: bool) -> Result<Config, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(Config::default());
        }
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut config: Config = toml::from_str(&text).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |s| {
            crate::feed::textpos::line_col(text.as_bytes(), s.start)
        });
        format!("{}:{line}:{col}: {}", path.display(), e.message().trim())
    })?;
    config.feed = config.feed.map(|f| expand(&f, path));
    Ok(config)
}

/// `~/x` is under the home directory; a relative path is relative to the config file.
fn expand(feed: &Path, config: &Path) -> PathBuf {
    if let Ok(rest) = feed.strip_prefix("~")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    if feed.is_relative()
        && let Some(dir) = config.parent()
    {
        return dir.join(feed);
    }
    feed.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_keys_and_resolves_relative_feed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "feed = \"items\"\nbrowser = \"w3m %u\"\ntext_browser = true\n",
        )
        .unwrap();
        let c = load(&path, true).unwrap();
        assert_eq!(c.feed, Some(dir.path().join("items")));
        assert_eq!(c.browser.as_deref(), Some("w3m %u"));
        assert_eq!(c.text_browser, Some(true));
    }

    #[test]
    fn a_bad_file_names_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "feed = \"x\"\nbrowser = [1,\n").unwrap();
        let e = load(&path, true).unwrap_err();
        assert!(e.starts_with(&format!("{}:2:", path.display())), "{e}");
        std::fs::write(&path, "colour = true\n").unwrap();
        let e = load(&path, true).unwrap_err();
        assert!(e.contains(":1:1:") && e.contains("colour"), "{e}");
    }

    #[test]
    fn missing_is_fine_unless_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope.toml");
        assert_eq!(load(&path, false).unwrap(), Config::default());
        assert!(load(&path, true).unwrap_err().contains("nope.toml"));
    }
}
