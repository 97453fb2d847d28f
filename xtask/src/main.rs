//! `cargo xtask …`: the project's build and test orchestration, in Rust so it needs nothing
//! but cargo. Every command installs what it needs on a fresh machine (see `setup`).
//!
//! - `cargo xtask run`   build the widget and start the hub with the demo shop and agent console
//! - `cargo xtask test`  every test: native, wasm in headless Chromium, end-to-end in Chromium
//! - `cargo xtask dist`  build the widget and worker into `dist/`
//! - `cargo xtask size`  raw / gzip / brotli size of each artifact, written to docs/performance.md

mod browser;
mod build;
mod run;
mod setup;
mod size;
mod test;
mod util;

use anyhow::{Result, bail};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> Result<()> {
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("run") => run::run(rest),
        Some("test") => test::run(rest),
        Some("dist") => build::dist().map(|_| ()),
        Some("size") => size::run(rest),
        _ => bail!("usage: cargo xtask run|test|dist|size"),
    }
}
