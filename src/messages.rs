//! What a conversation is made of. These types are saved to the visitor's storage (serde), so
//! they change only by adding optional fields; `Conversation::VERSION` guards the rest.

use serde::{Deserialize, Serialize};
use tandem_core::escalation::EscalationReason;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Visitor,
    Bot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feedback {
    Helpful,
    NotHelpful,
}

/// A "read more" link under an answer (already checked to be http, https, mailto or /path).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerLink {
    pub title: String,
    pub url: String,
}

/// An FAQ entry offered when the matcher is not sure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub entry_id: String,
    pub question: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Body {
    /// What the visitor typed, or a plain bot line (the greeting).
    Text { text: String },
    /// An FAQ answer (markdown from the site's FAQ) with the visitor's rating.
    Answer {
        entry_id: String,
        question: String,
        markdown: String,
        #[serde(default)]
        escalate: bool,
        #[serde(default)]
        links: Vec<AnswerLink>,
        #[serde(default)]
        feedback: Option<Feedback>,
        /// Shown on a likely guess, not a confident match: the bot says so and offers the
        /// `others` and a person.
        #[serde(default)]
        tentative: bool,
        #[serde(default)]
        others: Vec<Suggestion>,
    },
    /// "I'm not sure — did you mean: …" plus the offer of a person.
    NotSure { suggestions: Vec<Suggestion> },
    /// The escalation policy (in the assistant worker) decided a person is needed; `why` says
    /// so in the visitor's terms, followed by the offer of one. A request in the visitor's own
    /// words becomes `HumanRequested` instead: asking them to confirm would be a bot trap.
    Escalation { why: String },
    /// The visitor asked for a person.
    HumanRequested { online: bool },
    /// The FAQ could not be loaded, so the bot cannot answer.
    Unavailable,
}

impl Body {
    /// The text a host page listener gets in a `message` event.
    pub fn plain_text(&self) -> Option<String> {
        match self {
            Body::Text { text } => Some(text.clone()),
            Body::Answer { markdown, .. } => Some(markdown.clone()),
            Body::NotSure { .. } => Some(crate::copy::NOT_SURE.to_string()),
            Body::Escalation { why, .. } => Some(format!("{why} {}", crate::copy::NO_LIVE_CHAT)),
            Body::HumanRequested { .. } => Some(crate::copy::HUMAN_REQUESTED.to_string()),
            Body::Unavailable => Some(crate::copy::UNAVAILABLE.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: u32,
    pub author: Author,
    pub body: Body,
}

/// Who the host page says the visitor is (`Tandem.identify`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Visitor {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub version: u32,
    pub messages: Vec<Message>,
    pub next_id: u32,
    #[serde(default)]
    pub human_requested: bool,
    #[serde(default)]
    pub visitor: Option<Visitor>,
}

impl Conversation {
    pub const VERSION: u32 = 1;

    pub fn greeted(greeting: &str) -> Self {
        let mut conversation = Self {
            version: Self::VERSION,
            messages: Vec::new(),
            next_id: 0,
            human_requested: false,
            visitor: None,
        };
        conversation.push(
            Author::Bot,
            Body::Text {
                text: greeting.to_string(),
            },
        );
        conversation
    }

    pub fn push(&mut self, author: Author, body: Body) {
        self.messages.push(Message {
            id: self.next_id,
            author,
            body,
        });
        self.next_id += 1;
    }

    /// Reads a saved conversation; anything unreadable or from another version is dropped
    /// (a fresh chat is better than a broken widget).
    pub fn from_saved(json: &str) -> Option<Self> {
        serde_json::from_str::<Self>(json)
            .ok()
            .filter(|saved| saved.version == Self::VERSION && !saved.messages.is_empty())
    }
}

/// Events the host page can listen to with `Tandem.on(name, callback)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum HostEvent {
    Open,
    Close,
    Message {
        author: Author,
        text: String,
    },
    Feedback {
        entry_id: String,
        helpful: bool,
    },
    /// The escalation policy decided a person is needed (reason: `request`, `sentiment`,
    /// `sensitive` or `unanswered`), so a host page can open its own contact route.
    Escalated {
        reason: EscalationReason,
    },
    /// A typed visitor turn and how the FAQ answered it, for the loader to hand to the
    /// assistant worker (the escalation policy with the sentiment model); the loader keeps
    /// it to itself and answers with `Widget::judged`.
    /// With `awaiting`, the shell has not answered: the worker's semantic matcher answers
    /// (`Widget::answered`) and judges in one step.
    Turn {
        message: u32,
        text: String,
        answered: Option<String>,
        entry_escalates: bool,
        awaiting: bool,
    },
    HumanRequested,
    EndChat,
}

impl HostEvent {
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::Open => "open",
            HostEvent::Close => "close",
            HostEvent::Message { .. } => "message",
            HostEvent::Feedback { .. } => "feedback",
            HostEvent::Escalated { .. } => "escalated",
            HostEvent::Turn { .. } => "turn",
            HostEvent::HumanRequested => "human_requested",
            HostEvent::EndChat => "end_chat",
        }
    }
}
