//! `tandem bench …` (not written yet).

use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {}

pub fn run(command: BenchCommand) -> anyhow::Result<ExitCode> {
    match command {}
}
