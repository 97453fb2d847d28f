//! `tandem agent …` (not written yet).

use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum AgentCommand {}

pub fn run(command: AgentCommand) -> anyhow::Result<ExitCode> {
    match command {}
}
