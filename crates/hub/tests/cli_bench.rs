//! `tandem bench idle|relay` against a real `tandem serve` child process: the last stdout line
//! is the documented JSON, and on a quiet hub nothing is lost. Small and fast on purpose — the
//! real numbers come from the commands in docs/performance-hub.md, never from tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const ORIGIN: &str = "http://bench.test";
const AGENT: &str = "benchy";
const PASSWORD: &str = "correct horse battery staple";

fn tandem() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
}

/// A hub child process on a free port with a temp database, killed when dropped.
struct Hub {
    child: Child,
    port: u16,
    db: std::path::PathBuf,
    /// Where this hub leaves its note for local tools (kept apart from other tests' hubs).
    runtime_dir: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn healthz_ok(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let request =
        format!("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    let mut answer = String::new();
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_to_string(&mut answer).is_ok()
        && answer.starts_with("HTTP/1.1 200")
}

fn add_agent(db: &Path) {
    let mut add = tandem()
        .args(["agent", "add", AGENT, "--db"])
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(add.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    assert!(add.wait().unwrap().success(), "tandem agent add failed");
}

fn spawn_hub() -> Hub {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    add_agent(&db);
    let port = free_port();
    let runtime_dir = dir.path().join("run");
    let child = tandem()
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(&db)
        .args(["--allow-origin", ORIGIN])
        .env("TANDEM_RUNTIME_DIR", &runtime_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let hub = Hub {
        child,
        port,
        db,
        runtime_dir,
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while !healthz_ok(port) {
        assert!(Instant::now() < deadline, "the hub never answered /healthz");
        std::thread::sleep(Duration::from_millis(100));
    }
    hub
}

/// `tandem bench relay` against `hub` with the flags, scaled down: 2 claimed
/// conversations, 20 msg/s for 1 s (the hub's note for local tools is found in its runtime dir).
fn small_relay(hub: &Hub) -> Command {
    let mut relay = tandem();
    relay
        .args([
            "bench",
            "relay",
            "--url",
            &format!("http://127.0.0.1:{}", hub.port),
        ])
        .args(["--origin", ORIGIN])
        .args(["--conversations", "2", "--rate", "20", "--secs", "1"])
        .env("TANDEM_RUNTIME_DIR", &hub.runtime_dir);
    relay
}

/// The JSON object on the last stdout line, after checking the command succeeded.
fn last_line_json(output: &Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "bench failed: {stderr}");
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("last line {last:?} is not JSON: {e}\n{stderr}"))
}

fn number(report: &serde_json::Value, key: &str) -> f64 {
    report[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing or not a number in {report}"))
}

#[test]
fn idle_and_relay_report_their_keys_and_lose_nothing_on_a_quiet_hub() {
    // Arrange
    let hub = spawn_hub();

    // Act: 50 idle visitors for 2 s.
    let idle = tandem()
        .args([
            "bench",
            "idle",
            "--url",
            &format!("ws://127.0.0.1:{}/ws/visitor", hub.port),
        ])
        .args(["--origin", ORIGIN, "--conns", "50", "--hold-secs", "2"])
        .output()
        .unwrap();

    // Assert
    let report = last_line_json(&idle);
    for key in [
        "conns_requested",
        "conns_held",
        "connect_errors",
        "seconds_to_connect",
    ] {
        number(&report, key);
    }
    assert_eq!(number(&report, "conns_requested"), 50.0);
    assert_eq!(number(&report, "conns_held"), 50.0, "{report}");
    assert_eq!(number(&report, "connect_errors"), 0.0, "{report}");

    // Act
    let relay = small_relay(&hub)
        .args(["--agent", AGENT, "--password-env", "BENCH_TEST_PASSWORD"])
        .env("BENCH_TEST_PASSWORD", PASSWORD)
        .output()
        .unwrap();

    // Assert
    let report = last_line_json(&relay);
    for key in [
        "sent",
        "received",
        "lost",
        "duplicated",
        "out_of_order",
        "p50_ms",
        "p99_ms",
        "max_ms",
    ] {
        number(&report, key);
    }
    assert!(number(&report, "sent") >= 18.0, "{report}");
    assert_eq!(
        number(&report, "received"),
        number(&report, "sent"),
        "{report}"
    );
    assert_eq!(number(&report, "lost"), 0.0, "{report}");
    assert_eq!(number(&report, "duplicated"), 0.0, "{report}");
    assert_eq!(number(&report, "out_of_order"), 0.0, "{report}");
    assert!(number(&report, "p50_ms") <= number(&report, "p99_ms"));
    assert!(number(&report, "p99_ms") <= number(&report, "max_ms"));
}

#[test]
fn relay_with_only_the_documented_flags_logs_in_as_a_throwaway_agent_and_removes_it() {
    // Arrange: a fresh hub; the bench is given no agent and no password.
    let hub = spawn_hub();

    // Act
    let relay = small_relay(&hub)
        .env_remove("TANDEM_BENCH_PASSWORD")
        .output()
        .unwrap();

    // Assert: traffic flowed, and only the hub's own agent is left.
    let report = last_line_json(&relay);
    assert!(number(&report, "sent") >= 18.0, "{report}");
    assert_eq!(number(&report, "lost"), 0.0, "{report}");
    let agents = tandem()
        .args(["agent", "list", "--db"])
        .arg(&hub.db)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&agents.stdout).trim(), AGENT);
}

#[test]
fn relay_without_a_password_or_a_hub_note_says_how_to_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let output = tandem()
        .args([
            "bench",
            "relay",
            "--url",
            "http://127.0.0.1:9",
            "--origin",
            ORIGIN,
        ])
        .env("TANDEM_RUNTIME_DIR", dir.path())
        .env_remove("TANDEM_BENCH_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("TANDEM_BENCH_PASSWORD"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_host_off_this_machine_is_refused_before_any_connection() {
    let output = tandem()
        .args([
            "bench",
            "idle",
            "--url",
            "ws://192.0.2.10:80/ws/visitor",
            "--origin",
            ORIGIN,
        ])
        .args(["--conns", "1", "--hold-secs", "1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("only target this machine"), "{stderr}");
    assert!(output.stdout.is_empty());

    let output = tandem()
        .args([
            "bench",
            "relay",
            "--url",
            "http://example.com:8080",
            "--origin",
            ORIGIN,
        ])
        .env("TANDEM_BENCH_PASSWORD", "x")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
