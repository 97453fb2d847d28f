//! BERT-style tokenisation: the basic split, then greedy longest-match WordPiece.

use crate::text::fold::fold;

/// BERT's BasicTokenizer (uncased): accents and compatibility forms folded, lowercased, split
/// on whitespace, every punctuation or symbol character its own token, and every CJK
/// ideograph its own token.
pub fn basic_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    for c in fold(text).chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut tokens);
        } else if c.is_control() || is_format(c) || c == '\u{fffd}' {
            // Dropped without splitting, as BERT does: "soft\u{ad}hyphen" is one word.
        } else if is_punctuation_or_symbol(c) || is_cjk(c) {
            flush(&mut word, &mut tokens);
            tokens.push(c.to_string());
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut tokens);
    tokens
}

/// Invisible format characters (zero-width space and joiners, soft hyphen, direction marks,
/// byte-order mark).
fn is_format(c: char) -> bool {
    matches!(c as u32, 0x00ad | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2064 | 0xfeff)
}

fn flush(word: &mut String, tokens: &mut Vec<String>) {
    if !word.is_empty() {
        tokens.push(std::mem::take(word));
    }
}

/// ASCII punctuation, and anything that is neither a letter, a digit, a mark nor white space
/// (Unicode punctuation and symbols: "¿", "€", emoji).
fn is_punctuation_or_symbol(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_ascii() && !c.is_alphanumeric() && !is_mark(c))
}

/// Combining marks that survive folding (e.g. in Indic scripts) stay inside their word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036f | 0x0900..=0x0dff | 0x1ab0..=0x1aff | 0x20d0..=0x20ff)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4e00..=0x9fff | 0x3400..=0x4dbf | 0x20000..=0x2a6df | 0x2a700..=0x2b73f
        | 0x2b740..=0x2b81f | 0x2b820..=0x2ceaf | 0xf900..=0xfaff | 0x2f800..=0x2fa1f)
}

/// Splits `word` greedily into the longest known pieces (continuations spelled `##piece`).
/// `find` looks a candidate up and returns what the table holds for it; `emit` gets those
/// results in order. A word that cannot be spelled completely emits nothing, as BERT maps it
/// to one `[UNK]`. Words over 100 characters are skipped the same way.
pub(super) fn for_each_piece<T>(
    word: &str,
    longest: usize,
    find: impl Fn(&str) -> Option<T>,
    emit: impl FnMut(T),
) {
    if word.chars().count() > 100 {
        return;
    }
    let mut found = Vec::new();
    let mut start = 0;
    let mut candidate = String::with_capacity(longest + 2);
    while start < word.len() {
        let mut end = word.len().min(start + longest);
        while !word.is_char_boundary(end) {
            end -= 1;
        }
        let mut matched = None;
        while end > start {
            candidate.clear();
            if start > 0 {
                candidate.push_str("##");
            }
            candidate.push_str(&word[start..end]);
            if let Some(hit) = find(&candidate) {
                matched = Some((end, hit));
                break;
            }
            end -= 1;
            while !word.is_char_boundary(end) {
                end -= 1;
            }
        }
        let Some((end, hit)) = matched else {
            return;
        };
        found.push(hit);
        start = end;
    }
    found.into_iter().for_each(emit);
}
