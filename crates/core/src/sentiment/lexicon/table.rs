//! The parsed lexicon (`lexicon.txt`): built once, shared by every [`super::LexiconSentiment`].

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::text;

const SOURCE: &str = include_str!("../lexicon.txt");

/// Single words (exact, then by stem) and multi-word phrases with one value each.
#[derive(Debug, Default)]
pub(super) struct Entries {
    words: HashMap<String, f32>,
    stems: HashMap<String, f32>,
    /// First word → (whole phrase, value), longest phrases first.
    phrases: HashMap<String, Vec<(Vec<String>, f32)>>,
}

impl Entries {
    fn insert(&mut self, term: &str, value: f32) {
        let words = text::words(term);
        match words.as_slice() {
            [] => {}
            [word] => {
                self.words.insert(word.clone(), value);
                // Derivations change meaning ("useful" is not "use"): only inflections share.
                let derived = ["ful", "less", "able", "ness", "ment"]
                    .iter()
                    .any(|s| word.ends_with(s));
                if !derived {
                    self.stems.entry(text::stem(word)).or_insert(value);
                }
            }
            [first, ..] => {
                let list = self.phrases.entry(first.clone()).or_default();
                list.push((words.clone(), value));
                list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
            }
        }
    }

    /// The longest entry starting at word `i`: its length in words and its value.
    pub(super) fn at(&self, words: &[String], i: usize) -> Option<(usize, f32)> {
        let word = words.get(i)?;
        if let Some(list) = self.phrases.get(word) {
            for (phrase, value) in list {
                if words.get(i..i + phrase.len()) == Some(phrase.as_slice()) {
                    return Some((phrase.len(), *value));
                }
            }
        }
        if let Some(v) = self.words.get(word) {
            return Some((1, *v));
        }
        // Stems catch inflections ("disappointing" → "disappoint"), but not for very short
        // words, where stemming merges unrelated ones.
        if word.chars().count() > 3 {
            return self.stems.get(&text::stem(word)).map(|v| (1, *v));
        }
        None
    }

    #[cfg(test)]
    pub(super) fn contains_word(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }
}

/// Every section of the lexicon file.
#[derive(Debug, Default)]
pub(super) struct Table {
    pub valence: Entries,
    /// Single words learned from TRAIN sets; consulted only when `valence` has no entry.
    pub learned: Entries,
    pub expect: Entries,
    pub negators: HashSet<String>,
    pub boosters: Entries,
    pub complaint: Entries,
    pub sarcasm: Entries,
    pub frustration: Entries,
    /// Raw-text symbols: (symbol, valence, frustration).
    pub emoji: Vec<(String, f32, f32)>,
    /// Lines that could not be read (a test keeps this empty).
    pub bad_lines: Vec<usize>,
}

pub(super) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse(SOURCE))
}

/// A plain decimal such as `-2.35` or `4`: all the lexicon holds. Parsed by hand because
/// `str::parse::<f32>` brings ~25 KB of tables into the chat shell's wasm.
fn decimal(field: &str) -> Option<f32> {
    let (negative, digits) = match field.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, field.strip_prefix('+').unwrap_or(field)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut value = 0.0f64;
    for c in whole.chars() {
        value = value * 10.0 + f64::from(c.to_digit(10)?);
    }
    let mut scale = 1.0f64;
    for c in fraction.chars() {
        scale /= 10.0;
        value += f64::from(c.to_digit(10)?) * scale;
    }
    let value = if negative { -value } else { value };
    #[allow(clippy::cast_possible_truncation)]
    Some(value as f32)
}

pub(super) fn parse(source: &str) -> Table {
    let mut table = Table::default();
    let mut section = "";
    for (n, line) in source.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            continue;
        }
        let mut fields = line.split('\t');
        let term = fields.next().unwrap_or_default().trim();
        let values: Option<Vec<f32>> = fields.map(|f| decimal(f.trim())).collect();
        let Some(values) = values else {
            table.bad_lines.push(n + 1);
            continue;
        };
        let first = values.first().copied();
        let ok = match (section, first) {
            ("negator", None) => {
                table.negators.insert(term.to_owned());
                true
            }
            ("sarcasm", None) => {
                table.sarcasm.insert(term, 0.0);
                true
            }
            ("emoji", Some(v)) => {
                let f = values.get(1).copied().unwrap_or(0.0);
                table.emoji.push((term.to_owned(), v, f));
                true
            }
            ("valence", Some(v)) => add(&mut table.valence, term, v),
            // Exact words only: learned valences are noisy enough without stem collisions.
            ("learned", Some(v)) => {
                let lower = term.chars().flat_map(char::to_lowercase).collect();
                table.learned.words.insert(lower, v);
                true
            }
            ("expect", Some(v)) => add(&mut table.expect, term, v),
            ("booster", Some(v)) => add(&mut table.boosters, term, v),
            ("complaint", Some(v)) => add(&mut table.complaint, term, v),
            ("frustration", Some(v)) => add(&mut table.frustration, term, v),
            _ => false,
        };
        if !ok {
            table.bad_lines.push(n + 1);
        }
    }
    table
}

fn add(entries: &mut Entries, term: &str, value: f32) -> bool {
    entries.insert(term, value);
    true
}

#[cfg(test)]
mod decimal_tests {
    use super::{SOURCE, decimal};

    #[test]
    fn every_value_in_the_lexicon_reads_as_the_standard_parser_reads_it() {
        let fields = SOURCE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with('['))
            .flat_map(|l| l.split('\t').skip(1));
        let mut checked = 0;
        for field in fields {
            let field = field.trim();
            assert_eq!(decimal(field), field.parse::<f32>().ok(), "{field:?}");
            checked += 1;
        }
        assert!(checked > 1000, "only {checked} values checked");
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for bad in ["", "-", ".", "1.2.3", "abc", "1e3", "--1", "1,5"] {
            assert_eq!(decimal(bad), None, "{bad:?}");
        }
    }
}
