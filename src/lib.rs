//! newsdesk: a terminal news desk for folders of front-matter news items.

pub mod app;
pub mod cli;
pub mod feed;
pub mod ui;
