//! The in-memory twin of the SQLite store, for tests of the sessions and routing logic that do
//! not care about disks. Same rules (shared `rules::apply`), same seq semantics.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use tandem_core::protocol::{ChatMessage, QueueEntry, QueueStatus};

use super::{
    Appended, Conversation, Direction, NewMessage, Store, StoreError, StoreResult, Update,
    preview_of,
};

#[derive(Default)]
struct Inner {
    conversations: HashMap<String, Conversation>,
    /// Every line in insertion order, with its direction.
    messages: Vec<(Direction, ChatMessage)>,
    agents: HashMap<String, String>,
    sessions: HashMap<String, (String, i64)>,
}

pub struct MemoryStore {
    inner: Mutex<Inner>,
    epoch: String,
}

impl MemoryStore {
    pub fn new(epoch: &str) -> MemoryStore {
        MemoryStore {
            inner: Mutex::new(Inner::default()),
            epoch: epoch.into(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A poisoned lock only means another test thread panicked; the data is still usable.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl Store for MemoryStore {
    fn epoch(&self) -> &str {
        &self.epoch
    }

    async fn create_conversation(&self, id: &str, now: i64) -> StoreResult<()> {
        let entry = QueueEntry {
            conversation: id.into(),
            status: QueueStatus::Bot,
            reason: None,
            explanation: None,
            email: None,
            agent: None,
            preview: String::new(),
            created_at: now,
            updated_at: now,
            visitor_online: false,
        };
        let conversation = Conversation {
            entry,
            visitor_seq: 0,
            agent_seq: 0,
        };
        self.lock().conversations.insert(id.into(), conversation);
        Ok(())
    }

    async fn conversation(&self, id: &str) -> StoreResult<Option<Conversation>> {
        Ok(self.lock().conversations.get(id).cloned())
    }

    async fn append(&self, message: &NewMessage<'_>) -> StoreResult<Appended> {
        let direction = Direction::of(message.author);
        let mut inner = self.lock();
        let duplicate = inner.messages.iter().find(|(d, m)| {
            *d == direction && m.conversation == message.conversation && m.id == message.id
        });
        if let Some((_, m)) = duplicate {
            return Ok(Appended {
                seq: m.seq,
                at: m.at,
                duplicate: true,
            });
        }
        let conversation = inner
            .conversations
            .get_mut(message.conversation)
            .ok_or_else(|| StoreError::UnknownConversation(message.conversation.into()))?;
        if conversation.entry.status == QueueStatus::Closed {
            return Err(StoreError::Closed);
        }
        let seq = match direction {
            Direction::FromVisitor => &mut conversation.visitor_seq,
            Direction::ToVisitor => &mut conversation.agent_seq,
        };
        *seq += 1;
        let seq = *seq;
        conversation.entry.preview = preview_of(message.text);
        conversation.entry.updated_at = message.at;
        let line = ChatMessage {
            conversation: message.conversation.into(),
            seq,
            id: message.id.into(),
            author: message.author,
            name: message.name.map(str::to_owned),
            text: message.text.into(),
            at: message.at,
        };
        inner.messages.push((direction, line));
        Ok(Appended {
            seq,
            at: message.at,
            duplicate: false,
        })
    }

    async fn messages_after(
        &self,
        conversation: &str,
        direction: Direction,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<ChatMessage>> {
        let inner = self.lock();
        Ok(inner
            .messages
            .iter()
            .filter(|(d, m)| *d == direction && m.conversation == conversation && m.seq > after)
            .take(limit as usize)
            .map(|(_, m)| m.clone())
            .collect())
    }

    async fn transcript(&self, conversation: &str) -> StoreResult<Vec<ChatMessage>> {
        let inner = self.lock();
        Ok(inner
            .messages
            .iter()
            .filter(|(_, m)| m.conversation == conversation)
            .map(|(_, m)| m.clone())
            .collect())
    }

    async fn update(&self, id: &str, update: &Update, now: i64) -> StoreResult<Conversation> {
        let mut inner = self.lock();
        let conversation = inner
            .conversations
            .get_mut(id)
            .ok_or_else(|| StoreError::UnknownConversation(id.into()))?;
        super::rules::apply(&mut conversation.entry, update, now)?;
        Ok(conversation.clone())
    }

    async fn queue(&self, limit: u32) -> StoreResult<Vec<QueueEntry>> {
        let inner = self.lock();
        let mut open: Vec<QueueEntry> = inner
            .conversations
            .values()
            .map(|c| c.entry.clone())
            .filter(|e| {
                matches!(
                    e.status,
                    QueueStatus::Waiting | QueueStatus::LeftMessage | QueueStatus::Claimed
                )
            })
            .collect();
        open.sort_by_key(|e| e.created_at);
        open.truncate(limit as usize);
        Ok(open)
    }

    async fn add_agent(&self, name: &str, password_hash: &str, _now: i64) -> StoreResult<()> {
        let mut inner = self.lock();
        if inner.agents.contains_key(name) {
            return Err(StoreError::AgentExists(name.into()));
        }
        inner.agents.insert(name.into(), password_hash.into());
        Ok(())
    }

    async fn agent_password_hash(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(self.lock().agents.get(name).cloned())
    }

    async fn agent_names(&self) -> StoreResult<Vec<String>> {
        let mut names: Vec<String> = self.lock().agents.keys().cloned().collect();
        names.sort();
        Ok(names)
    }

    async fn remove_agent(&self, name: &str) -> StoreResult<bool> {
        let mut inner = self.lock();
        inner.sessions.retain(|_, (agent, _)| agent != name);
        Ok(inner.agents.remove(name).is_some())
    }

    async fn create_session(
        &self,
        token_hash: &str,
        agent: &str,
        expires_at: i64,
    ) -> StoreResult<()> {
        self.lock()
            .sessions
            .insert(token_hash.into(), (agent.into(), expires_at));
        Ok(())
    }

    async fn session_agent(&self, token_hash: &str, now: i64) -> StoreResult<Option<String>> {
        let inner = self.lock();
        Ok(inner
            .sessions
            .get(token_hash)
            .filter(|(_, expires)| *expires > now)
            .map(|(agent, _)| agent.clone()))
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        self.lock().sessions.remove(token_hash);
        Ok(())
    }

    async fn close(&self) {}
}
