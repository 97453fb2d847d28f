//! The agents' HTTP API: login (sets the session cookie), logout, me, queue, transcript.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::auth::{passwords, sessions};
use crate::error::ApiError;
use crate::state::{Hub, now_ms};

pub fn router() -> Router<Hub> {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/me", get(me))
        .route("/api/queue", get(queue))
        .route("/api/conversations/{id}/transcript", get(transcript))
}

/// A request from a logged-in agent (the extractor answers 401 otherwise).
pub struct AgentSession {
    pub name: String,
}

impl FromRequestParts<Hub> for AgentSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, hub: &Hub) -> Result<Self, Self::Rejection> {
        match agent_from_headers(&parts.headers, hub).await? {
            Some(name) => Ok(AgentSession { name }),
            None => Err(ApiError::Unauthorized),
        }
    }
}

/// A logged-in agent: their name and the hash of the session that proves it.
pub struct AgentLogin {
    pub name: String,
    pub session_hash: String,
}

/// The agent whose valid session cookie the headers carry.
pub async fn agent_login(headers: &HeaderMap, hub: &Hub) -> Result<Option<AgentLogin>, ApiError> {
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(sessions::from_cookie_header);
    let Some(token) = token else {
        return Ok(None);
    };
    let session_hash = sessions::token_hash(token);
    let name = hub.store.session_agent(&session_hash, now_ms()).await?;
    Ok(name.map(|name| AgentLogin { name, session_hash }))
}

pub async fn agent_from_headers(
    headers: &HeaderMap,
    hub: &Hub,
) -> Result<Option<String>, ApiError> {
    Ok(agent_login(headers, hub).await?.map(|login| login.name))
}

#[derive(Deserialize)]
struct Credentials {
    name: String,
    password: String,
}

async fn login(
    State(hub): State<Hub>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(credentials): Json<Credentials>,
) -> Result<Response, ApiError> {
    if !hub.login_limiter.allow(peer.ip()) {
        return Err(ApiError::TooManyRequests);
    }
    let stored = hub.store.agent_password_hash(&credentials.name).await?;
    let password = credentials.password;
    // argon2 is deliberately slow: keep it off the async workers.
    let valid = tokio::task::spawn_blocking(move || {
        stored.is_some_and(|stored| passwords::verify(&password, &stored))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    if !valid {
        return Err(ApiError::Unauthorized);
    }
    let token = sessions::new_token();
    let expires = now_ms() + sessions::SESSION_SECS * 1000;
    hub.store
        .create_session(&sessions::token_hash(&token), &credentials.name, expires)
        .await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, sessions::set_cookie(&token))],
    )
        .into_response())
}

async fn logout(State(hub): State<Hub>, headers: HeaderMap) -> Result<Response, ApiError> {
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(sessions::from_cookie_header);
    if let Some(token) = token {
        hub.store
            .delete_session(&sessions::token_hash(token))
            .await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, sessions::clear_cookie())],
    )
        .into_response())
}

async fn me(agent: AgentSession) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "name": agent.name }))
}

async fn queue(
    State(hub): State<Hub>,
    _agent: AgentSession,
) -> Result<Json<serde_json::Value>, ApiError> {
    let mut conversations = hub.store.queue(500).await?;
    for entry in &mut conversations {
        entry.visitor_online = hub.registry.visitor_online(&entry.conversation);
    }
    Ok(Json(serde_json::json!({ "conversations": conversations })))
}

async fn transcript(
    State(hub): State<Hub>,
    _agent: AgentSession,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if hub.store.conversation(&id).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    let messages = hub.store.transcript(&id).await?;
    Ok(Json(serde_json::json!({
        "conversation": id,
        "epoch": hub.store.epoch(),
        "messages": messages,
    })))
}
