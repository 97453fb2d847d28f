use std::time::{Duration, Instant};

use crate::helpers::*;

#[tokio::test]
async fn shutdown_closes_every_socket_with_1001_and_finishes_within_5_seconds() {
    // Arrange
    let mut app = spawn_app().await;
    let mut clients = Vec::new();
    for _ in 0..3 {
        clients.push(app.new_visitor().await.0);
    }
    let cookie = app.login("ada").await;
    clients.push(app.agent(&cookie).await);
    // Act
    let started = Instant::now();
    let server = app.stop();
    // Assert
    for client in &mut clients {
        assert_eq!(client.close_code().await, Some(1001));
    }
    let finished = tokio::time::timeout(Duration::from_secs(5), server).await;
    assert!(finished.is_ok(), "the hub did not stop within 5 s");
    assert!(started.elapsed() < Duration::from_secs(5));
    // The store was flushed: the database reopens with everything in it.
    let store = tandem_hub::store::SqliteStore::open(
        &app.dir.path().join("tandem.db"),
        tandem_hub::store::SyncMode::Normal,
    )
    .await
    .unwrap();
    use tandem_hub::store::Store;
    assert_eq!(store.agent_names().await.unwrap(), vec!["ada".to_owned()]);
}
