//! `spawn_app()` and typed clients for the tests.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use std::io::BufRead;
use tandem_core::protocol::{
    ChatMessage, ClientFrame, Hello, PROTOCOL_VERSION, Resume, Role, ServerFrame, Welcome,
    decode_server, encode,
};
use tandem_hub::app::App;
use tandem_hub::auth::passwords;
use tandem_hub::config::Config;
use tandem_hub::state::Hub;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const SHOP: &str = "https://shop.example";

pub struct TestApp {
    pub addr: SocketAddr,
    pub hub: Hub,
    pub dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    pub handle: Option<JoinHandle<anyhow::Result<()>>>,
}

/// Test defaults: generous rate limits (tests that check limits lower them).
pub fn test_config(dir: &std::path::Path) -> Config {
    let mut config = Config::new("127.0.0.1:0", dir.join("tandem.db"));
    config.allow_origins = vec![SHOP.into()];
    config.web_root = dir.join("web");
    config.limits.frames_per_sec = 100_000.0;
    config.limits.frame_burst = 100_000.0;
    config.limits.connects_per_sec_per_ip = 1_000_000.0;
    config.limits.connect_burst_per_ip = 1_000_000.0;
    config
}

pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path());
    tweak(&mut config);
    spawn_config(dir, config).await
}

pub async fn spawn_config(dir: tempfile::TempDir, config: Config) -> TestApp {
    let app = App::build(config).await.expect("the app builds");
    let addr = app.local_addr().unwrap();
    let hub = app.hub();
    let (stop, stopped) = oneshot::channel::<()>();
    let handle = tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));
    TestApp {
        addr,
        hub,
        dir,
        stop: Some(stop),
        handle: Some(handle),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("ws://{}{path}", self.addr)
    }

    /// Starts the graceful shutdown and returns the server task.
    pub fn stop(&mut self) -> JoinHandle<anyhow::Result<()>> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.handle.take().expect("not stopped twice")
    }

    pub async fn connect(
        &self,
        path: &str,
        origin: Option<&str>,
        cookie: Option<&str>,
    ) -> Result<Client, tokio_tungstenite::tungstenite::Error> {
        connect_to(&self.url(path), origin, cookie, None).await
    }

    pub async fn visitor(&self) -> Client {
        self.connect("/ws/visitor", Some(SHOP), None)
            .await
            .expect("visitor connects")
    }

    /// A new visitor that has said hello; returns the client and its welcome.
    pub async fn new_visitor(&self) -> (Client, Welcome) {
        let mut client = self.visitor().await;
        let welcome = client.hello_visitor(None, None).await;
        (client, welcome)
    }

    pub async fn add_agent(&self, name: &str, password: &str) {
        let hash = passwords::hash(password).unwrap();
        self.hub.store.add_agent(name, &hash, 0).await.unwrap();
    }

    /// Adds the agent, logs in over HTTP and returns the session cookie (`name=value`).
    pub async fn login(&self, name: &str) -> String {
        self.add_agent(name, "correct horse battery").await;
        let body = format!(r#"{{"name":"{name}","password":"correct horse battery"}}"#);
        let response = self.http("POST", "/api/login", Some(&body), None).await;
        assert_eq!(response.status, 204, "{}", response.body);
        let cookie = response.header("set-cookie").expect("a cookie");
        cookie.split(';').next().unwrap().to_owned()
    }

    /// An agent socket after hello (welcome consumed).
    pub async fn agent(&self, cookie: &str) -> Client {
        let mut client = self
            .connect("/ws/agent", Some(SHOP), Some(cookie))
            .await
            .expect("agent connects");
        client
            .send(&ClientFrame::Hello(Hello {
                v: PROTOCOL_VERSION,
                role: Role::Agent,
                token: None,
                resume: None,
            }))
            .await;
        match client.recv().await {
            ServerFrame::Welcome(_) => client,
            other => panic!("expected welcome, got {other:?}"),
        }
    }

    pub async fn http(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        cookie: Option<&str>,
    ) -> HttpResponse {
        http(self.addr, method, path, body, cookie).await
    }
}

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

pub struct HttpResponse {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

/// A deliberately tiny HTTP/1.1 client (Connection: close) so the tests need no HTTP crate.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&str>,
    cookie: Option<&str>,
) -> HttpResponse {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let body = body.unwrap_or("");
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n{cookie}\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    HttpResponse {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// Resident memory of this test process in bytes.
pub fn rss() -> u64 {
    tandem_hub::metrics::resident_memory_bytes().unwrap_or(0)
}

/// Starts `tandem serve` on a free port and returns it with its base address.
pub fn start_hub(db: &std::path::Path) -> (std::process::Child, String) {
    start_hub_with(db, &[])
}

/// `start_hub` with extra `tandem serve` flags.
pub fn start_hub_with(db: &std::path::Path, extra: &[&str]) -> (std::process::Child, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--allow-origin",
            SHOP,
            "--no-admin",
        ])
        .args(["--frame-rate", "100000", "--connect-rate", "10000", "--db"])
        .arg(db)
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the tandem binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut reader = std::io::BufReader::new(stdout);
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    // Keep draining stdout so the hub never writes into a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let base = first
        .trim()
        .rsplit(' ')
        .next()
        .unwrap()
        .trim_start_matches("http://")
        .to_owned();
    (child, base)
}

/// Resident memory of another process (the hub as a child) in bytes.
pub fn rss_of(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib: u64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    kib * 1024
}
