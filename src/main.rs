use clap::Parser;
use newsdesk::cli::{Cli, run};

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(command) => run(command, &mut std::io::stdout(), &mut std::io::stderr()),
        None => newsdesk::launch::tui(&cli),
    };
    std::process::exit(code);
}
