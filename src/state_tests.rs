#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::knowledge::Knowledge;
use crate::messages::Feedback;

const FAQ: &str = r#"{"entries": [
  {"id": "returns", "question": "How do I return an item?",
   "alternatives": ["send something back", "return policy", "refund for a return"],
   "answer": "Start a return from **Orders** within 30 days."},
  {"id": "shipping-time", "question": "How long does delivery take?",
   "alternatives": ["when will my parcel arrive", "shipping time", "delivery time"],
   "answer": "Standard delivery takes 2–4 working days."},
  {"id": "payment-methods", "question": "Which payment methods do you accept?",
   "alternatives": ["can I pay with paypal", "credit card", "pay by card"],
   "answer": "Cards, PayPal and Klarna."},
  {"id": "complaint", "question": "I want to make a complaint",
   "alternatives": ["file a complaint"], "answer": "We're sorry.", "escalate": true}
]}"#;

fn ready() -> State {
    let mut state = State::new("Hello!", false);
    let knowledge = KnowledgeRef::new(Knowledge::parse("faq.json", FAQ).unwrap());
    state.apply(Action::FaqLoaded {
        knowledge,
        from_cache: false,
    });
    state
}

fn last_body(state: &State) -> &Body {
    &state.conversation.messages.last().unwrap().body
}

#[test]
fn a_new_chat_holds_only_the_greeting_counted_as_unread() {
    let state = State::new("Hello!", false);
    assert_eq!(state.conversation.messages.len(), 1);
    assert_eq!(state.unread, 1);
    assert!(!state.interacted);
}

#[test]
fn opening_clears_the_badge_without_counting_as_an_interaction() {
    let mut state = ready();
    state.apply(Action::Open);
    assert!(state.open);
    assert_eq!(state.unread, 0);
    assert!(
        !state.interacted,
        "opening alone must not allow storage writes"
    );
}

#[test]
fn a_faq_question_is_answered_with_its_entry() {
    let mut state = ready();
    state.apply(Action::Open);
    state.apply(Action::Send("how do I return an item".into()));
    assert!(state.interacted);
    match last_body(&state) {
        Body::Answer {
            entry_id, markdown, ..
        } => {
            assert_eq!(entry_id, "returns");
            assert!(markdown.contains("30 days"));
        }
        other => panic!("expected an answer, got {other:?}"),
    }
}

#[test]
fn an_out_of_scope_question_gets_not_sure_with_at_most_three_suggestions() {
    let mut state = ready();
    state.apply(Action::Send(
        "what is the airspeed velocity of an unladen swallow".into(),
    ));
    match last_body(&state) {
        Body::NotSure { suggestions } => assert!(suggestions.len() <= 3),
        other => panic!("expected not sure, got {other:?}"),
    }
}

#[test]
fn a_picked_suggestion_shows_the_question_and_its_answer() {
    let mut state = ready();
    state.apply(Action::PickSuggestion("payment-methods".into()));
    let messages = &state.conversation.messages;
    let asked = &messages[messages.len() - 2];
    assert_eq!(asked.author, Author::Visitor);
    assert!(matches!(&asked.body, Body::Text { text } if text.contains("payment methods")));
    assert!(
        matches!(last_body(&state), Body::Answer { entry_id, .. } if entry_id == "payment-methods")
    );
}

#[test]
fn questions_asked_before_the_faq_arrives_are_answered_when_it_does() {
    let mut state = State::new("Hello!", true);
    state.apply(Action::Send("shipping time".into()));
    assert_eq!(state.pending.len(), 1);
    let knowledge = KnowledgeRef::new(Knowledge::parse("faq.json", FAQ).unwrap());
    state.apply(Action::FaqLoaded {
        knowledge,
        from_cache: true,
    });
    assert!(state.pending.is_empty());
    assert!(
        matches!(last_body(&state), Body::Answer { entry_id, .. } if entry_id == "shipping-time")
    );
}

#[test]
fn a_failed_faq_answers_honestly_instead_of_guessing() {
    let mut state = State::new("Hello!", true);
    state.apply(Action::FaqFailed("the server answered 404".into()));
    state.apply(Action::Send("where is my parcel".into()));
    assert_eq!(last_body(&state), &Body::Unavailable);
}

#[test]
fn feedback_is_stored_on_the_answer_and_reported_to_the_host() {
    let mut state = ready();
    state.apply(Action::Send("return policy".into()));
    let id = state.conversation.messages.last().unwrap().id;
    state.apply(Action::Feedback {
        message: id,
        helpful: false,
    });
    assert!(matches!(
        last_body(&state),
        Body::Answer {
            feedback: Some(Feedback::NotHelpful),
            ..
        }
    ));
    assert!(matches!(
        state.events.last(),
        Some((_, HostEvent::Feedback { entry_id, helpful: false })) if entry_id == "returns"
    ));
}

#[test]
fn asking_for_a_human_opens_the_chat_and_records_the_request_once() {
    let mut state = ready();
    state.apply(Action::RequestHuman);
    state.apply(Action::RequestHuman);
    assert!(state.open);
    assert!(state.conversation.human_requested);
    let requests = state
        .events
        .iter()
        .filter(|(_, e)| *e == HostEvent::HumanRequested)
        .count();
    assert_eq!(requests, 1);
    assert!(matches!(
        last_body(&state),
        Body::HumanRequested { online: true }
    ));
}

#[test]
fn bot_messages_while_closed_raise_the_unread_count() {
    let mut state = State::new("Hello!", true);
    state.apply(Action::Send("delivery time".into()));
    state.apply(Action::Close);
    let knowledge = KnowledgeRef::new(Knowledge::parse("faq.json", FAQ).unwrap());
    state.apply(Action::FaqLoaded {
        knowledge,
        from_cache: false,
    });
    assert_eq!(state.unread, 1);
}

#[test]
fn end_chat_forgets_everything_but_a_fresh_greeting() {
    let mut state = ready();
    state.apply(Action::Open);
    state.apply(Action::Send("return policy".into()));
    state.apply(Action::EndChat);
    assert_eq!(state.conversation.messages.len(), 1);
    assert!(!state.interacted);
    assert!(!state.open);
}

#[test]
fn a_restored_conversation_survives_a_save_round_trip() {
    let mut state = ready();
    state.apply(Action::Send("return policy".into()));
    let json = serde_json::to_string(&state.conversation).unwrap();
    let saved = Conversation::from_saved(&json).unwrap();
    let mut reloaded = State::new("Hello!", false);
    reloaded.apply(Action::Restore(saved));
    assert_eq!(reloaded.conversation, state.conversation);
    assert_eq!(reloaded.unread, 0);
}

#[test]
fn an_unreadable_saved_conversation_is_ignored() {
    assert!(Conversation::from_saved("{not json").is_none());
    assert!(Conversation::from_saved(r#"{"version": 99, "messages": [], "next_id": 0}"#).is_none());
}

#[test]
fn empty_messages_are_not_sent() {
    let mut state = ready();
    state.apply(Action::Send("   ".into()));
    assert_eq!(state.conversation.messages.len(), 1);
    assert!(!state.interacted);
}

#[test]
fn an_entry_marked_escalate_carries_the_human_offer() {
    let mut state = ready();
    state.apply(Action::Send("I want to make a complaint".into()));
    assert!(matches!(
        last_body(&state),
        Body::Answer { escalate: true, .. }
    ));
}
