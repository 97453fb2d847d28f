//! A minimal HTTP/1.1 client for the few plain requests a benchmark makes to the hub on
//! loopback: scraping `/metrics` and logging an agent in. One connection per request.

use anyhow::Context;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{HeaderMap, Method, Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::target::LoopbackTarget;

/// A complete response.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET target.path`.
pub async fn get(target: &LoopbackTarget) -> anyhow::Result<Reply> {
    send(target, Method::GET, None, Bytes::new()).await
}

/// `POST target.path` with a JSON body, sending `origin` like a browser would.
pub async fn post_json(
    target: &LoopbackTarget,
    origin: &str,
    body: &serde_json::Value,
) -> anyhow::Result<Reply> {
    let body = Bytes::from(serde_json::to_vec(body).context("encoding the request body")?);
    send(target, Method::POST, Some(origin), body).await
}

async fn send(
    target: &LoopbackTarget,
    method: Method,
    origin: Option<&str>,
    body: Bytes,
) -> anyhow::Result<Reply> {
    let stream = TcpStream::connect(target.addr)
        .await
        .with_context(|| format!("connecting to {}", target.addr))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .context("HTTP handshake")?;
    let driver = tokio::spawn(connection);

    let mut request = Request::builder()
        .method(method)
        .uri(target.path.as_str())
        .header(header::HOST, target.authority.as_str());
    if let Some(origin) = origin {
        request = request.header(header::ORIGIN, origin);
    }
    if !body.is_empty() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    let request = request
        .body(Full::new(body))
        .context("building the request")?;
    let response = sender
        .send_request(request)
        .await
        .with_context(|| format!("requesting {}", target.path))?;
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .context("reading the response body")?
        .to_bytes();
    driver.abort();
    Ok(Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    })
}
