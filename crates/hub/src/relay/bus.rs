//! The seam between "a session wants a frame delivered" and "the sockets that should get it".

use std::sync::Arc;

use super::{Outgoing, Registry};

/// Something to deliver.
#[derive(Debug, Clone)]
pub enum Event {
    /// To every socket of one visitor conversation.
    Visitor {
        conversation: String,
        item: Outgoing,
    },
    /// To every socket of the named agent, or of every agent when `agent` is None.
    Agents {
        agent: Option<String>,
        item: Outgoing,
    },
    /// To every visitor socket (presence changes).
    AllVisitors { item: Outgoing },
    /// Who holds a conversation now, so agent-bound lines reach the right console.
    Holder {
        conversation: String,
        agent: Option<String>,
    },
}

pub trait Bus: Send + Sync {
    fn publish(&self, event: Event);
}

/// The single-hub bus: delivers straight into this process's registry.
pub struct LocalBus {
    registry: Arc<Registry>,
}

impl LocalBus {
    pub fn new(registry: Arc<Registry>) -> LocalBus {
        LocalBus { registry }
    }
}

impl Bus for LocalBus {
    fn publish(&self, event: Event) {
        self.registry.deliver(event);
    }
}
