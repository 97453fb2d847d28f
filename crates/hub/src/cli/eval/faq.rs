//! `tandem eval faq` (not written yet).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct EvalFaqArgs {}

pub fn run(_args: EvalFaqArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`tandem eval faq` is not available in this build yet")
}
