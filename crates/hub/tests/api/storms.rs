//! Many messages, many drops, many clients: nothing lost, nothing doubled, order kept.

use std::collections::BTreeMap;
use std::net::IpAddr;

use futures_util::{SinkExt, StreamExt};
use tandem_core::protocol::{Author, ClientFrame, Resume, ServerFrame, decode_server, encode};
use tandem_hub::store::NewMessage;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::*;
use crate::relay::claimed_pair;

const EACH_WAY: u64 = 1000;
const DROPS: u64 = 20;

/// The visitor side: sends EACH_WAY lines, drops its socket every EACH_WAY/DROPS sends, resumes,
/// resends what was not acked, and records every agent line it receives.
async fn visitor_side(app: &TestApp, token: String, epoch: String) -> (Vec<u64>, Vec<String>) {
    let mut received: Vec<u64> = Vec::new();
    let mut received_ids: Vec<String> = Vec::new();
    let mut unacked: BTreeMap<u64, String> = BTreeMap::new();
    let mut next = 0u64;
    let mut drops = 0;
    loop {
        let mut client = app.visitor().await;
        let last = received.last().copied().unwrap_or(0);
        let resume = Resume {
            last_seq: last,
            epoch: Some(epoch.clone()),
        };
        let (welcome, replayed) = client
            .hello_visitor_replay(Some(&token), Some(resume))
            .await;
        assert!(welcome.resumed && !welcome.epoch_changed);
        for m in replayed {
            received.push(m.seq);
            received_ids.push(m.id);
        }
        for (n, _) in unacked.clone() {
            client.say(&format!("v{n}"), &format!("visitor {n}")).await;
        }
        let mut sent_here = 0;
        let (mut sink, mut stream) = client.ws.split();
        loop {
            let done = next >= EACH_WAY && unacked.is_empty() && received.len() as u64 >= EACH_WAY;
            if done {
                return (received, received_ids);
            }
            let may_send = next < EACH_WAY && unacked.len() < 32;
            if drops < DROPS && sent_here >= EACH_WAY / DROPS {
                drops += 1;
                break; // drop the socket without a close frame
            }
            tokio::select! {
                sent = sink.send(Message::text(encode(&ClientFrame::Message { id: format!("v{next}"), text: format!("visitor {next}"), conversation: None, author: None }).unwrap())), if may_send => {
                    sent.unwrap();
                    unacked.insert(next, format!("v{next}"));
                    next += 1;
                    sent_here += 1;
                }
                incoming = stream.next() => {
                    let text = match incoming {
                        Some(Ok(Message::Text(text))) => text,
                        Some(Ok(_)) => continue,
                        // The hub closed on us: reconnect and resume like a real widget.
                        Some(Err(_)) | None => break,
                    };
                    match decode_server(text.as_str()).unwrap() {
                        ServerFrame::Ack { id, .. } => {
                            let n: u64 = id[1..].parse().unwrap();
                            unacked.remove(&n);
                        }
                        ServerFrame::Message(m) => {
                            received.push(m.seq);
                            received_ids.push(m.id);
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// The agent side: sends EACH_WAY lines (pipelined) and records every visitor line.
async fn agent_side(mut agent: Client, conversation: String) -> Vec<u64> {
    let mut received = Vec::new();
    let mut next = 0u64;
    let mut acked = 0u64;
    let (mut sink, mut stream) = agent.ws.split();
    while acked < EACH_WAY || (received.len() as u64) < EACH_WAY {
        let may_send = next < EACH_WAY && next - acked < 32;
        tokio::select! {
            sent = sink.send(Message::text(encode(&ClientFrame::Message { id: format!("a{next}"), text: format!("agent {next}"), conversation: Some(conversation.clone()), author: None }).unwrap())), if may_send => {
                sent.unwrap();
                next += 1;
            }
            incoming = stream.next() => {
                let text = match incoming {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(_)) => continue,
                    other => panic!("the agent socket ended: {other:?}"),
                };
                match decode_server(text.as_str()).unwrap() {
                    ServerFrame::Ack { .. } => acked += 1,
                    ServerFrame::Message(m) if m.author == Author::Visitor => received.push(m.seq),
                    _ => {}
                }
            }
        }
    }
    agent = Client {
        ws: sink.reunite(stream).unwrap(),
    };
    drop(agent);
    received
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_lines_each_way_through_twenty_drops_lose_nothing_double_nothing_and_keep_order()
{
    // Arrange
    let app = spawn_app().await;
    let (visitor, welcome, agent) = claimed_pair(&app).await;
    drop(visitor);
    let conversation = welcome.conversation.clone().unwrap();
    // Act
    let agent_task = tokio::spawn(agent_side(agent, conversation.clone()));
    let (visitor_got, visitor_ids) =
        visitor_side(&app, welcome.token.unwrap(), welcome.epoch).await;
    let agent_got = tokio::time::timeout(std::time::Duration::from_secs(60), agent_task)
        .await
        .unwrap()
        .unwrap();
    // Assert: exactly 1..=1000 in order on both sides, and line n carries id n.
    let expected: Vec<u64> = (1..=EACH_WAY).collect();
    assert_eq!(visitor_got, expected, "visitor side");
    assert_eq!(agent_got, expected, "agent side");
    let ids: Vec<String> = (0..EACH_WAY).map(|n| format!("a{n}")).collect();
    assert_eq!(visitor_ids, ids);
    let stored = app.hub.store.transcript(&conversation).await.unwrap();
    let from_visitor: Vec<String> = stored
        .iter()
        .filter(|m| m.author == Author::Visitor)
        .map(|m| m.id.clone())
        .collect();
    let sent: Vec<String> = (0..EACH_WAY).map(|n| format!("v{n}")).collect();
    assert_eq!(from_visitor, sent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_visitors_reconnecting_at_once_all_recover_their_gap() {
    const CLIENTS: usize = 2000;
    // Arrange: 2,000 conversations, each with one agent line the visitor has not seen.
    let app = spawn_app().await;
    let mut sessions = Vec::new();
    for batch in 0..(CLIENTS / 100) {
        let mut joins = Vec::new();
        for _ in 0..100 {
            let url = app.url("/ws/visitor");
            joins.push(tokio::spawn(async move {
                let mut c = connect_to(&url, Some(SHOP), None, None).await.unwrap();
                c.hello_visitor(None, None).await
            }));
        }
        for join in joins {
            sessions.push(join.await.unwrap());
        }
        assert_eq!(sessions.len(), (batch + 1) * 100);
    }
    for welcome in &sessions {
        let conversation = welcome.conversation.as_deref().unwrap();
        let line = NewMessage {
            conversation,
            id: "gap-1",
            author: Author::Agent,
            name: Some("ada"),
            text: "you missed me",
            at: 1,
        };
        app.hub.store.append(&line).await.unwrap();
    }
    // Act: everyone at once.
    let mut joins = Vec::new();
    for (i, welcome) in sessions.into_iter().enumerate() {
        let url = app.url("/ws/visitor");
        let from: IpAddr = [127, 0, 0, 2 + (i % 8) as u8].into();
        joins.push(tokio::spawn(async move {
            let mut c = connect_to(&url, Some(SHOP), None, Some(from))
                .await
                .unwrap();
            let resume = Resume {
                last_seq: 0,
                epoch: Some(welcome.epoch.clone()),
            };
            let (again, replayed) = c
                .hello_visitor_replay(welcome.token.as_deref(), Some(resume))
                .await;
            (
                again.resumed,
                replayed
                    .iter()
                    .map(|m| (m.seq, m.id.clone()))
                    .collect::<Vec<_>>(),
            )
        }));
    }
    // Assert
    let mut recovered = 0;
    for join in joins {
        let (resumed, lines) = join.await.unwrap();
        assert!(resumed);
        assert_eq!(lines, vec![(1, "gap-1".to_owned())]);
        recovered += 1;
    }
    assert_eq!(recovered, CLIENTS);
}
