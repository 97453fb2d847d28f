//! The pure-Rust heart of Tandem, shared by the widget (wasm32), the hub and the CLI (native).
//!
//! Nothing in here touches the browser, the network or an async runtime, so every rule that
//! decides what a visitor sees can be unit-tested natively in milliseconds and runs unchanged
//! on the visitor's device.

#[cfg(feature = "semantic")]
pub mod embed;
pub mod escalation;
pub mod faq;
pub mod protocol;
pub mod sentiment;
pub mod text;
