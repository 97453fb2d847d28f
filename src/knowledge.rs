//! The site's FAQ and the on-device matcher from `tandem-core`, behind the two questions the
//! chat asks: "what is the answer to this?" and "show me entry X". Nothing leaves the device.

use crate::markdown::is_safe_href;
use crate::messages::{AnswerLink, Body, Suggestion};
use std::rc::Rc;
use tandem_core::faq::{Faq, Matcher};

pub struct Knowledge {
    faq: Faq,
    matcher: Matcher,
}

impl Knowledge {
    /// Parses and indexes an FAQ file; the error lists every problem, one per line.
    pub fn parse(source_name: &str, json: &str) -> Result<Self, String> {
        let loaded = Faq::parse(source_name, json).map_err(|diagnostics| {
            diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        let matcher = Matcher::new(&loaded.faq);
        Ok(Self {
            faq: loaded.faq,
            matcher,
        })
    }

    pub fn len(&self) -> usize {
        self.faq.entries().len()
    }

    /// The bot's reply: `Body::Answer` (confident or tentative) or `Body::NotSure`.
    pub fn ask(&self, question: &str) -> Body {
        let result = self.matcher.ask(question);
        if let Some(best) = result
            .answer
            .as_ref()
            .and_then(|scored| self.entry(&scored.id))
        {
            return best;
        }
        let ids: Vec<String> = result.suggestions.iter().map(|s| s.id.clone()).collect();
        match &result.tentative {
            Some(likely) => self.tentative(&likely.id, &ids),
            None => self.suggest(&ids),
        }
    }

    /// Entry `entry_id` shown on a guess, with the other suggested entries; "not sure" with
    /// the suggestions if the id is unknown.
    pub fn tentative(&self, entry_id: &str, suggested: &[String]) -> Body {
        let mut body = self.entry(entry_id);
        if let Some(Body::Answer {
            tentative, others, ..
        }) = &mut body
        {
            let rest: Vec<String> = suggested
                .iter()
                .filter(|id| *id != entry_id)
                .cloned()
                .collect();
            *tentative = true;
            *others = self.suggestions(&rest);
        }
        body.unwrap_or_else(|| self.suggest(suggested))
    }

    /// "Not sure" with up to three of these entries (unknown ids are skipped).
    pub fn suggest(&self, ids: &[String]) -> Body {
        Body::NotSure {
            suggestions: self.suggestions(ids),
        }
    }

    /// Up to three of these entries as suggestions (unknown ids are skipped).
    fn suggestions(&self, ids: &[String]) -> Vec<Suggestion> {
        ids.iter()
            .filter_map(|id| self.faq.get(id))
            .take(3)
            .map(|entry| Suggestion {
                entry_id: entry.id.clone(),
                question: entry.question.clone(),
            })
            .collect()
    }

    /// The answer of one entry, for a clicked suggestion.
    pub fn entry(&self, entry_id: &str) -> Option<Body> {
        self.faq.get(entry_id).map(|entry| Body::Answer {
            entry_id: entry.id.clone(),
            question: entry.question.clone(),
            markdown: entry.answer.clone(),
            escalate: entry.escalate,
            // Unsafe link targets are dropped here, so they never reach the view.
            links: entry
                .links
                .iter()
                .filter(|link| is_safe_href(&link.url))
                .map(|link| AnswerLink {
                    title: link.title.clone(),
                    url: link.url.clone(),
                })
                .collect(),
            feedback: None,
            tentative: false,
            others: Vec::new(),
        })
    }
}

/// A shared, immutable knowledge base. Equality is identity: the reducer only needs to know
/// whether the FAQ was swapped, and comparing whole indexes on every render would be waste.
#[derive(Clone)]
pub struct KnowledgeRef(pub Rc<Knowledge>);

impl KnowledgeRef {
    pub fn new(knowledge: Knowledge) -> Self {
        Self(Rc::new(knowledge))
    }
}

impl std::ops::Deref for KnowledgeRef {
    type Target = Knowledge;
    fn deref(&self) -> &Knowledge {
        &self.0
    }
}

impl PartialEq for KnowledgeRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for KnowledgeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Knowledge({} entries)", self.len())
    }
}
