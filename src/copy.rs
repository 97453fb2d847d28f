//! Every sentence the widget says on its own behalf, in one place, so wording (and later a
//! translation table) is reviewed in one file. FAQ answers come from the site's FAQ instead.

pub const DISCLOSURE: &str = "You're chatting with an automated assistant";
pub const TALK_TO_HUMAN: &str = "Talk to a human";
pub const NOT_SURE: &str = "I'm not sure — did you mean:";
pub const NOT_SURE_NO_SUGGESTION: &str = "I'm not sure I can answer that from our help articles.";
/// Above an answer shown on a guess, followed by the FAQ question it answers; the other
/// suggestions follow the answer under `NOT_SURE`.
pub const TENTATIVE: &str = "I think you're asking:";
pub const HUMAN_OFFER: &str = "Or ask for a person:";
pub const HUMAN_REQUESTED: &str = "I've noted that you'd like to talk to a person. Live chat with our \
    team isn't connected to this page yet, so nobody has seen your request — please use the \
    contact options on this site in the meantime.";
/// After the reason a person is needed (see `Body::Escalation`), while the handoff is not wired.
pub const NO_LIVE_CHAT: &str = "Live chat with our team isn't connected to this page yet, so \
    please use the contact options on this site.";
pub const HUMAN_REQUESTED_OFFLINE: &str = "You're offline, so I can't reach a person right now. \
    I've noted your request; please use the contact options on this site once you're back online.";
pub const UNAVAILABLE: &str = "Sorry — I can't load our help articles right now, so I can't \
    answer that. You can ask for a person instead.";
pub const HELPFUL_QUESTION: &str = "Did this help?";
pub const THANKS_FOR_FEEDBACK: &str = "Thanks for the feedback.";
pub const OFFLINE_CACHED: &str = "You're offline. Answers come from help articles saved on this \
    device; a person can't be reached until you're back online.";
pub const OFFLINE_NO_FAQ: &str =
    "You're offline and no help articles are saved on this device yet.";
pub const STALE_FAQ: &str = "Showing help articles saved on this device; the latest ones \
    couldn't be loaded.";
pub const LOADING_FAQ: &str = "Loading help articles…";
pub const FAILED_FAQ: &str = "Help articles couldn't be loaded, so I can't answer questions \
    right now.";
pub const INPUT_LABEL: &str = "Type your question";
pub const SEND: &str = "Send";
pub const END_CHAT: &str = "End chat";
pub const CLOSE: &str = "Minimise chat";
pub const THINKING: &str = "Looking that up…";
