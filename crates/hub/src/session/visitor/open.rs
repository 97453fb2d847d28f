//! The visitor's hello: token → conversation (or a new one, or an epoch change), then the replay.

use std::sync::atomic::Ordering;

use tandem_core::protocol::{
    CloseCode, ErrorCode, Hello, PROTOCOL_VERSION, QueueStatus, Role, ServerFrame, Welcome,
};

use super::Visitor;
use crate::auth::tokens::random_id;
use crate::relay::Outbox;
use crate::session::Peer;
use crate::session::io::Io;
use crate::session::replay::replay;
use crate::state::{Hub, now_ms};
use crate::store::{Direction, StoreError};

pub async fn start(
    io: &mut Io,
    hub: &Hub,
    hello: Hello,
    outbox: Outbox,
) -> Result<Visitor, CloseCode> {
    if hello.role != Role::Visitor {
        let _ = io
            .error(ErrorCode::Forbidden, "this endpoint is for visitors", None)
            .await;
        return Err(CloseCode::BadHello);
    }
    let epoch = hub.store.epoch().to_owned();
    let claimed = match hello.token.as_deref() {
        Some(token) => match hub.tokens.verify(token) {
            Some(conversation) => Some(conversation),
            None => {
                let _ = io
                    .error(
                        ErrorCode::InvalidToken,
                        "token refused; starting a new conversation",
                        None,
                    )
                    .await;
                None
            }
        },
        None => None,
    };
    let resume = hello.resume.unwrap_or_default();
    let same_epoch = resume.epoch.as_deref().is_none_or(|e| e == epoch);
    let existing = match &claimed {
        Some(id) if same_epoch => hub.store.conversation(id).await.map_err(internal)?,
        _ => None,
    };
    let epoch_changed = claimed.is_some() && existing.is_none();
    let (conversation, resumed, visitor_seq, status, last) = match existing {
        Some(found) => (
            found.entry.conversation,
            true,
            found.visitor_seq,
            found.entry.status,
            resume.last_seq,
        ),
        None => {
            let id = random_id("c_");
            hub.timed(hub.store.create_conversation(&id, now_ms()))
                .await
                .map_err(internal)?;
            (id, false, 0, QueueStatus::Bot, 0)
        }
    };
    let conn = hub.next_conn_id();
    hub.registry.add_visitor(&conversation, conn, outbox);
    hub.metrics
        .visitor_connections
        .fetch_add(1, Ordering::Relaxed);
    let in_queue = matches!(
        status,
        QueueStatus::Waiting | QueueStatus::LeftMessage | QueueStatus::Claimed
    );
    let mut visitor = Visitor {
        hub: hub.clone(),
        conn,
        conversation,
        last,
        in_queue,
    };
    let welcome = Welcome {
        v: PROTOCOL_VERSION,
        role: Role::Visitor,
        epoch,
        epoch_changed,
        conversation: Some(visitor.conversation.clone()),
        token: Some(hub.tokens.sign(&visitor.conversation)),
        resumed,
        visitor_seq,
        agents_online: hub.registry.agents_online(),
        agent: None,
        heartbeat_secs: u32::try_from(hub.config.limits.heartbeat.as_secs()).unwrap_or(u32::MAX),
        max_frame_bytes: u32::try_from(hub.config.limits.max_frame_bytes).unwrap_or(u32::MAX),
    };
    // From here on the socket is registered: failures must unregister it.
    let opened = async {
        io.send(&ServerFrame::Welcome(welcome))
            .await
            .map_err(|_| CloseCode::SlowConsumer)?;
        let count = replay(
            io,
            hub,
            &visitor.conversation,
            Direction::ToVisitor,
            &mut visitor.last,
        )
        .await
        .map_err(|_| CloseCode::InternalError)?;
        let replayed = ServerFrame::Replayed {
            conversation: visitor.conversation.clone(),
            count,
        };
        io.send(&replayed)
            .await
            .map_err(|_| CloseCode::SlowConsumer)?;
        let presence = ServerFrame::Presence {
            agents_online: hub.registry.agents_online(),
        };
        io.send(&presence)
            .await
            .map_err(|_| CloseCode::SlowConsumer)
    };
    if let Err(code) = opened.await {
        visitor.on_end().await;
        return Err(code);
    }
    if visitor.in_queue {
        hub.publish_queue();
    }
    Ok(visitor)
}

fn internal(error: StoreError) -> CloseCode {
    tracing::error!(%error, "store failed during visitor hello");
    CloseCode::InternalError
}
