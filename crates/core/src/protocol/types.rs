//! Value types carried inside frames, and the limits a well-behaved client stays within.

use serde::{Deserialize, Serialize};

/// Longest message text the hub stores (bytes of UTF-8). Longer text gets error 108.
pub const MAX_TEXT_BYTES: usize = 8 * 1024;
/// Longest client message id (bytes). Ids are 1..=64 of `A-Z a-z 0-9 - _ .`.
pub const MAX_ID_BYTES: usize = 64;
/// Longest optional e-mail address left with an offline message.
pub const MAX_EMAIL_BYTES: usize = 254;

/// Who wrote a chat line. `bot` lines are the on-device FAQ bot's answers that the widget hands
/// over with the conversation, so the agent sees everything the visitor already read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Visitor,
    Bot,
    Agent,
}

impl Author {
    pub fn as_str(self) -> &'static str {
        match self {
            Author::Visitor => "visitor",
            Author::Bot => "bot",
            Author::Agent => "agent",
        }
    }

    pub fn parse(text: &str) -> Option<Author> {
        match text {
            "visitor" => Some(Author::Visitor),
            "bot" => Some(Author::Bot),
            "agent" => Some(Author::Agent),
            _ => None,
        }
    }
}

/// One stored chat line as the hub delivers it (live or replayed on resume).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub conversation: String,
    /// Position in its direction: visitor/bot lines count in the visitor→agent direction,
    /// agent lines in the agent→visitor direction. Starts at 1, no gaps.
    pub seq: u64,
    /// The sender's idempotency key.
    pub id: String,
    pub author: Author,
    /// Display name of the agent; absent for visitor and bot lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub text: String,
    /// Milliseconds since the Unix epoch when the hub stored the line.
    pub at: i64,
}

/// True when `id` is an acceptable client message id: 1..=64 bytes of `A-Z a-z 0-9 - _ .`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}
