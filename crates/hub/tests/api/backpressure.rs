//! A reader that stops reading must not cost the hub memory or hold up anyone else. The hub runs
//! as its own process so its memory alone is measured.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::*;
use tandem_core::protocol::{ClaimResume, ClientFrame, Hello, Role, ServerFrame};

fn slow_consumers(metrics: &str) -> u64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix("tandem_slow_consumers_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_that_stops_reading_is_disconnected_with_a_retry_code_and_the_hub_stays_flat() {
    // Arrange: an agent account, a hub with an 8-frame outbound queue, a claimed conversation.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tandem.db");
    let mut add = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["agent", "add", "ada", "--db"])
        .arg(&db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"correct horse battery\n")
        .unwrap();
    assert!(add.wait().unwrap().success());
    let (mut child, base) = start_hub_with(&db, &["--outbound-queue", "8"]);
    let addr = base.parse().unwrap();
    let mut visitor = connect_to(&format!("ws://{base}/ws/visitor"), Some(SHOP), None, None)
        .await
        .unwrap();
    let welcome = visitor.hello_visitor(None, None).await;
    let conversation = welcome.conversation.unwrap();
    let login = http(
        addr,
        "POST",
        "/api/login",
        Some(r#"{"name":"ada","password":"correct horse battery"}"#),
        None,
    )
    .await;
    let cookie = login
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let mut agent = connect_to(
        &format!("ws://{base}/ws/agent"),
        Some(SHOP),
        Some(&cookie),
        None,
    )
    .await
    .unwrap();
    agent
        .send(&ClientFrame::Hello(Hello {
            v: 1,
            role: Role::Agent,
            token: None,
            resume: None,
        }))
        .await;
    agent
        .send(&ClientFrame::Claim {
            conversation: conversation.clone(),
            resume: ClaimResume::default(),
        })
        .await;
    agent
        .recv_until(|f| matches!(f, ServerFrame::Replayed { .. }))
        .await;
    let rss_before = rss_of(child.id());
    // Act: the visitor never reads while the agent writes up to 24 MB.
    let text = "y".repeat(8 * 1024);
    for i in 0..3000 {
        let frame = ClientFrame::Message {
            id: format!("a{i}"),
            text: text.clone(),
            conversation: Some(conversation.clone()),
            author: None,
        };
        agent.send(&frame).await;
        if i % 100 == 99 {
            agent
                .recv_until(|f| matches!(f, ServerFrame::Ack { .. }))
                .await;
            let metrics = http(addr, "GET", "/metrics", None, None).await.body;
            if slow_consumers(&metrics) > 0 {
                break;
            }
        }
    }
    let rss_after = rss_of(child.id());
    // Assert: the slow visitor was cut off (4502, or the connection just ends when even the
    // close frame cannot get through), the hub counted it, and the agent is still served.
    let code = visitor.close_code().await;
    assert!(code.is_none() || code == Some(4502), "{code:?}");
    let metrics = http(addr, "GET", "/metrics", None, None).await.body;
    assert_eq!(slow_consumers(&metrics), 1);
    agent.send(&ClientFrame::Ping).await;
    agent.recv_until(|f| matches!(f, ServerFrame::Pong)).await;
    let _ = child.kill();
    let _ = child.wait();
    // Memory: bounded by the queue and socket buffers, not by what the agent wrote.
    let grown = rss_after.saturating_sub(rss_before);
    eprintln!("backpressure: hub RSS {rss_before} -> {rss_after}");
    assert!(grown < 8 * 1024 * 1024, "hub RSS grew by {grown} bytes");
}
