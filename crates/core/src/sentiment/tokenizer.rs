//! The sentiment model's tokeniser: text → hashed feature ids → the model's fixed-shape input.
//!
//! It is written once here and mirrored line for line in `models/tokenizer.py`, which the
//! training script uses. `models/test_vectors.jsonl` holds the ids for 1,000+ strings and a test
//! proves both sides agree, so the model sees in production exactly what it saw in training.
//!
//! Every step is deliberately simple and table-free apart from Unicode NFKC and per-character
//! lowercasing (the only two steps that depend on Unicode data): character classes are plain
//! code-point ranges, so Rust and Python cannot disagree about what counts as a word.
//!
//! Features per token: the word itself, the bigram with the previous token, character 3- and
//! 4-grams of `<word>` (robust to typos and unseen inflections), and a flag for SHOUTED words.
//! Each feature string is hashed with 32-bit FNV-1a into [`BUCKETS`] buckets.

use unicode_normalization::UnicodeNormalization;

/// Rows of the model's embedding table; the model file is built for exactly this many.
pub const BUCKETS: u32 = 1 << 16;
/// Distinct features fed to the model per message (the model's fixed input width).
pub const MAX_FEATURES: usize = 256;
/// Characters of a message that are looked at; the rest cannot change a chat message's mood
/// much and would only cost time.
pub const MAX_CHARS: usize = 2000;
/// Longer words (long numbers, run-together URLs) are cut before character n-grams.
const MAX_WORD_CHARS: usize = 40;

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

/// What one character does to the token stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    /// Part of a word (letters and digits of every script, combining marks).
    Word,
    /// Ends the current word and is dropped (spaces, punctuation).
    Separator,
    /// Dropped without ending the word (apostrophes in "can't", zero-width joiners, emoji
    /// variation selectors and skin tones).
    Ignored,
    /// A token of its own: `!`, `?`, emoji and pictographic symbols carry mood.
    Symbol,
}

fn classify(c: char) -> CharClass {
    let cp = u32::from(c);
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => CharClass::Word,
            '\'' | '`' => CharClass::Ignored,
            '!' | '?' => CharClass::Symbol,
            _ => CharClass::Separator,
        };
    }
    match cp {
        0x2018 | 0x2019 | 0x200B..=0x200D | 0x2060 | 0xFEFF | 0xFE00..=0xFE0F => CharClass::Ignored,
        0x1F3FB..=0x1F3FF => CharClass::Ignored,
        0x0080..=0x00BF | 0x00D7 | 0x00F7 | 0x2000..=0x206F | 0x3000..=0x303F => {
            CharClass::Separator
        }
        0x2190..=0x2BFF | 0x1F000..=0x1FAFF => CharClass::Symbol,
        _ => CharClass::Word,
    }
}

/// One token before hashing: lowercased text and whether it was written in capitals.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    shouted: bool,
    symbol: bool,
}

/// Splits NFKC-normalised text into lowercased tokens.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut upper = 0usize;
    let mut chars = 0usize;
    let flush = |word: &mut String, upper: &mut usize, chars: &mut usize, out: &mut Vec<Token>| {
        if !word.is_empty() {
            let shouted = *chars >= 3 && *upper == *chars;
            out.push(Token {
                text: std::mem::take(word),
                shouted,
                symbol: false,
            });
        }
        *upper = 0;
        *chars = 0;
    };
    for c in text.chars().take(MAX_CHARS).nfkc() {
        match classify(c) {
            CharClass::Word => {
                chars += 1;
                if c.is_ascii_uppercase() {
                    upper += 1;
                }
                word.extend(c.to_lowercase());
            }
            CharClass::Ignored => {}
            CharClass::Separator => flush(&mut word, &mut upper, &mut chars, &mut out),
            CharClass::Symbol => {
                flush(&mut word, &mut upper, &mut chars, &mut out);
                out.push(Token {
                    text: c.to_string(),
                    shouted: false,
                    symbol: true,
                });
            }
        }
    }
    flush(&mut word, &mut upper, &mut chars, &mut out);
    out
}

/// 32-bit FNV-1a over the concatenated byte slices, reduced to a bucket.
fn bucket(parts: &[&[u8]]) -> u32 {
    let mut h = FNV_OFFSET;
    for part in parts {
        for &b in *part {
            h ^= u32::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
    }
    h % BUCKETS
}

/// All hashed feature ids of a message, in emission order (with repeats).
pub fn feature_ids(text: &str) -> Vec<u32> {
    let toks = tokens(text);
    let mut ids = Vec::with_capacity(toks.len() * 12);
    let mut prev: Option<&str> = None;
    let mut padded: Vec<char> = Vec::with_capacity(MAX_WORD_CHARS + 2);
    let mut gram = String::new();
    for tok in &toks {
        ids.push(bucket(&[b"w\x1f", tok.text.as_bytes()]));
        if tok.shouted {
            ids.push(bucket(&[b"caps\x1f"]));
        }
        if let Some(p) = prev {
            ids.push(bucket(&[b"b\x1f", p.as_bytes(), b" ", tok.text.as_bytes()]));
        }
        prev = Some(&tok.text);
        if tok.symbol {
            continue;
        }
        padded.clear();
        padded.push('<');
        padded.extend(tok.text.chars().take(MAX_WORD_CHARS));
        padded.push('>');
        for n in 3..=4 {
            for window in padded.windows(n) {
                gram.clear();
                gram.extend(window);
                ids.push(bucket(&[b"c\x1f", gram.as_bytes()]));
            }
        }
    }
    ids
}

/// The model's two inputs for one message: distinct ids in order of first appearance (padded
/// with 0) and each id's share of all kept occurrences (padding weighs 0), so the model sees
/// the mean of the features' embeddings whatever the message's length.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelInput {
    pub ids: [i64; MAX_FEATURES],
    pub weights: [f32; MAX_FEATURES],
}

/// Tokenises and packs a message for the model.
pub fn model_input(text: &str) -> ModelInput {
    pack(&feature_ids(text))
}

/// Packs feature ids: de-duplicated, first [`MAX_FEATURES`] distinct ids, weights = count / total.
pub fn pack(ids: &[u32]) -> ModelInput {
    let mut distinct: Vec<(u32, u32)> = Vec::with_capacity(MAX_FEATURES);
    let mut order: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for &id in ids {
        if let Some(&slot) = order.get(&id) {
            distinct[slot].1 += 1;
        } else if distinct.len() < MAX_FEATURES {
            order.insert(id, distinct.len());
            distinct.push((id, 1));
        }
    }
    let total: u32 = distinct.iter().map(|&(_, n)| n).sum();
    let mut input = ModelInput {
        ids: [0; MAX_FEATURES],
        weights: [0.0; MAX_FEATURES],
    };
    for (slot, &(id, n)) in distinct.iter().enumerate() {
        input.ids[slot] = i64::from(id);
        input.weights[slot] = n as f32 / total as f32;
    }
    input
}

#[cfg(test)]
#[path = "tokenizer_tests.rs"]
pub(crate) mod tests;
