//! The Tandem hub (websocket relay, store, agent API) and the `tandem` command line.

pub mod bench;
pub mod cli;
