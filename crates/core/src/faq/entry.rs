//! The FAQ a site publishes: entries a visitor's question can be answered with.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A link shown under an answer ("Returns portal", "Size guide").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// One question the site answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqEntry {
    /// Stable identifier, unique in the file (used in logs, evaluations and the agent console).
    pub id: String,
    /// The canonical question, shown as a suggestion.
    pub question: String,
    /// Other ways visitors ask the same thing; each one is matched like the question.
    #[serde(default)]
    pub alternatives: Vec<String>,
    /// The answer, in Markdown.
    pub answer: String,
    /// Team or topic that owns the entry (routes a hand-over to the right agents).
    #[serde(default)]
    pub topic: Option<String>,
    /// Answer, then hand the visitor to a person anyway (e.g. "my parcel arrived damaged").
    #[serde(default)]
    pub escalate: bool,
    #[serde(default)]
    pub links: Vec<Link>,
}

impl FaqEntry {
    /// The question followed by its alternatives: every phrasing the matcher indexes.
    pub fn phrasings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.question.as_str()).chain(self.alternatives.iter().map(String::as_str))
    }
}

/// A validated FAQ: ids are unique, questions and answers are not empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faq {
    entries: Vec<FaqEntry>,
    by_id: HashMap<String, usize>,
}

/// A loaded FAQ with the warnings found on the way (unknown fields, repeated phrasings).
#[derive(Debug, Clone)]
pub struct LoadedFaq {
    pub faq: Faq,
    pub warnings: Vec<super::Diagnostic>,
}

impl Faq {
    /// Builds an FAQ from entries already known to be valid (e.g. made by code, not typed by a
    /// person). The later of two entries with the same id is dropped.
    pub fn from_entries(entries: Vec<FaqEntry>) -> Faq {
        let mut faq = Faq::default();
        for entry in entries {
            if !faq.by_id.contains_key(&entry.id) {
                faq.by_id.insert(entry.id.clone(), faq.entries.len());
                faq.entries.push(entry);
            }
        }
        faq
    }

    pub fn entries(&self) -> &[FaqEntry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&FaqEntry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
