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
    /// A topic the lists missed that the topic model names, with its probability. Only the
    /// worker and the CLI load the model; the chat shell's build never makes one.
    #[cfg_attr(not(feature = "semantic"), allow(dead_code))]
    TopicGuess(Topic, f32),
    Pii(PiiKind),
    FaqEntry(String),
    StrongNegative {
        negative: f32,
        frustration: f32,
    },
    Sustained {
        running: f32,
        streak: u32,
    },
    /// An `[upset]` phrase ("you guys are a joke"), as listed.
    Upset(String),
    Unanswered(u32),
    /// The same FAQ entry was the answer this many turns in a row.
    RepeatedAnswer {
        entry: String,
        turns: u32,
    },
    /// The visitor said the answer from this entry missed ("that's not what I asked").
    AnswerRejected(String),
}

const HANDOVER: &str = "They'll see our conversation so far, so you won't have to repeat anything.";

pub fn visitor_message(cause: &Cause) -> String {
    let connecting = match cause {
        Cause::Request => return format!("Of course — I'm connecting you with a person now. {HANDOVER}"),
        Cause::Topic(Topic::Distress) | Cause::TopicGuess(Topic::Distress, _) => {
            return format!(
                "I'm really sorry you're going through this. I'm connecting you with a person right now. If you are in danger, please contact your local emergency number. {HANDOVER}"
            );
        }
        Cause::StrongNegative { .. } | Cause::Sustained { .. } | Cause::Upset(_) => {
            "I'm sorry this has been frustrating. I'm connecting you with a person who can sort it out."
                .to_owned()
        }
        Cause::Unanswered(_) => "I'm sorry, I couldn't find a good answer to that. I'm connecting you with a person who can help.".to_owned(),
        Cause::RepeatedAnswer { .. } | Cause::AnswerRejected(_) => "I'm sorry my answer didn't help. I'm connecting you with a person who can look into it.".to_owned(),
        Cause::Topic(_) | Cause::TopicGuess(..) | Cause::Pii(_) | Cause::FaqEntry(_) => {
            format!("I'm connecting you with a person because {}", because(cause))
        }
    };
    format!("{connecting} {HANDOVER}")
}

/// Why a person is needed, without promising that one is being connected: the widget says
/// this when no live chat is reachable, then says honestly what happens instead.
pub fn visitor_reason(cause: &Cause) -> String {
    match cause {
        Cause::Request => "You asked to talk to a person.".to_owned(),
        Cause::Topic(Topic::Distress) | Cause::TopicGuess(Topic::Distress, _) => "I'm really sorry you're going through this. If you are in danger, please contact your local emergency number.".to_owned(),
        Cause::StrongNegative { .. } | Cause::Sustained { .. } | Cause::Upset(_) => {
            "I'm sorry this has been frustrating; a person should sort this out.".to_owned()
        }
        Cause::Unanswered(_) => {
            "I'm sorry, I couldn't find a good answer to that; a person should help.".to_owned()
        }
        Cause::RepeatedAnswer { .. } | Cause::AnswerRejected(_) => {
            "I'm sorry my answer didn't help; a person should look into it.".to_owned()
        }
        Cause::Topic(_) | Cause::TopicGuess(..) | Cause::Pii(_) | Cause::FaqEntry(_) => {
            let why = because(cause);
            let mut chars = why.chars();
            chars.next().map_or_else(String::new, |first| {
                format!("{}{}", first.to_uppercase(), chars.as_str())
            })
        }
    }
}

/// The end of "I'm connecting you with a person because …" for the causes that need one.
fn because(cause: &Cause) -> String {
    match cause {
        Cause::Topic(topic) | Cause::TopicGuess(topic, _) => format!(
            "this is about {}, which our team handles personally.",
            topic.describe()
        ),
        Cause::Pii(kind) => format!(
            "your message contained {}. For your safety, please don't share it in chat — our team will never ask for it here.",
            kind.describe()
        ),
        _ => "our team handles this question personally.".to_owned(),
    }
}

pub fn agent_note(cause: &Cause, turn: u32, text: &str) -> String {
    let quote = quote(text);
    match cause {
        Cause::Request => format!("Visitor asked for a human in turn {turn}: {quote}"),
        Cause::Topic(topic) => format!(
            "Sensitive topic ({}) raised in turn {turn}: {quote}",
            topic.describe()
        ),
        Cause::TopicGuess(topic, p) => format!(
            "Sensitive topic ({}) read by the topic model (probability {}) in turn {turn}; no listed phrase matched, so check it: {quote}",
            topic.describe(),
            two_decimals(*p)
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
            "Visitor is upset in turn {turn} (negative {}, frustration {}): {quote}",
            two_decimals(*negative),
            two_decimals(*frustration)
        ),
        Cause::Sustained { running, streak } => format!(
            "Visitor has been unhappy for {streak} turn(s) (running negativity {}); latest, turn {turn}: {quote}",
            two_decimals(*running)
        ),
        Cause::Upset(phrase) => {
            format!("Visitor is upset in turn {turn} (said \"{phrase}\"): {quote}")
        }
        Cause::Unanswered(n) => format!(
            "The bot had no confident answer for {n} turns in a row; latest, turn {turn}: {quote}"
        ),
        Cause::AnswerRejected(entry) => format!(
            "The visitor said the bot's answer (`{entry}`) did not help, in turn {turn}: {quote}"
        ),
        Cause::RepeatedAnswer { entry, turns } => format!(
            "The bot gave the same answer (`{entry}`) {turns} turns in a row and the visitor is still asking; latest, turn {turn}: {quote}"
        ),
    }
}

/// `0.87` for a score in 0..1, without `{:.2}`: float formatting costs the chat shell's wasm
/// ~15 KB, and this runs there.
fn two_decimals(score: f32) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let hundredths = (score.clamp(-1000.0, 1000.0) * 100.0).round() as i32;
    let sign = if hundredths < 0 { "-" } else { "" };
    let abs = hundredths.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
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

#[cfg(test)]
mod tests {
    use super::two_decimals;

    #[test]
    fn two_decimals_reads_like_the_standard_formatting() {
        for i in -300..=300 {
            let x = i as f32 / 173.0;
            assert_eq!(two_decimals(x), format!("{x:.2}"), "{x}");
        }
    }
}
