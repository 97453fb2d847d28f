//! Small helpers for running commands from the repository root.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::Command;

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Runs a command in the repository root, echoing it, and fails if it fails.
pub fn run(command: &mut Command) -> Result<()> {
    command.current_dir_if_unset();
    eprintln!("$ {}", describe(command));
    let status = command
        .status()
        .with_context(|| format!("could not start `{}`", describe(command)))?;
    if !status.success() {
        bail!("`{}` failed with {status}", describe(command));
    }
    Ok(())
}

/// True when a program is on PATH (or is an existing path).
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .map(|status| status.success())
        .unwrap_or(false)
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

trait CurrentDirIfUnset {
    fn current_dir_if_unset(&mut self);
}

impl CurrentDirIfUnset for Command {
    fn current_dir_if_unset(&mut self) {
        if self.get_current_dir().is_none() {
            self.current_dir(root());
        }
    }
}
