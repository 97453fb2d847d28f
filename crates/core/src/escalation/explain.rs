//! The two explanations every escalation carries: a kind, honest sentence for the visitor
//! ("I'm connecting you with a person because …") and a factual note for the agent that
//! names the turn and quotes the visitor — with personal data already masked.

use super::pii::{PiiKind, redact};
use super::sensitive::Topic;

/// Why, in detail, a turn escalated (richer than [`super::EscalationReason`]).
#[derive(Debug, Clone)]
pub enum Cause {
    Request,
    Topic(Topic),
    Pii(PiiKind),
    FaqEntry(String),
    StrongNegative { negative: f32, frustration: f32 },
    Sustained { running: f32, streak: u32 },
    Unanswered(u32),
}

const HANDOVER: &str = "They'll see our conversation so far, so you won't have to repeat anything.";

pub fn visitor_message(cause: &Cause) -> String {
    let why = match cause {
        Cause::Request => "Of course — I'm connecting you with a person now.".to_owned(),
        Cause::Topic(Topic::Distress) => "I'm really sorry you're going through this. I'm connecting you with a person right now. If you are in danger, please contact your local emergency number.".to_owned(),
        Cause::Topic(topic) => format!(
            "I'm connecting you with a person because this is about {}, which our team handles personally.",
            topic.describe()
        ),
        Cause::Pii(kind) => format!(
            "I'm connecting you with a person because your message contained {}. For your safety, please don't share it in chat — our team will never ask for it here.",
            kind.describe()
        ),
        Cause::FaqEntry(_) => "I'm connecting you with a person because our team handles this question personally.".to_owned(),
        Cause::StrongNegative { .. } | Cause::Sustained { .. } => "I'm sorry this has been frustrating. I'm connecting you with a person who can sort it out.".to_owned(),
        Cause::Unanswered(_) => "I'm sorry, I couldn't find a good answer to that. I'm connecting you with a person who can help.".to_owned(),
    };
    format!("{why} {HANDOVER}")
}

pub fn agent_note(cause: &Cause, turn: u32, text: &str) -> String {
    let quote = quote(text);
    match cause {
        Cause::Request => format!("Visitor asked for a human in turn {turn}: {quote}"),
        Cause::Topic(topic) => format!(
            "Sensitive topic ({}) raised in turn {turn}: {quote}",
            topic.describe()
        ),
        Cause::Pii(kind) => format!(
            "Visitor typed {} in turn {turn} (masked here; do not ask them to repeat it in chat): {quote}",
            kind.describe()
        ),
        Cause::FaqEntry(id) => {
            format!("Turn {turn} matched FAQ entry `{id}`, which is marked for a person: {quote}")
        }
        Cause::StrongNegative {
            negative,
            frustration,
        } => format!(
            "Visitor is upset in turn {turn} (negative {negative:.2}, frustration {frustration:.2}): {quote}"
        ),
        Cause::Sustained { running, streak } => format!(
            "Visitor has been unhappy for {streak} turn(s) (running negativity {running:.2}); latest, turn {turn}: {quote}"
        ),
        Cause::Unanswered(n) => format!(
            "The bot had no confident answer for {n} turns in a row; latest, turn {turn}: {quote}"
        ),
    }
}

/// The visitor's words, masked and cut to a readable length, in quotes.
fn quote(text: &str) -> String {
    const MAX_CHARS: usize = 160;
    let masked = redact(text.trim());
    let mut cut: String = masked.chars().take(MAX_CHARS).collect();
    if masked.chars().count() > MAX_CHARS {
        cut.push('…');
    }
    format!("'{cut}'")
}
