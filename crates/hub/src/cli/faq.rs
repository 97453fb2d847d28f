//! `tandem faq …` (not written yet).

use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum FaqCommand {}

pub fn run(command: FaqCommand) -> anyhow::Result<ExitCode> {
    match command {}
}
