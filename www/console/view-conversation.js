// The conversation panel: who and why (the escalation note), the whole transcript with the
// bot's turns labelled as such, the agent's unacknowledged replies, the visitor's typing
// indicator and the actions this agent may take right now.

import { clock, el, fill } from "./dom.js";
import { reasonLabel, waitedFor } from "./urgency.js";

const $ = (id) => document.getElementById(id);
let rendered = { id: null, keys: [] };

function author(line, me) {
  if (line.author === "bot") return "Bot (automatic answer)";
  if (line.author === "visitor") return "Visitor";
  return line.name && line.name !== me ? `Agent ${line.name}` : "You";
}

function lineItem(line, me) {
  return el("li", { class: `line line-${line.author}` },
    el("p", { class: "who" }, author(line, me), " ", el("time", { datetime: new Date(line.at).toISOString() }, clock(line.at))),
    el("p", { class: "text" }, line.text));
}

function started(at, now) {
  const waited = waitedFor(at, now);
  return waited === "just now" ? waited : `${waited} ago`;
}

/** What the agent may do with `conversation` and what the header says about it. */
export function describe(conversation, me) {
  const entry = conversation.entry ?? {};
  const heldByOther = entry.status === "claimed" && entry.agent && entry.agent !== me;
  const mine = conversation.claimed && !conversation.closed;
  return {
    mine,
    canClaim: !mine && !heldByOther && !conversation.closed,
    heldBy: heldByOther ? entry.agent : null,
    status: conversation.closed ? "Closed"
      : mine ? "You hold this conversation"
      : heldByOther ? `Held by ${entry.agent}`
      : entry.status === "left_message" ? "Left a message (visitor may be gone)"
      : "Waiting for an agent",
  };
}

export function renderConversation(conversation, me, now = Date.now()) {
  $("conversation-placeholder").hidden = conversation !== null;
  $("conversation-body").hidden = conversation === null;
  if (!conversation) return;
  const entry = conversation.entry ?? {};
  const state = describe(conversation, me);

  $("conversation-heading").textContent = `Conversation ${conversation.id}`;
  fill($("conversation-meta"),
    state.status,
    entry.created_at ? ` · started ${started(entry.created_at, now)}` : "",
    entry.visitor_online === false ? " · visitor offline" : entry.visitor_online ? " · visitor online" : "");
  fill($("handover-note"),
    el("h3", {}, "Escalation note"),
    el("p", {}, el("strong", {}, reasonLabel(entry.reason)), entry.explanation ? `: ${entry.explanation}` : ""),
    entry.email ? el("p", {}, "Reply-to e-mail: ", el("a", { href: `mailto:${entry.email}` }, entry.email)) : null);

  $("claim").hidden = !state.canClaim;
  $("release").hidden = !state.mine;
  $("close").hidden = !state.mine;
  $("reply-form").hidden = !state.mine;
  $("typing").textContent = state.mine && conversation.visitorTyping ? "The visitor is typing…" : "";

  renderTranscript(conversation, me);
  fill($("outbox"), [...conversation.pending.values()].map((p) =>
    el("li", { class: "line line-agent pending" },
      el("p", { class: "who" }, "You · sending…"), el("p", { class: "text" }, p.text))));
}

/** Appends new lines when the shown transcript is a prefix of the new one; else redraws. */
function renderTranscript(conversation, me) {
  const list = $("transcript");
  const lines = conversation.transcript();
  const keys = lines.map((l) => `${l.author === "agent" ? "a" : "v"}:${l.seq}`);
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const isPrefix = rendered.id === conversation.id
    && rendered.keys.length <= keys.length
    && rendered.keys.every((key, i) => key === keys[i]);
  if (isPrefix) {
    list.append(...lines.slice(rendered.keys.length).map((line) => lineItem(line, me)));
  } else {
    fill(list, lines.map((line) => lineItem(line, me)));
  }
  $("transcript-empty").hidden = lines.length > 0;
  if (!isPrefix || atBottom) list.scrollTop = list.scrollHeight;
  rendered = { id: conversation.id, keys };
}
