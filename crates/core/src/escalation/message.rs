//! One visitor message end to end: FAQ match, sentiment, policy. The widget and
//! `tandem eval escalation` run the same code: the CLI and the assistant worker, once it
//! has the FAQ, call [`observe_message`]; the worker judges turns the chat shell answered
//! itself with [`judge_answered`], which `observe_message` is built on.

use super::pii::redact;
use super::{Decision, EscalationPolicy, Turn};
use crate::faq::{Faq, MatchResult, Matcher};
use crate::sentiment::{SentimentModel, SentimentScores};

/// What the bot learned from one visitor message.
#[derive(Debug, Clone)]
pub struct Observed {
    pub faq: MatchResult,
    pub decision: Decision,
    pub sentiment: SentimentScores,
    /// The text with personal data masked, when it held any.
    pub masked: Option<String>,
}

/// Words by which a follow-up points back at the previous message ("what time does *it*
/// end" after "is breakfast included").
const REFERS_BACK: [&str; 7] = ["it", "its", "that", "this", "they", "them", "those"];

/// A question this short ("how much per day?", "and for kids?") leans on the previous
/// message even without a pointing word.
const SHORT_FOLLOW_UP: usize = 5;

/// Matches `text` against the FAQ, scores its sentiment and lets the policy decide.
///
/// A follow-up *question* that points back ("what time does it end") and has no confident
/// answer of its own is asked again together with the visitor's previous message, so the
/// visitor does not have to repeat the topic; its own answer, when it has one, always wins.
/// Statements are left alone: "I did that already" after an answer means it did not help, and
/// must not be answered with the same entry again.
pub fn observe_message(
    policy: &mut EscalationPolicy,
    faq: &Faq,
    matcher: &Matcher,
    model: &dyn SentimentModel,
    text: &str,
) -> Observed {
    let mut result = matcher.ask(text);
    let words = crate::text::words(text);
    if result.answer.is_none()
        && let Some(previous) = policy.previous_text()
        && (words.iter().any(|w| REFERS_BACK.contains(&w.as_str()))
            || words.len() <= SHORT_FOLLOW_UP)
        && policy.is_question(text, &words)
    {
        let in_context = matcher.ask(&format!("{previous} {text}"));
        if in_context.answer.is_some() {
            result = in_context;
        }
    }
    let faq_entry_escalates = result
        .answer
        .as_ref()
        .and_then(|a| faq.get(&a.id))
        .is_some_and(|entry| entry.escalate);
    let judged = judge_answered(policy, model, text, &result, faq_entry_escalates);
    Observed {
        faq: result,
        decision: judged.decision,
        sentiment: judged.sentiment,
        masked: judged.masked,
    }
}

/// The policy's verdict on a turn the FAQ matcher already answered elsewhere: the chat shell
/// matches on the main thread and the worker (which holds the sentiment model and this
/// policy) judges, with the same rules [`observe_message`] applies.
#[derive(Debug, Clone)]
pub struct Judged {
    pub decision: Decision,
    pub sentiment: SentimentScores,
    /// The text with personal data masked, when it held any (to replace what is shown/saved).
    pub masked: Option<String>,
}

pub fn judge_answered(
    policy: &mut EscalationPolicy,
    model: &dyn SentimentModel,
    text: &str,
    faq: &MatchResult,
    faq_entry_escalates: bool,
) -> Judged {
    let sentiment = model.score(text);
    let decision = policy.observe(&Turn {
        text,
        sentiment,
        faq,
        faq_entry_escalates,
    });
    let masked = redact(text);
    Judged {
        decision,
        sentiment,
        masked: (masked != text).then_some(masked),
    }
}
