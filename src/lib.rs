//! The Tandem chat widget: a Yew app that www/tandem.js mounts into its Shadow DOM.
//!
//! This crate is the thin web layer. What the visitor sees is a pure reducer (`state`), the
//! answers come from `tandem-core` on the device (`knowledge`), and everything that touches
//! the browser (storage, fetch, focus, events) lives in `app` and three small modules. No code
//! here may panic on a host page: `unwrap` is denied, errors become honest messages.
#![deny(clippy::unwrap_used)]

mod app;
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
mod components;
mod config;
mod copy;
mod faq_loader;
mod host;
mod knowledge;
mod markdown;
mod messages;
mod state;
mod storage;

use app::{App, AppProps};
use config::Config;
use host::Host;
use messages::Visitor;
use state::Action;
use std::rc::Rc;
use tandem_core::escalation::EscalationReason;
use wasm_bindgen::prelude::*;

/// The running widget, returned to the loader, which wires `window.Tandem` to it.
#[wasm_bindgen]
pub struct Widget {
    host: Host,
    app: Option<yew::AppHandle<App>>,
}

#[wasm_bindgen]
impl Widget {
    pub fn open(&self) {
        self.host.send(Action::Open);
    }

    pub fn close(&self) {
        self.host.send(Action::Close);
    }

    /// `Tandem.identify({name, email})`: who the host page says the visitor is.
    pub fn identify(&self, name: Option<String>, email: Option<String>) {
        self.host.send(Action::Identify(Visitor { name, email }));
    }

    /// The assistant worker's verdict on a `turn` event (relayed by the loader): visitor
    /// message `message` with personal data masked, and `reason` (`request`, `sentiment`,
    /// `sensitive`, `unanswered`) plus `why` when a person is needed. Unknown reasons are
    /// ignored rather than guessed at.
    pub fn judged(
        &self,
        message: u32,
        masked: Option<String>,
        reason: Option<String>,
        why: Option<String>,
    ) {
        let reason = match reason.as_deref() {
            Some("request") => Some(EscalationReason::Request),
            Some("sentiment") => Some(EscalationReason::Sentiment),
            Some("sensitive") => Some(EscalationReason::Sensitive),
            Some("unanswered") => Some(EscalationReason::Unanswered),
            _ => None,
        };
        self.host.send(Action::Judged {
            message,
            masked,
            escalation: reason.map(|reason| (reason, why.unwrap_or_default())),
        });
    }

    /// Whether the assistant worker answers typed questions (it has the FAQ and its
    /// semantic matcher). Switching it off answers every waiting question here at once.
    pub fn remote(&self, on: bool) {
        self.host.send(Action::Remote(on));
    }

    /// The worker's answer to an awaiting `turn`: an FAQ entry id (`tentative`: a likely
    /// guess, shown hedged), or none, with the ids of up to three suggestions, one per line
    /// (a string rather than an array: the array glue costs the chat's wasm bytes it does
    /// not have).
    pub fn answered(
        &self,
        message: u32,
        answer: Option<String>,
        suggestions: &str,
        tentative: bool,
    ) {
        self.host.send(Action::Answered {
            message,
            answer,
            tentative,
            suggestions: suggestions
                .split('\n')
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect(),
        });
    }

    /// Removes the widget's DOM and listeners.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Mounts the chat into `root` (an element inside the loader's shadow root). `config_json`
/// is the merged configuration; `emit(name, detailJson)` receives host-page events.
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, config_json: &str, emit: Option<js_sys::Function>) -> Widget {
    let host = Host::new(emit);
    let props = AppProps {
        config: Rc::new(Config::from_json(config_json)),
        host: host.clone(),
    };
    let app = yew::Renderer::<App>::with_root_and_props(root, props).render();
    Widget {
        host,
        app: Some(app),
    }
}
