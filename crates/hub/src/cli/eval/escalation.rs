//! `tandem eval escalation` (not written yet).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct EvalEscalationArgs {}

pub fn run(_args: EvalEscalationArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`tandem eval escalation` is not available in this build yet")
}
