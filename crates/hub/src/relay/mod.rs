//! Fan-out between connections: who is connected (the registry), how a frame reaches them (the
//! bus), and each socket's bounded outbound queue (the outbox).
//!
//! A session never writes to another session's socket. It publishes an [`Event`] on the
//! [`Bus`]; the local bus hands it to the [`Registry`], which pushes the pre-encoded frame into
//! the right outboxes without waiting. With several hubs a NATS/Redis bus publishes the same
//! events to every hub, each delivering to its own registry (docs/architecture.md).

mod bus;
mod outbox;
mod registry;

pub use bus::{Bus, Event, LocalBus};
pub use outbox::{Order, Outbox, Outgoing, outbox};
pub use registry::Registry;
