// What the console knows about each conversation: its queue entry, its lines (deduplicated by
// direction and seq, as the protocol allows a line to arrive twice across a resume), the
// agent's own lines still waiting for their ack, and the seqs to resume from.

const direction = (author) => (author === "agent" ? "a" : "v");

export class Conversation {
  constructor(id) {
    this.id = id;
    this.entry = null;
    this.lines = new Map(); // "v:3" → message frame
    this.pending = new Map(); // id → { id, text, sentAt }
    this.visitorSeq = 0;
    this.agentSeq = 0;
    this.claimed = false;
    this.closed = false;
    this.visitorTyping = false;
    this.unread = 0;
    this.arrival = 0;
  }

  /** Adds a stored line; false when it was already there. */
  addLine(message) {
    const key = `${direction(message.author)}:${message.seq}`;
    if (this.lines.has(key)) return false;
    this.lines.set(key, { ...message, arrival: this.arrival++ });
    if (message.author === "agent") {
      this.agentSeq = Math.max(this.agentSeq, message.seq);
      this.pending.delete(message.id);
    } else {
      this.visitorSeq = Math.max(this.visitorSeq, message.seq);
    }
    return true;
  }

  /** Lines in the order they were written (hub time, then arrival). */
  transcript() {
    return [...this.lines.values()].sort((a, b) => a.at - b.at || a.arrival - b.arrival);
  }
}

export class Store {
  constructor() {
    this.epoch = null;
    this.conversations = new Map();
    this.queue = [];
  }

  get(id) {
    let conversation = this.conversations.get(id);
    if (!conversation) {
      conversation = new Conversation(id);
      this.conversations.set(id, conversation);
    }
    return conversation;
  }

  /** A new store epoch means the hub's history was reset: every seq we hold is meaningless. */
  setEpoch(epoch) {
    const changed = this.epoch !== null && this.epoch !== epoch;
    if (changed) this.conversations.clear();
    this.epoch = epoch;
    return changed;
  }

  /**
   * The hub's whole open queue. A conversation this console held that is no longer in it was
   * closed (the hub sends `closed` to the visitor; agents learn it from the queue).
   */
  setQueue(entries) {
    this.queue = entries;
    const open = new Set(entries.map((entry) => entry.conversation));
    for (const entry of entries) this.get(entry.conversation).entry = entry;
    for (const conversation of this.conversations.values()) {
      if (conversation.claimed && !open.has(conversation.id)) {
        conversation.claimed = false;
        conversation.closed = true;
      }
    }
  }

  /** Records the agent's line as sent but not yet acked, so a reconnect can resend it. */
  addPending(conversation, id, text) {
    this.get(conversation).pending.set(id, { id, text, sentAt: Date.now() });
  }

  /** The hub stored our line: it becomes a transcript line with its seq. */
  ack(frame, me) {
    const conversation = frame.conversation && this.conversations.get(frame.conversation);
    const pending = conversation?.pending.get(frame.id);
    if (!pending) return null;
    conversation.addLine({
      conversation: conversation.id, seq: frame.seq, id: frame.id, author: "agent", name: me,
      text: pending.text, at: Date.now(),
    });
    return conversation;
  }

  /** Conversations this console holds, for re-claiming after a reconnect. */
  claimed() {
    return [...this.conversations.values()].filter((c) => c.claimed && !c.closed);
  }
}
