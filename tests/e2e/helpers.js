// Shared setup for the end-to-end scenarios: a web root (dist/ + the scenario pages), a server
// for it (the real hub when it can serve files, else a tiny static server), and Debian's
// Chromium through playwright-core. Nothing here downloads a browser.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";

export const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../..");
export const output = join(here, "output");
mkdirSync(output, { recursive: true });

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** dist/ plus every scenario folder's pages and fixtures under /scenarios/<name>/. */
function webRoot() {
  const dist = join(repo, "dist");
  if (!existsSync(join(dist, "tandem_widget_bg.wasm"))) {
    throw new Error("dist/ has no widget: run `cargo xtask dist` first");
  }
  const root = mkdtempSync(join(tmpdir(), "tandem-e2e-"));
  cpSync(dist, root, { recursive: true });
  cpSync(here, join(root, "scenarios"), {
    recursive: true,
    filter: (src) => !src.includes("node_modules") && !src.includes(`${here}/output`),
  });
  return root;
}

async function freePort() {
  return new Promise((ok, fail) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on("error", fail);
  });
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".wasm": "application/wasm", ".onnx": "application/octet-stream" };

function staticServer(root, port) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = join(root, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream",
      "cache-control": "no-cache" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => ok({ close: () => server.close() })));
}

/** The hub, when it can serve a web root; `null` when this build of the hub cannot. */
async function hub(root, port) {
  const binary = join(repo, "target/debug/tandem");
  if (!existsSync(binary) || process.env.TANDEM_E2E_STATIC) return null;
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(binary, ["serve", "--addr", `127.0.0.1:${port}`, "--db", join(root, "..", `tandem-${port}.db`),
    "--allow-origin", origin, "--web-root", root], { stdio: ["ignore", "ignore", "pipe"],
    // The hub's note for local tools goes next to the test database, not into $HOME.
    env: { ...process.env, TANDEM_RUNTIME_DIR: join(root, "..", `run-${port}`) } });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return null;
    try {
      const res = await fetch(`${origin}/tandem.js`);
      if (res.ok) return { close: () => child.kill(), kind: "hub" };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`the hub did not start: ${stderr.slice(-500)}`);
}

/** Starts a server and Chromium; returns { base, browser, newPage, close }. */
export async function start() {
  const root = webRoot();
  const port = await freePort();
  const server = (await hub(root, port)) || (await staticServer(root, port));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS, headless: true });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    browser,
    server: server.kind || "static",
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** A page that records script-injection proof, CSP violations and page errors. */
export async function newPage(env, options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) problems.push(`console: ${msg.text()}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400 && !res.url().endsWith("/favicon.ico")) problems.push(`${res.status()} ${res.url()}`);
  });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, context, problems };
}

/** The widget's shadow-DOM parts (Playwright locators pierce open shadow roots). */
export function widget(page) {
  return {
    launcher: page.locator("tandem-chat .tandem-launcher"),
    panel: page.locator("tandem-chat .tandem-panel"),
    disclosure: page.locator("tandem-chat .tandem-disclosure"),
    human: page.locator("tandem-chat .tandem-disclosure .tandem-human"),
    input: page.locator("tandem-chat .tandem-input"),
    send: page.locator("tandem-chat .tandem-send"),
    log: page.locator("tandem-chat [role=log]"),
    botMessages: page.locator("tandem-chat .tandem-msg.bot"),
    lastBot: page.locator("tandem-chat .tandem-msg.bot").last(),
  };
}

/** Waits until the chat shell has mounted and replaced the loader's placeholder launcher
 * (a locator taken before that may point at a detached button). */
export async function waitForMount(page) {
  await page.waitForFunction(() => document.querySelector("tandem-chat")?.shadowRoot?.querySelector(".tandem-app .tandem-launcher"));
}

/** Opens the chat and waits until the panel's input is ready. */
export async function openChat(page) {
  const w = widget(page);
  await w.launcher.click();
  await w.input.waitFor({ state: "visible" });
  return w;
}

/** Types a question, sends it and waits for the bot's reply to it: the first bot message after
 * the question. Not the last one: once the assistant worker is ready it may add a note of its
 * own (e.g. "I've noted that you'd like to talk to a person") right after the answer, and
 * whether it is ready yet depends on timing. */
export async function ask(page, text) {
  const w = widget(page);
  const before = await w.botMessages.count();
  await w.input.fill(text);
  await w.send.click();
  await page.waitForFunction(
    (n) => document.querySelector("tandem-chat").shadowRoot.querySelectorAll(".tandem-msg.bot").length > n,
    before,
  );
  return w.botMessages.nth(before);
}

export function record(name, data) {
  const file = join(output, "timings.json");
  const all = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  all[name] = data;
  writeFileSync(file, JSON.stringify(all, null, 2));
}

export const shot = (page, name) => page.screenshot({ path: join(output, `${name}.png`) });
