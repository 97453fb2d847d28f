use std::time::Duration;

use crate::helpers::*;
use tandem_core::protocol::{ClientFrame, ErrorFrame, ServerFrame};

#[tokio::test]
async fn a_frame_over_the_limit_closes_with_1009_and_the_hub_serves_the_next_client() {
    // Arrange
    let app = spawn_app().await;
    let (mut big, _) = app.new_visitor().await;
    // Act: 64 KiB + 1 of text.
    let text = "x".repeat(64 * 1024 + 1);
    let _ = futures_util::SinkExt::send(
        &mut big.ws,
        tokio_tungstenite::tungstenite::Message::text(text),
    )
    .await;
    // Assert
    assert_eq!(big.close_code().await, Some(1009));
    let (mut next, _) = app.new_visitor().await;
    next.say("m1", "still here?").await;
    assert!(matches!(next.recv().await, ServerFrame::Ack { seq: 1, .. }));
}

#[tokio::test]
async fn malformed_json_and_unknown_types_get_numbered_errors_and_the_connection_stays() {
    let app = spawn_app().await;
    let (mut visitor, _) = app.new_visitor().await;
    for (text, code) in [
        ("{not json", 100),
        (r#"{"type":"subscribe","channel":"all"}"#, 101),
        (r#"{"type":"message","id":5}"#, 100),
        (r#"{"type":"message","id":"bad id!","text":"x"}"#, 107),
        (r#"{"type":"message","id":"ok","text":"   "}"#, 108),
        ("\u{0}\u{1}\u{ffff}", 100),
    ] {
        visitor.send_text(text).await;
        match visitor.recv().await {
            ServerFrame::Error(ErrorFrame {
                code: got, retry, ..
            }) => {
                assert_eq!(got, code, "{text}");
                assert!(!retry);
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    visitor.say("m1", "fine now").await;
    assert!(matches!(
        visitor.recv().await,
        ServerFrame::Ack { seq: 1, .. }
    ));
}

#[tokio::test]
async fn a_socket_without_hello_is_closed_after_the_auth_deadline() {
    let app = spawn_with(|c| c.limits.auth_deadline = Duration::from_millis(300)).await;
    let mut silent = app.visitor().await;
    assert_eq!(silent.close_code().await, Some(4500));
}

#[tokio::test]
async fn a_first_frame_other_than_hello_closes_with_4000() {
    let app = spawn_app().await;
    let mut rude = app.visitor().await;
    rude.say("m1", "no hello").await;
    assert!(matches!(
        rude.recv().await,
        ServerFrame::Error(ErrorFrame { code: 103, .. })
    ));
    assert_eq!(rude.close_code().await, Some(4000));
}

#[tokio::test]
async fn an_unknown_protocol_version_gets_error_102_and_close_4001() {
    let app = spawn_app().await;
    let mut future = app.visitor().await;
    future
        .send_text(r#"{"type":"hello","v":99,"role":"visitor","token":null}"#)
        .await;
    assert!(matches!(
        future.recv().await,
        ServerFrame::Error(ErrorFrame { code: 102, .. })
    ));
    assert_eq!(future.close_code().await, Some(4001));
}

#[tokio::test]
async fn a_client_that_never_answers_pings_is_closed_by_the_heartbeat() {
    // The client does not read (so it never answers pings) for longer than 3 heartbeats.
    let app = spawn_with(|c| c.limits.heartbeat = Duration::from_millis(200)).await;
    let (mut deaf, _) = app.new_visitor().await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(deaf.close_code().await, Some(4501));
}

#[tokio::test]
async fn a_connection_sending_too_fast_gets_retryable_error_201_with_the_message_id() {
    let app = spawn_with(|c| {
        c.limits.frames_per_sec = 0.5;
        c.limits.frame_burst = 2.0;
    })
    .await;
    let (mut fast, _) = app.new_visitor().await;
    fast.say("m1", "one").await;
    fast.say("m2", "two").await;
    fast.say("m3", "three").await;
    let mut frames = Vec::new();
    for _ in 0..3 {
        frames.push(
            fast.recv_until(|f| {
                !matches!(
                    f,
                    ServerFrame::Replayed { .. } | ServerFrame::Presence { .. }
                )
            })
            .await,
        );
    }
    let limited = frames.iter().find_map(|f| match f {
        ServerFrame::Error(e) => Some(e.clone()),
        _ => None,
    });
    let limited = limited.expect("one frame is refused");
    assert_eq!(
        (limited.code, limited.retry, limited.id.as_deref()),
        (201, true, Some("m3"))
    );
}

#[tokio::test]
async fn an_address_opening_too_many_sockets_gets_429() {
    let app = spawn_with(|c| {
        c.limits.connects_per_sec_per_ip = 0.01;
        c.limits.connect_burst_per_ip = 3.0;
    })
    .await;
    let mut statuses = Vec::new();
    let mut held = Vec::new();
    for _ in 0..4 {
        match app.connect("/ws/visitor", Some(SHOP), None).await {
            Ok(client) => {
                held.push(client);
                statuses.push(101)
            }
            Err(tokio_tungstenite::tungstenite::Error::Http(r)) => {
                statuses.push(r.status().as_u16())
            }
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(statuses, vec![101, 101, 101, 429]);
}

#[tokio::test]
async fn binary_frames_get_error_100_and_the_connection_stays() {
    let app = spawn_app().await;
    let (mut visitor, _) = app.new_visitor().await;
    let binary = tokio_tungstenite::tungstenite::Message::binary(vec![0u8, 159, 146, 150]);
    futures_util::SinkExt::send(&mut visitor.ws, binary)
        .await
        .unwrap();
    assert!(matches!(
        visitor.recv().await,
        ServerFrame::Error(ErrorFrame { code: 100, .. })
    ));
    visitor.send(&ClientFrame::Ping).await;
    assert!(matches!(visitor.recv().await, ServerFrame::Pong));
}

#[tokio::test]
async fn hundreds_of_random_frames_never_break_the_socket_or_the_hub() {
    use rand::{Rng, SeedableRng};
    // Arrange: a fixed seed so a failure reproduces.
    let app = spawn_app().await;
    let (mut visitor, _) = app.new_visitor().await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let pieces = [
        "{",
        "}",
        "\"type\"",
        ":",
        "\"message\"",
        "\"hello\"",
        "\"claim\"",
        ",",
        "\"id\"",
        "\"text\"",
        "null",
        "1e999",
        "-1",
        "[",
        "]",
        "\"\\u0000\"",
        "\"conversation\"",
        "true",
        "\"v\"",
        "\u{1F600}",
    ];
    // Act: random JSON-ish text frames, each answered by an error frame (or an ack when the
    // noise happens to be a valid line).
    for _ in 0..300 {
        let count = rng.gen_range(0..12);
        let frame: String = (0..count)
            .map(|_| pieces[rng.gen_range(0..pieces.len())])
            .collect();
        visitor.send_text(&frame).await;
        let answer = visitor.recv().await;
        assert!(
            matches!(
                answer,
                ServerFrame::Error(_) | ServerFrame::Ack { .. } | ServerFrame::Pong
            ),
            "{frame}: {answer:?}"
        );
    }
    // Assert: the same socket still works, and so does the hub.
    visitor.send(&ClientFrame::Ping).await;
    assert!(matches!(visitor.recv().await, ServerFrame::Pong));
    assert_eq!(app.http("GET", "/healthz", None, None).await.status, 200);
}
