use crate::helpers::*;
use tokio_tungstenite::tungstenite::Error;

fn status_of(outcome: Result<Client, Error>) -> u16 {
    match outcome {
        Err(Error::Http(response)) => response.status().as_u16(),
        Err(other) => panic!("expected an HTTP refusal, got {other:?}"),
        Ok(_) => 101,
    }
}

#[tokio::test]
async fn an_allowed_origin_upgrades() {
    let app = spawn_app().await;
    assert_eq!(
        status_of(app.connect("/ws/visitor", Some(SHOP), None).await),
        101
    );
    assert_eq!(
        status_of(
            app.connect("/ws/visitor", Some("https://shop.example:443"), None)
                .await
        ),
        101
    );
}

#[tokio::test]
async fn look_alike_and_missing_origins_get_403() {
    let app = spawn_app().await;
    for origin in [
        Some("https://shop.example.evil.test"),
        Some("https://shop.example:8443"),
        Some("http://shop.example"),
        Some("null"),
        None,
    ] {
        assert_eq!(
            status_of(app.connect("/ws/visitor", origin, None).await),
            403,
            "{origin:?}"
        );
        assert_eq!(
            status_of(app.connect("/ws/agent", origin, None).await),
            403,
            "{origin:?}"
        );
    }
}

#[tokio::test]
async fn the_hubs_own_origin_may_upgrade_for_the_pages_it_serves() {
    let app = spawn_app().await;
    let own = format!("http://{}", app.addr);
    assert_eq!(
        status_of(app.connect("/ws/visitor", Some(&own), None).await),
        101
    );
}

#[tokio::test]
async fn an_agent_upgrade_without_a_valid_session_cookie_gets_401() {
    let app = spawn_app().await;
    assert_eq!(
        status_of(app.connect("/ws/agent", Some(SHOP), None).await),
        401
    );
    let forged = Some("tandem_session=not-a-session");
    assert_eq!(
        status_of(app.connect("/ws/agent", Some(SHOP), forged).await),
        401
    );
    let cookie = app.login("ada").await;
    assert_eq!(
        status_of(app.connect("/ws/agent", Some(SHOP), Some(&cookie)).await),
        101
    );
}
