//! An agent's socket carries all of its conversations, so it has its own frame budget: lines
//! sent back to back are pipelined through the store and acked in order, and the visitor limit
//! does not apply to it. Its own limit still does.

use crate::helpers::*;
use crate::relay::{agent_line, claimed_pair};
use tandem_core::protocol::{ClientFrame, ServerFrame};

fn low_visitor_budget(config: &mut tandem_hub::config::Config) {
    config.limits.frames_per_sec = 0.5;
    config.limits.frame_burst = 2.0;
}

#[tokio::test]
async fn an_agent_sending_fifty_lines_at_once_gets_fifty_acks_in_order_despite_a_low_visitor_limit()
{
    // Arrange
    let app = spawn_with(low_visitor_budget).await;
    let (mut visitor, welcome, mut agent) = claimed_pair(&app).await;
    let conversation = welcome.conversation.unwrap();
    // Act: no waiting between lines, so many are in flight in the store at once.
    for n in 1..=50 {
        agent
            .send(&agent_line(&conversation, &format!("a{n}"), "on my way"))
            .await;
    }
    // Assert
    for n in 1..=50u64 {
        match agent
            .recv_until(|f| matches!(f, ServerFrame::Ack { .. } | ServerFrame::Error(_)))
            .await
        {
            ServerFrame::Ack { id, seq, .. } => assert_eq!((id, seq), (format!("a{n}"), n)),
            other => panic!("line a{n} was refused: {other:?}"),
        }
    }
    for n in 1..=50u64 {
        match visitor
            .recv_until(|f| matches!(f, ServerFrame::Message(_)))
            .await
        {
            ServerFrame::Message(line) => assert_eq!((line.id, line.seq), (format!("a{n}"), n)),
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn an_agent_over_its_own_budget_gets_retryable_error_201_with_the_message_id() {
    let app = spawn_with(|config| {
        config.limits.agent_frames_per_sec = 0.01;
        config.limits.agent_frame_burst = 3.0;
    })
    .await;
    let (_visitor, welcome, mut agent) = claimed_pair(&app).await;
    let conversation = welcome.conversation.unwrap();
    // The claim took one token; two lines fit, the third does not.
    for id in ["a1", "a2", "a3"] {
        agent.send(&agent_line(&conversation, id, "hello")).await;
    }
    let refused = loop {
        match agent
            .recv_until(|f| matches!(f, ServerFrame::Ack { .. } | ServerFrame::Error(_)))
            .await
        {
            ServerFrame::Error(error) => break error,
            ServerFrame::Ack { id, .. } => assert_ne!(id, "a3"),
            _ => unreachable!(),
        }
    };
    assert_eq!(
        (refused.code, refused.retry, refused.id.as_deref()),
        (201, true, Some("a3"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_that_stops_reading_is_cut_off_by_the_agent_queue_limit_not_the_visitor_one() {
    // Arrange: agent sockets get an 8-frame outbound queue, visitor sockets a huge one, and the
    // visitor may send as fast as it likes.
    let app = spawn_with(|config| {
        config.limits.frames_per_sec = 100_000.0;
        config.limits.frame_burst = 100_000.0;
        config.limits.outbound_queue = 100_000;
        config.limits.agent_outbound_queue = 8;
    })
    .await;
    let (mut visitor, _welcome, mut agent) = claimed_pair(&app).await;
    let slow_consumers = |metrics: &str| {
        metrics
            .lines()
            .find_map(|l| l.strip_prefix("tandem_slow_consumers_total "))
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    // Act: the agent never reads while the visitor writes up to 24 MB (far more than the
    // kernel's socket buffers hold, so the agent's queue must fill).
    let text = "v".repeat(8 * 1024);
    for i in 0..3000 {
        visitor
            .send(&ClientFrame::Message {
                id: format!("v{i}"),
                text: text.clone(),
                conversation: None,
                author: None,
            })
            .await;
        if i % 100 == 99 {
            visitor
                .recv_until(|f| matches!(f, ServerFrame::Ack { .. }))
                .await;
            let metrics = app.http("GET", "/metrics", None, None).await.body;
            if slow_consumers(&metrics) > 0 {
                break;
            }
        }
    }
    // Assert: the agent was cut off with the retry code (or the connection just ended when
    // even the close frame could not get through), and the visitor is still served.
    let code = agent.close_code().await;
    assert!(code.is_none() || code == Some(4502), "{code:?}");
    let metrics = app.http("GET", "/metrics", None, None).await.body;
    assert_eq!(slow_consumers(&metrics), 1);
    visitor.send(&ClientFrame::Ping).await;
    visitor.recv_until(|f| matches!(f, ServerFrame::Pong)).await;
}
