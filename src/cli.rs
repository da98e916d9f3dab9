//! The command line: `check`, `list`, `count`, `publish`, `unpublish`, and the TUI when no
//! command is given. Commands write to the given streams so tests can run them in-process too.

use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::feed::facets::{Facet, facets};
use crate::feed::item::Item;
use crate::feed::loader::{LoadError, LoadOptions, LoadReport, load_with};
use crate::feed::query::{Clock, Matcher, Query, State, Term};
use crate::feed::sort::{Sort, sort_items};
use crate::feed::store::{Rev, Written, write_published};

mod bulk;
mod history;
mod json;

/// A terminal news desk for folders of front-matter news items.
#[derive(Debug, Parser)]
#[command(name = "newsdesk", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Feed to open in the TUI: a folder (searched recursively) or one item file.
    /// Without it: the feed named in the config file, else the bundled demo feed.
    pub path: Option<PathBuf>,
    /// Browser command for `o`, run without a shell; `%u` is the URL (more: --help).
    ///
    /// The command for `o`, `O` and Enter on a related article. It is split into
    /// words ('single' and "double" quotes group, a backslash escapes) and run directly,
    /// never through a shell, so nothing in a URL can run as a command. Every `%u` (or
    /// `%s`) is replaced by the URL inside its word, which stays one argument; with
    /// neither, the URL is appended as the last argument. Example: --browser
    /// 'firefox --new-tab %u'. Default: `browser` in the config, else $BROWSER, else
    /// the system opener.
    #[arg(long, value_name = "CMD")]
    pub browser: Option<String>,
    /// Config file to use instead of `newsdesk/config.toml` in the user's config
    /// directory (XDG). Named this way, a missing file is an error.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Read every file instead of taking unchanged ones from the index cache.
    #[arg(long)]
    pub no_cache: bool,
    /// How much the TUI logs to its log files (in the state dir's `logs` folder).
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = crate::logging::LogLevel::Info)]
    pub log_level: crate::logging::LogLevel,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a feed and report every file that fails, as PATH:LINE:COL: message.
    /// Exits 0 when there are no errors, 1 otherwise.
    Check {
        /// A folder (searched recursively) or one item file.
        path: PathBuf,
        /// Read every file instead of taking unchanged ones from the index cache (how a
        /// cold load is measured).
        #[arg(long)]
        no_cache: bool,
    },
    /// Print the items (newest first unless --sort says otherwise) as TSV (default) or
    /// JSON Lines.
    ///
    /// TSV columns, tab-separated, one item a line: 1 published (yes/no), 2 date (UTC,
    /// RFC 3339, or empty), 3 quality, 4 heat, 5 provider, 6 title, 7 topics (joined by
    /// ", "), 8 path (always last). JSON: one object per item with every front-matter key under its
    /// original name, plus "path" and "rev" (pass it to `publish --expect-rev`); these two
    /// are newsdesk's and replace front-matter keys of the same names.
    ///
    /// Paths: TSV prints a path's raw bytes (tabs and newlines in it become spaces), so
    /// a script can hand it back even when it is not UTF-8. JSON "path" is text; when the
    /// path is not valid UTF-8 it has U+FFFD in place of the bad bytes and the object also
    /// has "path_bytes": the path's exact bytes as an array of numbers (0-255).
    ///
    /// QUERY: words, "phrases" and /regexes/ (title, excerpt, provider, topics; case and
    /// accents ignored); fields title: excerpt: provider: domain: topic: category: type:
    /// url: path:; is:published is:unpublished has:related has:image has:quality
    /// has:original; quality: heat: related: with > >= < <= = or a..b; date:2023-09-19,
    /// date:2023-09, date:2023, date:>2023-01-01, date:2023-01..2023-03; newer:7d older:2w
    /// (h d w m y); today; -term or not term; or; ( ). Dates are UTC. A query that does
    /// not parse exits 2, naming the column.
    List {
        /// A folder (searched recursively) or one item file.
        path: PathBuf,
        /// Only items not published (the same as adding is:unpublished to the query).
        #[arg(long, conflicts_with = "published")]
        unpublished: bool,
        /// Only published items (the same as adding is:published to the query).
        #[arg(long)]
        published: bool,
        /// Only items matching QUERY.
        #[arg(long, short, value_name = "QUERY", allow_hyphen_values = true)]
        query: Option<String>,
        /// Order: date, quality, heat, title or provider, optionally :asc or :desc
        /// (default desc for date, quality, heat; asc for title, provider). Ties: newest
        /// first, then path.
        #[arg(long, value_name = "KEY[:asc|desc]")]
        sort: Option<Sort>,
        /// Output format: tsv (one line per item, tab-separated) or json (JSON Lines).
        #[arg(long, value_enum, default_value_t = Format::Tsv)]
        format: Format,
        /// Read every file instead of taking unchanged ones from the index cache.
        #[arg(long)]
        no_cache: bool,
    },
    /// Count the items per topic, provider, category or year, most common first.
    ///
    /// TSV: value, count. JSON Lines: {"<by>": value, "count": n}. Items without the field
    /// are not counted; an item counts once per topic. Years are UTC.
    Count {
        /// A folder (searched recursively) or one item file.
        path: PathBuf,
        /// Count only items matching QUERY (the language of `list --query`).
        #[arg(long, short, value_name = "QUERY", allow_hyphen_values = true)]
        query: Option<String>,
        /// What to count by.
        #[arg(long, value_enum)]
        by: FacetArg,
        /// Output format: tsv (value, count) or json (JSON Lines).
        #[arg(long, value_enum, default_value_t = Format::Tsv)]
        format: Format,
        /// Read every file instead of taking unchanged ones from the index cache.
        #[arg(long)]
        no_cache: bool,
    },
    /// Set `published: true` in each file, changing only that line.
    Publish(FlagArgs),
    /// Set `published: false` in each file, changing only that line.
    Unpublish(FlagArgs),
    /// List the feed's undo history, oldest first, as TSV: step, time (UTC), action,
    /// files, state (applied, undone, dropped, unfinished), what it was applied to.
    History {
        /// The feed (folder) whose history to show.
        path: PathBuf,
    },
    /// Take back the newest applied step of the feed's history, restoring each file's
    /// exact bytes; a file changed since newsdesk wrote it is left alone (exit 1). A step
    /// a crash left unfinished is rolled back instead.
    Undo {
        /// The feed (folder) whose history to use.
        path: PathBuf,
    },
    /// Apply again the step undone last; a file changed since is left alone (exit 1). A
    /// step a crash left unfinished is completed instead.
    Redo {
        /// The feed (folder) whose history to use.
        path: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct FlagArgs {
    /// Item files to change, each edited on its own and reported on its own line; with
    /// --query, the one feed (folder) to search.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Refuse unless the file is still at this revision (the "rev" of `list --format
    /// json`): a script's guard against overwriting an edit it did not see.
    #[arg(long, value_name = "REV", conflicts_with = "query")]
    pub expect_rev: Option<Rev>,
    /// Act on every item of the feed matching QUERY (the language of `list --query`), as
    /// one step of the feed's history: `newsdesk undo FEED` takes it all back.
    #[arg(long, short, value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Option<String>,
    /// With --query: list what would change, write nothing.
    #[arg(long, requires = "query")]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FacetArg {
    /// Each topic (an item counts once per topic).
    Topic,
    /// The provider's name.
    Provider,
    /// The `category` field.
    Category,
    /// The year of publication (UTC).
    Year,
}

impl FacetArg {
    fn facet(self) -> Facet {
        match self {
            FacetArg::Topic => Facet::Topic,
            FacetArg::Provider => Facet::Provider,
            FacetArg::Category => Facet::Category,
            FacetArg::Year => Facet::Year,
        }
    }

    fn name(self) -> &'static str {
        match self {
            FacetArg::Topic => "topic",
            FacetArg::Provider => "provider",
            FacetArg::Category => "category",
            FacetArg::Year => "year",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tab-separated (see the command's help for the columns).
    Tsv,
    /// JSON Lines.
    Json,
}

/// Run a subcommand; returns the process exit code.
pub fn run(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match command {
        Command::Check { path, no_cache } => check(path, *no_cache, out, err),
        Command::List {
            path,
            unpublished,
            published,
            query,
            sort,
            format,
            no_cache,
        } => {
            let state = match (*published, *unpublished) {
                (true, _) => Some(State::Published),
                (_, true) => Some(State::Unpublished),
                _ => None,
            };
            let sort = sort.unwrap_or_default();
            match parse_query(query.as_deref(), state, err) {
                Ok(Some(q)) => list(path, *no_cache, &q, sort, *format, out, err),
                Ok(None) => Ok(2),
                Err(e) => Err(e),
            }
        }
        Command::Count {
            path,
            query,
            by,
            format,
            no_cache,
        } => match parse_query(query.as_deref(), None, err) {
            Ok(Some(q)) => count(path, *no_cache, &q, *by, *format, out, err),
            Ok(None) => Ok(2),
            Err(e) => Err(e),
        },
        Command::Publish(args) => bulk::set_flag(args, true, out, err),
        Command::Unpublish(args) => bulk::set_flag(args, false, out, err),
        Command::History { path } => history::list(path, out, err),
        Command::Undo { path } => history::step(path, history::Way::Back, out, err),
        Command::Redo { path } => history::step(path, history::Way::Forward, out, err),
    };
    match result {
        Ok(code) => code,
        // `newsdesk list | head`: the reader has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let _ = writeln!(err, "newsdesk: {e}");
            2
        }
    }
}

/// Load `path`; `None` (after saying why on `err`) when the path itself cannot be read.
fn load_feed(
    path: &Path,
    no_cache: bool,
    err: &mut dyn Write,
) -> std::io::Result<Option<LoadReport>> {
    let opts = LoadOptions {
        use_cache: !no_cache,
    };
    match load_with(path, &opts) {
        Ok(r) => Ok(Some(r)),
        Err(e) => {
            err.write_all(b"newsdesk: ")?;
            write_load_error(err, &e)?;
            Ok(None)
        }
    }
}

fn check(
    path: &Path,
    no_cache: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let Some(report) = load_feed(path, no_cache, err)? else {
        return Ok(2);
    };
    for e in &report.errors {
        write_load_error(out, e)?;
    }
    writeln!(out, "{}", summary(&report))?;
    let code = if report.errors.is_empty() { 0 } else { 1 };
    let_go(report);
    Ok(code)
}

/// Freeing 100k items takes tens of milliseconds, and the command ends right after:
/// a thread frees the feed, and the process does not wait for it (the system takes the
/// memory back at exit anyway).
fn let_go(report: LoadReport) {
    std::thread::spawn(move || drop(report));
}

/// `N items, M errors, K skipped`
fn summary(report: &LoadReport) -> String {
    use crate::app::text::plural;
    format!(
        "{}, {}, {} skipped",
        plural(report.feed.len(), "item"),
        plural(report.errors.len(), "error"),
        report.skipped
    )
}

/// The query from `--query`, AND the state shorthand; `None` (after printing the error
/// with a caret under its column) when it does not parse.
fn parse_query(
    text: Option<&str>,
    state: Option<State>,
    err: &mut dyn Write,
) -> std::io::Result<Option<Query>> {
    let parsed = match text.map(str::parse::<Query>) {
        None => Query::All,
        Some(Ok(q)) => q,
        Some(Err(e)) => {
            let text = text.unwrap_or("");
            writeln!(err, "newsdesk: bad query at {e}")?;
            writeln!(err, "  {text}")?;
            writeln!(err, "  {}^", " ".repeat(e.column.saturating_sub(1)))?;
            return Ok(None);
        }
    };
    let state = state.map(|s| Query::Term(Term::Is(s)));
    Ok(Some(Query::and(
        state.into_iter().chain([parsed]).collect(),
    )))
}

/// Load `path` and keep the items `query` matches (dates against the current UTC time);
/// load errors go to `err`. `None` when the path itself cannot be read.
fn load_matching(
    path: &Path,
    no_cache: bool,
    query: &Query,
    err: &mut dyn Write,
) -> std::io::Result<Option<(LoadReport, Vec<usize>)>> {
    let Some(report) = load_feed(path, no_cache, err)? else {
        return Ok(None);
    };
    for e in &report.errors {
        write_load_error(err, e)?;
    }
    let matcher = Matcher::new(query, &Clock::utc_now());
    let keep = (report.feed.items().iter().enumerate())
        .filter(|(_, i)| matcher.matches(i))
        .map(|(n, _)| n)
        .collect();
    Ok(Some((report, keep)))
}

fn list(
    path: &Path,
    no_cache: bool,
    query: &Query,
    sort: Sort,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let Some((report, keep)) = load_matching(path, no_cache, query, err)? else {
        return Ok(2);
    };
    let mut items: Vec<&Item> = keep.iter().map(|&n| &report.feed.items()[n]).collect();
    sort_items(&mut items, sort);
    let mut all = true;
    match format {
        Format::Tsv => {
            for item in items {
                out.write_all(tsv_row(item).as_bytes())?;
                out.write_all(&tsv_path(&item.path))?;
                out.write_all(b"\n")?
            }
        }
        // The whole front matter: files are read again for what the feed left on disk.
        Format::Json => all = json::write_rows(&items, out, err)?,
    }
    let code = if report.errors.is_empty() && all {
        0
    } else {
        1
    };
    let_go(report);
    Ok(code)
}

fn count(
    path: &Path,
    no_cache: bool,
    query: &Query,
    by: FacetArg,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let Some((report, keep)) = load_matching(path, no_cache, query, err)? else {
        return Ok(2);
    };
    let items = keep.iter().map(|&n| &report.feed.items()[n]);
    for (value, n) in facets(items, by.facet()) {
        match format {
            Format::Tsv => writeln!(out, "{}\t{n}", field(&value))?,
            Format::Json => {
                let mut map = serde_json::Map::new();
                map.insert(by.name().to_owned(), value.into());
                map.insert("count".to_owned(), n.into());
                writeln!(out, "{}", serde_json::Value::Object(map))?
            }
        }
    }
    let code = if report.errors.is_empty() { 0 } else { 1 };
    let_go(report);
    Ok(code)
}

/// Tabs and newlines inside a field would break the columns.
fn field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// A path's own bytes, so a script can hand it back (a `display()` would put U+FFFD in
/// place of bytes that are not UTF-8).
fn path_bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_bytes()
}

/// The path column: raw bytes, with tabs and newlines made spaces as in every field.
fn tsv_path(path: &Path) -> Vec<u8> {
    path_bytes(path)
        .iter()
        .map(|&b| {
            if matches!(b, b'\t' | b'\n' | b'\r') {
                b' '
            } else {
                b
            }
        })
        .collect()
}

/// `PATH[:LINE[:COL]]: message`, the path as raw bytes.
fn write_load_error(out: &mut dyn Write, e: &LoadError) -> std::io::Result<()> {
    out.write_all(path_bytes(&e.path))?;
    if let Some(line) = e.line {
        write!(out, ":{line}")?;
        if let Some(col) = e.column {
            write!(out, ":{col}")?;
        }
    }
    writeln!(out, ": {}", e.message)
}

/// Every column of an item's TSV row up to the path (the last, written as raw bytes by
/// `tsv_path`), ending in the tab before it.
fn tsv_row(item: &Item) -> String {
    let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    [
        if item.is_published() { "yes" } else { "no" }.to_owned(),
        item.timestamp().map(|t| t.to_string()).unwrap_or_default(),
        num(item.quality),
        num(item.heat),
        field(item.provider_name().unwrap_or("")),
        field(&item.display_title()),
        field(&item.topics.join(", ")),
        String::new(),
    ]
    .join("\t")
}

fn set_flag_files(
    args: &FlagArgs,
    value: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    if args.expect_rev.is_some() && args.files.len() != 1 {
        writeln!(err, "newsdesk: --expect-rev takes exactly one FILE")?;
        return Ok(2);
    }
    let word = if value { "published" } else { "unpublished" };
    let mut failed = false;
    for file in &args.files {
        match write_published(file, value, args.expect_rev) {
            Ok(Written::Changed(rev)) => {
                out.write_all(path_bytes(file))?;
                writeln!(out, ": {word} (rev {rev})")?
            }
            Ok(Written::Unchanged(rev)) => {
                out.write_all(path_bytes(file))?;
                writeln!(out, ": already {word} (rev {rev})")?
            }
            Err(e) => {
                failed = true;
                err.write_all(path_bytes(e.path()))?;
                writeln!(err, ": {}", e.reason())?;
            }
        }
    }
    Ok(i32::from(failed))
}
