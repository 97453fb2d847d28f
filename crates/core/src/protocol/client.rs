//! Frames a visitor (widget) or an agent (console) sends to the hub.

use serde::{Deserialize, Serialize};

use super::types::Author;

/// Every frame a client may send. `hello` must come first and only once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Opens the session: protocol version, role, and for a returning visitor its token and
    /// the last agent→visitor seq it saw.
    Hello(Hello),
    /// A chat line. Visitors send `author` `visitor` (default) or `bot` (the on-device bot's
    /// earlier answers, handed over once); agents must name the `conversation`.
    Message {
        id: String,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conversation: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        author: Option<Author>,
    },
    /// Visitor only: asks for a person, with the escalation policy's reason and explanation.
    Handover {
        reason: String,
        #[serde(default)]
        explanation: String,
    },
    /// Visitor only: nobody is online, so leave a message (and optionally an e-mail address).
    LeaveMessage {
        id: String,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        email: Option<String>,
    },
    /// Typing indicator. Agents name the conversation; visitors omit it.
    Typing {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conversation: Option<String>,
        on: bool,
    },
    /// Agent only: take a conversation (or re-open it after a reconnect) and get the gap.
    Claim {
        conversation: String,
        #[serde(default)]
        resume: ClaimResume,
    },
    /// Agent only: hand a claimed conversation back to the queue.
    Release { conversation: String },
    /// Agent only: the conversation is resolved.
    Close { conversation: String },
    /// Application-level keepalive for clients that cannot see websocket pings (browsers).
    Ping,
}

/// The `hello` frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// Protocol version; must be [`super::PROTOCOL_VERSION`].
    pub v: u32,
    pub role: Role,
    /// Visitor only: the token from an earlier `welcome`; `null` starts a new conversation.
    #[serde(default)]
    pub token: Option<String>,
    /// Visitor only: where the visitor's copy of the agent→visitor direction ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<Resume>,
}

impl Hello {
    /// Whether this hub speaks the version the client announced.
    pub fn version_supported(&self) -> bool {
        self.v == super::PROTOCOL_VERSION
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Visitor,
    Agent,
}

/// A visitor's resume point: the highest agent→visitor seq it has, in the epoch it saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Resume {
    pub last_seq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
}

/// An agent's resume point in one conversation: the highest seq it has in each direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ClaimResume {
    #[serde(default)]
    pub visitor_seq: u64,
    #[serde(default)]
    pub agent_seq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
}
