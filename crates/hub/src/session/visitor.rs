//! A visitor's socket: resolves its token to a conversation (or starts one), replays what the
//! agent said while it was away, then stores its lines (ack after commit) and relays them.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use async_trait::async_trait;
use tandem_core::protocol::{
    Author, ChatMessage, ClientFrame, CloseCode, ErrorCode, Hello, MAX_EMAIL_BYTES, MAX_TEXT_BYTES,
    PROTOCOL_VERSION, QueueStatus, Role, ServerFrame, Welcome, valid_id,
};

use super::io::Io;
use super::replay::{deliver, replay};
use super::{Flow, Peer};
use crate::auth::tokens::random_id;
use crate::relay::{Event, Order, Outbox, Outgoing};
use crate::state::{Hub, encoded, now_ms};
use crate::store::{Direction, NewMessage, StoreError, Update};

pub struct Visitor {
    hub: Hub,
    conn: u64,
    conversation: String,
    /// Highest agent→visitor seq delivered to this socket.
    last: u64,
    /// The conversation is in the agents' queue, so they care when this visitor comes and goes.
    in_queue: bool,
}

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
        hub.publish_queue().await;
    }
    Ok(visitor)
}

fn internal(error: StoreError) -> CloseCode {
    tracing::error!(%error, "store failed during visitor hello");
    CloseCode::InternalError
}

impl Visitor {
    async fn store_line(
        &mut self,
        io: &mut Io,
        id: &str,
        text: &str,
        author: Author,
    ) -> Result<bool, Flow> {
        if !valid_id(id) {
            return Err(io
                .error(
                    ErrorCode::InvalidId,
                    "ids are 1-64 of A-Z a-z 0-9 - _ .",
                    Some(id),
                )
                .await
                .into());
        }
        if text.trim().is_empty() || text.len() > MAX_TEXT_BYTES {
            let message = format!("text must be 1-{MAX_TEXT_BYTES} bytes");
            return Err(io
                .error(ErrorCode::InvalidText, &message, Some(id))
                .await
                .into());
        }
        let hub = self.hub.clone();
        let line = NewMessage {
            conversation: &self.conversation,
            id,
            author,
            name: None,
            text,
            at: now_ms(),
        };
        let appended = match hub.timed(hub.store.append(&line)).await {
            Ok(appended) => appended,
            Err(StoreError::Closed) => {
                return Err(io
                    .error(
                        ErrorCode::ConversationClosed,
                        "this conversation is closed",
                        Some(id),
                    )
                    .await
                    .into());
            }
            Err(error) => {
                tracing::error!(%error, "could not store a visitor line");
                return Err(io
                    .error(
                        ErrorCode::Internal,
                        "could not store, resend later",
                        Some(id),
                    )
                    .await
                    .into());
            }
        };
        // Committed: now the ack may go out, and the line to the agents.
        let ack = ServerFrame::Ack {
            id: id.into(),
            seq: appended.seq,
            conversation: None,
        };
        if let Err(stuck) = io.send(&ack).await {
            return Err(Err::<(), _>(stuck).into());
        }
        if !appended.duplicate {
            hub.metrics.messages_in.fetch_add(1, Ordering::Relaxed);
            let message = ChatMessage {
                conversation: self.conversation.clone(),
                seq: appended.seq,
                id: id.into(),
                author,
                name: None,
                text: text.into(),
                at: appended.at,
            };
            let order = Order {
                conversation: Arc::from(self.conversation.as_str()),
                direction: Direction::FromVisitor,
                seq: appended.seq,
            };
            let item = Outgoing {
                frame: encoded(&ServerFrame::Message(message)),
                order: Some(order),
            };
            hub.bus.publish(Event::Agents {
                agent: hub.registry.holder(&self.conversation),
                item,
            });
        }
        Ok(!appended.duplicate)
    }

    async fn update(&mut self, io: &mut Io, update: Update) -> Flow {
        match self
            .hub
            .timed(self.hub.store.update(&self.conversation, &update, now_ms()))
            .await
        {
            Ok(_) => {
                self.in_queue = true;
                self.hub.publish_queue().await;
                Flow::Continue
            }
            Err(StoreError::Closed) => io
                .error(
                    ErrorCode::ConversationClosed,
                    "this conversation is closed",
                    None,
                )
                .await
                .into(),
            Err(error) => {
                tracing::error!(%error, "could not update a conversation");
                io.error(ErrorCode::Internal, "could not store, resend later", None)
                    .await
                    .into()
            }
        }
    }
}

#[async_trait]
impl Peer for Visitor {
    async fn on_frame(&mut self, frame: ClientFrame, io: &mut Io) -> Flow {
        match frame {
            ClientFrame::Message {
                id,
                text,
                conversation,
                author,
            } => {
                if conversation
                    .as_ref()
                    .is_some_and(|c| *c != self.conversation)
                {
                    return io
                        .error(
                            ErrorCode::Forbidden,
                            "a visitor may write only to its own conversation",
                            Some(&id),
                        )
                        .await
                        .into();
                }
                let author = author.unwrap_or(Author::Visitor);
                if author == Author::Agent {
                    return io
                        .error(
                            ErrorCode::Forbidden,
                            "visitors cannot write as an agent",
                            Some(&id),
                        )
                        .await
                        .into();
                }
                match self.store_line(io, &id, &text, author).await {
                    Ok(_) => Flow::Continue,
                    Err(flow) => flow,
                }
            }
            ClientFrame::Handover {
                reason,
                explanation,
            } => {
                let explanation: String = explanation.chars().take(500).collect();
                let reason: String = reason.chars().take(40).collect();
                self.update(
                    io,
                    Update::Handover {
                        reason,
                        explanation,
                    },
                )
                .await
            }
            ClientFrame::LeaveMessage { id, text, email } => {
                let email = email.filter(|e| !e.trim().is_empty());
                if let Some(email) = &email
                    && (email.len() > MAX_EMAIL_BYTES
                        || !email.contains('@')
                        || email.contains(char::is_whitespace))
                {
                    return io
                        .error(
                            ErrorCode::InvalidText,
                            "that e-mail address does not look right",
                            Some(&id),
                        )
                        .await
                        .into();
                }
                match self.store_line(io, &id, &text, Author::Visitor).await {
                    Ok(_) => self.update(io, Update::LeftMessage { email }).await,
                    Err(flow) => flow,
                }
            }
            ClientFrame::Typing { on, .. } => {
                if let Some(agent) = self.hub.registry.holder(&self.conversation) {
                    let frame = ServerFrame::Typing {
                        conversation: Some(self.conversation.clone()),
                        on,
                    };
                    self.hub.bus.publish(Event::Agents {
                        agent: Some(agent),
                        item: crate::state::plain(&frame),
                    });
                }
                Flow::Continue
            }
            ClientFrame::Ping => io.send(&ServerFrame::Pong).await.into(),
            ClientFrame::Claim { .. } | ClientFrame::Release { .. } | ClientFrame::Close { .. } => {
                io.error(
                    ErrorCode::Forbidden,
                    "only agents claim, release or close conversations",
                    None,
                )
                .await
                .into()
            }
            ClientFrame::Hello(_) => io
                .error(ErrorCode::HelloExpected, "hello was already sent", None)
                .await
                .into(),
        }
    }

    async fn on_outgoing(&mut self, item: Outgoing, io: &mut Io) -> Flow {
        let hub = self.hub.clone();
        deliver(io, &hub, item, Direction::ToVisitor, &mut self.last).await
    }

    async fn on_end(&mut self) {
        self.hub
            .registry
            .remove_visitor(&self.conversation, self.conn);
        self.hub
            .metrics
            .visitor_connections
            .fetch_sub(1, Ordering::Relaxed);
        if self.in_queue {
            self.hub.publish_queue().await;
        }
    }
}
