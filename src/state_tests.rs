#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::knowledge::Knowledge;
use crate::messages::{Feedback, HostEvent};
use tandem_core::escalation::EscalationReason;

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

fn turns(state: &State) -> Vec<(u32, String, Option<String>, bool)> {
    state
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            HostEvent::Turn {
                message,
                text,
                answered,
                entry_escalates,
                awaiting: false,
            } => Some((*message, text.clone(), answered.clone(), *entry_escalates)),
            _ => None,
        })
        .collect()
}

fn judged(
    message: u32,
    masked: Option<&str>,
    escalation: Option<(EscalationReason, &str)>,
) -> Action {
    Action::Judged {
        message,
        masked: masked.map(str::to_owned),
        escalation: escalation.map(|(r, why)| (r, why.to_owned())),
    }
}

#[test]
fn every_typed_turn_is_reported_for_judging_with_how_the_faq_answered_it() {
    let mut state = ready();
    state.apply(Action::Send("I want to make a complaint".into()));
    state.apply(Action::Send("what is the capital of Mongolia".into()));
    state.apply(Action::PickSuggestion("returns".into()));
    assert_eq!(
        turns(&state),
        vec![
            (
                1,
                "I want to make a complaint".into(),
                Some("complaint".into()),
                true
            ),
            (3, "what is the capital of Mongolia".into(), None, false),
        ],
        "a clicked suggestion is not a turn"
    );
}

#[test]
fn questions_asked_before_the_faq_arrived_are_reported_with_their_own_ids() {
    let mut state = State::new("Hello!", true);
    state.apply(Action::Send("where is my parcel".into()));
    state.apply(Action::Send("and my refund?".into()));
    assert!(
        turns(&state).is_empty(),
        "nothing is judged before it is answered"
    );
    state.apply(Action::FaqFailed("HTTP 500".into()));
    let ids: Vec<u32> = turns(&state).iter().map(|t| t.0).collect();
    assert_eq!(ids, vec![1, 2]);
}

#[test]
fn a_verdict_masks_personal_data_in_what_is_shown_and_saved() {
    let mut state = ready();
    state.apply(Action::Send(
        "my card 4111 1111 1111 1111 was charged twice".into(),
    ));
    state.apply(judged(
        1,
        Some("my card [card ending 1111] was charged twice"),
        Some((
            EscalationReason::Sensitive,
            "Your message contained a card number.",
        )),
    ));
    let saved = serde_json::to_string(&state.conversation).unwrap();
    assert!(!saved.contains("4111 1111"), "{saved}");
    assert!(saved.contains("[card ending 1111]"));
    let Body::Escalation { why } = last_body(&state) else {
        panic!("expected an escalation, got {:?}", last_body(&state));
    };
    assert_eq!(why, "Your message contained a card number.");
    assert!(
        !state.conversation.human_requested,
        "an offer, not a request"
    );
}

#[test]
fn a_request_for_a_person_in_words_records_it_without_another_click() {
    let mut state = ready();
    state.apply(Action::Send("can I speak to a real person please".into()));
    state.apply(judged(
        1,
        None,
        Some((EscalationReason::Request, "You asked.")),
    ));
    assert!(state.conversation.human_requested);
    assert!(matches!(last_body(&state), Body::HumanRequested { .. }));
    let names: Vec<&str> = state.events.iter().map(|(_, e)| e.name()).collect();
    assert!(names.contains(&"escalated"), "{names:?}");
    assert!(names.contains(&"human_requested"), "{names:?}");
}

#[test]
fn an_escalated_answer_loses_its_own_offer_so_the_visitor_sees_one_button() {
    let mut state = ready();
    state.apply(Action::Send("I want to make a complaint".into()));
    assert!(matches!(
        last_body(&state),
        Body::Answer { escalate: true, .. }
    ));
    state.apply(judged(
        1,
        None,
        Some((EscalationReason::Sensitive, "Our team handles this.")),
    ));
    let messages = &state.conversation.messages;
    assert!(matches!(
        messages[messages.len() - 2].body,
        Body::Answer {
            escalate: false,
            ..
        }
    ));
    assert!(matches!(last_body(&state), Body::Escalation { .. }));
}

#[test]
fn a_calm_verdict_or_one_for_an_unknown_message_changes_nothing() {
    let mut state = ready();
    state.apply(Action::Send("how do I return an item".into()));
    let before = state.conversation.clone();
    state.apply(judged(1, None, None));
    state.apply(judged(
        42,
        Some("x"),
        Some((EscalationReason::Unanswered, "?")),
    ));
    state.apply(judged(
        0,
        Some("x"),
        Some((EscalationReason::Unanswered, "?")),
    ));
    assert_eq!(
        state.conversation, before,
        "the greeting (id 0) is not a visitor turn"
    );
}

#[test]
fn a_late_verdict_for_an_ended_chat_cannot_touch_the_new_one() {
    let mut state = ready();
    state.apply(Action::Send("my card 4111 1111 1111 1111".into()));
    state.apply(Action::EndChat);
    state.apply(Action::Send("where is my parcel".into()));
    let new_chat = state.conversation.clone();
    state.apply(judged(
        1,
        Some("my card [card ending 1111]"),
        Some((EscalationReason::Sensitive, "late")),
    ));
    assert_eq!(state.conversation, new_chat);
    let ids: Vec<u32> = state.conversation.messages.iter().map(|m| m.id).collect();
    assert!(ids.iter().all(|id| *id >= 3), "{ids:?}");
}

fn awaiting(state: &State) -> Vec<u32> {
    state
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            HostEvent::Turn {
                message,
                awaiting: true,
                ..
            } => Some(*message),
            _ => None,
        })
        .collect()
}

#[test]
fn with_the_worker_answering_a_question_waits_for_its_answer() {
    let mut state = ready();
    state.apply(Action::Remote(true));
    state.apply(Action::Send("can I send this back".into()));
    assert_eq!(awaiting(&state), vec![1]);
    assert!(
        turns(&state).is_empty(),
        "judged with the answer, not separately"
    );
    assert!(
        matches!(last_body(&state), Body::Text { .. }),
        "nothing answered yet"
    );
    assert_eq!(state.pending.len(), 1, "the thinking indicator shows");
    state.apply(Action::Answered {
        message: 1,
        answer: Some("returns".into()),
        tentative: false,
        suggestions: vec!["returns".into()],
    });
    assert!(state.pending.is_empty());
    assert!(matches!(last_body(&state), Body::Answer { entry_id, .. } if entry_id == "returns"));
}

#[test]
fn an_answer_the_shells_faq_lacks_becomes_not_sure_with_the_suggestions_it_knows() {
    let mut state = ready();
    state.apply(Action::Remote(true));
    state.apply(Action::Send("do you sell bikes".into()));
    state.apply(Action::Answered {
        message: 1,
        answer: Some("bikes-added-since".into()),
        tentative: false,
        suggestions: vec!["gone".into(), "payment-methods".into()],
    });
    let Body::NotSure { suggestions } = last_body(&state) else {
        panic!("expected not sure, got {:?}", last_body(&state));
    };
    let ids: Vec<&str> = suggestions.iter().map(|s| s.entry_id.as_str()).collect();
    assert_eq!(ids, vec!["payment-methods"]);
}

#[test]
fn when_the_worker_goes_away_waiting_questions_are_answered_here() {
    let mut state = ready();
    state.apply(Action::Remote(true));
    state.apply(Action::Send("how do I return an item".into()));
    state.apply(Action::Remote(false));
    assert!(state.pending.is_empty());
    assert!(matches!(last_body(&state), Body::Answer { entry_id, .. } if entry_id == "returns"));
    let count = state.conversation.messages.len();
    state.apply(Action::Answered {
        message: 1,
        answer: Some("shipping-time".into()),
        tentative: false,
        suggestions: vec![],
    });
    assert_eq!(
        state.conversation.messages.len(),
        count,
        "a late answer adds nothing"
    );
    state.apply(Action::Send("where is my parcel".into()));
    assert_eq!(awaiting(&state), vec![1], "answered here from now on");
}

fn tentative_ids(body: &Body) -> Option<(String, Vec<String>)> {
    match body {
        Body::Answer {
            entry_id,
            tentative: true,
            others,
            ..
        } => Some((
            entry_id.clone(),
            others.iter().map(|s| s.entry_id.clone()).collect(),
        )),
        _ => None,
    }
}

#[test]
fn a_likely_guess_is_shown_hedged_with_the_other_suggestions_and_reported_as_unanswered() {
    let mut state = ready();
    // Under the confident bar but over the tentative one (lexical confidence ≈ 0.22).
    state.apply(Action::Send("money back for a jacket".into()));
    assert_eq!(
        tentative_ids(last_body(&state)),
        Some(("returns".into(), vec!["complaint".into()]))
    );
    assert_eq!(
        turns(&state),
        vec![(1, "money back for a jacket".into(), None, false)],
        "the escalation policy must count a guess as no answer"
    );
}

#[test]
fn the_workers_likely_guess_is_shown_hedged_without_repeating_itself_in_the_suggestions() {
    let mut state = ready();
    state.apply(Action::Remote(true));
    state.apply(Action::Send("I'd like my money back".into()));
    state.apply(Action::Answered {
        message: 1,
        answer: Some("returns".into()),
        tentative: true,
        suggestions: vec!["returns".into(), "complaint".into(), "gone".into()],
    });
    assert_eq!(
        tentative_ids(last_body(&state)),
        Some(("returns".into(), vec!["complaint".into()]))
    );
}
