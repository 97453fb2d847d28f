//! The hello step: the first frame, within the auth deadline, must be a `hello` of a version
//! this hub speaks. Anything else ends the socket with a close code that says why.

use axum::extract::ws::Message;
use tandem_core::protocol::{
    ClientFrame, CloseCode, ErrorCode, Hello, PROTOCOL_VERSION, decode_client,
};

use super::io::{Io, is_too_big};
use crate::state::Hub;

pub async fn expect_hello(io: &mut Io, hub: &Hub) -> Result<Hello, CloseCode> {
    let deadline = tokio::time::sleep(hub.config.limits.auth_deadline);
    tokio::pin!(deadline);
    let text = loop {
        tokio::select! {
            _ = &mut deadline => return Err(CloseCode::AuthTimeout),
            _ = hub.shutdown.cancelled() => return Err(CloseCode::GoingAway),
            incoming = io.socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => break text,
                Some(Ok(Message::Binary(_))) => return Err(CloseCode::BadHello),
                Some(Ok(Message::Close(_))) | None => return Err(CloseCode::Normal),
                Some(Ok(_)) => continue,
                Some(Err(error)) => {
                    return Err(if is_too_big(error) { CloseCode::TooBig } else { CloseCode::Normal });
                }
            },
        }
    };
    match decode_client(text.as_str()) {
        Ok(ClientFrame::Hello(hello)) if hello.version_supported() => Ok(hello),
        Ok(ClientFrame::Hello(hello)) => {
            let message = format!(
                "protocol version {} is not spoken here (use {PROTOCOL_VERSION})",
                hello.v
            );
            let _ = io
                .error(ErrorCode::UnsupportedVersion, &message, None)
                .await;
            Err(CloseCode::UnsupportedVersion)
        }
        Ok(_) => {
            let _ = io
                .error(
                    ErrorCode::HelloExpected,
                    "the first frame must be hello",
                    None,
                )
                .await;
            Err(CloseCode::BadHello)
        }
        Err(error) => {
            let _ = io.error(error.code(), &error.to_string(), None).await;
            Err(CloseCode::BadHello)
        }
    }
}
