//! A typed websocket client for the tests.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tandem_core::protocol::{
    ChatMessage, ClientFrame, Hello, PROTOCOL_VERSION, Resume, Role, ServerFrame, Welcome,
    decode_server, encode,
};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub async fn connect_to(
    url: &str,
    origin: Option<&str>,
    cookie: Option<&str>,
    from: Option<IpAddr>,
) -> Result<Client, tokio_tungstenite::tungstenite::Error> {
    let mut request = url.into_client_request()?;
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert("origin", HeaderValue::from_str(origin).unwrap());
    }
    if let Some(cookie) = cookie {
        request
            .headers_mut()
            .insert("cookie", HeaderValue::from_str(cookie).unwrap());
    }
    let host = request.uri().authority().unwrap().as_str().to_owned();
    let target: SocketAddr = host.parse().unwrap();
    let socket = TcpSocket::new_v4()?;
    if let Some(from) = from {
        socket.bind(SocketAddr::new(from, 0))?;
    }
    let stream = socket.connect(target).await?;
    let (ws, _) = tokio_tungstenite::client_async(request, MaybeTlsStream::Plain(stream)).await?;
    Ok(Client { ws })
}

pub struct Client {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Client {
    pub async fn send(&mut self, frame: &ClientFrame) {
        self.ws
            .send(Message::text(encode(frame).unwrap()))
            .await
            .expect("send");
    }

    pub async fn send_text(&mut self, text: &str) {
        self.ws.send(Message::text(text)).await.expect("send");
    }

    /// Next hub frame (pings skipped); panics on close or after 10 s.
    pub async fn recv(&mut self) -> ServerFrame {
        loop {
            let next = tokio::time::timeout(Duration::from_secs(10), self.ws.next()).await;
            match next.expect("a frame within 10 s") {
                Some(Ok(Message::Text(text))) => {
                    return decode_server(text.as_str()).expect("a hub frame");
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                other => panic!("expected a frame, got {other:?}"),
            }
        }
    }

    /// Reads until a frame matches.
    pub async fn recv_until(&mut self, wanted: impl Fn(&ServerFrame) -> bool) -> ServerFrame {
        loop {
            let frame = self.recv().await;
            if wanted(&frame) {
                return frame;
            }
        }
    }

    /// Reads until the socket closes; the close code, or None when it ended without one.
    pub async fn close_code(&mut self) -> Option<u16> {
        loop {
            let next = tokio::time::timeout(Duration::from_secs(15), self.ws.next()).await;
            match next.expect("the hub closes within 15 s") {
                Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return None,
            }
        }
    }

    /// Says hello and reads the whole opening (welcome, replay, presence).
    pub async fn hello_visitor(&mut self, token: Option<&str>, resume: Option<Resume>) -> Welcome {
        self.hello_visitor_replay(token, resume).await.0
    }

    /// Like `hello_visitor`, also returning the replayed lines.
    pub async fn hello_visitor_replay(
        &mut self,
        token: Option<&str>,
        resume: Option<Resume>,
    ) -> (Welcome, Vec<ChatMessage>) {
        let hello = Hello {
            v: PROTOCOL_VERSION,
            role: Role::Visitor,
            token: token.map(str::to_owned),
            resume,
        };
        self.send(&ClientFrame::Hello(hello)).await;
        let welcome = match self
            .recv_until(|f| matches!(f, ServerFrame::Welcome(_)))
            .await
        {
            ServerFrame::Welcome(welcome) => welcome,
            _ => unreachable!(),
        };
        let mut replayed = Vec::new();
        loop {
            match self.recv().await {
                ServerFrame::Message(message) => replayed.push(message),
                ServerFrame::Presence { .. } => return (welcome, replayed),
                _ => {}
            }
        }
    }

    pub async fn say(&mut self, id: &str, text: &str) {
        self.send(&ClientFrame::Message {
            id: id.into(),
            text: text.into(),
            conversation: None,
            author: None,
        })
        .await;
    }
}
