// The agent console: log in, watch the queue, claim, read, reply, close. It speaks only the
// documented HTTP API and the /ws/agent protocol (docs/protocol.md); no framework, no build.

import * as api from "./api.js";
import { AgentSocket, agentSocketUrl } from "./agent-socket.js";
import { Store } from "./store.js";
import { renderConversation } from "./view-conversation.js";
import { renderQueue } from "./view-queue.js";

const $ = (id) => document.getElementById(id);
const store = new Store();
let me = null;
let selected = null;
let socket = null;
let typingSentAt = 0;
let typingOffTimer = null;
let focusReplyOnClaim = null;
const visitorTypingTimers = new Map();

function render() {
  renderQueue(store, me, selected, select);
  renderConversation(selected ? store.get(selected) : null, me);
}

let noticeTimer = null;
function notice(text) {
  $("notice").textContent = text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => {
    $("notice").textContent = "";
  }, 10_000);
}

// Views

function showLogin(message = "") {
  me = null;
  $("login-view").hidden = false;
  $("desk-view").hidden = true;
  $("whoami").hidden = true;
  $("logout").hidden = true;
  $("connection").textContent = "";
  $("login-error").textContent = message;
  $("login-name").focus();
}

function enterDesk(name) {
  me = name;
  $("login-view").hidden = true;
  $("desk-view").hidden = false;
  $("whoami").hidden = false;
  $("logout").hidden = false;
  $("agent-name").textContent = name;
  socket = new AgentSocket(agentSocketUrl(window.location), {
    frame: onFrame,
    state: showConnection,
    closed: onClosedForGood,
    beforeReconnect: async () => (await api.me().catch(() => "unknown")) !== null,
  });
  socket.start();
  render();
  $("queue-heading").focus();
}

function showConnection(state, detail) {
  const text = {
    connecting: "Connecting…",
    live: "Live",
    reconnecting: `Connection lost, retrying${detail ? ` in about ${detail} s` : ""}…`,
    stopped: "Disconnected",
  }[state];
  $("connection").textContent = text;
  $("connection").dataset.state = state;
}

function onClosedForGood(code) {
  if (code === 4003) showLogin("Your session ended. Please log in again.");
  else if (code === 4001) notice("This console is older than the hub. Reload the page.");
  else notice(`The hub closed the connection (${code}). Reload the page to reconnect.`);
}

// Frames from the hub

function onFrame(frame) {
  switch (frame.type) {
    case "welcome":
      if (store.setEpoch(frame.epoch) || frame.epoch_changed) {
        notice("The hub's history was reset; earlier transcripts are gone.");
      }
      // After a reconnect: take back what we held and get exactly the gap.
      for (const conversation of store.claimed()) claim(conversation.id);
      break;
    case "queue":
      store.setQueue(frame.conversations);
      break;
    case "claimed": {
      const conversation = store.get(frame.conversation);
      conversation.claimed = true;
      conversation.entry = frame.entry;
      render();
      if (frame.conversation === focusReplyOnClaim && frame.conversation === selected) {
        focusReplyOnClaim = null;
        $("reply-text").focus();
      }
      return;
    }
    case "replayed":
      resendPending(store.get(frame.conversation));
      break;
    case "message": {
      const conversation = store.get(frame.conversation);
      if (conversation.addLine(frame) && frame.conversation !== selected) conversation.unread += 1;
      break;
    }
    case "ack":
      store.ack(frame, me);
      break;
    case "typing":
      visitorTyping(frame.conversation, frame.on);
      break;
    case "closed": {
      const conversation = store.get(frame.conversation);
      conversation.closed = true;
      conversation.claimed = false;
      break;
    }
    case "error":
      onError(frame);
      break;
    default:
      return;
  }
  render();
}

function onError(frame) {
  if (frame.id) {
    for (const conversation of store.conversations.values()) {
      const pending = conversation.pending.get(frame.id);
      if (!pending) continue;
      if (frame.retry) {
        setTimeout(() => resendPending(conversation), 2000);
      } else {
        conversation.pending.delete(frame.id);
        notice(`Not sent (“${pending.text.slice(0, 40)}”): ${frame.message}`);
      }
      return;
    }
  }
  notice(frame.message);
}

function visitorTyping(id, on) {
  if (!id) return;
  store.get(id).visitorTyping = on;
  clearTimeout(visitorTypingTimers.get(id));
  // A visitor who closes the tab never sends "off".
  if (on) {
    visitorTypingTimers.set(id, setTimeout(() => {
      visitorTyping(id, false);
      render();
    }, 8000));
  }
}

// Actions

async function select(id) {
  selected = id;
  const conversation = store.get(id);
  conversation.unread = 0;
  render();
  if (!conversation.claimed && conversation.lines.size === 0) {
    try {
      const transcript = await api.transcript(id);
      for (const message of transcript.messages) conversation.addLine(message);
      render();
    } catch (error) {
      notice(`Could not load the transcript: ${error.message}`);
    }
  }
  $("conversation").focus();
}

function claim(id) {
  const conversation = store.get(id);
  socket?.send({
    type: "claim",
    conversation: id,
    resume: { visitor_seq: conversation.visitorSeq, agent_seq: conversation.agentSeq, epoch: store.epoch },
  });
}

function resendPending(conversation) {
  for (const pending of conversation.pending.values()) {
    socket?.send({ type: "message", conversation: conversation.id, id: pending.id, text: pending.text });
  }
}

function sendReply(event) {
  event.preventDefault();
  const input = $("reply-text");
  const text = input.value.trim();
  if (!text || !selected) return;
  const id = `a-${crypto.randomUUID()}`;
  store.addPending(selected, id, text);
  // Kept as pending either way: a closed socket resends it after the reconnect's claim.
  socket?.send({ type: "message", conversation: selected, id, text });
  sendTyping(false);
  input.value = "";
  render();
  input.focus();
}

function sendTyping(on) {
  if (!selected) return;
  clearTimeout(typingOffTimer);
  if (on) {
    typingOffTimer = setTimeout(() => sendTyping(false), 4000);
    if (Date.now() - typingSentAt < 3000) return;
    typingSentAt = Date.now();
  } else {
    typingSentAt = 0;
  }
  socket?.send({ type: "typing", conversation: selected, on });
}

// Wiring

function wire() {
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = $("login-form").querySelector("button");
    const name = $("login-name").value.trim();
    const password = $("login-password").value;
    if (!name || !password) {
      $("login-error").textContent = "Enter your name and password.";
      return;
    }
    button.disabled = true;
    try {
      await api.login(name, password);
      $("login-password").value = "";
      enterDesk((await api.me()) ?? name);
    } catch (error) {
      $("login-error").textContent = error.message;
    } finally {
      button.disabled = false;
    }
  });
  $("logout").addEventListener("click", async () => {
    socket?.stop();
    await api.logout().catch(() => {});
    showLogin("You are logged out.");
  });
  $("claim").addEventListener("click", () => {
    focusReplyOnClaim = selected;
    claim(selected);
  });
  $("release").addEventListener("click", () => {
    socket?.send({ type: "release", conversation: selected });
    store.get(selected).claimed = false;
    render();
  });
  $("close").addEventListener("click", () => {
    if (window.confirm("Close this conversation? The visitor will see it is resolved.")) {
      socket?.send({ type: "close", conversation: selected });
    }
  });
  $("reply-form").addEventListener("submit", sendReply);
  $("reply-text").addEventListener("input", () => sendTyping(true));
  $("reply-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) sendReply(event);
  });
  // Waiting times age: refresh the labels every half minute.
  setInterval(() => me && render(), 30_000);
}

async function boot() {
  wire();
  const name = await api.me().catch(() => null);
  if (name) enterDesk(name);
  else showLogin();
}

boot();
