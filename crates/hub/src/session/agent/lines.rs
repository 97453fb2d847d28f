//! An agent's chat lines to visitors (ack after commit) and how refusals are worded.
//!
//! One agent socket carries every conversation its agent holds, so its lines are pipelined:
//! each is handed to the store at once and acked, in order, when its group commit lands. Up to
//! [`MAX_IN_FLIGHT`] lines wait at a time; waiting out each commit before reading the next
//! frame would cap an agent at one line per commit.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use tandem_core::protocol::{
    Author, ChatMessage, CloseCode, ErrorCode, MAX_TEXT_BYTES, ServerFrame, valid_id,
};

use super::{Agent, InFlight};
use crate::relay::{Event, Order, Outgoing};
use crate::session::Flow;
use crate::session::io::Io;
use crate::state::{encoded, now_ms};
use crate::store::{Appended, Direction, NewMessage, StoreError, StoreResult};

/// Lines one agent socket may have waiting for their commit.
pub(super) const MAX_IN_FLIGHT: usize = 256;

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
        // Room for this line first: past the limit, the oldest write is waited out, which
        // also slows a client that sends faster than the disk commits.
        while self.in_flight.len() >= MAX_IN_FLIGHT {
            let outcome = self.next_stored_line().await;
            if let Flow::Close(code) = self.finish_stored(outcome, io).await {
                return Flow::Close(code);
            }
        }
        let line = NewMessage {
            conversation: &conversation,
            id: &id,
            author: Author::Agent,
            name: Some(&self.name),
            text: &text,
            at: now_ms(),
        };
        let ticket = self.hub.store.submit(&line).await;
        self.in_flight.push_back(InFlight {
            ticket,
            conversation,
            id,
            text,
            started: Instant::now(),
        });
        Flow::Continue
    }

    /// The oldest line's outcome (waits forever when none is in flight).
    pub(super) async fn next_stored_line(&mut self) -> StoreResult<Appended> {
        match self.in_flight.front_mut() {
            Some(oldest) => oldest.ticket.wait().await,
            None => std::future::pending().await,
        }
    }

    /// Acks the oldest line after its commit and sends it to the visitor, or refuses it.
    pub(super) async fn finish_stored(
        &mut self,
        outcome: StoreResult<Appended>,
        io: &mut Io,
    ) -> Flow {
        let Some(InFlight {
            conversation,
            id,
            text,
            started,
            ..
        }) = self.in_flight.pop_front()
        else {
            return Flow::Continue;
        };
        let hub = self.hub.clone();
        hub.metrics.observe_store(started.elapsed());
        let appended = match outcome {
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

    /// Acks every line in flight, so a claim, release or close that follows is ordered after
    /// them in the store as it was on the wire.
    pub(super) async fn finish_in_flight(&mut self, io: &mut Io) -> Flow {
        while !self.in_flight.is_empty() {
            let outcome = self.next_stored_line().await;
            if let Flow::Close(code) = self.finish_stored(outcome, io).await {
                return Flow::Close(code);
            }
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
