//! Escalation policy: decides, turn by turn, when a human must take over, and says why in
//! words the visitor and the agent can read.
//!
//! The widget and `tandem eval escalation` run the same [`EscalationPolicy::observe`] on every
//! visitor turn with that turn's sentiment scores and FAQ match. Four reasons, checked in this
//! order because a later one must never hide an earlier one:
//! 1. `sensitive` — personal data typed into the chat ([`pii`]), a sensitive topic
//!    ([`sensitive`]), or an FAQ entry the site marked `"escalate": true`;
//! 2. `request` — the visitor asks for a person ([`request`]);
//! 3. `sentiment` — one strongly negative/frustrated message, or negativity sustained across
//!    turns (a running average and a streak);
//! 4. `unanswered` — N turns in a row without a confident FAQ answer (greetings and "thanks"
//!    neither count nor break the run).

mod config;
mod explain;
mod message;
mod names;
mod phrases;
pub mod pii;
mod policy;
mod request;
mod sensitive;
#[cfg(feature = "semantic")]
pub mod topic_model;

pub use config::{EnabledReasons, PolicyConfig};
pub use message::{Judged, Observed, judge_answered, observe_message};
pub use pii::{PiiKind, find_pii, redact};
pub use policy::EscalationPolicy;
pub use sensitive::Topic;

use crate::faq::MatchResult;
use crate::sentiment::SentimentScores;
use serde::{Deserialize, Serialize};

/// One visitor message with what the widget already knows about it.
#[derive(Debug, Clone, Copy)]
pub struct Turn<'a> {
    pub text: &'a str,
    pub sentiment: SentimentScores,
    pub faq: &'a MatchResult,
    /// The confident answer's FAQ entry is marked `"escalate": true`.
    pub faq_entry_escalates: bool,
}

/// What to do after a turn.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    StayWithBot,
    Escalate(Escalation),
}

impl Decision {
    pub fn escalation(&self) -> Option<&Escalation> {
        match self {
            Decision::StayWithBot => None,
            Decision::Escalate(e) => Some(e),
        }
    }
}

/// A hand-over to a person, with its reason and both explanations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Escalation {
    pub reason: EscalationReason,
    /// Shown to the visitor: kind and honest ("I'm connecting you with a person because …").
    pub visitor_message: String,
    /// Why a person is needed, without promising a connection: what the widget shows when no
    /// live chat is reachable ("This is about a hacked account, which our team handles …").
    pub visitor_reason: String,
    /// Shown to the agent: which turn, what happened, the visitor's words (personal data masked).
    pub agent_note: String,
}

/// Why a conversation was handed to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EscalationReason {
    Request,
    Sentiment,
    Sensitive,
    Unanswered,
}

impl EscalationReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EscalationReason::Request => "request",
            EscalationReason::Sentiment => "sentiment",
            EscalationReason::Sensitive => "sensitive",
            EscalationReason::Unanswered => "unanswered",
        }
    }
}

#[cfg(test)]
mod policy_tests;
#[cfg(all(test, feature = "semantic"))]
mod topic_guess_tests;
