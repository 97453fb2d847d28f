use crate::helpers::*;
use tandem_core::protocol::{ClientFrame, ErrorFrame, Resume, ServerFrame};

#[tokio::test]
async fn a_visitor_resumes_its_own_conversation_with_the_signed_token_from_hello() {
    // Arrange
    let app = spawn_app().await;
    let (mut first, welcome) = app.new_visitor().await;
    first.say("m1", "hello").await;
    first
        .recv_until(|f| matches!(f, ServerFrame::Ack { .. }))
        .await;
    drop(first);
    // Act
    let mut again = app.visitor().await;
    let token = welcome.token.clone().unwrap();
    let resumed = again
        .hello_visitor(
            Some(&token),
            Some(Resume {
                last_seq: 0,
                epoch: Some(welcome.epoch.clone()),
            }),
        )
        .await;
    // Assert
    assert!(token.starts_with("v1."));
    assert!(resumed.resumed);
    assert_eq!(resumed.conversation, welcome.conversation);
    assert_eq!(resumed.visitor_seq, 1);
}

#[tokio::test]
async fn the_token_of_conversation_a_cannot_open_conversation_b() {
    // Arrange: two conversations; forge A's token to name B.
    let app = spawn_app().await;
    let (_a, welcome_a) = app.new_visitor().await;
    let (_b, welcome_b) = app.new_visitor().await;
    let a = welcome_a.conversation.unwrap();
    let b = welcome_b.conversation.unwrap();
    let forged = welcome_a.token.unwrap().replace(&a, &b);
    // Act
    let mut intruder = app.visitor().await;
    intruder
        .send(&ClientFrame::Hello(tandem_core::protocol::Hello {
            v: 1,
            role: tandem_core::protocol::Role::Visitor,
            token: Some(forged),
            resume: None,
        }))
        .await;
    let refused = intruder.recv().await;
    let welcome = match intruder
        .recv_until(|f| matches!(f, ServerFrame::Welcome(_)))
        .await
    {
        ServerFrame::Welcome(w) => w,
        _ => unreachable!(),
    };
    // Assert: error 104, and a brand-new conversation that is neither A nor B.
    assert!(
        matches!(refused, ServerFrame::Error(ErrorFrame { code: 104, .. })),
        "{refused:?}"
    );
    let got = welcome.conversation.unwrap();
    assert!(got != a && got != b);
    assert!(!welcome.resumed);
}

#[tokio::test]
async fn a_visitor_cannot_write_into_another_conversation() {
    let app = spawn_app().await;
    let (_a, welcome_a) = app.new_visitor().await;
    let (mut b, _) = app.new_visitor().await;
    let other = welcome_a.conversation.unwrap();
    b.send(&ClientFrame::Message {
        id: "x1".into(),
        text: "hi".into(),
        conversation: Some(other.clone()),
        author: None,
    })
    .await;
    b.send(&ClientFrame::Claim {
        conversation: other.clone(),
        resume: Default::default(),
    })
    .await;
    let first = b.recv_until(|f| matches!(f, ServerFrame::Error(_))).await;
    let second = b.recv_until(|f| matches!(f, ServerFrame::Error(_))).await;
    assert!(matches!(
        first,
        ServerFrame::Error(ErrorFrame { code: 105, .. })
    ));
    assert!(matches!(
        second,
        ServerFrame::Error(ErrorFrame { code: 105, .. })
    ));
    assert!(app.hub.store.transcript(&other).await.unwrap().is_empty());
}

#[tokio::test]
async fn agent_login_sets_an_http_only_same_site_cookie_and_a_wrong_password_gets_401() {
    // Arrange
    let app = spawn_app().await;
    app.add_agent("ada", "correct horse battery").await;
    // Act
    let wrong = app
        .http(
            "POST",
            "/api/login",
            Some(r#"{"name":"ada","password":"nope"}"#),
            None,
        )
        .await;
    let unknown = app
        .http(
            "POST",
            "/api/login",
            Some(r#"{"name":"bob","password":"nope"}"#),
            None,
        )
        .await;
    let right = app
        .http(
            "POST",
            "/api/login",
            Some(r#"{"name":"ada","password":"correct horse battery"}"#),
            None,
        )
        .await;
    // Assert
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, 401);
    assert_eq!(right.status, 204);
    let cookie = right.header("set-cookie").unwrap();
    assert!(cookie.starts_with("tandem_session="));
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let session = cookie.split(';').next().unwrap();
    assert_eq!(
        app.http("GET", "/api/me", None, Some(session)).await.body,
        r#"{"name":"ada"}"#
    );
    assert_eq!(app.http("GET", "/api/queue", None, None).await.status, 401);
    let stored = app
        .hub
        .store
        .agent_password_hash("ada")
        .await
        .unwrap()
        .unwrap();
    assert!(stored.starts_with("$argon2id$"));
}

#[tokio::test]
async fn a_logged_out_session_no_longer_opens_the_agent_socket() {
    let app = spawn_app().await;
    let cookie = app.login("ada").await;
    assert_eq!(
        app.http("POST", "/api/logout", None, Some(&cookie))
            .await
            .status,
        204
    );
    assert!(
        app.connect("/ws/agent", Some(SHOP), Some(&cookie))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn an_open_agent_socket_is_closed_with_4003_when_its_session_is_logged_out() {
    let app = spawn_with(|c| c.limits.heartbeat = std::time::Duration::from_millis(200)).await;
    let cookie = app.login("ada").await;
    let mut agent = app.agent(&cookie).await;
    assert_eq!(
        app.http("POST", "/api/logout", None, Some(&cookie))
            .await
            .status,
        204
    );
    assert_eq!(agent.close_code().await, Some(4003));
}
