//! International bank account numbers, validated by their mod-97 check digits.

use std::ops::Range;

/// IBANs: two letters, two check digits, 11–30 letters/digits, optionally in groups of four
/// separated by spaces; accepted only when the ISO 7064 mod-97 check passes.
pub(super) fn find_ibans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 15 <= bytes.len() {
        if !starts_iban(bytes, i) {
            i += 1;
            continue;
        }
        let mut compact = String::new();
        let mut matched = None;
        let mut j = i;
        while j < bytes.len() && compact.len() < 34 {
            if bytes[j].is_ascii_alphanumeric() {
                compact.push(char::from(bytes[j].to_ascii_uppercase()));
                j += 1;
            } else if bytes[j] == b' '
                && j + 1 < bytes.len()
                && bytes[j + 1].is_ascii_alphanumeric()
            {
                j += 1;
                continue;
            } else {
                break;
            }
            // Stop at the shortest prefix that validates, so trailing words are not swallowed.
            if compact.len() >= 15 && iban_valid(&compact) {
                matched = Some(j);
                break;
            }
        }
        match matched {
            Some(end) => {
                out.push(i..end);
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Two letters and two check digits at `i`, not glued to what comes before ("GB71").
fn starts_iban(bytes: &[u8], i: usize) -> bool {
    i + 4 <= bytes.len()
        && bytes[i].is_ascii_alphabetic()
        && bytes[i + 1].is_ascii_alphabetic()
        && bytes[i + 2].is_ascii_digit()
        && bytes[i + 3].is_ascii_digit()
        && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
}

fn iban_valid(compact: &str) -> bool {
    let (head, tail) = compact.split_at(4);
    let mut remainder = 0u32;
    for c in tail.chars().chain(head.chars()) {
        let value = match c {
            '0'..='9' => u32::from(c) - u32::from('0'),
            'A'..='Z' => u32::from(c) - u32::from('A') + 10,
            _ => return false,
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

/// "New IBAN is GB71 BARC 2031 5847 2916 03": an IBAN-shaped string right after the word
/// "IBAN" is one even when its check digits fail (a slip, or a number mistyped here), since
/// the visitor says what it is.
pub(super) fn find_labelled_ibans(text: &str) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (at, _) in lower.match_indices("iban") {
        let Some(start) =
            (at + 4..(at + 4 + LABEL_REACH).min(bytes.len())).find(|&i| starts_iban(bytes, i))
        else {
            continue;
        };
        let (mut end, mut len, mut j) = (start, 0, start);
        while j < bytes.len() && len < 34 {
            if bytes[j].is_ascii_alphanumeric() {
                len += 1;
                j += 1;
                end = j;
            } else if bytes[j] == b' ' && bytes.get(j + 1).is_some_and(u8::is_ascii_alphanumeric) {
                j += 1;
            } else {
                break;
            }
        }
        if len >= 15 {
            out.push(start..end);
        }
    }
    out
}

/// How far after the word "IBAN" (in bytes) the number may start: "IBAN is", "iban:".
const LABEL_REACH: usize = 12;
