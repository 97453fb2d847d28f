//! Frames the hub sends to visitors and agents.

use serde::{Deserialize, Serialize};

use super::client::Role;
use super::codes::ErrorCode;
use super::types::ChatMessage;

/// Every frame the hub may send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// Answer to `hello`: the session is open.
    Welcome(Welcome),
    /// The client's line `id` is stored (committed) under `seq`; a resend of `id` gets the same
    /// ack again and is not stored twice.
    Ack {
        id: String,
        seq: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conversation: Option<String>,
    },
    /// A chat line from the other side, live or replayed after a resume.
    Message(ChatMessage),
    /// Visitor: how many agents are online right now (0 = nobody, leave a message instead).
    Presence { agents_online: u32 },
    /// Visitor: an agent took the conversation.
    AgentJoined { name: String },
    /// Visitor: the agent handed the conversation back to the queue.
    AgentLeft { name: String },
    /// The conversation was resolved by an agent.
    Closed { conversation: String },
    /// The other side is (or stopped) typing.
    Typing {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conversation: Option<String>,
        on: bool,
    },
    /// Agent: the whole open queue (sent on connect and after every change).
    Queue { conversations: Vec<QueueEntry> },
    /// Agent: the claim went through; the gap follows as `message` frames, then `replayed`.
    Claimed {
        conversation: String,
        epoch: String,
        /// The visitor's token-less conversation details for the console header.
        entry: QueueEntry,
    },
    /// The replay after a `hello` resume or a `claim` is complete.
    Replayed { conversation: String, count: u64 },
    /// Answer to `ping`.
    Pong,
    /// Something the client sent was refused; the connection stays open.
    Error(ErrorFrame),
}

/// The `welcome` frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    pub v: u32,
    pub role: Role,
    /// Store epoch. A client that remembers a different epoch must drop its seqs: that history
    /// is gone (the hub's store was reset) and numbering restarted.
    pub epoch: String,
    /// True when the client's resume point was from another epoch (or its conversation is gone).
    #[serde(default)]
    pub epoch_changed: bool,
    /// Visitor: the conversation id and the hub-signed token to present next time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Visitor: true when the token's conversation continues (false = a new one started).
    #[serde(default)]
    pub resumed: bool,
    /// Visitor: highest visitor→agent seq the hub stored, so the widget knows what arrived.
    #[serde(default)]
    pub visitor_seq: u64,
    /// Visitor: agents online now.
    #[serde(default)]
    pub agents_online: u32,
    /// Agent: the logged-in agent's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// Seconds between hub pings; a client silent for 3× this is closed.
    pub heartbeat_secs: u32,
    /// Largest frame the hub accepts (bytes).
    pub max_frame_bytes: u32,
}

/// One conversation in the agents' queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub conversation: String,
    pub status: QueueStatus,
    /// Escalation reason from the widget (`request`, `sentiment`, `sensitive`, `unanswered`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// E-mail address left with an offline message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Agent currently holding the conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// Last line's text (shortened) for the queue view.
    #[serde(default)]
    pub preview: String,
    /// Milliseconds since the Unix epoch: creation and last activity.
    pub created_at: i64,
    pub updated_at: i64,
    /// Is the visitor connected right now.
    #[serde(default)]
    pub visitor_online: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueStatus {
    /// Visitor is chatting with the bot; no handover yet.
    Bot,
    /// Handed over, waiting for an agent.
    Waiting,
    /// A visitor left a message while nobody was online.
    LeftMessage,
    /// An agent holds it.
    Claimed,
    /// Resolved.
    Closed,
}

impl QueueStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QueueStatus::Bot => "bot",
            QueueStatus::Waiting => "waiting",
            QueueStatus::LeftMessage => "left_message",
            QueueStatus::Claimed => "claimed",
            QueueStatus::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<QueueStatus> {
        match text {
            "bot" => Some(QueueStatus::Bot),
            "waiting" => Some(QueueStatus::Waiting),
            "left_message" => Some(QueueStatus::LeftMessage),
            "claimed" => Some(QueueStatus::Claimed),
            "closed" => Some(QueueStatus::Closed),
            _ => None,
        }
    }
}

/// The `error` frame: a numbered code, whether resending later can succeed, a message for
/// humans and, when the error is about one message, that message's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorFrame {
    pub code: u16,
    pub retry: bool,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl ErrorFrame {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ErrorFrame {
        ErrorFrame {
            code: code.number(),
            retry: code.retry(),
            message: message.into(),
            id: None,
        }
    }

    pub fn about(mut self, id: impl Into<String>) -> ErrorFrame {
        self.id = Some(id.into());
        self
    }
}
