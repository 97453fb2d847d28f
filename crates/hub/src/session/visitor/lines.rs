//! Storing a visitor's lines (ack after commit, then relay) and queue updates.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tandem_core::protocol::{
    Author, ChatMessage, ErrorCode, MAX_TEXT_BYTES, ServerFrame, valid_id,
};

use super::Visitor;
use crate::relay::{Event, Order, Outgoing};
use crate::session::Flow;
use crate::session::io::Io;
use crate::state::{encoded, now_ms};
use crate::store::{Direction, NewMessage, StoreError, Update};

impl Visitor {
    pub(super) async fn store_line(
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

    pub(super) async fn update(&mut self, io: &mut Io, update: Update) -> Flow {
        match self
            .hub
            .timed(self.hub.store.update(&self.conversation, &update, now_ms()))
            .await
        {
            Ok(_) => {
                self.in_queue = true;
                self.hub.publish_queue();
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
