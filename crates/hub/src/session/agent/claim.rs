//! Taking, handing back and closing conversations, with the gap replay on claim.

use tandem_core::protocol::{ClaimResume, CloseCode, ErrorCode, ServerFrame};

use super::Agent;
use crate::relay::Event;
use crate::session::Flow;
use crate::session::io::Io;
use crate::state::{now_ms, plain};
use crate::store::{Direction, Update};

impl Agent {
    pub(super) async fn claim(
        &mut self,
        io: &mut Io,
        conversation: String,
        resume: ClaimResume,
    ) -> Flow {
        let hub = self.hub.clone();
        let before = hub.registry.holder(&conversation);
        let claim = Update::Claim {
            agent: self.name.clone(),
        };
        let updated = match hub
            .timed(hub.store.update(&conversation, &claim, now_ms()))
            .await
        {
            Ok(updated) => updated,
            Err(error) => return self.store_refusal(io, error, None).await,
        };
        hub.bus.publish(Event::Holder {
            conversation: conversation.clone(),
            agent: Some(self.name.clone()),
        });
        let epoch = hub.store.epoch().to_owned();
        let same_epoch = resume.epoch.as_deref().is_none_or(|e| e == epoch);
        let (visitor_after, agent_after) = if same_epoch {
            (resume.visitor_seq, resume.agent_seq)
        } else {
            (0, 0)
        };
        let mut entry = updated.entry;
        entry.visitor_online = hub.registry.visitor_online(&conversation);
        let claimed = ServerFrame::Claimed {
            conversation: conversation.clone(),
            epoch,
            entry,
        };
        if io.send(&claimed).await.is_err() {
            return Flow::Close(CloseCode::SlowConsumer);
        }
        let transcript = match hub.timed(hub.store.transcript(&conversation)).await {
            Ok(lines) => lines,
            Err(error) => return self.store_refusal(io, error, None).await,
        };
        let mut last = visitor_after;
        let mut count = 0;
        for line in transcript {
            let direction = Direction::of(line.author);
            let after = if direction == Direction::FromVisitor {
                visitor_after
            } else {
                agent_after
            };
            if line.seq <= after {
                continue;
            }
            if direction == Direction::FromVisitor {
                last = last.max(line.seq);
            }
            if io.send(&ServerFrame::Message(line)).await.is_err() {
                return Flow::Close(CloseCode::SlowConsumer);
            }
            count += 1;
        }
        self.claimed.insert(conversation.clone(), last);
        let replayed = ServerFrame::Replayed {
            conversation: conversation.clone(),
            count,
        };
        if io.send(&replayed).await.is_err() {
            return Flow::Close(CloseCode::SlowConsumer);
        }
        if before.as_deref() != Some(self.name.as_str()) {
            let joined = ServerFrame::AgentJoined {
                name: self.name.clone(),
            };
            hub.bus.publish(Event::Visitor {
                conversation,
                item: plain(&joined),
            });
            hub.publish_queue();
        }
        Flow::Continue
    }

    pub(super) async fn release_or_close(
        &mut self,
        io: &mut Io,
        conversation: String,
        update: Update,
    ) -> Flow {
        let hub = self.hub.clone();
        let holder = hub.registry.holder(&conversation);
        if holder.as_ref().is_some_and(|h| *h != self.name) {
            return self
                .refuse(
                    io,
                    ErrorCode::AlreadyClaimed,
                    "another agent holds this conversation",
                    None,
                )
                .await;
        }
        let closing = update == Update::Close;
        if let Err(error) = hub
            .timed(hub.store.update(&conversation, &update, now_ms()))
            .await
        {
            return self.store_refusal(io, error, None).await;
        }
        hub.bus.publish(Event::Holder {
            conversation: conversation.clone(),
            agent: None,
        });
        self.claimed.remove(&conversation);
        let frame = if closing {
            ServerFrame::Closed {
                conversation: conversation.clone(),
            }
        } else {
            ServerFrame::AgentLeft {
                name: self.name.clone(),
            }
        };
        hub.bus.publish(Event::Visitor {
            conversation,
            item: plain(&frame),
        });
        hub.publish_queue();
        Flow::Continue
    }
}
