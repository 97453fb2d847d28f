//! `cargo xtask dist`: builds the widget (and the ML worker) for wasm32 and writes `dist/`,
//! the directory the hub serves at `/`.
//!
//! Stable names, so a site's one script tag never changes: `tandem.js` (the hand-written
//! loader), `tandem.css`, `tandem_widget.js` + `tandem_widget_bg.wasm` (the chat),
//! `tandem_ml_worker.js` + `tandem_ml_worker_bg.wasm` (the sentiment worker), `index.html`
//! (the demo shop), `faq.json`, `console/` and `models/*.onnx` + `models/*.tev` + `models/*.tenc`. wasm-bindgen runs as a library
//! at the exact version in Cargo.lock, so nothing is downloaded. wasm-opt is not run: the
//! measurements in docs/performance-widget.md say why.

use crate::util::{root, run};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use wasm_bindgen_cli_support::Bindgen;

const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";

pub fn dist() -> Result<PathBuf> {
    // Every caller (run, test, size, dist) needs the wasm target; a fresh machine lacks it.
    crate::setup::wasm_target()?;
    let root = root();
    let dist = root.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).context("could not clear dist/")?;
    }
    std::fs::create_dir_all(&dist)?;

    wasm_package("tandem-widget", "tandem_widget", &dist)?;
    // The worker crate is optional for the chat (it answers without a model), but a worker
    // that no longer builds must not go unnoticed: it is reported, and `dist/` says so.
    if let Err(error) = wasm_package("tandem-ml-worker", "tandem_ml_worker", &dist) {
        eprintln!("xtask: WARNING the ML worker did not build, dist/ has no worker: {error:#}");
    }

    copy_dir(&root.join("www"), &dist)?;
    std::fs::copy(root.join("index.html"), dist.join("index.html"))
        .context("could not copy index.html")?;
    copy_models(&root.join("models"), &dist.join("models"))?;
    eprintln!("xtask: wrote {}", dist.display());
    Ok(dist)
}

/// The wasm file cargo wrote for `stem` in the wasm-release profile.
pub fn wasm_artifact(stem: &str) -> PathBuf {
    target_dir()
        .join(TARGET)
        .join(PROFILE)
        .join(format!("{stem}.wasm"))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn wasm_package(package: &str, stem: &str, dist: &Path) -> Result<()> {
    run(Command::new("cargo").args([
        "build",
        "--locked",
        "-p",
        package,
        "--lib",
        "--target",
        TARGET,
        "--profile",
        PROFILE,
    ]))?;
    let input = wasm_artifact(stem);
    Bindgen::new()
        .input_path(&input)
        .web(true)?
        .typescript(false)
        // Function names and the toolchain list are for debuggers, not for visitors: the name
        // section alone was 3.9 KB of the chat shell's wasm (session 14).
        .remove_name_section(true)
        .remove_producers_section(true)
        .out_name(stem)
        .generate(dist)
        .with_context(|| format!("wasm-bindgen failed on {}", input.display()))?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry?;
        let target = to.join(entry.file_name());
        // Unit tests of the JS files (`*.test.mjs` next to the console's modules) are not served.
        if entry.file_name().to_string_lossy().contains(".test.") {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("could not copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn copy_models(from: &Path, to: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        // The sentiment model, the FAQ's static embedding table and its contextual encoder,
        // all fetched by the worker.
        if path
            .extension()
            .is_some_and(|ext| ext == "onnx" || ext == "tev" || ext == "tenc")
        {
            std::fs::create_dir_all(to)?;
            if let Some(name) = path.file_name() {
                std::fs::copy(&path, to.join(name))?;
            }
        }
    }
    Ok(())
}
