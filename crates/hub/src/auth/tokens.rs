//! Visitor conversation tokens: `v1.<conversation>.<HMAC-SHA256 in base64url>`. The token is the
//! visitor's only credential, so it is signed (a visitor cannot forge another conversation's)
//! and travels in the `hello` frame, never in a URL that could land in logs.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct TokenSigner {
    key: Vec<u8>,
}

impl TokenSigner {
    pub fn new(key: &[u8]) -> TokenSigner {
        TokenSigner { key: key.to_vec() }
    }

    /// Uses `secret` when given; otherwise the key file, created with a fresh random key the
    /// first time (owner-only permissions).
    pub fn load_or_create(secret: Option<&str>, key_file: &Path) -> std::io::Result<TokenSigner> {
        if let Some(secret) = secret {
            return Ok(TokenSigner::new(secret.as_bytes()));
        }
        if let Ok(text) = std::fs::read_to_string(key_file) {
            let key = text.trim();
            if key.len() >= 32 {
                return Ok(TokenSigner::new(key.as_bytes()));
            }
        }
        let mut raw = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let key = URL_SAFE_NO_PAD.encode(raw);
        write_private(key_file, &key)?;
        Ok(TokenSigner::new(key.as_bytes()))
    }

    pub fn sign(&self, conversation: &str) -> String {
        format!(
            "v1.{conversation}.{}",
            URL_SAFE_NO_PAD.encode(self.mac(conversation))
        )
    }

    /// The conversation a token was signed for, or None if it is forged or malformed.
    pub fn verify(&self, token: &str) -> Option<String> {
        let rest = token.strip_prefix("v1.")?;
        let (conversation, signature) = rest.rsplit_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let mut mac = HmacSha256::new_from_slice(&self.key).ok()?;
        mac.update(b"tandem-conversation:");
        mac.update(conversation.as_bytes());
        mac.verify_slice(&signature).ok()?;
        Some(conversation.to_owned())
    }

    fn mac(&self, conversation: &str) -> Vec<u8> {
        match HmacSha256::new_from_slice(&self.key) {
            Ok(mut mac) => {
                mac.update(b"tandem-conversation:");
                mac.update(conversation.as_bytes());
                mac.finalize().into_bytes().to_vec()
            }
            // HMAC accepts keys of any length; this arm cannot run.
            Err(_) => Vec::new(),
        }
    }
}

/// A fresh random identifier, `prefix` + 16 url-safe characters (96 bits).
pub fn random_id(prefix: &str) -> String {
    let mut raw = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut raw);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(raw))
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_token_verifies_to_its_conversation() {
        let signer = TokenSigner::new(b"k");
        assert_eq!(signer.verify(&signer.sign("c_A")).as_deref(), Some("c_A"));
    }

    #[test]
    fn a_token_edited_to_another_conversation_is_refused() {
        let signer = TokenSigner::new(b"k");
        let forged = signer.sign("c_A").replace("c_A", "c_B");
        assert_eq!(signer.verify(&forged), None);
        assert_eq!(TokenSigner::new(b"other").verify(&signer.sign("c_A")), None);
        assert_eq!(signer.verify("garbage"), None);
    }
}
