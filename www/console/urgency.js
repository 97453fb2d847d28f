// Which waiting conversation an agent should take first.
//
// The escalation reason says how much a person is needed: something sensitive (health, legal,
// security, a complaint) beats a visitor who is upset (sentiment), who beats a plain request
// for a person, who beats a question the bot could not answer. Within the same reason the
// visitor who has waited longest goes first. A left message (nobody was online) is answered
// after live visitors with the same reason, since that visitor is not watching the screen.

const REASON_RANK = { sensitive: 0, sentiment: 1, request: 2, unanswered: 3 };
const UNKNOWN_REASON_RANK = 4;

/** Lower is more urgent. */
export function reasonRank(reason) {
  return Object.hasOwn(REASON_RANK, reason) ? REASON_RANK[reason] : UNKNOWN_REASON_RANK;
}

/** Human words for a reason code, shown as the queue item's badge. */
export function reasonLabel(reason) {
  switch (reason) {
    case "sensitive": return "Sensitive";
    case "sentiment": return "Upset";
    case "request": return "Asked for a person";
    case "unanswered": return "Bot could not answer";
    default: return "Handed over";
  }
}

/** Compares two queue entries: the more urgent one sorts first. */
export function byUrgency(a, b) {
  return (
    reasonRank(a.reason) - reasonRank(b.reason) ||
    Number(a.status === "left_message") - Number(b.status === "left_message") ||
    a.created_at - b.created_at ||
    String(a.conversation).localeCompare(String(b.conversation))
  );
}

/**
 * Splits the hub's queue into what the console lists: conversations waiting for someone
 * (most urgent first), the ones this agent holds, and the ones other agents hold.
 */
export function arrangeQueue(entries, me) {
  const waiting = [];
  const mine = [];
  const others = [];
  for (const entry of entries) {
    if (entry.status === "waiting" || entry.status === "left_message") waiting.push(entry);
    else if (entry.status === "claimed" && entry.agent === me) mine.push(entry);
    else if (entry.status === "claimed") others.push(entry);
  }
  waiting.sort(byUrgency);
  mine.sort((a, b) => b.updated_at - a.updated_at);
  others.sort((a, b) => b.updated_at - a.updated_at);
  return { waiting, mine, others };
}

/** "just now", "4 min", "2 h 5 min": how long since `since` (ms since the epoch). */
export function waitedFor(since, now = Date.now()) {
  const minutes = Math.floor(Math.max(0, now - since) / 60000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}
