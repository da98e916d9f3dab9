#![no_main]
//! Target (c): any bytes as the config file, read by `config::load` as `--config FILE`
//! reads it. Never panics; an error names the file.

use libfuzzer_sys::fuzz_target;
use newsdesk::config;
use newsdesk_fuzz::scratch_file;
use std::path::PathBuf;
use std::sync::LazyLock;

static PATH: LazyLock<PathBuf> = LazyLock::new(|| scratch_file("config.toml"));

fuzz_target!(|data: &[u8]| {
    let path = &*PATH;
    std::fs::write(path, data).expect("write the scratch file");
    if let Err(e) = config::load(path, true) {
        assert!(e.starts_with(&format!("{}:", path.display())), "{e}");
    }
});
