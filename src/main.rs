use clap::Parser;
use newsdesk::cli::{Cli, run, summary};

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(command) => run(command, &mut std::io::stdout(), &mut std::io::stderr()),
        None => {
            // The TUI arrives with issue 3; until then show what would be opened.
            let path = cli.path.clone().unwrap_or_else(|| "assets/demo".into());
            match newsdesk::feed::load(&path) {
                Ok(report) => {
                    println!("{}", summary(&report));
                    0
                }
                Err(e) => {
                    eprintln!("newsdesk: {e}");
                    2
                }
            }
        }
    };
    std::process::exit(code);
}
