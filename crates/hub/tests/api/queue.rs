//! The agents' side: queue, offline messages, transcript, claims, typing, release and close.

use std::time::Duration;

use crate::helpers::*;
use crate::relay::{agent_line, claimed_pair};
use tandem_core::protocol::{Author, ClaimResume, ClientFrame, QueueStatus, ServerFrame};

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
    let cookie = app.log_in_again("ada").await;
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

#[tokio::test]
async fn an_agent_gets_a_queue_far_larger_than_one_frame_limit() {
    // Arrange: 400 waiting conversations with long explanations (a queue frame of ~250 KB,
    // more than the 64 KiB a client may send and the default write buffer).
    let app = spawn_app().await;
    let explanation = "e".repeat(500);
    for i in 0..400 {
        let id = format!("c_{i}");
        app.hub.store.create_conversation(&id, i).await.unwrap();
        let handover = tandem_hub::store::Update::Handover {
            reason: "request".into(),
            explanation: explanation.clone(),
        };
        app.hub.store.update(&id, &handover, i).await.unwrap();
    }
    // Act
    let cookie = app.login("ada").await;
    let mut agent = app.agent(&cookie).await;
    // Assert
    let queue = agent
        .recv_until(|f| matches!(f, ServerFrame::Queue { .. }))
        .await;
    let ServerFrame::Queue { conversations } = queue else {
        unreachable!()
    };
    assert_eq!(conversations.len(), 400);
}

#[tokio::test]
async fn a_hundred_visitors_leaving_at_once_reach_the_agent_as_a_few_queue_frames_not_a_hundred() {
    // Arrange: an agent, and a hundred visitors waiting in its queue.
    let app = spawn_app().await;
    let cookie = app.login("ada").await;
    let mut agent = app.agent(&cookie).await;
    let mut visitors = Vec::new();
    for _ in 0..100 {
        let (mut visitor, _) = app.new_visitor().await;
        visitor
            .send(&ClientFrame::Handover {
                reason: "request".into(),
                explanation: String::new(),
            })
            .await;
        visitors.push(visitor);
    }
    let waiting_online = |frame: &ServerFrame| {
        matches!(frame, ServerFrame::Queue { conversations }
            if conversations.len() == 100 && conversations.iter().all(|e| e.visitor_online))
    };
    agent.recv_until(waiting_online).await;
    // Act: they all leave together.
    drop(visitors);
    // Assert: the agent hears of it in a handful of frames (counted until the hub has been
    // quiet for a second), the last one complete.
    let mut queue_frames = 0;
    let mut last = None;
    while let Ok(frame) = tokio::time::timeout(Duration::from_secs(1), agent.recv()).await {
        if let ServerFrame::Queue { conversations } = frame {
            queue_frames += 1;
            last = Some(conversations);
        }
    }
    let last = last.expect("the departures reach the agent");
    assert_eq!(last.len(), 100);
    assert!(last.iter().all(|e| !e.visitor_online));
    assert!(
        queue_frames <= 20,
        "{queue_frames} queue frames for one burst of departures"
    );
}
