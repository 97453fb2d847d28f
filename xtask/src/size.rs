//! `cargo xtask size` (not written yet).

use anyhow::Result;

pub fn run(_args: &[String]) -> Result<()> {
    anyhow::bail!("`cargo xtask size` is not written yet")
}
