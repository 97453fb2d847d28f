//! Names of things: a product, a feature, a book or a game whose title holds a sensitive word
//! ("is the Scam Shield feature in the basic plan", "do you have 'The Lincoln Lawyer'", "does the
//! Bully Max harness fit a bulldog"). A visitor who names one is shopping, not reporting. Found
//! from the capital letters of the raw text, which the normalised words no longer have.
//!
//! On the blind sensitive sets and probes of sessions 11–18, every Title Case span that held a
//! sensitive word was a look-alike (about twenty); no real report named its trouble in Title Case.
//! The bodies a victim turns to ("reported it to Action Fraud", "the Small Claims Court") are not
//! names here ([`INSTITUTIONS`]), so their words still count.

use crate::text;

/// Words a title keeps in lower case between capitalised ones ("Lawyer on Call", "Harassment
/// in the Workplace").
const SMALL_WORDS: [&str; 11] = [
    "a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with",
];

/// A capitalised run holding one of these is a body a visitor turns to, not a product: "reported
/// it to Action Fraud", "see you at the Small Claims Court".
const INSTITUTIONS: [&str; 13] = [
    "action",
    "advice",
    "aid",
    "court",
    "courts",
    "crisis",
    "helpline",
    "ombudsman",
    "police",
    "samaritans",
    "solicitors",
    "standards",
    "tribunal",
];

/// Nouns after a single capitalised word that make it a product's name.
const PRODUCTS: [&str; 22] = [
    "add-on",
    "album",
    "app",
    "book",
    "boxset",
    "collection",
    "costume",
    "edition",
    "feature",
    "film",
    "game",
    "harness",
    "kit",
    "movie",
    "novel",
    "plan",
    "range",
    "screening",
    "series",
    "set",
    "show",
    "toy",
];

/// Past this share of capitalised words the writer capitalises everything ("My Account Has
/// Been Hacked"), so capitals say nothing about names.
const MOSTLY_CAPITALISED: f32 = 0.6;

/// The spans of `text` that name something, as `(start, end)` indices into
/// [`text::words`]`(text)` (end exclusive).
pub fn name_spans(text: &str) -> Vec<(usize, usize)> {
    let tokens = tokens(text);
    let capitalised = tokens.iter().filter(|t| is_capitalised(t.word)).count();
    let letters = tokens.iter().filter(|t| t.word.len() >= 2).count();
    if letters == 0 || capitalised as f32 > MOSTLY_CAPITALISED * letters as f32 {
        return Vec::new();
    }
    let all = text::words(text);
    let mut spans = quoted_titles(text, &tokens);
    spans.extend(capitalised_runs(&tokens));
    let mut found: Vec<(usize, usize)> = spans
        .into_iter()
        .map(|(from, to)| {
            let start = text::words(&text[..from]).len();
            (start, start + text::words(&text[from..to]).len())
        })
        .filter(|(start, end)| start < end)
        .filter(|&(start, end)| {
            !all.get(start..end)
                .unwrap_or_default()
                .iter()
                .any(|w| INSTITUTIONS.contains(&w.as_str()))
        })
        .collect();
    // A quoted title and the capitalised runs inside it are one name.
    found.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    for (start, end) in found {
        match merged.last_mut() {
            Some(last) if start < last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// One whitespace-separated token: its byte range and its letters without surrounding
/// punctuation.
struct Token<'a> {
    from: usize,
    to: usize,
    word: &'a str,
    opens_quote: bool,
    closes_quote: bool,
    ends_sentence: bool,
}

const OPENING: [char; 4] = ['"', '\'', '\u{201c}', '\u{2018}'];
const CLOSING: [char; 4] = ['"', '\'', '\u{201d}', '\u{2019}'];

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut from = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_whitespace(), from) {
            (false, None) => from = Some(i),
            (true, Some(start)) => {
                let raw = &text[start..i];
                let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
                let tail = raw.trim_end_matches([')', ']']);
                out.push(Token {
                    from: start,
                    to: i,
                    word,
                    opens_quote: raw.starts_with(OPENING),
                    closes_quote: raw
                        .trim_end_matches(['.', ',', '?', '!', ':', ';', ')'])
                        .ends_with(CLOSING),
                    ends_sentence: tail.ends_with(['.', '!', '?']),
                });
                from = None;
            }
            _ => {}
        }
    }
    out
}

/// "Scam", "Lincoln", "Manager's": a capital followed by a lower-case letter ("I", "I'm" and
/// ALL-CAPS shouting are not names).
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
}

/// A span in quotes whose words are in Title Case: 'Lawyer on Call', "The Bully in the
/// Boardroom", 'Stalker'. Quoted speech ("he said 'you will pay for this'") is not.
fn quoted_titles(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !tokens[i].opens_quote {
            i += 1;
            continue;
        }
        let Some(len) = tokens[i..].iter().take(8).position(|t| t.closes_quote) else {
            i += 1;
            continue;
        };
        let inside = &tokens[i..=i + len];
        let title = inside.iter().enumerate().all(|(k, t)| {
            is_capitalised(t.word)
                || (k > 0 && SMALL_WORDS.contains(&t.word.to_lowercase().as_str()))
                || t.word.chars().all(|c| c.is_ascii_digit())
        });
        if title && !text[inside[0].from..inside[len].to].contains(['.', '!', '?']) {
            spans.push((inside[0].from, inside[len].to));
        }
        i += len + 1;
    }
    spans
}

/// Two or more capitalised words in a row inside a sentence ("the Scam Shield feature", "the
/// book Harassment Law in Practice"); a run that opens a sentence may be an ordinary
/// capital.
fn capitalised_runs(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 1;
    while i < tokens.len() {
        let starts_sentence = tokens[i - 1].ends_sentence;
        if starts_sentence || !is_capitalised(tokens[i].word) {
            i += 1;
            continue;
        }
        let mut end = i;
        let mut capitals = 1;
        let mut k = i;
        while !tokens[k].ends_sentence && k + 1 < tokens.len() {
            let next = &tokens[k + 1];
            if is_capitalised(next.word) {
                capitals += 1;
                end = k + 1;
                k += 1;
            } else if SMALL_WORDS.contains(&next.word) && k + 2 < tokens.len() {
                k += 1;
            } else {
                break;
            }
        }
        // One capitalised word names a product when a product noun follows it ("is the Stalker
        // game still on disc").
        let product = capitals == 1
            && !tokens[end].ends_sentence
            && tokens
                .get(end + 1)
                .is_some_and(|t| PRODUCTS.contains(&t.word.to_lowercase().as_str()));
        if capitals >= 2 || product {
            spans.push((tokens[i].from, tokens[end].to));
        }
        i = end + 1;
    }
    spans
}

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;
