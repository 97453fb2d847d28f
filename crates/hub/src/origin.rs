//! The Origin allowlist. Origins are compared as exact `scheme://host:port` triples (default
//! ports filled in), never by prefix or suffix, so `https://shop.example.evil.test` and
//! `https://shop.example:8443` do not pass for `https://shop.example`.

use std::collections::HashSet;

#[derive(Debug, Clone, Default)]
pub struct OriginPolicy {
    allowed: HashSet<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not an origin (expected scheme://host[:port], e.g. https://shop.example)")]
pub struct BadOrigin(pub String);

impl OriginPolicy {
    pub fn new(origins: &[String]) -> Result<OriginPolicy, BadOrigin> {
        let allowed = origins
            .iter()
            .map(|o| normalise(o).ok_or_else(|| BadOrigin(o.clone())))
            .collect::<Result<_, _>>()?;
        Ok(OriginPolicy { allowed })
    }

    /// True when the `Origin` header is on the list or is the hub's own origin (same host and
    /// port as the `Host` header: the demo page and the console the hub serves itself).
    pub fn allows(&self, origin: Option<&str>, host: Option<&str>) -> bool {
        let Some(origin) = origin.and_then(normalise) else {
            return false;
        };
        if self.allowed.contains(&origin) {
            return true;
        }
        let Some((scheme, _)) = origin.split_once("://") else {
            return false;
        };
        host.and_then(|h| normalise(&format!("{scheme}://{h}"))) == Some(origin)
    }
}

/// `scheme://host:port` in lower case with the default port made explicit; None if malformed.
fn normalise(origin: &str) -> Option<String> {
    let (scheme, rest) = origin.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() || authority.contains(['/', '?', '#', '@', ' ']) {
        return None;
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse::<u16>().ok()?,
            None if after.is_empty() => default_port,
            None => return None,
        };
        (format!("[{inside}]"), port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_owned(), port.parse::<u16>().ok()?),
            None => (authority.to_owned(), default_port),
        }
    };
    if host.is_empty() {
        return None;
    }
    Some(format!("{scheme}://{}:{port}", host.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn shop() -> OriginPolicy {
        OriginPolicy::new(&["https://shop.example".into()]).unwrap()
    }

    #[test]
    fn the_exact_origin_passes_with_or_without_its_default_port() {
        assert!(shop().allows(Some("https://shop.example"), None));
        assert!(shop().allows(Some("https://SHOP.example:443"), None));
    }

    #[test]
    fn look_alikes_and_other_ports_and_schemes_are_refused() {
        for bad in [
            "https://shop.example.evil.test",
            "https://shop.example:8443",
            "http://shop.example",
            "https://evil-shop.example",
            "null",
            "",
        ] {
            assert!(!shop().allows(Some(bad), None), "{bad}");
        }
        assert!(!shop().allows(None, Some("shop.example")));
    }

    #[test]
    fn the_hubs_own_origin_is_allowed_through_the_host_header() {
        let policy = OriginPolicy::default();
        assert!(policy.allows(Some("http://127.0.0.1:8080"), Some("127.0.0.1:8080")));
        assert!(!policy.allows(Some("http://127.0.0.1:8081"), Some("127.0.0.1:8080")));
        assert!(!policy.allows(Some("http://evil.test"), Some("127.0.0.1:8080")));
    }

    #[test]
    fn a_malformed_allowlist_entry_is_an_error() {
        assert!(OriginPolicy::new(&["shop.example".into()]).is_err());
        assert!(OriginPolicy::new(&["https://shop.example/path".into()]).is_err());
    }
}
