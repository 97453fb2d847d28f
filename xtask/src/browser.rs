//! Tests in headless Debian Chromium: wasm-bindgen-test component tests of the widget (and of
//! the ML worker when it has any), then the Playwright end-to-end scenarios in tests/e2e/ on
//! the built `dist/` (run `build::dist()` first).

use crate::setup;
use crate::util::{root, run};
use anyhow::Result;
use std::process::Command;

/// Packages whose wasm-bindgen-test tests run in the browser, and the folder holding them.
const WASM_PACKAGES: [(&str, &str); 2] = [
    ("tandem-widget", "src"),
    ("tandem-ml-worker", "crates/ml-worker"),
];

pub fn wasm_tests() -> Result<()> {
    let runner = setup::wasm_bindgen_test_runner()?;
    let root = root();
    for (package, dir) in WASM_PACKAGES {
        if !has_browser_tests(&root.join(dir)) {
            eprintln!("xtask: {package} has no wasm-bindgen-test tests, skipped");
            continue;
        }
        run(Command::new("cargo")
            .args([
                "test",
                "--locked",
                "-p",
                package,
                "--target",
                "wasm32-unknown-unknown",
            ])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env(
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                root.join("webdriver.json"),
            )
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))?;
    }
    Ok(())
}

pub fn e2e() -> Result<()> {
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1", "."])
        .current_dir(root().join("tests/e2e")))
}

fn has_browser_tests(dir: &std::path::Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|entry| {
        let path = entry.path();
        if path.is_dir() {
            return has_browser_tests(&path);
        }
        path.extension().is_some_and(|ext| ext == "rs")
            && std::fs::read_to_string(&path).is_ok_and(|text| text.contains("wasm_bindgen_test"))
    })
}
