//! `tandem agent add|list|remove` as a process, then logging in with what it stored.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::*;

fn tandem(args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[tokio::test]
async fn an_agent_added_on_the_command_line_can_log_in_with_the_piped_password() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tandem.db");
    let db = db.to_str().unwrap();
    // Act
    let (added, stdout, _) = tandem(
        &["agent", "add", "ada", "--db", db],
        Some("s3cret-enough\n"),
    );
    let (again, _, stderr) = tandem(
        &["agent", "add", "ada", "--db", db],
        Some("s3cret-enough\n"),
    );
    let (short, _, short_err) = tandem(&["agent", "add", "bob", "--db", db], Some("short\n"));
    let (generated, generated_out, _) =
        tandem(&["agent", "add", "cy", "--generate", "--db", db], None);
    let (_, listed, _) = tandem(&["agent", "list", "--db", db], None);
    // Assert
    assert!(added, "{stdout}");
    assert!(!again && stderr.contains("already exists"), "{stderr}");
    assert!(!short && short_err.contains("at least 8"), "{short_err}");
    assert!(
        generated && generated_out.contains("password"),
        "{generated_out}"
    );
    assert_eq!(listed, "ada\ncy\n");
    let config = test_config(dir.path());
    let app = spawn_config(dir, config).await;
    let login = app
        .http(
            "POST",
            "/api/login",
            Some(r#"{"name":"ada","password":"s3cret-enough"}"#),
            None,
        )
        .await;
    assert_eq!(login.status, 204);
}
