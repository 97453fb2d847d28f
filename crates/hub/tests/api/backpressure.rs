use std::sync::atomic::Ordering;

use crate::helpers::*;
use crate::relay::claimed_pair;
use tandem_core::protocol::{ClientFrame, ServerFrame};

#[tokio::test]
async fn a_visitor_that_stops_reading_is_disconnected_with_a_retry_code_and_the_agent_carries_on() {
    // Arrange: a small outbound queue; the visitor never reads while the agent writes 24 MB.
    let app = spawn_with(|c| c.limits.outbound_queue = 8).await;
    let (mut visitor, welcome, mut agent) = claimed_pair(&app).await;
    let conversation = welcome.conversation.unwrap();
    let text = "y".repeat(8 * 1024);
    let rss_before = rss();
    // Act
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
        }
        if app.hub.metrics.slow_consumers.load(Ordering::Relaxed) > 0 {
            break;
        }
    }
    // Assert: the slow visitor was cut off (4502, or the connection just ends when even the
    // close frame cannot get through), the hub counted it, and the agent is still served.
    let code = visitor.close_code().await;
    assert!(code.is_none() || code == Some(4502), "{code:?}");
    assert_eq!(app.hub.metrics.slow_consumers.load(Ordering::Relaxed), 1);
    agent.send(&ClientFrame::Ping).await;
    agent.recv_until(|f| matches!(f, ServerFrame::Pong)).await;
    // Memory: bounded by the queue, not by what the agent wrote (24 MB).
    let grown = rss().saturating_sub(rss_before);
    assert!(grown < 20 * 1024 * 1024, "RSS grew by {grown} bytes");
}
