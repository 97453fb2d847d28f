//! FAQ files and the matcher that answers from them.
//!
//! - [`Faq::parse`] validates a file and reports every problem as `PATH:LINE:COL: message`.
//! - [`Matcher`] indexes the entries and answers a visitor's question with a calibrated
//!   confidence, or says it has no confident match.

mod diagnostic;
mod entry;
mod json;
mod load;
mod matcher;
mod result;

pub use diagnostic::{Diagnostic, Severity};
pub use entry::{Faq, FaqEntry, Link, LoadedFaq};
#[cfg(feature = "semantic")]
pub use matcher::semantic_index_texts;
pub use matcher::{Calibration, Matcher, MatcherConfig};
pub use result::{MatchResult, Scored};

#[cfg(test)]
mod load_tests;
