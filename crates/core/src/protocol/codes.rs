//! Numbered error-frame codes and websocket close codes. The number range alone tells a client
//! whether to try again, so no client has to parse messages:
//!
//! - error codes 100–199: the request was wrong; resending it unchanged fails again.
//! - error codes 200–299: temporary; resend the same frame (same `id`) later.
//! - close codes 4000–4499: terminal; do not reconnect with the same credentials.
//! - close codes 4500–4999, 1001, 1011, 1012, 1013: reconnect with backoff and resume.
//! - close code 1009: the frame was too big; reconnect, but do not resend that frame.

/// Codes of the `error` frame (the connection stays open after these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 100: the frame is not valid JSON or misses/mistypes a field.
    Malformed,
    /// 101: the `type` is not one this protocol version knows.
    UnknownType,
    /// 102: `hello.v` is a version this hub does not speak.
    UnsupportedVersion,
    /// 103: the first frame was not `hello`, or `hello` came twice.
    HelloExpected,
    /// 104: the visitor token is forged, expired or for another hub.
    InvalidToken,
    /// 105: this role may not send this frame (e.g. a visitor sending `claim`).
    Forbidden,
    /// 106: no such conversation (or not one this client may touch).
    UnknownConversation,
    /// 107: the message id is empty, too long or has characters outside `A-Za-z0-9-_.`.
    InvalidId,
    /// 108: the text is empty or longer than [`super::MAX_TEXT_BYTES`]; or e-mail invalid.
    InvalidText,
    /// 109: another agent holds the conversation.
    AlreadyClaimed,
    /// 110: the conversation is closed.
    ConversationClosed,
    /// 200: the hub failed internally (store busy…); resend later.
    Internal,
    /// 201: too many frames; slow down and resend later.
    RateLimited,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::Malformed,
        ErrorCode::UnknownType,
        ErrorCode::UnsupportedVersion,
        ErrorCode::HelloExpected,
        ErrorCode::InvalidToken,
        ErrorCode::Forbidden,
        ErrorCode::UnknownConversation,
        ErrorCode::InvalidId,
        ErrorCode::InvalidText,
        ErrorCode::AlreadyClaimed,
        ErrorCode::ConversationClosed,
        ErrorCode::Internal,
        ErrorCode::RateLimited,
    ];

    pub fn number(self) -> u16 {
        match self {
            ErrorCode::Malformed => 100,
            ErrorCode::UnknownType => 101,
            ErrorCode::UnsupportedVersion => 102,
            ErrorCode::HelloExpected => 103,
            ErrorCode::InvalidToken => 104,
            ErrorCode::Forbidden => 105,
            ErrorCode::UnknownConversation => 106,
            ErrorCode::InvalidId => 107,
            ErrorCode::InvalidText => 108,
            ErrorCode::AlreadyClaimed => 109,
            ErrorCode::ConversationClosed => 110,
            ErrorCode::Internal => 200,
            ErrorCode::RateLimited => 201,
        }
    }

    pub fn from_number(number: u16) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.number() == number)
    }

    /// Whether resending the same frame later can succeed (the 2xx range).
    pub fn retry(self) -> bool {
        (200..300).contains(&self.number())
    }
}

/// Websocket close codes the hub uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CloseCode {
    /// 1000: conversation over, normal close.
    Normal,
    /// 1001: the hub is shutting down or restarting; reconnect and resume.
    GoingAway,
    /// 1009: a frame exceeded the size limit.
    TooBig,
    /// 1011: unexpected hub failure; reconnect and resume.
    InternalError,
    /// 4000: protocol violation the client must fix (first frame not `hello`, …).
    BadHello,
    /// 4001: `hello.v` is not spoken by this hub.
    UnsupportedVersion,
    /// 4003: not allowed (agent session revoked or expired) — log in again.
    Forbidden,
    /// 4500: no `hello` within the auth deadline.
    AuthTimeout,
    /// 4501: no pong/frames within the heartbeat window.
    HeartbeatTimeout,
    /// 4502: the client did not read fast enough; its outbound queue filled up.
    SlowConsumer,
    /// 4503: too many frames or errors; reconnect after a pause.
    RateLimited,
}

impl CloseCode {
    pub const ALL: [CloseCode; 11] = [
        CloseCode::Normal,
        CloseCode::GoingAway,
        CloseCode::TooBig,
        CloseCode::InternalError,
        CloseCode::BadHello,
        CloseCode::UnsupportedVersion,
        CloseCode::Forbidden,
        CloseCode::AuthTimeout,
        CloseCode::HeartbeatTimeout,
        CloseCode::SlowConsumer,
        CloseCode::RateLimited,
    ];

    pub fn number(self) -> u16 {
        match self {
            CloseCode::Normal => 1000,
            CloseCode::GoingAway => 1001,
            CloseCode::TooBig => 1009,
            CloseCode::InternalError => 1011,
            CloseCode::BadHello => 4000,
            CloseCode::UnsupportedVersion => 4001,
            CloseCode::Forbidden => 4003,
            CloseCode::AuthTimeout => 4500,
            CloseCode::HeartbeatTimeout => 4501,
            CloseCode::SlowConsumer => 4502,
            CloseCode::RateLimited => 4503,
        }
    }

    pub fn from_number(number: u16) -> Option<CloseCode> {
        CloseCode::ALL.into_iter().find(|c| c.number() == number)
    }

    /// Short reason text sent in the close frame.
    pub fn reason(self) -> &'static str {
        match self {
            CloseCode::Normal => "conversation over",
            CloseCode::GoingAway => "hub restarting, reconnect",
            CloseCode::TooBig => "frame too big",
            CloseCode::InternalError => "hub error, reconnect",
            CloseCode::BadHello => "protocol violation",
            CloseCode::UnsupportedVersion => "unsupported protocol version",
            CloseCode::Forbidden => "not allowed",
            CloseCode::AuthTimeout => "no hello in time",
            CloseCode::HeartbeatTimeout => "heartbeat timeout",
            CloseCode::SlowConsumer => "client too slow",
            CloseCode::RateLimited => "rate limited",
        }
    }

    /// Whether a client should reconnect (with backoff) and resume. Decided by the number
    /// alone, so it works for codes this client version does not know.
    pub fn should_reconnect(number: u16) -> bool {
        matches!(
            number,
            1001 | 1006 | 1009 | 1011 | 1012 | 1013 | 4500..=4999
        )
    }
}
