//! `tandem convert` (not written yet).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {}

pub fn run(_args: ConvertArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`tandem convert` is not available in this build yet")
}
