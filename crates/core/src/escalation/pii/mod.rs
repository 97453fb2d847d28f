//! Personal data typed into the chat: payment card numbers, IBANs, US social security numbers,
//! passwords, and numbers the visitor labels as bank details, a passport number or a date of
//! birth. Found on the raw text (before normalisation, which would split and lose the
//! separators) so that they can be flagged as `sensitive` and masked by [`redact`] before the
//! message is echoed to an agent note or stored in a transcript.

mod iban;
mod labelled;
mod numbers;
mod password;

pub use numbers::luhn_valid;

use iban::{find_ibans, find_labelled_ibans};
use labelled::find_labelled;
use numbers::{card_in_run, digit_runs, ssn_in_run};
use password::find_passwords;
use std::ops::Range;

/// What kind of personal data a [`Finding`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PiiKind {
    CardNumber,
    Iban,
    Ssn,
    Password,
    /// A UK sort code or an account number next to one, or near the word "bank".
    BankAccount,
    Passport,
    DateOfBirth,
    /// A card or account PIN the visitor labels as one ("my PIN is 4471").
    Pin,
    /// A national insurance, tax or other national identity number, labelled.
    NationalId,
}

impl PiiKind {
    /// How the data is named in explanations ("a card number").
    pub fn describe(self) -> &'static str {
        match self {
            PiiKind::CardNumber => "a payment card number",
            PiiKind::Iban => "a bank account number (IBAN)",
            PiiKind::Ssn => "a social security number",
            PiiKind::Password => "a password",
            PiiKind::BankAccount => "bank account details",
            PiiKind::Passport => "a passport number",
            PiiKind::DateOfBirth => "a date of birth",
            PiiKind::Pin => "a PIN",
            PiiKind::NationalId => "a national insurance or tax number",
        }
    }
}

/// One piece of personal data: its kind and its byte range in the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: PiiKind,
    pub range: Range<usize>,
}

/// Every piece of personal data in `text`, in order, without overlaps.
pub fn find_pii(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    for run in digit_runs(text) {
        if let Some(range) = card_in_run(text, &run) {
            found.push(Finding {
                kind: PiiKind::CardNumber,
                range,
            });
        } else if let Some(range) = ssn_in_run(text, &run) {
            found.push(Finding {
                kind: PiiKind::Ssn,
                range,
            });
        }
    }
    found.extend(find_labelled_ibans(text).into_iter().map(|range| Finding {
        kind: PiiKind::Iban,
        range,
    }));
    found.extend(find_ibans(text).into_iter().map(|range| Finding {
        kind: PiiKind::Iban,
        range,
    }));
    found.extend(find_passwords(text).into_iter().map(|range| Finding {
        kind: PiiKind::Password,
        range,
    }));
    // Labelled numbers come last, so a Luhn-valid card or an IBAN keeps its own kind.
    found.extend(
        find_labelled(text)
            .into_iter()
            .map(|(kind, range)| Finding { kind, range }),
    );
    found.sort_by_key(|f| f.range.start);
    let mut out: Vec<Finding> = Vec::with_capacity(found.len());
    for f in found {
        if out
            .last()
            .is_none_or(|last| f.range.start >= last.range.end)
        {
            out.push(f);
        }
    }
    out
}

/// `text` with every piece of personal data masked: card numbers and IBANs keep their last
/// four digits (enough for an agent to say "the card ending 1111"), the rest is hidden.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in find_pii(text) {
        out.push_str(&text[at..f.range.start]);
        let secret = &text[f.range.clone()];
        let last4: String = {
            let alnum: Vec<char> = secret.chars().filter(char::is_ascii_alphanumeric).collect();
            alnum[alnum.len().saturating_sub(4)..].iter().collect()
        };
        match f.kind {
            PiiKind::CardNumber => out.push_str(&format!("[card ending {last4}]")),
            PiiKind::Iban => out.push_str(&format!("[IBAN ending {last4}]")),
            PiiKind::Ssn => out.push_str("[SSN hidden]"),
            PiiKind::Password => out.push_str("[password hidden]"),
            PiiKind::BankAccount => out.push_str("[bank details hidden]"),
            PiiKind::Passport => out.push_str("[passport number hidden]"),
            PiiKind::DateOfBirth => out.push_str("[date of birth hidden]"),
            PiiKind::Pin => out.push_str("[PIN hidden]"),
            PiiKind::NationalId => out.push_str("[national ID hidden]"),
        }
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests;
