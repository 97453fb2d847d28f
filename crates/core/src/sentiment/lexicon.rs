//! [`LexiconSentiment`]: a VADER-style scorer tuned for support chat, so everything works
//! before (or without) the ONNX model.
//!
//! Valence words and phrases from `lexicon.txt` are summed with VADER's modifiers (negation
//! flips and damps, intensifiers, "but" shifts weight to what follows, "!!!", ALL CAPS,
//! emoji), plus three support-chat rules VADER lacks:
//! - **expectations**: "arrived", "refund", "reply" are neutral alone but a complaint when
//!   negated ("still no refund", "nobody answers my emails");
//! - **complaint sharpeners**: "still", "again", "weeks" add weight only to a message that is
//!   already negative ("is the sale still on?" stays neutral);
//! - **sarcasm**: praise opening a negative message ("great, another delay") counts against.
//!
//! The sum becomes VADER's compound score, then three probabilities through a softmax with a
//! neutral band; frustration (anger, impatience) is scored separately from its own list.

mod table;

use super::{SentimentModel, SentimentScores};
use crate::text;
use table::{Table, table};

/// How far back a negator reaches ("I have not yet received").
const NEGATION_WINDOW: usize = 3;
/// VADER's damping of a negated valence.
const NEGATION_SCALE: f32 = -0.74;
/// Weight of the `[learned]` valences relative to the hand-written ones.
const LEARNED_WEIGHT: f32 = 0.8;
/// Softmax sharpness and the neutral band's half-widths on the compound score.
const SHARPNESS: f32 = 4.0;
const NEUTRAL_BAND_NEGATIVE: f32 = 0.08;
const NEUTRAL_BAND_POSITIVE: f32 = 0.2;

/// The lexicon scorer. Cheap to create: the table is parsed once per process.
#[derive(Debug, Clone, Copy, Default)]
pub struct LexiconSentiment;

impl LexiconSentiment {
    pub fn new() -> LexiconSentiment {
        LexiconSentiment
    }
}

impl SentimentModel for LexiconSentiment {
    fn name(&self) -> &str {
        "lexicon"
    }

    fn score(&self, text: &str) -> SentimentScores {
        let a = analyse(text);
        probabilities(a.compound, a.frustration)
    }
}

/// The intermediate numbers, exposed for tests and debugging.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Analysis {
    /// VADER-style compound score in -1..1.
    pub compound: f32,
    /// Anger/impatience in 0..1.
    pub frustration: f32,
}

/// One scored word or phrase.
struct Item {
    pos: usize,
    valence: f32,
}

pub fn analyse(text: &str) -> Analysis {
    let t = table();
    let words = text::words(text);
    let mut items = scored_items(t, &words);
    let but = words
        .iter()
        .position(|w| matches!(w.as_str(), "but" | "however" | "though" | "although"));
    if let Some(b) = but {
        for item in &mut items {
            item.valence *= if item.pos < b { 0.5 } else { 1.5 };
        }
    }
    let has_negative = items.iter().any(|i| i.valence < 0.0);
    if has_negative && but.is_none() {
        flip_sarcasm(t, &words, &mut items);
    }
    let mut sum: f32 = items.iter().map(|i| i.valence).sum();
    if sum < 0.0 {
        sum += (0..words.len())
            .filter_map(|i| t.complaint.at(&words, i).map(|(_, v)| v))
            .sum::<f32>();
    }
    let mut frustration = frustration_sum(t, &words);
    for (symbol, valence, angry) in &t.emoji {
        let n = count_symbol(text, symbol) as f32;
        sum += n * valence;
        frustration += n * angry;
    }
    let marks = Punctuation::of(text);
    if sum != 0.0 {
        sum += sum.signum() * (0.292 * marks.exclamations.min(4) as f32);
        if marks.questions > 1 {
            sum += sum.signum() * 0.18 * marks.questions.min(3) as f32;
        }
    }
    if marks.shouting {
        sum = if sum < 0.0 { sum * 1.3 } else { sum - 0.8 };
        frustration += 0.9;
    }
    if sum < 0.0 {
        frustration +=
            0.25 * marks.exclamations.min(3) as f32 + 0.2 * marks.questions.min(3) as f32;
    }
    let compound = sum / (sum * sum + 15.0).sqrt();
    Analysis {
        compound: if compound.is_finite() { compound } else { 0.0 },
        frustration: (1.0 - (-frustration.max(0.0)).exp()).clamp(0.0, 1.0),
    }
}

fn scored_items(t: &Table, words: &[String]) -> Vec<Item> {
    let mut items = Vec::new();
    // Words inside a scored phrase: their negators ("can not complain") are used up.
    let mut covered = vec![false; words.len()];
    let mut i = 0;
    while i < words.len() {
        let negated = negated_at(t, words, i, &covered);
        let hit = match negated.then(|| t.expect.at(words, i)).flatten() {
            Some(found) => Some(found),
            None => valence_at(t, words, i).map(|(len, v)| {
                let mut v = v + boost(t, words, i, v);
                // A phrase that starts with its own negation ("no refund") is not negated again.
                if negated && !t.negators.contains(&words[i]) {
                    v *= NEGATION_SCALE;
                }
                (len, v)
            }),
        };
        match hit {
            Some((len, v)) => {
                items.push(Item { pos: i, valence: v });
                if len > 1 {
                    covered[i..i + len].iter_mut().for_each(|c| *c = true);
                }
                i += len;
            }
            None => i += 1,
        }
    }
    items
}

/// A hand-written entry, else a learned one (weighted down: learned from movie reviews and
/// Reddit, not support chat).
fn valence_at(t: &Table, words: &[String], i: usize) -> Option<(usize, f32)> {
    t.valence.at(words, i).or_else(|| {
        t.learned
            .at(words, i)
            .map(|(len, v)| (len, v * LEARNED_WEIGHT))
    })
}

fn negated_at(t: &Table, words: &[String], i: usize, covered: &[bool]) -> bool {
    let from = i.saturating_sub(NEGATION_WINDOW);
    // A "but" ends the negation's reach: "not cheap but works great".
    let from = (from..i)
        .rev()
        .find(|&j| words[j] == "but")
        .map_or(from, |j| j + 1);
    (from..i).any(|j| !covered.get(j).copied().unwrap_or(false) && t.negators.contains(&words[j]))
}

/// Intensifiers and dampeners in the two words before `i`, in the direction of `v`.
fn boost(t: &Table, words: &[String], i: usize, v: f32) -> f32 {
    let mut total = 0.0;
    for back in 1..=2 {
        let Some(start) = i.checked_sub(back) else {
            break;
        };
        if let Some((len, b)) = t.boosters.at(words, start)
            && start + len <= i
        {
            let scale = if back == 1 || len == 2 { 1.0 } else { 0.95 };
            total += b * scale * v.signum();
        }
    }
    total
}

/// "great, another delay": praise in the first words of a negative message counts against.
fn flip_sarcasm(t: &Table, words: &[String], items: &mut [Item]) {
    for item in items.iter_mut() {
        if item.pos <= 2 && item.valence > 0.0 && t.sarcasm.at(words, item.pos).is_some() {
            item.valence *= -0.6;
        }
    }
}

fn frustration_sum(t: &Table, words: &[String]) -> f32 {
    let mut sum = 0.0;
    let mut i = 0;
    while i < words.len() {
        match t.frustration.at(words, i) {
            Some((len, w)) => {
                // Only a negator right before cancels anger ("not ridiculous"); "still no
                // reply. useless" is frustrated whatever "no" did earlier.
                let negated = i
                    .checked_sub(1)
                    .is_some_and(|j| matches!(words[j].as_str(), "not" | "never" | "hardly"));
                if !negated {
                    sum += w;
                }
                i += len;
            }
            None => i += 1,
        }
    }
    sum
}

/// Occurrences of an emoji or emoticon; ":/" inside "https://" does not count.
fn count_symbol(text: &str, symbol: &str) -> usize {
    text.match_indices(symbol)
        .filter(|(at, s)| !text[at + s.len()..].starts_with('/'))
        .count()
}

struct Punctuation {
    exclamations: usize,
    questions: usize,
    /// Several words IN CAPITALS (common acronyms excepted).
    shouting: bool,
}

impl Punctuation {
    fn of(text: &str) -> Punctuation {
        const ACRONYMS: &[&str] = &[
            "OK", "ID", "UK", "US", "USA", "EU", "PDF", "SMS", "PIN", "FAQ", "DHL", "UPS", "TV",
            "PC", "IBAN", "VAT", "API", "URL", "iOS", "GB", "XL", "XXL", "UPS", "USPS", "FEDEX",
            "DPD", "GLS", "TNT", "EMI", "BACS", "CVV", "SKU", "VPN", "HTML", "CSV", "SSO",
        ];
        let mut caps = 0;
        let mut lettered = 0;
        for token in text.split_whitespace() {
            let word: String = token.chars().filter(|c| c.is_alphabetic()).collect();
            if word.chars().count() < 2 {
                continue;
            }
            lettered += 1;
            let upper = word.chars().all(char::is_uppercase);
            if upper && word.chars().count() >= 3 && !ACRONYMS.contains(&word.as_str()) {
                caps += 1;
            }
        }
        Punctuation {
            exclamations: text.matches('!').count(),
            questions: text.matches('?').count(),
            shouting: caps >= 3 || (caps >= 2 && caps * 2 >= lettered),
        }
    }
}

/// Three probabilities from the compound score: a softmax with a neutral band, narrower on
/// the negative side because missing an unhappy visitor costs more than a false alarm.
pub fn probabilities(compound: f32, frustration: f32) -> SentimentScores {
    let c = if compound.is_finite() { compound } else { 0.0 };
    let neg = (SHARPNESS * (-c - NEUTRAL_BAND_NEGATIVE)).exp();
    let pos = (SHARPNESS * (c - NEUTRAL_BAND_POSITIVE)).exp();
    let total = neg + 1.0 + pos;
    SentimentScores {
        negative: neg / total,
        neutral: 1.0 / total,
        positive: pos / total,
        frustration,
    }
}

#[cfg(test)]
#[path = "lexicon/tests.rs"]
mod tests;
