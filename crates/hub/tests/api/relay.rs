use crate::helpers::*;
use tandem_core::protocol::{Author, ClaimResume, ClientFrame, QueueStatus, Resume, ServerFrame};

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

fn agent_line(conversation: &str, id: &str, text: &str) -> ClientFrame {
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
            .recv_until(|f| matches!(f, ServerFrame::Ack { .. }))
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
    let cookie = app
        .http(
            "POST",
            "/api/login",
            Some(r#"{"name":"ada","password":"correct horse battery"}"#),
            None,
        )
        .await;
    let cookie = cookie
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
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

#[tokio::test]
async fn with_no_agent_online_the_visitor_is_told_and_a_left_message_appears_in_the_queue() {
    // Arrange
    let app = spawn_app().await;
    let (mut visitor, welcome) = app.new_visitor().await;
    // Assert: told honestly.
    assert_eq!(welcome.agents_online, 0);
    // Act: leave a message with an e-mail address.
    visitor
        .send(&ClientFrame::Handover {
            reason: "request".into(),
            explanation: String::new(),
        })
        .await;
    visitor
        .send(&ClientFrame::LeaveMessage {
            id: "m1".into(),
            text: "Call me back".into(),
            email: Some("sam@example.com".into()),
        })
        .await;
    assert!(matches!(
        visitor.recv().await,
        ServerFrame::Ack { seq: 1, .. }
    ));
    // Assert: an agent logging in later sees it.
    let cookie = app.login("ada").await;
    let mut agent = app.agent(&cookie).await;
    let queue = agent
        .recv_until(|f| matches!(f, ServerFrame::Queue { .. }))
        .await;
    let ServerFrame::Queue { conversations } = queue else {
        unreachable!()
    };
    let entry = conversations
        .iter()
        .find(|e| Some(&e.conversation) == welcome.conversation.as_ref())
        .unwrap();
    assert_eq!(entry.status, QueueStatus::LeftMessage);
    assert_eq!(entry.email.as_deref(), Some("sam@example.com"));
    assert_eq!(entry.preview, "Call me back");
    let api = app.http("GET", "/api/queue", None, Some(&cookie)).await;
    assert!(
        api.body.contains("sam@example.com") && api.body.contains("left_message"),
        "{}",
        api.body
    );
    // And the visitor learns someone is there now.
    assert!(matches!(
        visitor.recv().await,
        ServerFrame::Presence { agents_online: 1 }
    ));
}

#[tokio::test]
async fn the_transcript_api_returns_both_directions_in_order() {
    let app = spawn_app().await;
    let (mut visitor, welcome, mut agent) = claimed_pair(&app).await;
    let conversation = welcome.conversation.unwrap();
    visitor.say("v1", "question").await;
    visitor
        .recv_until(|f| matches!(f, ServerFrame::Ack { .. }))
        .await;
    agent.send(&agent_line(&conversation, "a1", "answer")).await;
    agent
        .recv_until(|f| matches!(f, ServerFrame::Ack { .. }))
        .await;
    let cookie = app
        .http(
            "POST",
            "/api/login",
            Some(r#"{"name":"ada","password":"correct horse battery"}"#),
            None,
        )
        .await;
    let cookie = cookie
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let response = app
        .http(
            "GET",
            &format!("/api/conversations/{conversation}/transcript"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(response.status, 200);
    let json: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    let texts: Vec<&str> = json["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, vec!["question", "answer"]);
    let missing = app
        .http(
            "GET",
            "/api/conversations/c_nope/transcript",
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn a_second_agent_cannot_take_a_claimed_conversation() {
    let app = spawn_app().await;
    let (_visitor, welcome, _ada) = claimed_pair(&app).await;
    let cookie = app.login("bob").await;
    let mut bob = app.agent(&cookie).await;
    let conversation = welcome.conversation.unwrap();
    bob.send(&ClientFrame::Claim {
        conversation: conversation.clone(),
        resume: ClaimResume::default(),
    })
    .await;
    let refused = bob.recv_until(|f| matches!(f, ServerFrame::Error(_))).await;
    assert!(
        matches!(refused, ServerFrame::Error(ref e) if e.code == 109),
        "{refused:?}"
    );
    bob.send(&agent_line(&conversation, "b1", "hijack")).await;
    let refused = bob.recv_until(|f| matches!(f, ServerFrame::Error(_))).await;
    assert!(
        matches!(refused, ServerFrame::Error(ref e) if e.code == 105),
        "{refused:?}"
    );
}

#[tokio::test]
async fn typing_bot_lines_release_and_close_reach_the_other_side() {
    // Arrange
    let app = spawn_app().await;
    let (mut visitor, welcome, mut agent) = claimed_pair(&app).await;
    let conversation = welcome.conversation.unwrap();
    // Act + Assert: the on-device bot's answer is handed over as a bot line.
    visitor
        .send(&ClientFrame::Message {
            id: "b1".into(),
            text: "Parcels ship in 2 days.".into(),
            conversation: None,
            author: Some(Author::Bot),
        })
        .await;
    let line = agent
        .recv_until(|f| matches!(f, ServerFrame::Message(_)))
        .await;
    assert!(matches!(line, ServerFrame::Message(ref m) if m.author == Author::Bot));
    // Typing both ways.
    agent
        .send(&ClientFrame::Typing {
            conversation: Some(conversation.clone()),
            on: true,
        })
        .await;
    assert!(matches!(
        visitor
            .recv_until(|f| matches!(f, ServerFrame::Typing { .. }))
            .await,
        ServerFrame::Typing { on: true, .. }
    ));
    visitor
        .send(&ClientFrame::Typing {
            conversation: None,
            on: true,
        })
        .await;
    let typing = agent
        .recv_until(|f| matches!(f, ServerFrame::Typing { .. }))
        .await;
    assert!(
        matches!(typing, ServerFrame::Typing { conversation: Some(ref c), on: true } if *c == conversation)
    );
    // Release: the visitor is told, the conversation is back in the queue.
    agent
        .send(&ClientFrame::Release {
            conversation: conversation.clone(),
        })
        .await;
    visitor
        .recv_until(|f| matches!(f, ServerFrame::AgentLeft { .. }))
        .await;
    let queue = app.hub.store.queue(10).await.unwrap();
    assert_eq!(queue[0].status, QueueStatus::Waiting);
    // Close: the visitor is told and cannot write any more.
    agent
        .send(&ClientFrame::Close {
            conversation: conversation.clone(),
        })
        .await;
    visitor
        .recv_until(|f| matches!(f, ServerFrame::Closed { .. }))
        .await;
    visitor.say("v9", "hello?").await;
    let refused = visitor
        .recv_until(|f| matches!(f, ServerFrame::Error(_)))
        .await;
    assert!(
        matches!(refused, ServerFrame::Error(ref e) if e.code == 110 && e.id.as_deref() == Some("v9"))
    );
}

#[tokio::test]
async fn the_hub_runs_unchanged_on_the_in_memory_store() {
    // Arrange: the same app over the in-memory twin.
    let dir = tempfile::tempdir().unwrap();
    let config = test_config(dir.path());
    let store = std::sync::Arc::new(tandem_hub::store::MemoryStore::new("memory"));
    let app = tandem_hub::app::App::build_with_store(config, store)
        .await
        .unwrap();
    let url = format!("ws://{}/ws/visitor", app.local_addr().unwrap());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    // Act
    let mut visitor = connect_to(&url, Some(SHOP), None, None).await.unwrap();
    let welcome = visitor.hello_visitor(None, None).await;
    visitor.say("m1", "hi").await;
    // Assert
    assert_eq!(welcome.epoch, "memory");
    assert!(matches!(
        visitor.recv().await,
        ServerFrame::Ack { seq: 1, .. }
    ));
}
