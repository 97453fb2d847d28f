//! The Tandem hub (websocket relay, store, agent API) and the `tandem` command line.
//!
//! Layout: `app` builds and runs the server; `routes` are the HTTP endpoints; `session` is one
//! task per websocket; `relay` delivers frames between sessions; `store` persists; `auth` holds
//! tokens, passwords and cookies. docs/architecture.md explains how these fit together.

pub mod app;
pub mod auth;
pub mod bench;
pub mod cli;
pub mod config;
pub mod error;
pub mod limiter;
pub mod metrics;
pub mod origin;
pub mod relay;
pub mod routes;
pub mod runtime_file;
pub mod session;
pub mod state;
pub mod store;
