//! What the matcher answers. Shared by the widget, the escalation policy and the CLI:
//! keep these types stable.

use serde::{Deserialize, Serialize};

/// One FAQ entry with the matcher's calibrated confidence (0..1) that it answers the question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    pub id: String,
    pub confidence: f32,
}

/// The matcher's answer to one visitor question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MatchResult {
    /// The best entry when the matcher is confident enough to answer with it; `None` means
    /// "no confident match" (out of scope, or too close to call).
    pub answer: Option<Scored>,
    /// The best entry when it is likely but under the confident bar: shown to the visitor
    /// with a hedge ("I think you're asking…") and the other suggestions. The escalation
    /// policy reads only `answer`, so a turn answered this way still counts as unanswered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tentative: Option<Scored>,
    /// Up to three best candidates, best first, whether or not one was confident.
    pub suggestions: Vec<Scored>,
}

impl MatchResult {
    pub fn is_confident(&self) -> bool {
        self.answer.is_some()
    }

    /// The entry the visitor is shown, confident or tentative.
    pub fn shown(&self) -> Option<&Scored> {
        self.answer.as_ref().or(self.tentative.as_ref())
    }
}
