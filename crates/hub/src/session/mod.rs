//! One task per websocket. `run_visitor` / `run_agent` do the hello step, then the role's
//! [`Peer`] handles frames inside the shared loop in [`drive`], which owns the rules every socket
//! obeys: heartbeat, rate limit, size limit, backpressure, shutdown.

mod agent;
mod hello;
mod io;
mod replay;
mod visitor;

pub use io::Io;

use std::time::Instant;

use async_trait::async_trait;
use axum::extract::ws::{Message, WebSocket};
use tandem_core::protocol::{ClientFrame, CloseCode, ErrorCode, decode_client};
use tokio::sync::mpsc;

use crate::limiter::TokenBucket;
use crate::relay::{Outgoing, outbox};
use crate::routes::AgentLogin;
use crate::state::Hub;
use crate::store::{Appended, StoreResult};

/// What the loop does after a peer handled something.
pub enum Flow {
    Continue,
    Close(CloseCode),
    /// The socket failed under us: end without a close frame.
    Gone,
}

impl From<Result<(), io::Stuck>> for Flow {
    fn from(sent: Result<(), io::Stuck>) -> Flow {
        match sent {
            Ok(()) => Flow::Continue,
            Err(io::Stuck::Slow) => Flow::Close(CloseCode::SlowConsumer),
            Err(io::Stuck::Gone) => Flow::Gone,
        }
    }
}

#[async_trait]
pub trait Peer: Send {
    /// A decoded frame from this socket's client (never `hello`: that was the handshake).
    async fn on_frame(&mut self, frame: ClientFrame, io: &mut Io) -> Flow;
    /// A frame another session published for this socket.
    async fn on_outgoing(&mut self, item: Outgoing, io: &mut Io) -> Flow;
    /// Waits for the oldest chat line this peer has in flight in the store (forever when it
    /// has none). Cancel-safe: the loop polls it beside the socket.
    async fn next_stored(&mut self) -> StoreResult<Appended> {
        std::future::pending().await
    }
    /// That line is stored (or refused): ack it and pass it on.
    async fn on_stored(&mut self, _outcome: StoreResult<Appended>, _io: &mut Io) -> Flow {
        Flow::Continue
    }
    /// The socket is closing: unregister.
    async fn on_end(&mut self);
    /// Asked at every heartbeat: may this client still be here (its login not revoked)?
    async fn still_allowed(&mut self) -> bool {
        true
    }
}

/// Consecutive rate-limited frames after which the socket is closed (4503).
const MAX_STRIKES: u32 = 100;

pub async fn run_visitor(socket: WebSocket, hub: Hub) {
    let (outbox, rx, overflow) = outbox(hub.config.limits.outbound_queue);
    let mut io = Io { socket };
    let hello = match hello::expect_hello(&mut io, &hub).await {
        Ok(hello) => hello,
        Err(code) => return io.close(code).await,
    };
    match visitor::start(&mut io, &hub, hello, outbox).await {
        Ok(peer) => {
            let limits = &hub.config.limits;
            let bucket = TokenBucket::new(limits.frames_per_sec, limits.frame_burst);
            drive(io, peer, rx, overflow, hub, bucket).await
        }
        Err(code) => io.close(code).await,
    }
}

pub async fn run_agent(socket: WebSocket, hub: Hub, login: AgentLogin) {
    let (outbox, rx, overflow) = outbox(hub.config.limits.agent_outbound_queue);
    let mut io = Io { socket };
    let hello = match hello::expect_hello(&mut io, &hub).await {
        Ok(hello) => hello,
        Err(code) => return io.close(code).await,
    };
    match agent::start(&mut io, &hub, hello, login, outbox).await {
        Ok(peer) => {
            // A logged-in agent's socket carries every conversation it holds, so it gets its
            // own, much larger budget than an anonymous visitor's.
            let limits = &hub.config.limits;
            let bucket = TokenBucket::new(limits.agent_frames_per_sec, limits.agent_frame_burst);
            drive(io, peer, rx, overflow, hub, bucket).await
        }
        Err(code) => io.close(code).await,
    }
}

async fn drive<P: Peer>(
    mut io: Io,
    mut peer: P,
    mut rx: mpsc::Receiver<Outgoing>,
    overflow: std::sync::Arc<tokio::sync::Notify>,
    hub: Hub,
    mut bucket: TokenBucket,
) {
    let limits = &hub.config.limits;
    let mut strikes = 0u32;
    let mut heartbeat = tokio::time::interval(limits.heartbeat);
    heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    heartbeat.tick().await;
    let mut last_heard = Instant::now();
    let end = loop {
        let flow = tokio::select! {
            biased;
            _ = hub.shutdown.cancelled() => Flow::Close(CloseCode::GoingAway),
            _ = overflow.notified() => Flow::Close(CloseCode::SlowConsumer),
            // Drain the outbox before reading more: a busy client must not starve its own
            // deliveries into a slow-consumer close.
            item = rx.recv() => match item {
                Some(item) => peer.on_outgoing(item, &mut io).await,
                None => Flow::Close(CloseCode::InternalError),
            },
            // Then the acks of lines that reached the disk, before reading further frames.
            outcome = peer.next_stored() => peer.on_stored(outcome, &mut io).await,
            incoming = io.socket.recv() => match incoming {
                None => break None,
                Some(Err(error)) => {
                    if io::is_too_big(error) { Flow::Close(CloseCode::TooBig) } else { break None }
                }
                Some(Ok(Message::Text(text))) => {
                    last_heard = Instant::now();
                    match decode_client(text.as_str()) {
                        Err(error) => io.error(error.code(), &error.to_string(), None).await.into(),
                        Ok(frame) if !bucket.try_take() => {
                            strikes += 1;
                            if strikes > MAX_STRIKES {
                                Flow::Close(CloseCode::RateLimited)
                            } else {
                                let id = frame_id(&frame);
                                io.error(ErrorCode::RateLimited, "too many frames, resend later", id).await.into()
                            }
                        }
                        Ok(ClientFrame::Hello(_)) => {
                            io.error(ErrorCode::HelloExpected, "hello was already sent", None).await.into()
                        }
                        Ok(frame) => {
                            strikes = 0;
                            peer.on_frame(frame, &mut io).await
                        }
                    }
                }
                Some(Ok(Message::Binary(_))) => {
                    last_heard = Instant::now();
                    io.error(ErrorCode::Malformed, "binary frames are not part of the protocol", None).await.into()
                }
                Some(Ok(Message::Close(_))) => break None,
                Some(Ok(_)) => {
                    last_heard = Instant::now();
                    Flow::Continue
                }
            },
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > limits.heartbeat * 3 {
                    Flow::Close(CloseCode::HeartbeatTimeout)
                } else if !peer.still_allowed().await {
                    Flow::Close(CloseCode::Forbidden)
                } else {
                    let ping = io.socket.send(Message::Ping(Default::default()));
                    match tokio::time::timeout(limits.heartbeat, ping).await {
                        Ok(Ok(())) => Flow::Continue,
                        _ => Flow::Close(CloseCode::HeartbeatTimeout),
                    }
                }
            }
        };
        match flow {
            Flow::Continue => {}
            Flow::Close(code) => break Some(code),
            Flow::Gone => break None,
        }
    };
    peer.on_end().await;
    if end == Some(CloseCode::SlowConsumer) {
        // Its queue filled, or a write did not get through in time: either way it fell behind.
        hub.metrics
            .slow_consumers
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    tracing::debug!(close = ?end, "socket ended");
    if let Some(code) = end {
        io.close(code).await;
    }
}

fn frame_id(frame: &ClientFrame) -> Option<&str> {
    match frame {
        ClientFrame::Message { id, .. } | ClientFrame::LeaveMessage { id, .. } => Some(id),
        _ => None,
    }
}
