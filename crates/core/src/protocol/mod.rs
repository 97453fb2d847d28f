//! The wire protocol shared by the widget, the hub and the agent console (version 1).
//!
//! Every websocket frame is one JSON text message with a `"type"` field. The hub speaks
//! [`ServerFrame`]; visitors and agents speak [`ClientFrame`]. The first frame on a socket must be
//! `hello` (with [`PROTOCOL_VERSION`]); the hub answers `welcome` or closes.
//!
//! Lossless delivery rests on three numbers (see docs/protocol.md for the full story):
//! - a client-generated message `id`, the idempotency key: resending it never duplicates;
//! - a hub-assigned `seq`, per conversation and per direction (visitor→agent and agent→visitor),
//!   assigned inside the write transaction; the `ack` carrying it is sent only after commit;
//! - the store `epoch`: when it changes, history the client remembers is gone and seqs restart.
//!
//! Error and close codes are numbered, and their range says whether to retry (like centrifuge's
//! errors and disconnects), so a client in any language can decide without parsing prose.

mod client;
mod codes;
mod decode;
mod server;
mod types;

pub use client::{ClaimResume, ClientFrame, Hello, Resume, Role};
pub use codes::{CloseCode, ErrorCode};
pub use decode::{DecodeError, decode_client, decode_server, encode};
pub use server::{ErrorFrame, QueueEntry, QueueStatus, ServerFrame, Welcome};
pub use types::{Author, ChatMessage, MAX_EMAIL_BYTES, MAX_ID_BYTES, MAX_TEXT_BYTES, valid_id};

/// The protocol version a client announces in `hello.v`. A hub answers a version it does not
/// speak with error [`ErrorCode::UnsupportedVersion`] and close [`CloseCode::UnsupportedVersion`].
pub const PROTOCOL_VERSION: u32 = 1;

/// Largest websocket message the hub accepts by default; bigger frames get close code 1009.
pub const DEFAULT_MAX_FRAME_BYTES: usize = 64 * 1024;

#[cfg(test)]
mod tests;
