//! One visitor message end to end: FAQ match, sentiment, policy. The widget and
//! `tandem eval escalation` both call [`observe_message`], so what is measured is what runs.

use super::{Decision, EscalationPolicy, Turn};
use crate::faq::{Faq, MatchResult, Matcher};
use crate::sentiment::SentimentModel;

/// What the bot learned from one visitor message.
#[derive(Debug, Clone)]
pub struct Observed {
    pub faq: MatchResult,
    pub decision: Decision,
}

/// Matches `text` against the FAQ, scores its sentiment and lets the policy decide.
pub fn observe_message(
    policy: &mut EscalationPolicy,
    faq: &Faq,
    matcher: &Matcher,
    model: &dyn SentimentModel,
    text: &str,
) -> Observed {
    let result = matcher.ask(text);
    let faq_entry_escalates = result
        .answer
        .as_ref()
        .and_then(|a| faq.get(&a.id))
        .is_some_and(|entry| entry.escalate);
    let decision = policy.observe(&Turn {
        text,
        sentiment: model.score(text),
        faq: &result,
        faq_entry_escalates,
    });
    Observed {
        faq: result,
        decision,
    }
}
