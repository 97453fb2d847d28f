// Run with `node --test www/console/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Store } from "./store.js";

const line = (author, seq, at, id = `${author}-${seq}`) => ({ conversation: "c1", author, seq, at, id, text: id });

test("a line seen twice across a resume is kept once", () => {
  const store = new Store();
  const c = store.get("c1");
  assert.equal(c.addLine(line("visitor", 1, 10)), true);
  assert.equal(c.addLine(line("visitor", 1, 10)), false);
  assert.equal(c.transcript().length, 1);
});

test("visitor and agent seqs count apart and feed the resume point", () => {
  const c = new Store().get("c1");
  c.addLine(line("visitor", 1, 10));
  c.addLine(line("bot", 2, 11));
  c.addLine(line("agent", 1, 12));
  assert.deepEqual([c.visitorSeq, c.agentSeq, c.transcript().length], [2, 1, 3]);
});

test("the transcript follows hub time, then arrival", () => {
  const c = new Store().get("c1");
  c.addLine(line("agent", 1, 20));
  c.addLine(line("visitor", 1, 10));
  c.addLine(line("visitor", 2, 20));
  assert.deepEqual(c.transcript().map((l) => l.id), ["visitor-1", "agent-1", "visitor-2"]);
});

test("an ack turns a pending reply into a transcript line", () => {
  const store = new Store();
  store.addPending("c1", "a-1", "On its way");
  const c = store.ack({ type: "ack", id: "a-1", seq: 4, conversation: "c1" }, "ada");
  assert.equal(c.pending.size, 0);
  assert.equal(c.agentSeq, 4);
  assert.equal(c.transcript()[0].text, "On its way");
  assert.equal(store.ack({ type: "ack", id: "unknown", seq: 5, conversation: "c1" }, "ada"), null);
});

test("a new epoch forgets every conversation", () => {
  const store = new Store();
  assert.equal(store.setEpoch("e1"), false);
  store.get("c1").addLine(line("visitor", 1, 1));
  assert.equal(store.setEpoch("e1"), false);
  assert.equal(store.conversations.size, 1);
  assert.equal(store.setEpoch("e2"), true);
  assert.equal(store.conversations.size, 0);
});

test("a held conversation that leaves the queue is closed", () => {
  const store = new Store();
  const entry = { conversation: "c1", status: "claimed", agent: "ada", created_at: 1, updated_at: 1 };
  store.setQueue([entry]);
  store.get("c1").claimed = true;
  store.setQueue([entry]);
  assert.equal(store.get("c1").closed, false);
  store.setQueue([]);
  assert.deepEqual([store.get("c1").claimed, store.get("c1").closed], [false, true]);
});
