//! Load generators for `tandem bench idle` and `tandem bench relay`.
//!
//! They measure the hub from the outside, through the same protocol types the widget and the
//! console use, and only ever against this machine: [`target::LoopbackTarget`] refuses any other
//! host. Each run is bounded in time and stops by itself. The numbers and the commands that
//! produce them are in docs/performance-hub.md; tests never assert on timings.

pub mod connect;
pub mod counters;
pub mod fd_limit;
pub mod http;
pub mod idle;
pub mod latency;
pub mod metrics;
pub mod relay;
pub mod shards;
pub mod tally;
pub mod target;
pub mod throwaway_agent;
pub mod wire;
