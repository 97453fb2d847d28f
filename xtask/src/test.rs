//! `cargo xtask test`: every test the project has, in the order that builds each artifact once.
//!
//! `--native` stops after the native tests (no browser, no wasm) for a fast inner loop.

use crate::util::run as sh;
use crate::{browser, build, setup};
use anyhow::Result;
use std::process::Command;

pub fn run(args: &[String]) -> Result<()> {
    let native_only = args.iter().any(|arg| arg == "--native");
    let started = std::time::Instant::now();

    sh(Command::new("cargo").args(["test", "--workspace", "--locked"]))?;
    // The agent console's pure modules (queue order, transcript store) have node tests.
    sh(Command::new("node").args(["--test", "www/console/"]))?;
    if native_only {
        return Ok(());
    }

    setup::wasm_target()?;
    setup::chromium()?;
    setup::node_modules()?;
    build::dist()?;
    browser::wasm_tests()?;
    browser::e2e()?;

    eprintln!(
        "xtask: all tests passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
