//! `newsdesk [PATH]`: settle the config, the feed and the browser, load, and run the TUI.

use std::path::PathBuf;
use std::sync::Arc;

use crate::app::Model;
use crate::browser::Browser;
use crate::cli::Cli;
use crate::config::{self, Config};
use crate::feed::LoadOptions;
use crate::platform::System;

/// Run the TUI; returns the process exit code.
pub fn tui(cli: &Cli) -> i32 {
    match try_tui(cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("newsdesk: {e}");
            2
        }
    }
}

fn try_tui(cli: &Cli) -> Result<(), String> {
    let config = match (&cli.config, config::default_path()) {
        (Some(path), _) => config::load(path, true)?,
        (None, Some(path)) => config::load(&path, false)?,
        (None, None) => Config::default(),
    };
    let path = feed_path(cli, &config)?;
    let config_name = cli.config.clone().or_else(config::default_path);
    let views = crate::app::find::saved_views(&config.views).map_err(|e| match &config_name {
        Some(p) => format!("{}: {e}", p.display()),
        None => e,
    })?;
    let env_browser = std::env::var("BROWSER").ok();
    let browser = Browser::choose(
        cli.browser.as_deref().or(config.browser.as_deref()),
        env_browser.as_deref(),
        config.text_browser,
    )
    .map_err(|e| format!("browser: {e}"))?;
    // A feed that is not there is an error before the screen is taken; everything else
    // about it (bad files, unreadable folders) shows in the desk as it loads.
    std::fs::metadata(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such file or folder", path.display()),
        _ => format!("{}: {e}", path.display()),
    })?;
    let opts = LoadOptions {
        use_cache: !cli.no_cache,
    };
    let now = jiff::Timestamp::now();
    let mut model = Model::loading(path.clone(), now, jiff::tz::TimeZone::system());
    // https://no-color.org: present and not empty.
    model.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    crate::app::find::start(&mut model, views);
    model.live_clock = true;
    // Kept until the desk closes: dropping it flushes the log.
    let _logging = start_logging(cli);
    tracing::info!(
        "newsdesk {} opens {}",
        env!("CARGO_PKG_VERSION"),
        path.display()
    );
    crate::app::state::restore(&mut model, crate::runtime::load_desk(&path));
    let platform = Arc::new(System { browser });
    let load = Some((path, opts));
    crate::runtime::run_in_terminal(model, platform, load).map_err(|e| e.to_string())
}

/// Logs go to the state dir; without one the desk still runs, and says so on the way out.
fn start_logging(cli: &Cli) -> Option<crate::logging::Logging> {
    let started = crate::logging::log_dir()
        .ok_or_else(|| "no state directory".to_owned())
        .and_then(|dir| crate::logging::init(&dir, cli.log_level));
    started
        .map_err(|e| eprintln!("newsdesk: not logging: {e}"))
        .ok()
}

/// PATH, else the configured feed, else the bundled demo.
fn feed_path(cli: &Cli, config: &Config) -> Result<PathBuf, String> {
    if let Some(p) = cli.path.clone().or_else(|| config.feed.clone()) {
        return Ok(p);
    }
    let dir = crate::demo::default_dir().ok_or("no home directory for the demo feed")?;
    crate::demo::unpack(&dir).map_err(|e| format!("{}: {e}", dir.display()))
}
