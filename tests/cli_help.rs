//! `--help` explains every argument: a user must not have to read the source.

use clap::CommandFactory;
use newsdesk::cli::Cli;

fn undocumented(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        let builtin = matches!(arg.get_id().as_str(), "help" | "version");
        if !builtin && arg.get_help().is_none() && arg.get_long_help().is_none() {
            out.push(format!("{path} {}", arg.get_id()));
        }
        // A flag's implied true/false are not values a user types.
        let values = if arg.get_action().takes_values() {
            arg.get_possible_values()
        } else {
            Vec::new()
        };
        for value in values {
            if !value.is_hide_set() && value.get_help().is_none() {
                out.push(format!("{path} {}={}", arg.get_id(), value.get_name()));
            }
        }
    }
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        if sub.get_about().is_none() {
            out.push(format!("{path} {} (the command)", sub.get_name()));
        }
        undocumented(sub, &format!("{path} {}", sub.get_name()), out);
    }
}

#[test]
fn every_argument_and_value_has_a_description() {
    let mut missing = Vec::new();
    undocumented(&Cli::command(), "newsdesk", &mut missing);
    assert!(missing.is_empty(), "no help text for: {missing:?}");
}

#[test]
fn browser_help_says_there_is_no_shell_and_how_the_url_is_passed() {
    let mut cmd = Cli::command();
    let help = cmd.render_long_help().to_string();
    let start = help.find("--browser").unwrap();
    let text = &help[start..];
    let text = &text[..text.find("--config").unwrap_or(text.len())];
    assert!(text.contains("never through a shell"), "{text}");
    assert!(text.contains("%u"), "{text}");
    assert!(text.contains("one argument"), "{text}");
    assert!(text.contains("appended"), "{text}");
}
