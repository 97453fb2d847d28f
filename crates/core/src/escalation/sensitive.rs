//! Topics a bot must not handle alone: fraud, a hacked or stolen account, unauthorised
//! charges, legal threats, injury or safety, harassment, a visitor in distress, and
//! bereavement or hardship. Personal
//! data typed into the chat is found separately by [`super::pii`].

use super::phrases::{Phrase, compile};

/// Which sensitive topic a message raised; named in the explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Fraud,
    AccountSecurity,
    Legal,
    Safety,
    Harassment,
    Distress,
    /// Bereavement, hardship or a vulnerable household ("my father passed away", "I lost my
    /// job and can't pay", "no heating and a baby"): a person should decide what to do.
    Circumstances,
    /// One of the site owner's own phrases.
    Custom,
}

impl Topic {
    /// How the topic is named to the visitor and the agent.
    pub fn describe(self) -> &'static str {
        match self {
            Topic::Fraud => "possible fraud, theft or an unauthorised payment",
            Topic::AccountSecurity => "the security of your account",
            Topic::Legal => "a legal matter",
            Topic::Safety => "an injury or safety concern",
            Topic::Harassment => "harassment or abuse",
            Topic::Distress => "how you are feeling",
            Topic::Circumstances => "your personal circumstances",
            Topic::Custom => "a topic our team handles personally",
        }
    }
}

/// One section per topic, plus `[exceptions]`: phrases that look sensitive but are not
/// ("fire tv", "nobody was hurt").
pub(super) const LIST: &str = include_str!("lists/sensitive.txt");

/// The compiled topic lists.
#[derive(Debug, Clone)]
pub struct SensitiveRules {
    topics: Vec<(Topic, Vec<Phrase>)>,
    exceptions: Vec<Phrase>,
}

impl SensitiveRules {
    pub fn new(extra: &[String]) -> SensitiveRules {
        let custom = extra
            .iter()
            .map(|p| Phrase::new(p))
            .filter(|p| !p.is_empty());
        SensitiveRules {
            // Most urgent first: a visitor in distress outranks a legal threat in the same message.
            topics: vec![
                (Topic::Distress, compile(LIST, "distress")),
                (Topic::Safety, compile(LIST, "safety")),
                (Topic::Harassment, compile(LIST, "harassment")),
                (Topic::Circumstances, compile(LIST, "circumstances")),
                (Topic::Fraud, compile(LIST, "fraud")),
                (Topic::AccountSecurity, compile(LIST, "account")),
                (Topic::Legal, compile(LIST, "legal")),
                (Topic::Custom, custom.collect()),
            ],
            exceptions: compile(LIST, "exceptions"),
        }
    }

    /// The topic and matched phrase, if `words` (normalised) raise a sensitive topic.
    pub fn topic(&self, words: &[String]) -> Option<(Topic, String)> {
        let excepted: Vec<(usize, usize)> = self
            .exceptions
            .iter()
            .filter_map(|p| p.find(words))
            .collect();
        for (topic, phrases) in &self.topics {
            for phrase in phrases {
                let Some((start, end)) = phrase.find(words) else {
                    continue;
                };
                let inside = excepted.iter().any(|&(s, e)| s <= start && end <= e);
                if !inside {
                    return Some((*topic, phrase.source.clone()));
                }
            }
        }
        None
    }
}

#[cfg(test)]
#[path = "sensitive_tests.rs"]
mod tests;
