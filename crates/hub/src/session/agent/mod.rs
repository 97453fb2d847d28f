//! An agent's socket (already authenticated by its session cookie at the upgrade): the queue,
//! claims with gap replay, lines to visitors, release and close.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::Ordering;

use async_trait::async_trait;
use tandem_core::protocol::{
    ClientFrame, CloseCode, ErrorCode, Hello, PROTOCOL_VERSION, Role, ServerFrame, Welcome,
};

use crate::relay::{Event, Outbox, Outgoing};
use crate::routes::AgentLogin;
use crate::session::io::Io;
use crate::session::replay::deliver;
use crate::session::{Flow, Peer};
use crate::state::{Hub, now_ms, plain};
use crate::store::{AppendTicket, Appended, Direction, StoreResult, Update};

pub struct Agent {
    /// The session this socket was opened with; checked at every heartbeat.
    session_hash: String,
    hub: Hub,
    conn: u64,
    name: String,
    /// Claimed conversations and the highest visitor→agent seq delivered for each.
    claimed: HashMap<String, u64>,
    /// Lines handed to the store and not yet acked, oldest first (see `lines`).
    in_flight: VecDeque<InFlight>,
}

/// A line waiting for its commit, with what its ack and delivery need.
struct InFlight {
    ticket: AppendTicket,
    conversation: String,
    id: String,
    text: String,
    started: std::time::Instant,
}

mod claim;
mod lines;

pub async fn start(
    io: &mut Io,
    hub: &Hub,
    hello: Hello,
    login: AgentLogin,
    outbox: Outbox,
) -> Result<Agent, CloseCode> {
    let AgentLogin { name, session_hash } = login;
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
        session_hash,
        claimed: HashMap::new(),
        in_flight: VecDeque::new(),
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
    hub.publish_queue();
    Ok(agent)
}

#[async_trait]
impl Peer for Agent {
    async fn on_frame(&mut self, frame: ClientFrame, io: &mut Io) -> Flow {
        if !matches!(
            frame,
            ClientFrame::Message { .. } | ClientFrame::Typing { .. }
        ) && let Flow::Close(code) = self.finish_in_flight(io).await
        {
            return Flow::Close(code);
        }
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

    async fn next_stored(&mut self) -> StoreResult<Appended> {
        self.next_stored_line().await
    }

    async fn on_stored(&mut self, outcome: StoreResult<Appended>, io: &mut Io) -> Flow {
        self.finish_stored(outcome, io).await
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

    /// Logged out, removed or expired sessions end the socket (close 4003) within a heartbeat.
    async fn still_allowed(&mut self) -> bool {
        match self
            .hub
            .store
            .session_agent(&self.session_hash, now_ms())
            .await
        {
            Ok(name) => name.as_deref() == Some(self.name.as_str()),
            // A store hiccup is not a reason to throw an agent out.
            Err(_) => true,
        }
    }
}
