//! Digit runs: payment card numbers (Luhn) and US social security numbers.

use std::ops::Range;

/// A run of ASCII digit groups joined by single spaces or dashes, e.g. `4111 1111-1111 1111`.
pub(super) struct DigitRun {
    /// Byte range of each group.
    pub(super) groups: Vec<Range<usize>>,
}

pub(super) fn digit_runs(text: &str) -> Vec<DigitRun> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut groups = Vec::new();
        loop {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            groups.push(start..i);
            let joined = i + 1 < bytes.len()
                && matches!(bytes[i], b' ' | b'-')
                && bytes[i + 1].is_ascii_digit();
            if !joined {
                break;
            }
            i += 1;
        }
        // A run glued to letters ("A1234") is a reference code, not a number typed by itself.
        if i >= bytes.len() || !bytes[i].is_ascii_alphabetic() {
            runs.push(DigitRun { groups });
        }
    }
    runs
}

/// The longest contiguous span of groups with 13–19 digits that passes the Luhn check.
pub(super) fn card_in_run(text: &str, run: &DigitRun) -> Option<Range<usize>> {
    let n = run.groups.len();
    let mut best: Option<(usize, Range<usize>)> = None;
    for first in 0..n {
        let mut digits = String::new();
        for last in first..n {
            digits.push_str(&text[run.groups[last].clone()]);
            if digits.len() > 19 {
                break;
            }
            if digits.len() >= 13 && luhn_valid(&digits) && !all_same(&digits) {
                let span = run.groups[first].start..run.groups[last].end;
                if best.as_ref().is_none_or(|(len, _)| digits.len() > *len) {
                    best = Some((digits.len(), span));
                }
            }
        }
    }
    best.map(|(_, span)| span)
}

fn all_same(digits: &str) -> bool {
    let first = digits.as_bytes().first();
    digits.bytes().all(|b| Some(&b) == first)
}

/// The Luhn checksum every payment card number satisfies (1 in 10 random numbers does too,
/// which is why only 13–19 digit runs are checked).
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// `AAA-GG-SSSS` with the ranges the SSA has never issued excluded (000, 666, 9xx areas;
/// 00 groups; 0000 serials), so dates and phone numbers rarely match.
pub(super) fn ssn_in_run(text: &str, run: &DigitRun) -> Option<Range<usize>> {
    let parts: Vec<&str> = run.groups.iter().map(|g| &text[g.clone()]).collect();
    let [area, group, serial] = parts.as_slice() else {
        return None;
    };
    let dashed = text[run.groups[0].end..run.groups[1].start] == *"-"
        && text[run.groups[1].end..run.groups[2].start] == *"-";
    let shaped = area.len() == 3 && group.len() == 2 && serial.len() == 4;
    let issued = *area != "000"
        && *area != "666"
        && !area.starts_with('9')
        && *group != "00"
        && *serial != "0000";
    (dashed && shaped && issued).then(|| run.groups[0].start..run.groups[2].end)
}
