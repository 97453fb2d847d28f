//! The websocket upgrades. Everything that can be refused before a socket exists is refused
//! here with a plain HTTP status: wrong Origin 403, agent without a session 401, too many
//! upgrades from one address 429. Buffer and message sizes are set explicitly (axum's defaults
//! are 128 KiB buffers and 64 MiB messages per socket).

use std::net::SocketAddr;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::api::agent_login;
use crate::error::ApiError;
use crate::session;
use crate::state::Hub;

/// Largest outbound frame (plus unflushed bytes) one socket may have in its write buffer.
const MAX_WRITE_BUFFER_BYTES: usize = 4 * 1024 * 1024;

pub fn router() -> Router<Hub> {
    Router::new()
        .route("/ws/visitor", get(visitor))
        .route("/ws/agent", get(agent))
}

fn admit(hub: &Hub, headers: &HeaderMap, peer: SocketAddr) -> Result<(), ApiError> {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if !hub.origins.allows(origin, host) {
        hub.metrics.refused_upgrades.fetch_add(1, Ordering::Relaxed);
        return Err(ApiError::Forbidden);
    }
    if !hub.upgrade_limiter.allow(peer.ip()) {
        hub.metrics.refused_upgrades.fetch_add(1, Ordering::Relaxed);
        return Err(ApiError::TooManyRequests);
    }
    Ok(())
}

fn sized(upgrade: WebSocketUpgrade, hub: &Hub) -> WebSocketUpgrade {
    let limits = &hub.config.limits;
    upgrade
        .read_buffer_size(limits.read_buffer_bytes)
        .write_buffer_size(limits.write_buffer_bytes)
        // A cap, not an allocation: the buffer grows only while a frame is being written. It
        // must fit the largest frame the hub sends (an agent's full queue), or the write fails.
        .max_write_buffer_size(MAX_WRITE_BUFFER_BYTES)
        .max_message_size(limits.max_frame_bytes)
        .max_frame_size(limits.max_frame_bytes)
}

async fn visitor(
    State(hub): State<Hub>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    admit(&hub, &headers, peer)?;
    let tracker = hub.sockets.token();
    let upgrade = sized(upgrade, &hub);
    Ok(upgrade
        .on_upgrade(move |socket| async move {
            session::run_visitor(socket, hub).await;
            drop(tracker);
        })
        .into_response())
}

async fn agent(
    State(hub): State<Hub>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    admit(&hub, &headers, peer)?;
    let Some(login) = agent_login(&headers, &hub).await? else {
        hub.metrics.refused_upgrades.fetch_add(1, Ordering::Relaxed);
        return Err(ApiError::Unauthorized);
    };
    let tracker = hub.sockets.token();
    let upgrade = sized(upgrade, &hub);
    Ok(upgrade
        .on_upgrade(move |socket| async move {
            session::run_agent(socket, hub, login).await;
            drop(tracker);
        })
        .into_response())
}
