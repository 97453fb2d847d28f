//! Protocol frames over a benchmark socket, using the shared types in `tandem_core::protocol`
//! so the generator speaks exactly what the widget and the console speak.

use anyhow::{Context, bail};
use futures_util::{SinkExt, Stream, StreamExt};
use tandem_core::protocol::{
    ClientFrame, Hello, PROTOCOL_VERSION, Role, ServerFrame, Welcome, decode_server, encode,
};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use super::connect::Socket;

/// Sends one frame as a text message.
pub async fn send<S>(sink: &mut S, frame: &ClientFrame) -> anyhow::Result<()>
where
    S: futures_util::Sink<Message, Error = WsError> + Unpin,
{
    let text = encode(frame).context("encoding a frame")?;
    sink.send(Message::text(text))
        .await
        .context("sending a frame")
}

/// Waits for the next protocol frame, skipping websocket control frames (tungstenite answers
/// pings by itself while we read). A close or a broken socket is an error naming its code.
pub async fn next_frame<S>(stream: &mut S) -> anyhow::Result<ServerFrame>
where
    S: Stream<Item = Result<Message, WsError>> + Unpin,
{
    loop {
        match stream.next().await {
            Some(Ok(Message::Text(text))) => {
                return decode_server(text.as_str())
                    .with_context(|| format!("the hub sent a frame we cannot read: {text}"));
            }
            Some(Ok(Message::Close(frame))) => match frame {
                Some(frame) => bail!(
                    "the hub closed the socket with code {} ({})",
                    u16::from(frame.code),
                    frame.reason
                ),
                None => bail!("the hub closed the socket"),
            },
            Some(Ok(_)) => continue,
            Some(Err(error)) => return Err(error).context("reading from the hub"),
            None => bail!("the hub ended the connection"),
        }
    }
}

/// The `hello` a new visitor (no token) or an agent sends.
pub fn hello(role: Role) -> ClientFrame {
    ClientFrame::Hello(Hello {
        v: PROTOCOL_VERSION,
        role,
        token: None,
        resume: None,
    })
}

/// Sends `hello` and waits for `welcome`; an `error` frame or a close instead is an error.
pub async fn authenticate(socket: &mut Socket, role: Role) -> anyhow::Result<Welcome> {
    send(socket, &hello(role)).await?;
    loop {
        match next_frame(socket).await? {
            ServerFrame::Welcome(welcome) => return Ok(welcome),
            ServerFrame::Error(error) => {
                bail!(
                    "the hub refused hello: error {} {}",
                    error.code,
                    error.message
                )
            }
            // Presence or queue updates may race the welcome; they are not answers to hello.
            _ => continue,
        }
    }
}
