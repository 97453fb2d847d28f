//! Getting a relay run ready: an agent logged in over HTTP, its socket, N visitors who each
//! ask for a person, and the agent holding every one of those conversations.

use anyhow::{Context, bail};
use std::collections::HashSet;
use tandem_core::protocol::{ClaimResume, ClientFrame, QueueStatus, Role, ServerFrame};

use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use crate::bench::connect::{Dial, Socket};
use crate::bench::target::{DEFAULT_SOURCES, LoopbackTarget};
use crate::bench::{http, wire};

/// Cookie the hub's `POST /api/login` sets (docs/protocol.md, HTTP API).
const SESSION_COOKIE: &str = "tandem_session";

/// Logs the agent in and returns the `Cookie` header value for the agent socket.
pub async fn login(
    base: &LoopbackTarget,
    origin: &str,
    name: &str,
    password: &str,
) -> anyhow::Result<String> {
    let body = serde_json::json!({ "name": name, "password": password });
    let reply = http::post_json(&base.with_path("/api/login"), origin, &body).await?;
    if !reply.status.is_success() {
        bail!(
            "logging in agent `{name}` failed with HTTP {} {} (create it with `tandem agent add {name}`)",
            reply.status,
            reply.text()
        );
    }
    reply
        .headers
        .get_all(hyper::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .find(|pair| pair.trim_start().starts_with(&format!("{SESSION_COOKIE}=")))
        .map(|pair| pair.trim().to_owned())
        .context("the login answer set no tandem_session cookie")
}

/// A visitor socket whose conversation is in the queue.
pub struct Visitor {
    pub socket: Socket,
    pub conversation: String,
}

/// Opens visitor number `index` (from one of the loopback source addresses, as visitors come
/// from many addresses), says hello and asks for a person.
pub async fn open_visitor(dial: &Dial<'_>, index: u64) -> anyhow::Result<Visitor> {
    let sources = dial.target.source_addresses(DEFAULT_SOURCES);
    let source = sources.get(index as usize % sources.len().max(1)).copied();
    let mut socket = dial.connect_patiently(source, index, || {}).await?;
    let welcome = wire::authenticate(&mut socket, Role::Visitor).await?;
    let conversation = welcome
        .conversation
        .context("the visitor welcome carried no conversation")?;
    let handover = ClientFrame::Handover {
        reason: "request".to_owned(),
        explanation: "tandem bench relay".to_owned(),
    };
    wire::send(&mut socket, &handover).await?;
    Ok(Visitor {
        socket,
        conversation,
    })
}

/// Waits until every conversation is waiting in the agent's queue, then claims them all and
/// reads each claim's answer (`claimed`, the replayed lines, `replayed`).
pub async fn claim_all(agent: &mut Socket, conversations: &[String]) -> anyhow::Result<()> {
    let mut waiting: HashSet<&str> = conversations.iter().map(String::as_str).collect();
    while !waiting.is_empty() {
        if let ServerFrame::Queue {
            conversations: queue,
        } = next(agent).await?
        {
            for entry in queue {
                if entry.status == QueueStatus::Waiting {
                    waiting.remove(entry.conversation.as_str());
                }
            }
        }
    }
    for conversation in conversations {
        let claim = ClientFrame::Claim {
            conversation: conversation.clone(),
            resume: ClaimResume::default(),
        };
        wire::send(agent, &claim).await?;
    }
    let mut unreplayed: HashSet<&str> = conversations.iter().map(String::as_str).collect();
    while !unreplayed.is_empty() {
        if let ServerFrame::Replayed { conversation, .. } = next(agent).await? {
            unreplayed.remove(conversation.as_str());
        }
    }
    Ok(())
}

/// Reads the agent socket until it has been quiet for a moment (bounded), so the burst of
/// `queue` and `claimed` frames the setup caused is not mistaken for relay latency.
pub async fn settle(agent: &mut Socket) -> anyhow::Result<()> {
    let until = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    let quiet = std::time::Duration::from_millis(300);
    while tokio::time::Instant::now() < until {
        match tokio::time::timeout(quiet, next(agent)).await {
            Err(_) => return Ok(()),
            Ok(frame) => drop(frame?),
        }
    }
    Ok(())
}

/// Closes the benchmark's conversations so they do not linger in the queue.
pub async fn close_all<S>(agent: &mut S, conversations: &[String]) -> anyhow::Result<()>
where
    S: futures_util::Sink<Message, Error = WsError> + Unpin,
{
    for conversation in conversations {
        let close = ClientFrame::Close {
            conversation: conversation.clone(),
        };
        wire::send(agent, &close).await?;
    }
    Ok(())
}

/// The next frame, with an `error` frame turned into a failure: during setup any refusal
/// means the run cannot be measured.
async fn next(socket: &mut Socket) -> anyhow::Result<ServerFrame> {
    match wire::next_frame(socket).await? {
        ServerFrame::Error(error) => bail!(
            "the hub refused a setup frame: error {} {}",
            error.code,
            error.message
        ),
        frame => Ok(frame),
    }
}
