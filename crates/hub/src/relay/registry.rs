//! Who is connected to this hub: visitor sockets by conversation, agent sockets by connection,
//! and which agent holds which conversation. One mutex, held only to copy outbox handles.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use super::{Event, Outbox, Outgoing};

#[derive(Default)]
struct Inner {
    visitors: HashMap<String, Vec<(u64, Outbox)>>,
    agents: HashMap<u64, (String, Outbox)>,
    holders: HashMap<String, String>,
}

#[derive(Default)]
pub struct Registry {
    inner: Mutex<Inner>,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn add_visitor(&self, conversation: &str, conn: u64, outbox: Outbox) {
        self.lock()
            .visitors
            .entry(conversation.into())
            .or_default()
            .push((conn, outbox));
    }

    pub fn remove_visitor(&self, conversation: &str, conn: u64) {
        let mut inner = self.lock();
        if let Some(list) = inner.visitors.get_mut(conversation) {
            list.retain(|(c, _)| *c != conn);
            if list.is_empty() {
                inner.visitors.remove(conversation);
            }
        }
    }

    pub fn visitor_online(&self, conversation: &str) -> bool {
        self.lock().visitors.contains_key(conversation)
    }

    /// Registers an agent socket; true when this agent was offline before (presence changed).
    pub fn add_agent(&self, conn: u64, name: &str, outbox: Outbox) -> bool {
        let mut inner = self.lock();
        let was_online = inner.agents.values().any(|(n, _)| n == name);
        inner.agents.insert(conn, (name.into(), outbox));
        !was_online
    }

    /// Unregisters an agent socket; true when that was the agent's last one.
    pub fn remove_agent(&self, conn: u64) -> bool {
        let mut inner = self.lock();
        match inner.agents.remove(&conn) {
            Some((name, _)) => !inner.agents.values().any(|(n, _)| *n == name),
            None => false,
        }
    }

    /// Distinct agents with at least one open socket.
    pub fn agents_online(&self) -> u32 {
        let inner = self.lock();
        let names: HashSet<&str> = inner.agents.values().map(|(n, _)| n.as_str()).collect();
        u32::try_from(names.len()).unwrap_or(u32::MAX)
    }

    pub fn holder(&self, conversation: &str) -> Option<String> {
        self.lock().holders.get(conversation).cloned()
    }

    pub fn deliver(&self, event: Event) {
        let targets: Vec<Outbox> = {
            let mut inner = self.lock();
            match &event {
                Event::Visitor { conversation, .. } => inner
                    .visitors
                    .get(conversation)
                    .map(|list| list.iter().map(|(_, o)| o.clone()).collect())
                    .unwrap_or_default(),
                Event::Agents { agent, .. } => inner
                    .agents
                    .values()
                    .filter(|(n, _)| agent.as_ref().is_none_or(|a| a == n))
                    .map(|(_, o)| o.clone())
                    .collect(),
                Event::AllVisitors { .. } => inner
                    .visitors
                    .values()
                    .flatten()
                    .map(|(_, o)| o.clone())
                    .collect(),
                Event::Holder {
                    conversation,
                    agent,
                } => {
                    match agent {
                        Some(agent) => inner.holders.insert(conversation.clone(), agent.clone()),
                        None => inner.holders.remove(conversation),
                    };
                    Vec::new()
                }
            }
        };
        let item: Option<Outgoing> = match event {
            Event::Visitor { item, .. }
            | Event::Agents { item, .. }
            | Event::AllVisitors { item } => Some(item),
            Event::Holder { .. } => None,
        };
        if let Some(item) = item {
            for outbox in targets {
                outbox.push(item.clone());
            }
        }
    }
}
