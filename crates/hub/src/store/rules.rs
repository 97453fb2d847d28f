//! How a queue update changes a conversation, shared by every store so they agree exactly.

use tandem_core::protocol::{QueueEntry, QueueStatus};

use super::{StoreError, StoreResult, Update};

pub(super) fn apply(entry: &mut QueueEntry, update: &Update, now: i64) -> StoreResult<()> {
    if entry.status == QueueStatus::Closed {
        return Err(StoreError::Closed);
    }
    match update {
        Update::Handover {
            reason,
            explanation,
        } => {
            entry.reason = Some(reason.clone());
            entry.explanation = Some(explanation.clone());
            if entry.status != QueueStatus::Claimed {
                entry.status = QueueStatus::Waiting;
            }
        }
        Update::LeftMessage { email } => {
            if email.is_some() {
                entry.email = email.clone();
            }
            if entry.status != QueueStatus::Claimed {
                entry.status = QueueStatus::LeftMessage;
            }
        }
        Update::Claim { agent } => {
            if let Some(holder) = &entry.agent
                && holder != agent
                && entry.status == QueueStatus::Claimed
            {
                return Err(StoreError::AlreadyClaimed(holder.clone()));
            }
            entry.agent = Some(agent.clone());
            entry.status = QueueStatus::Claimed;
        }
        Update::Release => {
            entry.agent = None;
            entry.status = QueueStatus::Waiting;
        }
        Update::Close => {
            entry.status = QueueStatus::Closed;
        }
    }
    entry.updated_at = now;
    Ok(())
}
