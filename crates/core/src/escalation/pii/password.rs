//! Passwords and PINs typed after a keyword ("my password is …").

use std::ops::Range;

/// "my password is hunter2", "password: hunter2", "pin is 1234": the secret is the token after
/// the keyword and its `is`/`:`/`=`.
pub(super) fn find_passwords(text: &str) -> Vec<Range<usize>> {
    const KEYWORDS: &[&str] = &[
        "password",
        "passwort",
        "passcode",
        "pwd",
        "pin",
        "contraseña",
    ];
    // ASCII lowercasing keeps every byte offset, so ranges found in `lower` are ranges of
    // `text` (full Unicode lowercasing can change lengths, and costs the widget's size).
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for keyword in KEYWORDS {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(keyword) {
            let start = from + pos;
            from = start + keyword.len();
            let before_ok = lower[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if !before_ok {
                continue;
            }
            let rest = &lower[from..];
            let trimmed = rest.trim_start();
            let (sep_len, after) = if let Some(r) = trimmed.strip_prefix("is ") {
                (3, r)
            } else if let Some(r) = trimmed
                .strip_prefix(':')
                .or_else(|| trimmed.strip_prefix('='))
            {
                (1, r)
            } else if has_letters_and_digits(trimmed) {
                // "username jenny.h84 password Buttercup2019!": no separator, but a token
                // with letters and digits right after the keyword is the secret itself.
                (0, trimmed)
            } else {
                continue;
            };
            let after_trim = after.trim_start();
            let secret_start =
                from + (rest.len() - trimmed.len()) + sep_len + (after.len() - after_trim.len());
            let secret_len = after_trim
                .find(char::is_whitespace)
                .unwrap_or(after_trim.len());
            let secret = after_trim[..secret_len].trim_end_matches(['.', ',', '!', '?']);
            let looks_secret = if *keyword == "pin" {
                (4..=8).contains(&secret.len()) && secret.bytes().all(|b| b.is_ascii_digit())
            } else {
                looks_like_secret(secret)
            };
            if looks_secret {
                out.push(secret_start..secret_start + secret.len());
            }
        }
    }
    out
}

/// Words that describe a password rather than reveal it ("my password is not working").
fn looks_like_secret(word: &str) -> bool {
    const STATES: &[&str] = &[
        "not",
        "wrong",
        "incorrect",
        "correct",
        "right",
        "the",
        "a",
        "my",
        "too",
        "invalid",
        "still",
        "no",
        "now",
        "weak",
        "short",
        "long",
        "case",
        "required",
        "same",
        "different",
        "new",
        "old",
        "fine",
        "ok",
        "okay",
        "there",
        "here",
        "gone",
        "lost",
        "forgot",
        "unknown",
        "what",
        "it",
        "that",
        "this",
        "just",
        "also",
        "definitely",
    ];
    let letters_only = word.chars().all(char::is_alphabetic);
    !(STATES.contains(&word) || word.chars().count() < 4 && letters_only)
        && !(letters_only
            && (word.ends_with("ed") || word.ends_with("ing") || word.ends_with("ly")))
}

/// Whether the first whitespace-separated token of `text` mixes letters and digits.
fn has_letters_and_digits(text: &str) -> bool {
    let token = text.split_whitespace().next().unwrap_or("");
    token.chars().any(|c| c.is_ascii_alphabetic()) && token.chars().any(|c| c.is_ascii_digit())
}
