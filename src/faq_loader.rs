//! Fetches the FAQ once per page view, network first, with the Cache API as the offline copy.
//!
//! The copy is written only after the visitor's first interaction ([`remember`] is called by
//! the app then), so a visitor who never uses the chat leaves nothing on their device.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, Response};

const CACHE_NAME: &str = "tandem-faq-v1";

/// The FAQ text and whether it came from the device's saved copy.
pub struct Fetched {
    pub text: String,
    pub from_cache: bool,
}

pub async fn load(url: &str) -> Result<Fetched, String> {
    match fetch_text(url).await {
        Ok(text) => Ok(Fetched {
            text,
            from_cache: false,
        }),
        Err(network) => match cached_text(url).await {
            Some(text) => Ok(Fetched {
                text,
                from_cache: true,
            }),
            None => Err(network),
        },
    }
}

/// Saves the FAQ for offline use. Failures are ignored: it is only a copy.
pub async fn remember(url: &str, text: &str) {
    let _ = put(url, text).await;
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "the network is unreachable".to_string())?
        .dyn_into()
        .map_err(|_| "unexpected fetch result".to_string())?;
    if !response.ok() {
        return Err(format!("the server answered {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    text.as_string()
        .ok_or_else(|| "the FAQ is not text".to_string())
}

async fn open_cache() -> Option<Cache> {
    let caches = web_sys::window()?.caches().ok()?;
    JsFuture::from(caches.open(CACHE_NAME))
        .await
        .ok()?
        .dyn_into()
        .ok()
}

async fn cached_text(url: &str) -> Option<String> {
    let cache = open_cache().await?;
    let found = JsFuture::from(cache.match_with_str(url)).await.ok()?;
    let response: Response = found.dyn_into().ok()?;
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

async fn put(url: &str, text: &str) -> Result<(), JsValue> {
    let cache = open_cache().await.ok_or(JsValue::NULL)?;
    let response = Response::new_with_opt_str(Some(text))?;
    JsFuture::from(cache.put_with_str(url, &response)).await?;
    Ok(())
}

fn describe(error: JsValue) -> String {
    error
        .as_string()
        .unwrap_or_else(|| "the FAQ could not be read".to_string())
}
