//! [`terms`]: stemmed content words for retrieval scoring.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// Function words that carry no topic. Deliberately short: question words ("how", "where",
/// "when") and negations stay, because "how do I cancel" and "why was it cancelled" and
/// "I did not get" are different support questions.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "is",
    "are", "was", "were", "be", "been", "am", "do", "does", "did", "i", "me", "my", "we", "our",
    "you", "your", "it", "its", "this", "that", "these", "those", "there", "please", "would",
    "could", "should", "will", "shall", "can", "may", "might", "just", "so", "if", "about", "into",
    "us", "have", "has", "had", "some", "any", "im", "hi", "hello", "hey", "thanks", "thank",
];

/// True for a normalised word that [`terms`] drops.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The English Snowball stem of one normalised word.
pub fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

/// The stemmed content words of `text`, in order (duplicates kept: they carry term frequency).
///
/// A text made only of stop words ("can I do it?") keeps its stemmed words instead of
/// returning nothing, so that a short question still has something to match on.
pub fn terms(text: &str) -> Vec<String> {
    terms_of_words(&super::words(text))
}

/// [`terms`] for words already split by [`super::words`] (e.g. after a typo repair).
pub fn terms_of_words(words: &[String]) -> Vec<String> {
    let content: Vec<String> = words
        .iter()
        .filter(|w| !is_stop_word(w))
        .map(|w| stem(w))
        .collect();
    if content.is_empty() {
        words.iter().map(|w| stem(w)).collect()
    } else {
        content
    }
}
