//! Installs what the commands need on a fresh machine, and nothing when it is already there.
//! Only package registries are used (rustup's own target, Debian, npm, crates.io).

use crate::util::{have, root, run};
use anyhow::Result;
use std::path::Path;
use std::process::Command;

pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

pub fn wasm_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if !installed {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// Debian's Chromium and ChromeDriver (never a downloaded browser build).
pub fn chromium() -> Result<()> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    let sudo = if is_root() { vec![] } else { vec!["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.clone();
        all.push("apt-get");
        all.extend_from_slice(args);
        let (program, rest) = all
            .split_first()
            .map(|(p, r)| (*p, r.to_vec()))
            .unwrap_or(("apt-get", vec![]));
        let mut command = Command::new(program);
        command.args(rest).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut command)
    };
    apt(&["update", "-q"])?;
    apt(&["install", "-y", "-q", "chromium", "chromium-driver"])
}

/// `npm ci` for the browser test tools (playwright-core, axe-core), only when needed.
pub fn node_modules() -> Result<()> {
    let dir = root().join("tests/e2e");
    let stamp = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(stamp), Ok(lock)) => match (stamp.modified(), lock.modified()) {
            (Ok(s), Ok(l)) => s >= l,
            _ => false,
        },
        _ => false,
    };
    if !fresh {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir))?;
    }
    Ok(())
}

/// `wasm-bindgen-test-runner` at the exact version in Cargo.lock, installed into target/tools.
pub fn wasm_bindgen_test_runner() -> Result<std::path::PathBuf> {
    let tools = root().join("target/tools");
    let runner = tools.join("bin/wasm-bindgen-test-runner");
    let version_ok = Command::new(&runner)
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).contains(WASM_BINDGEN_VERSION))
        .unwrap_or(false);
    if !version_ok {
        run(Command::new("cargo")
            .args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                WASM_BINDGEN_VERSION,
                "--root",
            ])
            .arg(&tools))?;
    }
    Ok(runner)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
        || !have("sudo")
}
