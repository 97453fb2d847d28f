// Run with `node --test www/console/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { arrangeQueue, byUrgency, reasonRank, waitedFor } from "./urgency.js";

const entry = (conversation, reason, created_at, status = "waiting", agent) => ({
  conversation, reason, created_at, updated_at: created_at, status, agent,
});

test("sensitive beats sentiment beats request beats unanswered", () => {
  const order = ["unanswered", "request", "sentiment", "sensitive"]
    .map((reason, i) => entry(`c${i}`, reason, i))
    .sort(byUrgency)
    .map((e) => e.reason);
  assert.deepEqual(order, ["sensitive", "sentiment", "request", "unanswered"]);
});

test("within a reason the longest wait comes first", () => {
  const sorted = [entry("late", "request", 300), entry("early", "request", 100)].sort(byUrgency);
  assert.deepEqual(sorted.map((e) => e.conversation), ["early", "late"]);
});

test("a left message waits behind live visitors with the same reason", () => {
  const sorted = [entry("note", "request", 1, "left_message"), entry("live", "request", 5)].sort(byUrgency);
  assert.deepEqual(sorted.map((e) => e.conversation), ["live", "note"]);
});

test("unknown reasons sort last instead of breaking the list", () => {
  assert.equal(reasonRank("toString"), 4);
  assert.equal(reasonRank(undefined), 4);
});

test("the queue splits into waiting, mine and others and hides bot chats", () => {
  const { waiting, mine, others } = arrangeQueue([
    entry("w", "request", 1),
    entry("m", "request", 2, "claimed", "ada"),
    entry("o", "request", 3, "claimed", "bob"),
    entry("b", undefined, 4, "bot"),
  ], "ada");
  assert.deepEqual([waiting, mine, others].map((l) => l.map((e) => e.conversation)), [["w"], ["m"], ["o"]]);
});

test("waiting time reads in minutes and hours", () => {
  assert.equal(waitedFor(0, 30_000), "just now");
  assert.equal(waitedFor(0, 4 * 60_000), "4 min");
  assert.equal(waitedFor(0, 125 * 60_000), "2 h 5 min");
  assert.equal(waitedFor(0, 120 * 60_000), "2 h");
});
