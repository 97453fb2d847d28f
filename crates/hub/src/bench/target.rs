//! Where a benchmark may point: only at a hub on this machine.
//!
//! The load generators open thousands of sockets and push tens of thousands of messages a
//! second, so they refuse every host that is not a loopback address (127.0.0.0/8, `::1`,
//! `localhost`) before a single packet leaves the process. The same module picks the local
//! source addresses the sockets are spread over, because one source address runs out of
//! ephemeral ports near 28,000 connections to one destination port.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use tokio_tungstenite::tungstenite::http::Uri;

/// Source addresses used unless told otherwise: 127.0.0.2–127.0.0.9.
pub const DEFAULT_SOURCES: u8 = 8;

/// A hub on this machine, parsed from a `ws://`, `wss://`, `http://` or `https://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopbackTarget {
    /// The address the sockets connect to (`localhost` resolved to 127.0.0.1).
    pub addr: SocketAddr,
    /// The path of the URL (`/ws/visitor`), `/` when it had none.
    pub path: String,
    /// The `Host` header value, as written in the URL (`127.0.0.1:8080`).
    pub authority: String,
}

/// Why a URL was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TargetError {
    #[error("`{0}` is not a URL: {1}")]
    Unparsable(String, String),
    #[error("`{0}`: use ws:// or http:// (the benchmarks talk plain text to a hub on loopback)")]
    Scheme(String),
    #[error(
        "`{url}` points at `{host}`: the benchmarks only target this machine (127.0.0.0/8, ::1 or localhost)"
    )]
    NotLoopback { url: String, host: String },
}

impl LoopbackTarget {
    /// Parses `url` and refuses any host that is not a loopback address.
    pub fn parse(url: &str) -> Result<Self, TargetError> {
        let uri: Uri =
            url.parse()
                .map_err(|e: tokio_tungstenite::tungstenite::http::uri::InvalidUri| {
                    TargetError::Unparsable(url.to_owned(), e.to_string())
                })?;
        let default_port = match uri.scheme_str() {
            Some("ws" | "http") => 80,
            _ => return Err(TargetError::Scheme(url.to_owned())),
        };
        let authority = uri
            .authority()
            .ok_or_else(|| TargetError::Unparsable(url.to_owned(), "no host".to_owned()))?;
        let host = authority.host();
        let ip = loopback_ip(host).ok_or_else(|| TargetError::NotLoopback {
            url: url.to_owned(),
            host: host.to_owned(),
        })?;
        let port = authority.port_u16().unwrap_or(default_port);
        let path = match uri.path() {
            "" => "/".to_owned(),
            path => path.to_owned(),
        };
        Ok(Self {
            addr: SocketAddr::new(ip, port),
            path,
            authority: authority.as_str().to_owned(),
        })
    }

    /// The same hub with another path (`/metrics`, `/ws/agent`).
    pub fn with_path(&self, path: &str) -> Self {
        Self {
            path: path.to_owned(),
            ..self.clone()
        }
    }

    /// `ws://authority/path`, the URL the websocket handshake asks for.
    pub fn ws_url(&self) -> String {
        format!("ws://{}{}", self.authority, self.path)
    }

    /// Local addresses to spread outgoing sockets over: 127.0.0.2 onwards, `count` of them
    /// (1–250; [`DEFAULT_SOURCES`] = 127.0.0.2–127.0.0.9 gives eight times the ~28k ephemeral
    /// ports of one address). IPv6 has only `::1`.
    pub fn source_addresses(&self, count: u8) -> Vec<IpAddr> {
        match self.addr.ip() {
            IpAddr::V4(_) => (2..=count.clamp(1, 250).saturating_add(1))
                .map(|last| IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
                .collect(),
            IpAddr::V6(_) => vec![IpAddr::V6(Ipv6Addr::LOCALHOST)],
        }
    }
}

fn loopback_ip(host: &str) -> Option<IpAddr> {
    if host.eq_ignore_ascii_case("localhost") {
        return Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let ip: IpAddr = bare.parse().ok()?;
    ip.is_loopback().then_some(ip)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn loopback_urls_are_accepted_with_their_port_and_path() {
        let t = LoopbackTarget::parse("ws://127.0.0.1:8080/ws/visitor").unwrap();
        assert_eq!(t.addr, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(t.path, "/ws/visitor");
        assert_eq!(t.ws_url(), "ws://127.0.0.1:8080/ws/visitor");
        let t = LoopbackTarget::parse("http://localhost:9000").unwrap();
        assert_eq!(t.addr, "127.0.0.1:9000".parse().unwrap());
        assert_eq!(t.with_path("/metrics").path, "/metrics");
        let t = LoopbackTarget::parse("ws://[::1]:81/x").unwrap();
        assert_eq!(t.addr, "[::1]:81".parse().unwrap());
        assert_eq!(t.source_addresses(DEFAULT_SOURCES).len(), 1);
    }

    #[test]
    fn any_other_host_is_refused_before_connecting() {
        for url in [
            "ws://10.0.0.1:80/ws/visitor",
            "ws://192.168.1.5/",
            "http://example.com:8080",
            "ws://127.0.0.1.evil.test/",
            "ws://[2001:db8::1]:80/",
        ] {
            let err = LoopbackTarget::parse(url).unwrap_err();
            assert!(
                matches!(err, TargetError::NotLoopback { .. }),
                "{url}: {err}"
            );
        }
    }

    #[test]
    fn tls_and_unknown_schemes_are_refused() {
        assert!(matches!(
            LoopbackTarget::parse("wss://127.0.0.1/"),
            Err(TargetError::Scheme(_))
        ));
        assert!(LoopbackTarget::parse("not a url").is_err());
    }

    #[test]
    fn ipv4_targets_spread_over_eight_source_addresses() {
        let t = LoopbackTarget::parse("ws://127.0.0.1:1/").unwrap();
        let sources = t.source_addresses(DEFAULT_SOURCES);
        assert_eq!(sources.len(), 8);
        assert_eq!(sources[0], "127.0.0.2".parse::<IpAddr>().unwrap());
        assert_eq!(sources[7], "127.0.0.9".parse::<IpAddr>().unwrap());
        let wide = t.source_addresses(255);
        assert_eq!(wide.len(), 250);
        assert_eq!(wide[249], "127.0.0.251".parse::<IpAddr>().unwrap());
        assert_eq!(t.source_addresses(0).len(), 1);
    }
}
