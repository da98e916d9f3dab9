//! `list --format json`: each item's whole front matter as one JSON line. The feed holds
//! items slim (their related articles, images and `secured` payload left on disk), so each
//! listed file is read whole again here, a chunk at a time on all cores, printed in order.

use std::io::Write;

use rayon::prelude::*;

use crate::feed::item::Item;
use crate::feed::loader::{LoadError, read_item};

use super::{path_bytes, write_load_error};

/// Files read whole at a time: enough to keep every core busy, few enough that memory
/// holds only their lines, whatever the feed size.
const CHUNK: usize = 256;

/// Print `items` (in this order) as JSON lines; a file that no longer reads goes to `err`
/// as a load error. Returns whether every item was printed.
pub fn write_rows(
    items: &[&Item],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<bool> {
    let mut all = true;
    for chunk in items.chunks(CHUNK) {
        let rows: Vec<Result<String, LoadError>> = chunk.par_iter().map(|i| row(i)).collect();
        for r in rows {
            match r {
                Ok(line) => writeln!(out, "{line}")?,
                Err(e) => {
                    all = false;
                    write_load_error(err, &e)?;
                }
            }
        }
    }
    Ok(all)
}

/// One item's line: from the item itself when it is whole, else from its file read whole
/// (as it is now, with its rev now: the two always belong together).
fn row(item: &Item) -> Result<String, LoadError> {
    if !item.is_slim() {
        return Ok(json_row(item));
    }
    match read_item(&item.path)? {
        Some(whole) => Ok(json_row(&whole)),
        None => Err(LoadError {
            path: item.path.clone(),
            line: None,
            column: None,
            message: "no front matter any more: not an item file now".to_owned(),
        }),
    }
}

/// The item's front matter as JSON, plus newsdesk's own `path` and `rev` (which take the
/// place of front-matter keys of the same names).
pub fn json_row(item: &Item) -> String {
    let mut map = match serde_json::to_value(item) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    map.insert(
        "path".to_owned(),
        item.path.to_string_lossy().into_owned().into(),
    );
    if item.path.to_str().is_none() {
        map.insert("path_bytes".to_owned(), path_bytes(&item.path).into());
    }
    map.insert("rev".to_owned(), item.rev.to_string().into());
    serde_json::Value::Object(map).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::loader::load;
    use std::path::Path;

    fn lines(items: &[&Item]) -> (Vec<serde_json::Value>, String, bool) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let all = write_rows(items, &mut out, &mut err).unwrap();
        let rows = String::from_utf8(out).unwrap();
        let rows = rows.lines().map(|l| serde_json::from_str(l).unwrap());
        (rows.collect(), String::from_utf8(err).unwrap(), all)
    }

    #[test]
    fn slim_items_are_printed_whole_from_their_files() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
        let report = load(&root).unwrap();
        let whole: Vec<&Item> = report.feed.items().iter().collect();
        let slim: Vec<Item> = whole.iter().map(|i| (*i).clone().slimmed()).collect();
        let slim: Vec<&Item> = slim.iter().collect();
        let harbour = slim.iter().position(|i| i.related_count() == 2).unwrap();
        assert!(slim[harbour].related.is_empty() && slim[harbour].secured.is_none());
        let (from_slim, err, all) = lines(&slim);
        assert_eq!((err.as_str(), all), ("", true));
        assert_eq!(
            from_slim,
            lines(&whole).0,
            "the same lines as from whole items"
        );
        let row = &from_slim[harbour];
        assert_eq!(row["related"].as_array().map(Vec::len), Some(2));
        assert_eq!(row["images"].as_array().map(Vec::len), Some(1));
        assert_eq!(row["secured"], "QUJDREVGR0g=;SUpLTA==");
    }

    #[test]
    fn a_file_gone_since_the_load_is_a_load_error_and_the_rest_print() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.md", "b.md"] {
            let text = format!("---\ntitle: {name}\nrelated:\n  - title: r\n---\n");
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let report = load(dir.path()).unwrap();
        let slim: Vec<Item> = (report.feed.items().iter())
            .map(|i| i.clone().slimmed())
            .collect();
        let gone = slim.iter().find(|i| i.path.ends_with("a.md")).unwrap();
        std::fs::remove_file(&gone.path).unwrap();
        let (rows, err, all) = lines(&slim.iter().collect::<Vec<_>>());
        assert!(!all);
        assert!(err.contains("a.md: "), "{err}");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["title"], "b.md");
        assert_eq!(rows[0]["related"][0]["title"], "r");
    }
}
