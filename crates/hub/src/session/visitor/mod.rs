//! A visitor's socket: resolves its token to a conversation (or starts one), replays what the
//! agent said while it was away, then stores its lines (ack after commit) and relays them.

use std::sync::atomic::Ordering;

use async_trait::async_trait;
use tandem_core::protocol::{Author, ClientFrame, ErrorCode, MAX_EMAIL_BYTES, ServerFrame};

use crate::relay::{Event, Outgoing};
use crate::session::io::Io;
use crate::session::replay::deliver;
use crate::session::{Flow, Peer};
use crate::state::Hub;
use crate::store::{Direction, Update};

pub struct Visitor {
    hub: Hub,
    conn: u64,
    conversation: String,
    /// Highest agent→visitor seq delivered to this socket.
    last: u64,
    /// The conversation is in the agents' queue, so they care when this visitor comes and goes.
    in_queue: bool,
}

mod lines;
mod open;

pub use open::start;

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
            self.hub.publish_queue();
        }
    }
}
