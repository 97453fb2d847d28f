//! Text normalisation shared by the matcher, the escalation policy and the sentiment tokeniser.
//!
//! Three levels, each built on the one before:
//! - [`normalize`]: one canonical string (compatibility forms and accents folded, lowercased, contractions expanded, punctuation
//!   turned into spaces, whitespace collapsed). Idempotent, so it is safe to apply twice.
//! - [`words`]: the normalised word tokens, unstemmed (for phrase rules such as "talk to a human").
//! - [`terms`]: English Snowball stems without stop words (for retrieval scoring).
//!
//! Everything is pure and allocation-light so it runs per keystroke in the browser.

pub(crate) mod fold;
mod normalize;
mod terms;
mod typo;

pub use normalize::normalize;
pub use terms::{is_stop_word, stem, terms, terms_of_words};
pub use typo::{edit_distance_within, plausible_typo, typo_budget};

use unicode_segmentation::UnicodeSegmentation;

/// The normalised word tokens of `text`, unstemmed, in order.
///
/// Word boundaries follow Unicode UAX #29, so non-Latin scripts split sensibly too.
pub fn words(text: &str) -> Vec<String> {
    normalize(text).unicode_words().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests;
