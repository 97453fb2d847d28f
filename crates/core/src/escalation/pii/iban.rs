//! International bank account numbers, validated by their mod-97 check digits.

use std::ops::Range;

/// IBANs: two letters, two check digits, 11–30 letters/digits, optionally in groups of four
/// separated by spaces; accepted only when the ISO 7064 mod-97 check passes.
pub(super) fn find_ibans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 15 <= bytes.len() {
        let starts = bytes[i].is_ascii_alphabetic()
            && bytes[i + 1].is_ascii_alphabetic()
            && bytes[i + 2].is_ascii_digit()
            && bytes[i + 3].is_ascii_digit()
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if !starts {
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
