//! The hub as a real child process: kill -9 mid-stream loses no acked line; SIGTERM closes
//! every socket with 1001 and exits within 5 s.

use std::collections::BTreeSet;
use std::process::Command;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tandem_core::protocol::{ClientFrame, Resume, ServerFrame, decode_server, encode};
use tandem_hub::store::{Direction, SqliteStore, Store, SyncMode};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_hub_ten_times_mid_stream_loses_no_acked_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tandem.db");
    let mut acked: BTreeSet<u64> = BTreeSet::new();
    let mut token: Option<String> = None;
    let mut epoch: Option<String> = None;
    let mut conversation = String::new();
    let mut next = 0u64;
    for round in 0..10u64 {
        let (mut child, base) = start_hub(&db);
        let mut client = connect_to(&format!("ws://{base}/ws/visitor"), Some(SHOP), None, None)
            .await
            .unwrap();
        let resume = epoch.clone().map(|e| Resume {
            last_seq: 0,
            epoch: Some(e),
        });
        let welcome = client.hello_visitor(token.as_deref(), resume).await;
        if token.is_some() {
            assert!(
                welcome.resumed && !welcome.epoch_changed,
                "round {round}: the conversation continues"
            );
            assert_eq!(welcome.conversation.as_deref(), Some(conversation.as_str()));
        }
        token = welcome.token.clone();
        epoch = Some(welcome.epoch.clone());
        conversation = welcome.conversation.clone().unwrap();
        // Resend every line sent so far that has no ack (same id), then keep streaming.
        let (mut sink, mut stream) = client.ws.split();
        for n in 0..next {
            if !acked.contains(&n) {
                let frame = ClientFrame::Message {
                    id: format!("m{n}"),
                    text: format!("line {n}"),
                    conversation: None,
                    author: None,
                };
                sink.send(Message::text(encode(&frame).unwrap()))
                    .await
                    .unwrap();
            }
        }
        let kill_at = Instant::now() + Duration::from_millis(150 + 37 * round);
        loop {
            let frame = ClientFrame::Message {
                id: format!("m{next}"),
                text: format!("line {next}"),
                conversation: None,
                author: None,
            };
            if Instant::now() >= kill_at {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                break;
            }
            if sink
                .send(Message::text(encode(&frame).unwrap()))
                .await
                .is_err()
            {
                break;
            }
            next += 1;
            while let Ok(Some(Ok(Message::Text(text)))) =
                tokio::time::timeout(Duration::from_millis(1), stream.next()).await
            {
                if let Ok(ServerFrame::Ack { id, .. }) = decode_server(text.as_str()) {
                    acked.insert(id[1..].parse().unwrap());
                }
            }
        }
        // Acks that were already on the wire when the hub died still count.
        while let Ok(Some(Ok(Message::Text(text)))) =
            tokio::time::timeout(Duration::from_millis(50), stream.next()).await
        {
            if let Ok(ServerFrame::Ack { id, .. }) = decode_server(text.as_str()) {
                acked.insert(id[1..].parse().unwrap());
            }
        }
    }
    // Every acked line is stored exactly once, seqs without gaps.
    let store = SqliteStore::open(&db, SyncMode::Normal).await.unwrap();
    let stored = store
        .messages_after(&conversation, Direction::FromVisitor, 0, u32::MAX)
        .await
        .unwrap();
    let ids: BTreeSet<u64> = stored.iter().map(|m| m.id[1..].parse().unwrap()).collect();
    assert_eq!(ids.len(), stored.len(), "no line stored twice");
    let seqs: Vec<u64> = stored.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, (1..=stored.len() as u64).collect::<Vec<_>>());
    let lost: Vec<&u64> = acked.difference(&ids).collect();
    assert!(lost.is_empty(), "acked but lost: {lost:?}");
    assert!(acked.len() > 50, "the stream ran ({} acked)", acked.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_closes_every_socket_with_1001_and_the_hub_exits_within_5_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, base) = start_hub(&dir.path().join("tandem.db"));
    let mut clients = Vec::new();
    for _ in 0..3 {
        let mut c = connect_to(&format!("ws://{base}/ws/visitor"), Some(SHOP), None, None)
            .await
            .unwrap();
        c.hello_visitor(None, None).await;
        clients.push(c);
    }
    let started = Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    for c in &mut clients {
        assert_eq!(c.close_code().await, Some(1001));
    }
    loop {
        if let Some(exit) = child.try_wait().unwrap() {
            assert!(exit.success(), "{exit:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "still running after 5 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
