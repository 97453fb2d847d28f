/*! Tandem assistant worker: the escalation policy and the ONNX sentiment model (tract,
 * compiled to wasm) run here, off the page's main thread and out of the chat's own wasm,
 * which has no room for them. tandem.js starts it when the visitor first opens the chat and
 * relays each typed turn; the verdict (mask this, hand over for this reason) goes back to
 * the chat. Nothing leaves the device.
 *
 * It also fetches the static embedding table (models/faq-embed.tev), which the sentiment
 * model reads beside its n-grams, and the site's FAQ: once both are in, it answers typed
 * questions itself (lexical + semantic matcher), which catches paraphrases the chat's
 * lexical matcher misses. Then it fetches the contextual encoder (models/faq-encoder.tenc,
 * 7 MB, cached by the browser) and indexes the FAQ with it a few texts at a time, between
 * visitor turns; once done, the encoder's matcher answers (it reads questions in context).
 * The sentiment model reads each turn through the same encoder as soon as it is read.
 *
 * Messages in:  {kind: "start", model, faq, table, encoder: URLs (encoder may be null),
 *                policy: JSON|null},
 *               {kind: "turn", turn: {message, text, answered, entry_escalates, awaiting}},
 *               {kind: "reset"}.
 * Messages out: {kind: "ready", sentiment, warning} (judging turns),
 *               {kind: "answering"} or {kind: "lexical", warning} (the FAQ part),
 *               {kind: "in_context", warning} or {kind: "encoder_failed", warning} (the encoder),
 *               {kind: "verdict", message, masked, reason, why, agent_note, sentiment
 *                [, answer, tentative, suggestions for an awaiting turn]}, {kind: "failed", reason}.
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

async function fetchBytes(url, what) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`${what} ${url} could not be fetched (${error.message || error})`);
  }
  if (!response.ok) throw new Error(`${what} ${url} could not be fetched (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

// A 29-byte module whose one function uses a SIMD instruction (i32x4.splat). The wasm runs the
// FAQ encoder's loops with WebAssembly SIMD (crates/core/src/embed/kernels.rs): every current
// browser has it, Safari before 16.4 does not and would only report a compile error.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
  10, 8, 1, 6, 0, 65, 0, 253, 17, 11]);

async function start({ model, faq, table, encoder, policy }) {
  if (!WebAssembly.validate(SIMD_PROBE)) {
    self.postMessage({ kind: "failed", reason: "this browser has no WebAssembly SIMD (Safari before 16.4 lacks it), which the assistant's wasm needs" });
    return;
  }
  try {
    await init({ module_or_path: new URL("tandem_ml_worker_bg.wasm", import.meta.url) });
  } catch (error) {
    self.postMessage({ kind: "failed", reason: `its wasm could not be loaded (${error})` });
    return;
  }
  const warnings = [];
  // Both at once: the model reads the table's sentence vectors, and the FAQ needs it too.
  const [modelResult, tableResult] = await Promise.allSettled([
    fetchBytes(model, "the sentiment model"),
    table ? fetchBytes(table, "the embedding table") : Promise.reject(new Error("no embedding table was configured")),
  ]);
  const bytes = modelResult.status === "fulfilled" ? modelResult.value : null;
  if (!bytes) warnings.push(modelResult.reason.message);
  assistant = new Assistant(bytes, policy || null);
  const own = assistant.warnings();
  if (own) warnings.push(own);
  const tableBytes = tableResult.status === "fulfilled" ? tableResult.value : null;
  if (tableBytes) {
    const problem = assistant.load_table(tableBytes);
    if (problem) warnings.push(problem);
  }
  if (assistant.sentiment_needs_table()) {
    const why = tableBytes ? "" : ` (${tableResult.reason.message})`;
    warnings.push(`the sentiment model runs without its embedding table, less accurately${why}`);
  }
  self.postMessage({
    kind: "ready",
    sentiment: assistant.sentiment_name(),
    warning: warnings.length ? warnings.join("; ") : null,
  });
  drain();
  if (faq && table && (await loadFaq(faq, table, tableBytes)) && encoder) loadEncoder(encoder);
}

async function loadFaq(faq, table, fetchedTable) {
  let problem;
  try {
    const [faqBytes, tableBytes] = await Promise.all([fetchBytes(faq, "the FAQ"),
      fetchedTable ? Promise.resolve(fetchedTable) : fetchBytes(table, "the FAQ embedding table")]);
    problem = assistant.load_faq(faq, new TextDecoder().decode(faqBytes), tableBytes);
  } catch (error) {
    problem = `${error.message || error}`;
  }
  self.postMessage(problem ? { kind: "lexical", warning: problem } : { kind: "answering" });
  return !problem;
}

// A few texts per step (each takes milliseconds), yielding between steps so that visitor
// turns waiting in the queue are answered, by the table's matcher, without delay.
const TEXTS_PER_STEP = 4;

async function loadEncoder(encoder) {
  let problem;
  try {
    problem = assistant.start_encoder(await fetchBytes(encoder, "the FAQ encoder"));
    while (!problem && !assistant.encoder_step(TEXTS_PER_STEP)) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      drain();
    }
  } catch (error) {
    problem = `${error.message || error}`;
  }
  // The sentiment model reads the encoder too; a refusal there does not stop the FAQ.
  const sentimentProblem = problem ? null : assistant.take_encoder_warning();
  self.postMessage(problem ? { kind: "encoder_failed", warning: problem }
    : { kind: "in_context", warning: sentimentProblem || null });
}

function drain() {
  while (assistant && waiting.length) {
    const message = waiting.shift();
    if (message.kind === "reset") {
      assistant.reset();
    } else if (message.kind === "turn" && message.turn) {
      const t = message.turn;
      const id = t.message >>> 0;
      const text = String(t.text || "");
      const verdict = JSON.parse(t.awaiting ? assistant.ask(id, text) : assistant.judge(id, text,
        t.answered == null ? null : String(t.answered), Boolean(t.entry_escalates)));
      self.postMessage({ kind: "verdict", ...verdict });
    }
  }
}
