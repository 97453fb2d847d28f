//! Numbers the visitor labels as personal data: UK bank details ("sort code 20-45-77 acc
//! 43918822"), passport numbers, dates of birth, and a card number typed as four groups of
//! four digits right after the word "card" even when a slip breaks its Luhn check. Unlabelled
//! numbers stay alone: order, tracking and phone numbers are what visitors type most.

use super::PiiKind;
use super::numbers::{DigitRun, digit_runs};
use std::ops::Range;

/// How far after its label (in bytes) a number still belongs to it: "passport number is".
const REACH: usize = 24;
/// A card is often named well before its number: "my card for the insurance excess is".
const CARD_REACH: usize = 40;

/// Every labelled number in `text`: its kind and byte range (the digits, from the first group
/// to the last, so that masking keeps the label: "sort code [bank details hidden]").
pub(super) fn find_labelled(text: &str) -> Vec<(PiiKind, Range<usize>)> {
    // ASCII lower-casing keeps byte offsets, so ranges found here index `text` too.
    let lower = text.to_ascii_lowercase();
    let runs = digit_runs(text);
    let bank = ["sort code", "sortcode", "bank", "iban"]
        .iter()
        .any(|w| lower.contains(w));
    let mut found = Vec::new();
    let mut label =
        |labels: &[&str], kind: PiiKind, reach: usize, fits: &dyn Fn(&[&str]) -> bool| {
            for label in labels {
                for (at, _) in lower.match_indices(label) {
                    let end = at + label.len();
                    let starts_word = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
                    let ends_word = lower
                        .as_bytes()
                        .get(end)
                        .is_none_or(|b| !b.is_ascii_alphabetic());
                    if !(starts_word && ends_word) {
                        continue;
                    }
                    let next = runs
                        .iter()
                        .find(|run| run.start() >= end && run.start() <= end + reach);
                    if let Some(run) = next
                        && fits(&run.parts(text))
                    {
                        found.push((kind, run.start()..run.end()));
                    }
                }
            }
        };
    label(
        &["sort code", "sortcode"],
        PiiKind::BankAccount,
        REACH,
        &|parts| parts.concat().len() == 6,
    );
    if bank {
        label(
            &[
                "account number",
                "account no",
                "account",
                "acc no",
                "acc",
                "acct",
            ],
            PiiKind::BankAccount,
            REACH,
            &|parts| (6..=12).contains(&parts.concat().len()),
        );
    }
    label(&["passport"], PiiKind::Passport, REACH, &|parts| {
        (6..=10).contains(&parts.concat().len())
    });
    // "dob 14/02/1987": the day (or the whole date when typed with dashes or spaces).
    label(
        &["dob", "d.o.b", "date of birth", "born on"],
        PiiKind::DateOfBirth,
        REACH,
        &|parts| !parts.is_empty(),
    );
    // The word for "card" in the visitor's language: "mi número de tarjeta es 4556 …".
    label(
        &[
            "card",
            "tarjeta",
            "carte",
            "karte",
            "carta",
            "cartão",
            "kaart",
            "long number",
        ],
        PiiKind::CardNumber,
        CARD_REACH,
        &|parts| four_groups_of_four(parts),
    );
    // American Express prints 15 digits as 4-6-5: "Amex 3782 914520 18834".
    label(
        &["amex", "american express"],
        PiiKind::CardNumber,
        CARD_REACH,
        &|parts| parts.concat().len() == 15,
    );
    label(&["pin"], PiiKind::Pin, REACH, &|parts| {
        parts.len() == 1 && (4..=6).contains(&parts[0].len())
    });
    // A one-time code sent to the visitor: "the code they just texted me is 884201".
    label(
        &[
            "verification code",
            "security code",
            "one time code",
            "one-time code",
            "otp",
            "code they texted",
            "code they just texted",
            "code you texted",
            "code you just texted",
            "code from the text",
        ],
        PiiKind::Pin,
        REACH,
        &|parts| parts.len() == 1 && (4..=8).contains(&parts[0].len()),
    );
    // UK national insurance ("JT 48 21 67 C": the digits between its letters), UK tax
    // reference (10 digits), German tax ID (11), French social security number (13-15).
    label(
        &[
            "national insurance",
            "ni number",
            "ni no",
            "nino",
            "steuer-id",
            "steuer id",
            "steuernummer",
            "steueridentifikationsnummer",
            "tax id",
            "tax reference",
            "utr",
            "numéro de sécurité sociale",
            "dni",
            "nie",
        ],
        PiiKind::NationalId,
        REACH,
        &|parts| matches!(parts.concat().len(), 6 | 8 | 10 | 11 | 13 | 15),
    );
    // "4929 1573 0284 6612 exp 09/27": four groups of four with an expiry date or a security
    // code right after them are a card whatever the Luhn check says (a slip of one digit, or
    // the visitor's real number) — an order number is never followed by "exp" or "cvc".
    for run in &runs {
        // Digits are ASCII, so the run ends on a character boundary of `lower`.
        if four_groups_of_four(&run.parts(text)) && card_detail_follows(&lower[run.end()..]) {
            found.push((PiiKind::CardNumber, run.start()..run.end()));
        }
    }
    // A date typed with slashes or dots is several runs: mask it whole.
    for (kind, range) in &mut found {
        if *kind == PiiKind::DateOfBirth {
            let bytes = text.as_bytes();
            while range.end < bytes.len() && matches!(bytes[range.end], b'0'..=b'9' | b'/' | b'.') {
                range.end += 1;
            }
            if bytes[range.end - 1] == b'.' {
                range.end -= 1;
            }
        }
    }
    found
}

/// Right after a card number people type its expiry ("exp 09/27", or just "11/26") or its
/// security code ("cvc 413").
fn card_detail_follows(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', ',', '-', ':']);
    let next_word: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let named = [
        "exp",
        "expiry",
        "expires",
        "expiration",
        "cvc",
        "cvv",
        "cvv2",
        "csc",
        "security",
    ]
    .contains(&next_word.as_str());
    named || starts_with_expiry_date(rest)
}

/// "11/26" or "11/2026": a month, a slash and a two- or four-digit year.
fn starts_with_expiry_date(rest: &str) -> bool {
    let Some((month, after)) = rest.split_once('/') else {
        return false;
    };
    let year: String = after.chars().take_while(char::is_ascii_digit).collect();
    let month_ok =
        (1..=2).contains(&month.len()) && month.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
    month_ok && (year.len() == 2 || year.len() == 4)
}

/// The way card numbers are printed and typed: "4111 1111 1111 1111".
fn four_groups_of_four(parts: &[&str]) -> bool {
    parts.len() == 4 && parts.iter().all(|p| p.len() == 4)
}

impl DigitRun {
    fn start(&self) -> usize {
        self.groups.first().map_or(0, |g| g.start)
    }

    fn end(&self) -> usize {
        self.groups.last().map_or(0, |g| g.end)
    }

    fn parts<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.groups.iter().map(|g| &text[g.clone()]).collect()
    }
}
