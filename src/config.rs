//! The widget's settings, as the loader merged them from `data-*` attributes and
//! `window.TandemSettings` (see www/tandem.js) and passed in as JSON.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Config {
    pub title: String,
    pub greeting: String,
    /// Absolute URL of the FAQ file (the loader resolves `data-faq` against the page).
    pub faq: String,
    /// The hub for handoff; unused until the handoff flow is wired.
    pub hub: Option<String>,
    /// Start with the panel open (the visitor clicked the launcher before the wasm loaded).
    pub open: bool,
    /// localStorage key of the saved conversation; one per site by default.
    pub storage_key: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            title: "Help".to_string(),
            greeting: "Hi! I can answer questions about orders, delivery, returns and payments."
                .to_string(),
            faq: "/faq.json".to_string(),
            hub: None,
            open: false,
            storage_key: "tandem.conversation".to_string(),
        }
    }
}

impl Config {
    /// Bad or missing settings fall back to defaults: a typo in a data attribute must not
    /// take the chat off a shop's page.
    pub fn from_json(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or_default()
    }
}
