//! newsdesk: a terminal news desk for folders of front-matter news items.

pub mod app;
pub mod browser;
pub mod cli;
pub mod config;
pub mod demo;
pub mod feed;
pub mod launch;
pub mod logging;
pub mod platform;
pub mod runtime;
pub mod ui;
