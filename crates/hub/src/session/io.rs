//! One socket's write side with the hub's rules: every send is bounded in time (a reader that
//! stopped cannot hold the task forever) and every close carries a protocol close code.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use tandem_core::protocol::{CloseCode, ErrorCode, ErrorFrame, ServerFrame};

use crate::state::encoded;

/// How long one frame may take to go out before the reader counts as stuck.
const SEND_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Io {
    pub socket: WebSocket,
}

/// Why a frame could not be sent.
#[derive(Debug)]
pub enum Stuck {
    /// The socket did not take it in time: the client fell behind.
    Slow,
    /// The socket failed: the client has gone (not its fault, not a slow consumer).
    Gone,
}

impl Io {
    pub async fn send_text(&mut self, frame: Utf8Bytes) -> Result<(), Stuck> {
        match tokio::time::timeout(SEND_TIMEOUT, self.socket.send(Message::Text(frame))).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(Stuck::Gone),
            Err(_) => Err(Stuck::Slow),
        }
    }

    pub async fn send(&mut self, frame: &ServerFrame) -> Result<(), Stuck> {
        self.send_text(encoded(frame)).await
    }

    pub async fn error(
        &mut self,
        code: ErrorCode,
        message: &str,
        id: Option<&str>,
    ) -> Result<(), Stuck> {
        let mut frame = ErrorFrame::new(code, message);
        frame.id = id.map(str::to_owned);
        self.send(&ServerFrame::Error(frame)).await
    }

    /// Sends the close frame (briefly; the peer may be gone) and lets the socket drop.
    pub async fn close(mut self, code: CloseCode) {
        let frame = CloseFrame {
            code: code.number(),
            reason: Utf8Bytes::from_static(code.reason()),
        };
        let closing = async {
            let _ = self.socket.send(Message::Close(Some(frame))).await;
            // Wait for the peer's close answer so the close frame is not lost in a reset.
            while let Some(Ok(message)) = self.socket.recv().await {
                if matches!(message, Message::Close(_)) {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(1), closing).await;
    }
}

/// True when a receive error means the frame was over the size limit (close 1009).
pub fn is_too_big(error: axum::Error) -> bool {
    match error.into_inner().downcast::<tungstenite::Error>() {
        Ok(inner) => matches!(*inner, tungstenite::Error::Capacity(_)),
        Err(_) => false,
    }
}
