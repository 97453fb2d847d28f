//! Turning text into frames and back. Decoding never panics, whatever the bytes, and tells a
//! malformed frame (error 100) from a well-formed frame of an unknown type (error 101).

use serde::Deserialize;

use super::client::ClientFrame;
use super::codes::ErrorCode;
use super::server::ServerFrame;

/// Why a frame could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("malformed frame: {0}")]
    Malformed(String),
    #[error("unknown frame type {0:?}")]
    UnknownType(String),
}

impl DecodeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            DecodeError::Malformed(_) => ErrorCode::Malformed,
            DecodeError::UnknownType(_) => ErrorCode::UnknownType,
        }
    }
}

const CLIENT_TYPES: &[&str] = &[
    "hello",
    "message",
    "handover",
    "leave_message",
    "typing",
    "claim",
    "release",
    "close",
    "ping",
];

const SERVER_TYPES: &[&str] = &[
    "welcome",
    "ack",
    "message",
    "presence",
    "agent_joined",
    "agent_left",
    "closed",
    "typing",
    "queue",
    "claimed",
    "replayed",
    "pong",
    "error",
];

/// Decodes one client frame (visitor or agent → hub).
pub fn decode_client(text: &str) -> Result<ClientFrame, DecodeError> {
    decode(text, CLIENT_TYPES)
}

/// Decodes one hub frame (hub → visitor or agent).
pub fn decode_server(text: &str) -> Result<ServerFrame, DecodeError> {
    decode(text, SERVER_TYPES)
}

/// Encodes any frame. Serialising these types cannot fail (string keys, no maps of non-strings),
/// but the error is kept instead of a panic.
pub fn encode<T: serde::Serialize>(frame: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string(frame)
}

fn decode<T: serde::de::DeserializeOwned>(text: &str, known: &[&str]) -> Result<T, DecodeError> {
    match serde_json::from_str::<T>(text) {
        Ok(frame) => Ok(frame),
        Err(error) => Err(classify(text, known, error)),
    }
}

/// Only the tag, borrowed when possible, to classify a failed decode cheaply.
#[derive(Deserialize)]
struct TagOnly {
    #[serde(rename = "type")]
    kind: String,
}

fn classify(text: &str, known: &[&str], error: serde_json::Error) -> DecodeError {
    match serde_json::from_str::<TagOnly>(text) {
        Ok(tag) if !known.contains(&tag.kind.as_str()) => DecodeError::UnknownType(tag.kind),
        _ => DecodeError::Malformed(error.to_string()),
    }
}
