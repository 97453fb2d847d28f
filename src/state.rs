//! The widget's one reducer: everything the visitor sees is a function of [`State`], and every
//! change is an [`Action`]. Pure (no web-sys), so the whole conversation logic is unit-tested
//! natively; `app.rs` does the side effects (storage, focus, host events) by watching it.

use crate::knowledge::KnowledgeRef;
use crate::messages::{Author, Body, Conversation, Feedback, HostEvent, Message, Visitor};
use std::rc::Rc;
use tandem_core::escalation::EscalationReason;
use yew::Reducible;

/// How many host events are kept for `app.rs` to forward (it forwards after every render).
const EVENT_BACKLOG: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub enum FaqStatus {
    Loading,
    Ready {
        knowledge: KnowledgeRef,
        from_cache: bool,
    },
    Failed {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub open: bool,
    pub unread: u32,
    /// The visitor has written, clicked a suggestion, rated or asked for a person. Until then
    /// nothing is written to the device's storage.
    pub interacted: bool,
    pub conversation: Conversation,
    pub faq: FaqStatus,
    pub online: bool,
    /// Questions not answered yet (with their message ids): asked before the FAQ arrived, or
    /// handed to the assistant worker. Answered as soon as the FAQ or the worker's answer
    /// arrives, or on the spot if the worker goes away.
    pub pending: Vec<(u32, String)>,
    /// The assistant worker has the FAQ and its semantic matcher: typed questions go there
    /// (`Turn { awaiting: true }`) instead of being answered lexically here.
    pub remote: bool,
    pub events: Vec<(u64, HostEvent)>,
    pub event_seq: u64,
    greeting: String,
}

pub enum Action {
    Open,
    Close,
    Send(String),
    PickSuggestion(String),
    Feedback {
        message: u32,
        helpful: bool,
    },
    RequestHuman,
    EndChat,
    FaqLoaded {
        knowledge: KnowledgeRef,
        from_cache: bool,
    },
    FaqFailed(String),
    Online(bool),
    Identify(Visitor),
    Restore(Conversation),
    /// The worker can (true) or no longer can (false) answer questions.
    Remote(bool),
    /// The worker's semantic matcher answered visitor message `message`: an entry id
    /// (`tentative`: a likely guess, shown hedged), or "not sure" with suggested entry ids.
    Answered {
        message: u32,
        answer: Option<String>,
        tentative: bool,
        suggestions: Vec<String>,
    },
    /// The assistant worker's verdict on visitor message `message`: its text with personal
    /// data masked (if it held any) and, when a person is needed, why.
    Judged {
        message: u32,
        masked: Option<String>,
        escalation: Option<(EscalationReason, String)>,
    },
}

impl State {
    pub fn new(greeting: &str, open: bool) -> Self {
        let mut state = Self {
            open: false,
            // The greeting counts as unread until the visitor first opens the chat.
            unread: 1,
            interacted: false,
            conversation: Conversation::greeted(greeting),
            faq: FaqStatus::Loading,
            online: true,
            pending: Vec::new(),
            remote: false,
            events: Vec::new(),
            event_seq: 0,
            greeting: greeting.to_string(),
        };
        if open {
            state.apply(Action::Open);
        }
        state
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Open if !self.open => {
                self.open = true;
                self.unread = 0;
                self.emit(HostEvent::Open);
            }
            Action::Close if self.open => {
                self.open = false;
                self.emit(HostEvent::Close);
            }
            Action::Open | Action::Close => {}
            Action::Send(text) => self.send(text),
            Action::PickSuggestion(entry_id) => self.pick_suggestion(&entry_id),
            Action::Feedback { message, helpful } => self.feedback(message, helpful),
            Action::RequestHuman => self.request_human(),
            Action::EndChat => {
                // Ids keep counting across chats, so a verdict still in flight for the old
                // chat can never land on a message of the new one.
                let next_id = self.conversation.next_id;
                self.conversation = Conversation::greeted(&self.greeting);
                for message in &mut self.conversation.messages {
                    message.id += next_id;
                }
                self.conversation.next_id += next_id;
                self.interacted = false;
                self.pending.clear();
                self.open = false;
                self.unread = 0;
                self.emit(HostEvent::EndChat);
            }
            Action::FaqLoaded {
                knowledge,
                from_cache,
            } => {
                self.faq = FaqStatus::Ready {
                    knowledge,
                    from_cache,
                };
                self.answer_pending();
            }
            Action::FaqFailed(reason) => {
                self.faq = FaqStatus::Failed { reason };
                for (message, question) in std::mem::take(&mut self.pending) {
                    self.bot(Body::Unavailable);
                    self.report_turn(message, question, None);
                }
            }
            Action::Online(online) => self.online = online,
            Action::Identify(visitor) => self.conversation.visitor = Some(visitor),
            Action::Restore(saved) => {
                self.conversation = saved;
                self.interacted = true;
                self.unread = 0;
            }
            Action::Judged {
                message,
                masked,
                escalation,
            } => self.judged(message, masked, escalation),
            Action::Remote(remote) => {
                self.remote = remote;
                if !remote {
                    self.answer_pending();
                }
            }
            Action::Answered {
                message,
                answer,
                tentative,
                suggestions,
            } => self.answered(message, answer, tentative, suggestions),
        }
    }

    pub fn knowledge(&self) -> Option<&KnowledgeRef> {
        match &self.faq {
            FaqStatus::Ready { knowledge, .. } => Some(knowledge),
            _ => None,
        }
    }

    fn send(&mut self, text: String) {
        let text = text.trim().to_string();
        if text.is_empty() {
            return;
        }
        self.interacted = true;
        let message = self.conversation.next_id;
        self.push(Author::Visitor, Body::Text { text: text.clone() });
        self.emit(HostEvent::Message {
            author: Author::Visitor,
            text: text.clone(),
        });
        match &self.faq {
            FaqStatus::Loading => self.pending.push((message, text)),
            FaqStatus::Failed { .. } => {
                self.bot(Body::Unavailable);
                self.report_turn(message, text, None);
            }
            FaqStatus::Ready { .. } if self.remote => {
                self.pending.push((message, text.clone()));
                self.emit(HostEvent::Turn {
                    message,
                    text,
                    answered: None,
                    entry_escalates: false,
                    awaiting: true,
                });
            }
            FaqStatus::Ready { .. } => self.answer(message, text),
        }
    }

    fn pick_suggestion(&mut self, entry_id: &str) {
        let Some(knowledge) = self.knowledge().cloned() else {
            return;
        };
        let Some(reply) = knowledge.entry(entry_id) else {
            return;
        };
        self.interacted = true;
        if let Body::Answer { question, .. } = &reply {
            self.push(
                Author::Visitor,
                Body::Text {
                    text: question.clone(),
                },
            );
        }
        self.bot(reply);
    }

    /// Answers every waiting question here (lexically), as when the worker is not there.
    fn answer_pending(&mut self) {
        if self.knowledge().is_some() {
            for (message, question) in std::mem::take(&mut self.pending) {
                self.answer(message, question);
            }
        }
    }

    fn answered(
        &mut self,
        message: u32,
        answer: Option<String>,
        tentative: bool,
        suggestions: Vec<String>,
    ) {
        let Some(knowledge) = self.knowledge().cloned() else {
            return;
        };
        let Some(at) = self.pending.iter().position(|(id, _)| *id == message) else {
            return;
        };
        self.pending.remove(at);
        // An id the shell's copy of the FAQ lacks (it changed in between) is not guessed at.
        let reply = match answer {
            Some(id) if tentative => knowledge.tentative(&id, &suggestions),
            answer => answer
                .and_then(|id| knowledge.entry(&id))
                .unwrap_or_else(|| knowledge.suggest(&suggestions)),
        };
        self.bot(reply);
    }

    fn answer(&mut self, message: u32, question: String) {
        let Some(knowledge) = self.knowledge().cloned() else {
            return;
        };
        let reply = knowledge.ask(&question);
        // A tentative answer is no answer to the escalation policy: the bot was not sure.
        let answered = match &reply {
            Body::Answer {
                entry_id,
                escalate,
                tentative: false,
                ..
            } => Some((entry_id.clone(), *escalate)),
            _ => None,
        };
        self.bot(reply);
        self.report_turn(message, question, answered);
    }

    /// Hands a typed turn to the loader for the assistant worker, which answers with
    /// [`Action::Judged`]. Clicked suggestions are not turns: the visitor wrote nothing.
    fn report_turn(&mut self, message: u32, text: String, answered: Option<(String, bool)>) {
        let entry_escalates = answered.as_ref().is_some_and(|(_, escalates)| *escalates);
        self.emit(HostEvent::Turn {
            message,
            text,
            answered: answered.map(|(id, _)| id),
            entry_escalates,
            awaiting: false,
        });
    }

    fn judged(
        &mut self,
        message: u32,
        masked: Option<String>,
        escalation: Option<(EscalationReason, String)>,
    ) {
        let mut after_turn = false;
        for m in &mut self.conversation.messages {
            match &mut m.body {
                // Masked in what is shown and saved; the original never reaches storage
                // once the verdict is in.
                Body::Text { text } if m.id == message && m.author == Author::Visitor => {
                    if let Some(masked) = &masked {
                        *text = masked.clone();
                    }
                    after_turn = true;
                }
                // The escalation message below makes the offer; two buttons for one hand-over
                // would be noise.
                Body::Answer { escalate, .. } if after_turn && escalation.is_some() => {
                    *escalate = false;
                }
                _ => {}
            }
        }
        // A verdict for a message of an ended chat (or never sent) changes nothing.
        let Some((reason, why)) = escalation.filter(|_| after_turn) else {
            return;
        };
        self.emit(HostEvent::Escalated { reason });
        if reason == EscalationReason::Request {
            self.request_human();
        } else {
            self.bot(Body::Escalation { why });
        }
    }

    fn feedback(&mut self, message: u32, helpful: bool) {
        let rating = if helpful {
            Feedback::Helpful
        } else {
            Feedback::NotHelpful
        };
        let found = self
            .conversation
            .messages
            .iter_mut()
            .find(|m| m.id == message);
        let Some(Message {
            body: Body::Answer {
                entry_id, feedback, ..
            },
            ..
        }) = found
        else {
            return;
        };
        *feedback = Some(rating);
        let entry_id = entry_id.clone();
        self.interacted = true;
        self.emit(HostEvent::Feedback { entry_id, helpful });
    }

    fn request_human(&mut self) {
        self.interacted = true;
        self.open = true;
        self.unread = 0;
        if !self.conversation.human_requested {
            self.conversation.human_requested = true;
            self.emit(HostEvent::HumanRequested);
        }
        self.bot(Body::HumanRequested {
            online: self.online,
        });
    }

    fn bot(&mut self, body: Body) {
        if let Some(text) = body.plain_text() {
            self.emit(HostEvent::Message {
                author: Author::Bot,
                text,
            });
        }
        self.push(Author::Bot, body);
        if !self.open {
            self.unread += 1;
        }
    }

    fn push(&mut self, author: Author, body: Body) {
        self.conversation.push(author, body);
    }

    fn emit(&mut self, event: HostEvent) {
        self.event_seq += 1;
        self.events.push((self.event_seq, event));
        if self.events.len() > EVENT_BACKLOG {
            self.events.remove(0);
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
