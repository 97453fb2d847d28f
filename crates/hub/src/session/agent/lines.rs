//! An agent's chat lines to visitors (ack after commit) and how refusals are worded.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tandem_core::protocol::{
    Author, ChatMessage, CloseCode, ErrorCode, MAX_TEXT_BYTES, ServerFrame, valid_id,
};

use super::Agent;
use crate::relay::{Event, Order, Outgoing};
use crate::session::Flow;
use crate::session::io::Io;
use crate::state::{encoded, now_ms};
use crate::store::{Direction, NewMessage, StoreError};

impl Agent {
    pub(super) async fn refuse(
        &self,
        io: &mut Io,
        code: ErrorCode,
        message: &str,
        id: Option<&str>,
    ) -> Flow {
        io.error(code, message, id).await.into()
    }

    pub(super) fn holds(&self, conversation: &str) -> bool {
        self.hub.registry.holder(conversation).as_deref() == Some(self.name.as_str())
    }

    pub(super) async fn send_line(
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

    pub(super) async fn store_refusal(
        &self,
        io: &mut Io,
        error: StoreError,
        id: Option<&str>,
    ) -> Flow {
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
