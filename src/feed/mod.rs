//! The domain: items, loading, and writing the published flag back. Never imports ratatui.

pub mod cache;
pub mod facets;
pub mod frontmatter;
pub mod fsutil;
pub mod item;
pub mod loader;
pub mod query;
pub mod read;
pub mod sanitize;
pub mod sort;
pub mod store;
pub mod walk;

use std::collections::HashMap;
use std::path::PathBuf;

pub use item::{Item, ItemId};
pub use loader::{LoadError, LoadEvent, LoadOptions, LoadReport, load, load_streaming, load_with};

/// The loaded items, newest first (undated last, then by path), with a URL index so a
/// related article can be found among the items.
#[derive(Debug, Default)]
pub struct Feed {
    pub root: PathBuf,
    pub items: Vec<Item>,
    by_url: HashMap<String, usize>,
}

/// URLs compare without surrounding blanks or a trailing slash.
pub fn url_key(url: &str) -> &str {
    url.trim().trim_end_matches('/')
}

impl Feed {
    pub fn new(root: PathBuf, mut items: Vec<Item>) -> Self {
        items.sort_by(|a, b| {
            b.timestamp()
                .cmp(&a.timestamp())
                .then_with(|| a.path.cmp(&b.path))
        });
        let mut feed = Feed {
            root,
            items,
            by_url: HashMap::new(),
        };
        feed.index();
        feed
    }

    fn index(&mut self) {
        self.by_url.clear();
        for (i, item) in self.items.iter().enumerate() {
            for url in [&item.original_url, &item.web_url].into_iter().flatten() {
                self.by_url.entry(url_key(url).to_owned()).or_insert(i);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn published_count(&self) -> usize {
        self.items.iter().filter(|i| i.is_published()).count()
    }

    /// Index of the item whose original or web URL is `url`.
    pub fn position_of_url(&self, url: &str) -> Option<usize> {
        self.by_url.get(url_key(url)).copied()
    }

    /// Put a freshly read version of an item in place of the old one (same path), keeping
    /// its position so the list does not jump under the editor's cursor.
    pub fn replace(&mut self, item: Item) -> Option<usize> {
        let i = self.items.iter().position(|x| x.path == item.path)?;
        self.items[i] = item;
        self.index();
        Some(i)
    }
}
