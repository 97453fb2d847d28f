//! `tandem eval sentiment` (not written yet).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct EvalSentimentArgs {}

pub fn run(_args: EvalSentimentArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`tandem eval sentiment` is not available in this build yet")
}
