// The queue column: waiting conversations (most urgent first), the agent's own, and the ones
// other agents hold. Each entry is a real <button>, so Tab, Enter and Space work, and the
// selected one carries aria-current.

import { el, fill } from "./dom.js";
import { arrangeQueue, reasonLabel, waitedFor } from "./urgency.js";

export function renderQueue(store, me, selected, onSelect, now = Date.now()) {
  const { waiting, mine, others } = arrangeQueue(store.queue, me);
  const item = (entry, rank) => {
    const conversation = store.get(entry.conversation);
    const flags = [
      entry.status === "left_message" ? "left a message" : null,
      entry.visitor_online ? null : "visitor offline",
      conversation.unread ? `${conversation.unread} new` : null,
      entry.agent && entry.agent !== me ? `with ${entry.agent}` : null,
    ].filter(Boolean);
    const label = [
      rank ? `${rank}.` : null,
      reasonLabel(entry.reason),
      `waiting ${waitedFor(entry.created_at, now)}`,
      ...flags,
      entry.preview ? `“${entry.preview}”` : null,
    ].filter(Boolean).join(", ");
    return el("li", {},
      el("button", {
        type: "button",
        class: `entry reason-${entry.reason ?? "none"}`,
        "aria-current": entry.conversation === selected ? "true" : false,
        "aria-label": label,
        "data-conversation": entry.conversation,
        onclick: () => onSelect(entry.conversation),
      },
      el("span", { class: `badge reason-${entry.reason ?? "none"}` }, reasonLabel(entry.reason)),
      el("span", { class: "wait" }, waitedFor(entry.created_at, now)),
      el("span", { class: "preview" }, entry.preview || "(no message yet)"),
      flags.length ? el("span", { class: "flags" }, flags.join(" · ")) : null));
  };
  // Re-rendering replaces the buttons: keep keyboard focus on the same conversation.
  const focused = document.activeElement?.dataset?.conversation;
  fill(document.getElementById("waiting-list"), waiting.map((entry, i) => item(entry, i + 1)));
  fill(document.getElementById("mine-list"), mine.map((entry) => item(entry)));
  fill(document.getElementById("others-list"), others.map((entry) => item(entry)));
  document.getElementById("waiting-count").textContent = `(${waiting.length})`;
  document.getElementById("waiting-empty").hidden = waiting.length > 0;
  document.getElementById("mine-empty").hidden = mine.length > 0;
  document.getElementById("others-section").hidden = others.length === 0;
  if (focused) {
    document.querySelector(`.queue button[data-conversation="${CSS.escape(focused)}"]`)?.focus();
  }
  document.title = waiting.length ? `(${waiting.length}) Tandem agents` : "Tandem agents";
}
