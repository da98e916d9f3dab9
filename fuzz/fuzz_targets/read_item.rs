#![no_main]
//! Target (a): any bytes as one item file, read the way the loader reads every file
//! (`loader::read_item`: size check, UTF-8, split, YAML parse, typed read, sanitize).
//! Never panics; an item has nothing unsafe left in any string; an error names the file
//! and, when it gives a place, a place inside the file.

use libfuzzer_sys::fuzz_target;
use newsdesk::feed::loader::read_item;
use newsdesk_fuzz::{first_unsafe, scratch_file};
use std::path::PathBuf;
use std::sync::LazyLock;

static PATH: LazyLock<PathBuf> = LazyLock::new(|| scratch_file("item.md"));

fuzz_target!(|data: &[u8]| {
    let path = &*PATH;
    std::fs::write(path, data).expect("write the scratch file");
    match read_item(path) {
        Ok(Some(item)) => {
            // Everything the CLI prints as JSON and the TUI shows comes from here.
            let json = serde_json::to_value(&item).expect("every item serializes to JSON");
            check_strings(&json);
            let title = item.display_title();
            assert_eq!(first_unsafe(&title), None, "title {title:?}");
        }
        Ok(None) => {}
        Err(e) => {
            let shown = e.to_string();
            assert!(shown.starts_with(&path.display().to_string()), "{shown}");
            assert!(!e.message.trim().is_empty(), "empty message: {shown}");
            // The message reaches the error screen as it is.
            assert_eq!(first_unsafe(&e.message), None, "{shown:?}");
            if let Some(line) = e.line {
                let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
                assert!(
                    line >= 1 && line <= lines,
                    "line {line} of {lines}: {shown}"
                );
                assert!(e.column.is_none_or(|c| c >= 1), "{shown}");
            }
        }
    }
});

/// Every key and string of the item's JSON is free of characters the sanitizer removes.
fn check_strings(v: &serde_json::Value) {
    match v {
        serde_json::Value::String(s) => {
            assert_eq!(first_unsafe(s), None, "string {s:?}");
        }
        serde_json::Value::Array(a) => a.iter().for_each(check_strings),
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                assert_eq!(first_unsafe(k), None, "key {k:?}");
                check_strings(v);
            }
        }
        _ => {}
    }
}
