//! An agent's socket (already authenticated by its session cookie at the upgrade): the queue,
//! claims with gap replay, lines to visitors, release and close.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use async_trait::async_trait;
use tandem_core::protocol::{
    Author, ChatMessage, ClaimResume, ClientFrame, CloseCode, ErrorCode, Hello, MAX_TEXT_BYTES,
    PROTOCOL_VERSION, Role, ServerFrame, Welcome, valid_id,
};

use super::io::Io;
use super::replay::deliver;
use super::{Flow, Peer};
use crate::relay::{Event, Order, Outbox, Outgoing};
use crate::state::{Hub, encoded, now_ms, plain};
use crate::store::{Direction, NewMessage, StoreError, Update};

pub struct Agent {
    hub: Hub,
    conn: u64,
    name: String,
    /// Claimed conversations and the highest visitor→agent seq delivered for each.
    claimed: HashMap<String, u64>,
}

pub async fn start(
    io: &mut Io,
    hub: &Hub,
    hello: Hello,
    name: String,
    outbox: Outbox,
) -> Result<Agent, CloseCode> {
    if hello.role != Role::Agent {
        let _ = io
            .error(ErrorCode::Forbidden, "this endpoint is for agents", None)
            .await;
        return Err(CloseCode::BadHello);
    }
    let conn = hub.next_conn_id();
    let first = hub.registry.add_agent(conn, &name, outbox);
    hub.metrics
        .agent_connections
        .fetch_add(1, Ordering::Relaxed);
    let mut agent = Agent {
        hub: hub.clone(),
        conn,
        name,
        claimed: HashMap::new(),
    };
    let welcome = Welcome {
        v: PROTOCOL_VERSION,
        role: Role::Agent,
        epoch: hub.store.epoch().to_owned(),
        epoch_changed: false,
        conversation: None,
        token: None,
        resumed: false,
        visitor_seq: 0,
        agents_online: hub.registry.agents_online(),
        agent: Some(agent.name.clone()),
        heartbeat_secs: u32::try_from(hub.config.limits.heartbeat.as_secs()).unwrap_or(u32::MAX),
        max_frame_bytes: u32::try_from(hub.config.limits.max_frame_bytes).unwrap_or(u32::MAX),
    };
    if io.send(&ServerFrame::Welcome(welcome)).await.is_err() {
        agent.on_end().await;
        return Err(CloseCode::SlowConsumer);
    }
    if first {
        hub.publish_presence();
    }
    // The queue arrives through the outbox like every later update, so it stays in order.
    hub.publish_queue().await;
    Ok(agent)
}

impl Agent {
    async fn refuse(&self, io: &mut Io, code: ErrorCode, message: &str, id: Option<&str>) -> Flow {
        io.error(code, message, id).await.into()
    }

    fn holds(&self, conversation: &str) -> bool {
        self.hub.registry.holder(conversation).as_deref() == Some(self.name.as_str())
    }

    async fn claim(&mut self, io: &mut Io, conversation: String, resume: ClaimResume) -> Flow {
        let hub = self.hub.clone();
        let before = hub.registry.holder(&conversation);
        let claim = Update::Claim {
            agent: self.name.clone(),
        };
        let updated = match hub
            .timed(hub.store.update(&conversation, &claim, now_ms()))
            .await
        {
            Ok(updated) => updated,
            Err(error) => return self.store_refusal(io, error, None).await,
        };
        hub.bus.publish(Event::Holder {
            conversation: conversation.clone(),
            agent: Some(self.name.clone()),
        });
        let epoch = hub.store.epoch().to_owned();
        let same_epoch = resume.epoch.as_deref().is_none_or(|e| e == epoch);
        let (visitor_after, agent_after) = if same_epoch {
            (resume.visitor_seq, resume.agent_seq)
        } else {
            (0, 0)
        };
        let mut entry = updated.entry;
        entry.visitor_online = hub.registry.visitor_online(&conversation);
        let claimed = ServerFrame::Claimed {
            conversation: conversation.clone(),
            epoch,
            entry,
        };
        if io.send(&claimed).await.is_err() {
            return Flow::Close(CloseCode::SlowConsumer);
        }
        let transcript = match hub.timed(hub.store.transcript(&conversation)).await {
            Ok(lines) => lines,
            Err(error) => return self.store_refusal(io, error, None).await,
        };
        let mut last = visitor_after;
        let mut count = 0;
        for line in transcript {
            let direction = Direction::of(line.author);
            let after = if direction == Direction::FromVisitor {
                visitor_after
            } else {
                agent_after
            };
            if line.seq <= after {
                continue;
            }
            if direction == Direction::FromVisitor {
                last = last.max(line.seq);
            }
            if io.send(&ServerFrame::Message(line)).await.is_err() {
                return Flow::Close(CloseCode::SlowConsumer);
            }
            count += 1;
        }
        self.claimed.insert(conversation.clone(), last);
        let replayed = ServerFrame::Replayed {
            conversation: conversation.clone(),
            count,
        };
        if io.send(&replayed).await.is_err() {
            return Flow::Close(CloseCode::SlowConsumer);
        }
        if before.as_deref() != Some(self.name.as_str()) {
            let joined = ServerFrame::AgentJoined {
                name: self.name.clone(),
            };
            hub.bus.publish(Event::Visitor {
                conversation,
                item: plain(&joined),
            });
            hub.publish_queue().await;
        }
        Flow::Continue
    }

    async fn release_or_close(
        &mut self,
        io: &mut Io,
        conversation: String,
        update: Update,
    ) -> Flow {
        let hub = self.hub.clone();
        let holder = hub.registry.holder(&conversation);
        if holder.as_ref().is_some_and(|h| *h != self.name) {
            return self
                .refuse(
                    io,
                    ErrorCode::AlreadyClaimed,
                    "another agent holds this conversation",
                    None,
                )
                .await;
        }
        let closing = update == Update::Close;
        if let Err(error) = hub
            .timed(hub.store.update(&conversation, &update, now_ms()))
            .await
        {
            return self.store_refusal(io, error, None).await;
        }
        hub.bus.publish(Event::Holder {
            conversation: conversation.clone(),
            agent: None,
        });
        self.claimed.remove(&conversation);
        let frame = if closing {
            ServerFrame::Closed {
                conversation: conversation.clone(),
            }
        } else {
            ServerFrame::AgentLeft {
                name: self.name.clone(),
            }
        };
        hub.bus.publish(Event::Visitor {
            conversation,
            item: plain(&frame),
        });
        hub.publish_queue().await;
        Flow::Continue
    }

    async fn send_line(
        &mut self,
        io: &mut Io,
        conversation: String,
        id: String,
        text: String,
    ) -> Flow {
        if !valid_id(&id) {
            return self
                .refuse(
                    io,
                    ErrorCode::InvalidId,
                    "ids are 1-64 of A-Z a-z 0-9 - _ .",
                    Some(&id),
                )
                .await;
        }
        if text.trim().is_empty() || text.len() > MAX_TEXT_BYTES {
            let message = format!("text must be 1-{MAX_TEXT_BYTES} bytes");
            return self
                .refuse(io, ErrorCode::InvalidText, &message, Some(&id))
                .await;
        }
        if !self.holds(&conversation) {
            return self
                .refuse(
                    io,
                    ErrorCode::Forbidden,
                    "claim the conversation first",
                    Some(&id),
                )
                .await;
        }
        let hub = self.hub.clone();
        let line = NewMessage {
            conversation: &conversation,
            id: &id,
            author: Author::Agent,
            name: Some(&self.name),
            text: &text,
            at: now_ms(),
        };
        let appended = match hub.timed(hub.store.append(&line)).await {
            Ok(appended) => appended,
            Err(error) => return self.store_refusal(io, error, Some(&id)).await,
        };
        let ack = ServerFrame::Ack {
            id: id.clone(),
            seq: appended.seq,
            conversation: Some(conversation.clone()),
        };
        if io.send(&ack).await.is_err() {
            return Flow::Close(CloseCode::SlowConsumer);
        }
        if !appended.duplicate {
            hub.metrics.messages_in.fetch_add(1, Ordering::Relaxed);
            let order = Order {
                conversation: Arc::from(conversation.as_str()),
                direction: Direction::ToVisitor,
                seq: appended.seq,
            };
            let message = ChatMessage {
                conversation: conversation.clone(),
                seq: appended.seq,
                id,
                author: Author::Agent,
                name: Some(self.name.clone()),
                text,
                at: appended.at,
            };
            let item = Outgoing {
                frame: encoded(&ServerFrame::Message(message)),
                order: Some(order),
            };
            hub.bus.publish(Event::Visitor { conversation, item });
        }
        Flow::Continue
    }

    async fn store_refusal(&self, io: &mut Io, error: StoreError, id: Option<&str>) -> Flow {
        let (code, message) = match &error {
            StoreError::UnknownConversation(_) => (
                ErrorCode::UnknownConversation,
                "no such conversation".to_owned(),
            ),
            StoreError::AlreadyClaimed(holder) => (
                ErrorCode::AlreadyClaimed,
                format!("{holder} holds this conversation"),
            ),
            StoreError::Closed => (
                ErrorCode::ConversationClosed,
                "this conversation is closed".to_owned(),
            ),
            _ => {
                tracing::error!(%error, "store failed for an agent");
                (
                    ErrorCode::Internal,
                    "could not store, resend later".to_owned(),
                )
            }
        };
        self.refuse(io, code, &message, id).await
    }
}

#[async_trait]
impl Peer for Agent {
    async fn on_frame(&mut self, frame: ClientFrame, io: &mut Io) -> Flow {
        match frame {
            ClientFrame::Claim {
                conversation,
                resume,
            } => self.claim(io, conversation, resume).await,
            ClientFrame::Release { conversation } => {
                self.release_or_close(io, conversation, Update::Release)
                    .await
            }
            ClientFrame::Close { conversation } => {
                self.release_or_close(io, conversation, Update::Close).await
            }
            ClientFrame::Message {
                id,
                text,
                conversation,
                ..
            } => match conversation {
                Some(conversation) => self.send_line(io, conversation, id, text).await,
                None => {
                    self.refuse(
                        io,
                        ErrorCode::Malformed,
                        "agents must name the conversation",
                        Some(&id),
                    )
                    .await
                }
            },
            ClientFrame::Typing {
                conversation: Some(conversation),
                on,
            } => {
                if self.holds(&conversation) {
                    let frame = ServerFrame::Typing {
                        conversation: None,
                        on,
                    };
                    self.hub.bus.publish(Event::Visitor {
                        conversation,
                        item: plain(&frame),
                    });
                }
                Flow::Continue
            }
            ClientFrame::Typing {
                conversation: None, ..
            } => {
                self.refuse(
                    io,
                    ErrorCode::Malformed,
                    "agents must name the conversation",
                    None,
                )
                .await
            }
            ClientFrame::Ping => io.send(&ServerFrame::Pong).await.into(),
            ClientFrame::Handover { .. } | ClientFrame::LeaveMessage { .. } => {
                self.refuse(
                    io,
                    ErrorCode::Forbidden,
                    "only visitors hand over or leave messages",
                    None,
                )
                .await
            }
            ClientFrame::Hello(_) => {
                self.refuse(io, ErrorCode::HelloExpected, "hello was already sent", None)
                    .await
            }
        }
    }

    async fn on_outgoing(&mut self, item: Outgoing, io: &mut Io) -> Flow {
        let tracked = item.order.as_ref().map(|o| o.conversation.clone());
        match tracked.and_then(|c| self.claimed.get(c.as_ref()).copied().map(|last| (c, last))) {
            Some((conversation, mut last)) => {
                let hub = self.hub.clone();
                let flow = deliver(io, &hub, item, Direction::FromVisitor, &mut last).await;
                self.claimed.insert(conversation.to_string(), last);
                flow
            }
            None => io.send_text(item.frame).await.into(),
        }
    }

    async fn on_end(&mut self) {
        self.hub
            .metrics
            .agent_connections
            .fetch_sub(1, Ordering::Relaxed);
        if self.hub.registry.remove_agent(self.conn) {
            self.hub.publish_presence();
        }
    }
}
