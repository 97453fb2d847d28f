//! `spawn_app()`: the real app on port 0 with a temp SQLite file, and typed helpers around it.

use std::net::SocketAddr;

use tandem_core::protocol::{ClientFrame, Hello, PROTOCOL_VERSION, Role, ServerFrame, Welcome};
use tandem_hub::app::App;
use tandem_hub::auth::passwords;
use tandem_hub::config::Config;
use tandem_hub::state::Hub;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use super::child::*;
pub use super::client::*;
pub use super::http::*;

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
        self.log_in_again(name).await
    }

    /// A fresh session for an agent that [`TestApp::login`] already added.
    pub async fn log_in_again(&self, name: &str) -> String {
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
