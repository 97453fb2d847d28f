//! The hub as a child process (`tandem serve`), for crash, signal and memory tests.

use std::io::BufRead;

use super::helpers::SHOP;

/// Starts `tandem serve` on a free port and returns it with its base address.
pub fn start_hub(db: &std::path::Path) -> (std::process::Child, String) {
    start_hub_with(db, &[])
}

fn runtime_dir_beside(db: &std::path::Path) -> std::path::PathBuf {
    db.parent().unwrap_or(std::path::Path::new(".")).join("run")
}

/// `start_hub` with extra `tandem serve` flags.
pub fn start_hub_with(db: &std::path::Path, extra: &[&str]) -> (std::process::Child, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--allow-origin",
            SHOP,
            "--no-admin",
        ])
        .args(["--frame-rate", "100000", "--connect-rate", "10000", "--db"])
        .arg(db)
        .args(extra)
        .env("RUST_LOG", "warn")
        // The hub's note for local tools goes beside the test database, not into $HOME.
        .env("TANDEM_RUNTIME_DIR", runtime_dir_beside(db))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the tandem binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut reader = std::io::BufReader::new(stdout);
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    // Keep draining stdout so the hub never writes into a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let base = first
        .trim()
        .rsplit(' ')
        .next()
        .unwrap()
        .trim_start_matches("http://")
        .to_owned();
    (child, base)
}

/// Resident memory of another process (the hub as a child) in bytes.
pub fn rss_of(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib: u64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    kib * 1024
}
