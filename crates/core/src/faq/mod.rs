//! FAQ files and the matcher that answers from them.

mod result;

pub use result::{MatchResult, Scored};
