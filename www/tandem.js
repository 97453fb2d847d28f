/*! Tandem chat loader — one script tag puts a support chat on any page.
 *
 *   <script src="https://hub.example/tandem.js" data-faq="/faq.json" async></script>
 *
 * Draws the launcher at once inside a Shadow DOM (host CSS can't reach in, ours can't leak
 * out), then loads the chat (Rust/Yew, wasm) when the browser is idle or on first click.
 * Config: data-faq, data-hub, data-title, data-greeting, data-color, data-position
 * (right|left), data-lang, data-load (idle|interaction), data-global, data-model (sentiment
 * model URL), data-faq-model (FAQ embedding table URL), data-faq-encoder (FAQ encoder URL, or
 * "none" to answer with the table only), data-escalation (policy settings,
 * JSON); `window.TandemSettings`
 * (same keys, camelCase) wins over the attributes. API: Tandem.open(), .close(),
 * .identify({name, email}), .on(event, cb) — calls made before the chat loads are queued.
 * Nothing here uses inline styles or eval: it runs under script-src 'self' 'wasm-unsafe-eval'
 * and style-src 'self'.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__tandemLoaded) return;
  window.__tandemLoaded = true;

  var base = new URL(".", script.src).href;
  var settings = window.TandemSettings;
  settings = settings && typeof settings === "object" ? settings : {};
  var data = script.dataset;
  function pick(key) {
    var value = settings[key] != null ? settings[key] : data[key];
    return value == null || value === "" ? undefined : String(value);
  }
  function absolute(url, fallback) {
    try { return new URL(url || fallback, url ? document.baseURI : base).href; } catch (e) { return new URL(fallback, base).href; }
  }
  var config = {
    faq: absolute(pick("faq"), "faq.json"),
    hub: pick("hub") || new URL("/", base).href,
    title: pick("title") || "Help",
    greeting: pick("greeting") || "Hi! I'm an automated assistant. Ask me about orders, delivery, returns or payments.",
    storageKey: "tandem.conversation:" + location.host,
    open: false
  };
  var left = pick("position") === "left";
  var lang = pick("lang") || document.documentElement.lang || "en";
  var color = pick("color");
  var lazy = pick("load") === "interaction";

  // API: listeners and calls made before the chat exists.
  var listeners = {};
  var queue = [];
  var widget = null;
  var wantOpen = false;
  function emit(name, detail) {
    (listeners[name] || []).slice().forEach(function (cb) {
      try { cb(detail); } catch (e) { setTimeout(function () { throw e; }); }
    });
  }
  function call(name, args) {
    if (widget) return run(name, args);
    if (name === "open") { wantOpen = true; start(); }
    else if (name === "close") wantOpen = false;
    else queue.push([name, args]);
  }
  function run(name, args) {
    if (name === "identify") {
      var who = args[0] || {};
      widget.identify(who.name == null ? undefined : String(who.name), who.email == null ? undefined : String(who.email));
    } else if (name === "open" || name === "close") widget[name]();
  }
  var api = {
    open: function () { call("open", []); },
    close: function () { call("close", []); },
    identify: function (who) { call("identify", [who]); },
    on: function (name, cb) {
      if (typeof cb !== "function") return function () {};
      (listeners[name] = listeners[name] || []).push(cb);
      return function () { listeners[name] = (listeners[name] || []).filter(function (f) { return f !== cb; }); };
    },
    version: "0.1.0",
    __tandem: true
  };
  // The async snippet `Tandem = Tandem || function(){(Tandem.q=Tandem.q||[]).push(arguments)}`
  // leaves calls in `.q`; any other existing `Tandem` belongs to the host page and is left
  // alone: the API then lives at `window.TandemChat` (or data-global).
  var name = pick("global") || "Tandem";
  var existing = window[name];
  var snippet = typeof existing === "function" && Array.isArray(existing.q) ? existing.q : null;
  if (existing !== undefined && !snippet && !(existing && existing.__tandem)) name = "TandemChat";
  try { window[name] = api; } catch (e) { /* a frozen global: the page keeps its own */ }
  window.TandemChat = window.TandemChat || api;
  if (snippet) snippet.forEach(function (a) { if (typeof api[a[0]] === "function") api[a[0]].apply(api, [].slice.call(a, 1)); });

  // The host element and its shadow root.
  var host = document.createElement("tandem-chat");
  host.setAttribute("data-tandem", "");
  var shadow = host.attachShadow({ mode: "open" });
  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = base + "tandem.css";
  var root = document.createElement("div");
  root.className = "tandem-root " + (left ? "pos-left" : "pos-right");
  root.lang = lang;
  root.hidden = true;
  link.onload = link.onerror = function () { root.hidden = false; };
  if (color && window.CSSStyleSheet && "adoptedStyleSheets" in shadow && /^[#\w(),.%\s-]+$/.test(color) && CSS.supports("color", color)) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(":host{--tandem-accent:" + color + "}");
      shadow.adoptedStyleSheets = [sheet];
    } catch (e) { /* keep the default colour */ }
  }
  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "tandem-launcher";
  launcher.setAttribute("aria-label", "Open chat with our automated assistant");
  launcher.setAttribute("aria-expanded", "false");
  // The same chat-bubble SVG the widget's launcher draws (src/components/icon.rs).
  var svg = "http://www.w3.org/2000/svg";
  var icon = document.createElementNS(svg, "svg");
  icon.setAttribute("class", "tandem-icon");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  icon.setAttribute("focusable", "false");
  var path = document.createElementNS(svg, "path");
  path.setAttribute("d", "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z");
  icon.appendChild(path);
  launcher.appendChild(icon);
  launcher.addEventListener("click", function () { wantOpen = true; start(); });
  launcher.addEventListener("pointerenter", warm, { once: true });
  launcher.addEventListener("focus", warm, { once: true });
  root.appendChild(launcher);
  shadow.appendChild(link);
  shadow.appendChild(root);

  // Loading the chat: one memoised promise for the module + wasm.
  var loading = null;
  function warm() { load().catch(function () {}); }
  function load() {
    if (!loading) {
      loading = import(base + "tandem_widget.js").then(function (mod) {
        return mod.default({ module_or_path: base + "tandem_widget_bg.wasm" }).then(function () { return mod; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }
  var starting = false;
  function start() {
    if (widget) { if (wantOpen) widget.open(); return; }
    launcher.setAttribute("aria-busy", "true");
    if (starting) return;
    starting = true;
    load().then(mount).catch(fail);
  }
  function mount(mod) {
    starting = false;
    var hadFocus = shadow.activeElement === launcher;
    var app = document.createElement("div");
    app.className = "tandem-app";
    root.appendChild(app);
    config.open = wantOpen;
    widget = mod.mount(app, JSON.stringify(config), function (name, json) {
      var detail = {};
      try { detail = JSON.parse(json); } catch (e) { /* keep {} */ }
      // Typed turns go to the assistant worker, not to the page's listeners.
      if (name === "turn") { tell({ kind: "turn", turn: detail }); return; }
      if (name === "open") assistantWorker();
      if (name === "end_chat") tell({ kind: "reset" });
      emit(name, detail);
    });
    launcher.remove();
    var error = root.querySelector(".tandem-error");
    if (error) error.remove();
    queue.splice(0).forEach(function (c) { run(c[0], c[1]); });
    if (hadFocus && !wantOpen) {
      var own = root.querySelector(".tandem-launcher");
      if (own) own.focus();
    }
    emit("ready", {});
  }
  // The assistant worker (escalation policy + sentiment model): started when the visitor first
  // opens the chat or types, so visitors who never chat never download it. Without it the
  // chat still answers and the "Talk to a human" button still works; the console says why.
  var assistant = null;
  function warn(text) { if (window.console) console.warn("Tandem: " + text); }
  function assistantWorker() {
    if (assistant !== null) return assistant;
    assistant = false;
    if (!window.Worker) { warn("this browser has no Web Workers, so the assistant is off: FAQ answers and the Talk to a human button still work."); return false; }
    var url = base + "tandem-worker.js";
    try {
      var worker;
      try { worker = new Worker(url, { type: "module" }); } catch (e) {
        // Workers must come from the page's origin: a hub elsewhere is imported through a
        // same-origin blob (the host page's CSP then needs worker-src blob:).
        worker = new Worker(URL.createObjectURL(new Blob(["import " + JSON.stringify(url) + ";"], { type: "text/javascript" })), { type: "module" });
      }
      worker.onmessage = function (e) {
        var m = e.data || {};
        if (m.kind === "verdict") {
          clearTimeout(waiting[m.message]);
          delete waiting[m.message];
          if (!widget) return;
          if ("answer" in m) widget.answered(m.message, m.answer || m.tentative || null, (m.suggestions || []).join("\n"), !m.answer && !!m.tentative);
          widget.judged(m.message, m.masked, m.reason, m.why);
        } else if (m.kind === "answering") {
          if (widget) widget.remote(true);
          emit("assistant", { status: "answering" });
        } else if (m.kind === "lexical") {
          warn(m.warning + " — answers stay with the chat's own matcher.");
        } else if (m.kind === "in_context") {
          if (m.warning) warn(m.warning);
          emit("assistant", { status: "in_context" });
        } else if (m.kind === "encoder_failed") {
          warn(m.warning + " — answers stay with the embedding table, and the sentiment model scores without the encoder.");
        }
        else if (m.kind === "ready") {
          if (m.warning) warn(m.warning + " — the assistant runs without it.");
          emit("assistant", { status: "ready", sentiment: m.sentiment, warning: m.warning || null });
        } else if (m.kind === "failed") off(m.reason);
      };
      worker.onerror = function (e) { off(e && e.message || "it could not be loaded"); };
      worker.postMessage({ kind: "start", model: absolute(pick("model"), "models/sentiment.onnx"),
        faq: config.faq, table: absolute(pick("faqModel"), "models/faq-embed.tev"),
        encoder: pick("faqEncoder") === "none" ? null : absolute(pick("faqEncoder"), "models/faq-encoder.tenc"),
        policy: pick("escalation") || null });
      assistant = worker;
    } catch (e) { off(String(e && e.message || e)); }
    return assistant;
  }
  function off(reason) {
    if (assistant) assistant.terminate();
    assistant = false;
    // Questions the worker was answering are answered by the chat itself.
    if (widget) widget.remote(false);
    for (var id in waiting) clearTimeout(waiting[id]);
    waiting = {};
    warn("the assistant worker stopped: " + reason + ". FAQ answers and the Talk to a human button still work.");
    emit("assistant", { status: "failed", reason: reason });
  }
  // A question the worker must answer gets 3 s; a stuck worker is stopped so the chat answers.
  var waiting = {};
  function tell(message) {
    var w = assistantWorker();
    if (!w) { if (message.turn && message.turn.awaiting && widget) widget.remote(false); return; }
    w.postMessage(message);
    if (message.turn && message.turn.awaiting) {
      waiting[message.turn.message] = setTimeout(function () { off("it did not answer within 3 s"); }, 3000);
    }
  }

  function fail(error) {
    starting = false;
    launcher.removeAttribute("aria-busy");
    emit("error", { message: String(error && error.message || error) });
    if (!wantOpen || root.querySelector(".tandem-error")) return;
    var box = document.createElement("div");
    box.className = "tandem-error";
    box.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = "Sorry, the chat couldn't load. Please check your connection and try again.";
    var retry = document.createElement("button");
    retry.type = "button";
    retry.textContent = "Try again";
    retry.addEventListener("click", function () { box.remove(); start(); });
    box.appendChild(text);
    box.appendChild(retry);
    root.insertBefore(box, launcher);
    retry.focus();
  }

  function attach() {
    (document.body || document.documentElement).appendChild(host);
    if (lazy) return;
    var idle = window.requestIdleCallback || function (cb) { return setTimeout(cb, 1500); };
    idle(function () { if (!widget && !starting) { starting = true; load().then(mount).catch(fail); } }, { timeout: 4000 });
  }
  if (document.body) attach(); else document.addEventListener("DOMContentLoaded", attach);
})();
