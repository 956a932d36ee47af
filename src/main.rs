//! `summit-bot`: parse the arguments and hand off to the library; see `summit_bot::cli`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    summit_bot::cli::run(summit_bot::cli::Cli::parse())
}
