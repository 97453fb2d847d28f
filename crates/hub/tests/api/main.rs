//! The hub's integration tests: one binary, the real app on port 0 with a temp SQLite file,
//! spoken to by real websocket and HTTP clients (zero2prod layout: one module per feature).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod agent_budget;
mod agent_cli;
mod backpressure;
mod child;
mod churn;
mod client;
mod crash;
mod health;
mod helpers;
mod hostile;
mod http;
mod identity;
mod origin;
mod queue;
mod relay;
mod shutdown;
mod storms;
