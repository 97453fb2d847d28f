//! `cargo xtask run`: builds the widget into `dist/` and starts the hub on localhost with the
//! demo shop page, the agent console and an embedded SQLite file under `.tandem-data/`.

use crate::util::{root, run as sh};
use crate::{build, setup};
use anyhow::Result;
use std::process::Command;

pub fn run(args: &[String]) -> Result<()> {
    let addr = args
        .iter()
        .position(|arg| arg == "--addr")
        .and_then(|at| args.get(at + 1))
        .cloned()
        .unwrap_or_else(|| "127.0.0.1:8080".to_string());
    let port = addr.rsplit(':').next().unwrap_or("8080");

    setup::wasm_target()?;
    build::dist()?;
    let data = root().join(".tandem-data");
    std::fs::create_dir_all(&data)?;
    sh(Command::new("cargo")
        .args([
            "run",
            "--release",
            "--locked",
            "-p",
            "tandem-hub",
            "--bin",
            "tandem",
            "--",
            "serve",
        ])
        .args(["--addr", &addr])
        .arg("--db")
        .arg(data.join("tandem.db"))
        .args(["--allow-origin", &format!("http://127.0.0.1:{port}")])
        .args(["--allow-origin", &format!("http://localhost:{port}")]))
}
