//! The `fidelio` program: the window, or a windowless command.

use std::process::ExitCode;

use clap::Parser;
use fidelio::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout with success, usage errors with status 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Some(Command::Summary(args)) => ExitCode::from(fidelio::cli::summary::run(&args) as u8),
        Some(Command::Report(args)) => ExitCode::from(fidelio::cli::report::run(&args) as u8),
        None => match fidelio::ui::run(cli.files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("fidelio: {error:#}");
                ExitCode::FAILURE
            }
        },
    }
}
