/*! Tandem assistant worker: the escalation policy and the ONNX sentiment model (tract,
 * compiled to wasm) run here, off the page's main thread and out of the chat's own wasm,
 * which has no room for them. tandem.js starts it when the visitor first opens the chat and
 * relays each typed turn; the verdict (mask this, hand over for this reason) goes back to
 * the chat. Nothing leaves the device.
 *
 * Messages in:  {kind: "start", model: URL, policy: JSON|null}, {kind: "turn", turn: {...}},
 *               {kind: "reset"}.
 * Messages out: {kind: "ready", sentiment, warning}, {kind: "verdict", message, masked,
 *               reason, why, agent_note, sentiment}, {kind: "failed", reason}.
 */
import init, { Assistant } from "./tandem_ml_worker.js";

let assistant = null;
const waiting = [];

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.kind === "start") {
    start(message);
  } else {
    waiting.push(message);
    drain();
  }
};

async function start({ model, policy }) {
  try {
    await init({ module_or_path: new URL("tandem_ml_worker_bg.wasm", import.meta.url) });
  } catch (error) {
    self.postMessage({ kind: "failed", reason: `its wasm could not be loaded (${error})` });
    return;
  }
  const warnings = [];
  let bytes = null;
  try {
    const response = await fetch(model);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    warnings.push(`the sentiment model ${model} could not be fetched (${error.message || error})`);
  }
  assistant = new Assistant(bytes, policy || null);
  const own = assistant.warnings();
  if (own) warnings.push(own);
  self.postMessage({
    kind: "ready",
    sentiment: assistant.sentiment_name(),
    warning: warnings.length ? warnings.join("; ") : null,
  });
  drain();
}

function drain() {
  while (assistant && waiting.length) {
    const message = waiting.shift();
    if (message.kind === "reset") {
      assistant.reset();
    } else if (message.kind === "turn" && message.turn) {
      const t = message.turn;
      const verdict = JSON.parse(assistant.judge(t.message >>> 0, String(t.text || ""),
        t.answered == null ? null : String(t.answered), Boolean(t.entry_escalates)));
      self.postMessage({ kind: "verdict", ...verdict });
    }
  }
}
