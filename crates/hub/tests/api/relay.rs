//! Lines between a visitor and an agent: seqs, acks, idempotent resends, gap replay, epochs.

use crate::helpers::*;
use tandem_core::protocol::{Author, ClaimResume, ClientFrame, Resume, ServerFrame};

/// A visitor who handed over, and an agent who claimed the conversation.
pub async fn claimed_pair(app: &TestApp) -> (Client, tandem_core::protocol::Welcome, Client) {
    let (mut visitor, welcome) = app.new_visitor().await;
    visitor
        .send(&ClientFrame::Handover {
            reason: "request".into(),
            explanation: "asked for a person".into(),
        })
        .await;
    let cookie = app.login("ada").await;
    let mut agent = app.agent(&cookie).await;
    let conversation = welcome.conversation.clone().unwrap();
    agent
        .send(&ClientFrame::Claim {
            conversation,
            resume: ClaimResume::default(),
        })
        .await;
    agent
        .recv_until(|f| matches!(f, ServerFrame::Replayed { .. }))
        .await;
    visitor
        .recv_until(|f| matches!(f, ServerFrame::AgentJoined { .. }))
        .await;
    (visitor, welcome, agent)
}

pub fn agent_line(conversation: &str, id: &str, text: &str) -> ClientFrame {
    ClientFrame::Message {
        id: id.into(),
        text: text.into(),
        conversation: Some(conversation.into()),
        author: None,
    }
}

#[tokio::test]
async fn a_visitor_line_reaches_the_agent_and_the_reply_reaches_the_visitor_with_seqs_and_acks() {
    // Arrange
    let app = spawn_app().await;
    let (mut visitor, welcome, mut agent) = claimed_pair(&app).await;
    let conversation = welcome.conversation.unwrap();
    // Act
    visitor.say("v1", "Where is my parcel?").await;
    let ack = visitor
        .recv_until(|f| matches!(f, ServerFrame::Ack { .. }))
        .await;
    let received = agent
        .recv_until(|f| matches!(f, ServerFrame::Message(_)))
        .await;
    agent
        .send(&agent_line(&conversation, "a1", "It ships today."))
        .await;
    let agent_ack = agent
        .recv_until(|f| matches!(f, ServerFrame::Ack { .. }))
        .await;
    let reply = visitor
        .recv_until(|f| matches!(f, ServerFrame::Message(_)))
        .await;
    // Assert
    assert!(matches!(ack, ServerFrame::Ack { seq: 1, ref id, .. } if id == "v1"));
    assert!(
        matches!(received, ServerFrame::Message(ref m) if m.seq == 1 && m.author == Author::Visitor && m.text == "Where is my parcel?")
    );
    assert!(matches!(agent_ack, ServerFrame::Ack { seq: 1, ref id, .. } if id == "a1"));
    assert!(
        matches!(reply, ServerFrame::Message(ref m) if m.seq == 1 && m.name.as_deref() == Some("ada"))
    );
}

#[tokio::test]
async fn a_resent_id_is_acked_again_with_its_seq_and_never_stored_twice() {
    let app = spawn_app().await;
    let (mut visitor, welcome) = app.new_visitor().await;
    for _ in 0..3 {
        visitor.say("same-id", "hello").await;
        assert!(matches!(
            visitor.recv().await,
            ServerFrame::Ack { seq: 1, .. }
        ));
    }
    visitor.say("next-id", "again").await;
    assert!(matches!(
        visitor.recv().await,
        ServerFrame::Ack { seq: 2, .. }
    ));
    let transcript = app
        .hub
        .store
        .transcript(&welcome.conversation.unwrap())
        .await
        .unwrap();
    assert_eq!(transcript.len(), 2);
}

#[tokio::test]
async fn a_reconnecting_visitor_gets_exactly_the_gap() {
    // Arrange: the visitor saw agent line 1, then left; the agent wrote 2 and 3.
    let app = spawn_app().await;
    let (mut visitor, welcome, mut agent) = claimed_pair(&app).await;
    let conversation = welcome.conversation.clone().unwrap();
    agent.send(&agent_line(&conversation, "a1", "one")).await;
    visitor
        .recv_until(|f| matches!(f, ServerFrame::Message(_)))
        .await;
    drop(visitor);
    for id in ["a2", "a3"] {
        agent.send(&agent_line(&conversation, id, id)).await;
        agent
            .recv_until(|f| matches!(f, ServerFrame::Ack { id: acked, .. } if acked == id))
            .await;
    }
    // Act
    let mut back = app.visitor().await;
    let resume = Resume {
        last_seq: 1,
        epoch: Some(welcome.epoch.clone()),
    };
    let (again, replayed) = back
        .hello_visitor_replay(welcome.token.as_deref(), Some(resume))
        .await;
    // Assert
    assert!(again.resumed && !again.epoch_changed);
    let seqs: Vec<u64> = replayed.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, vec![2, 3]);
}

#[tokio::test]
async fn an_agent_reclaiming_after_a_reconnect_gets_only_what_it_missed() {
    let app = spawn_app().await;
    let (mut visitor, welcome, agent) = claimed_pair(&app).await;
    let conversation = welcome.conversation.clone().unwrap();
    drop(agent);
    for id in ["v1", "v2", "v3"] {
        visitor.say(id, id).await;
        visitor
            .recv_until(|f| matches!(f, ServerFrame::Ack { .. }))
            .await;
    }
    let cookie = app.log_in_again("ada").await;
    let mut agent = app.agent(&cookie).await;
    let resume = ClaimResume {
        visitor_seq: 1,
        agent_seq: 0,
        epoch: Some(welcome.epoch.clone()),
    };
    agent
        .send(&ClientFrame::Claim {
            conversation,
            resume,
        })
        .await;
    let mut seqs = Vec::new();
    loop {
        match agent.recv().await {
            ServerFrame::Message(m) => seqs.push(m.seq),
            ServerFrame::Replayed { count, .. } => {
                assert_eq!(count, 2);
                break;
            }
            _ => {}
        }
    }
    assert_eq!(seqs, vec![2, 3]);
}

#[tokio::test]
async fn an_epoch_change_is_announced_when_the_history_is_gone() {
    // Arrange: a conversation on one store; then a hub with the same key but a fresh store.
    let first =
        spawn_with(|c| c.secret = Some("shared secret for both hubs, 32+ chars".into())).await;
    let (_visitor, welcome) = first.new_visitor().await;
    let reset =
        spawn_with(|c| c.secret = Some("shared secret for both hubs, 32+ chars".into())).await;
    // Act
    let mut client = reset.visitor().await;
    let resume = Resume {
        last_seq: 4,
        epoch: Some(welcome.epoch.clone()),
    };
    let again = client
        .hello_visitor(welcome.token.as_deref(), Some(resume))
        .await;
    // Assert
    assert!(again.epoch_changed);
    assert!(!again.resumed);
    assert_ne!(again.epoch, welcome.epoch);
    assert_ne!(again.conversation, welcome.conversation);
}
