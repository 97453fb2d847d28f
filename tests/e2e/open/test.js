// Opening the chat: the launcher is drawn at once, a click opens the panel with the input
// focused, and the launcher-click → interactive-panel time is recorded (cold and warm).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, newPage, widget, record, shot } from "../helpers.js";

let env;
before(async () => { env = await start(); });
after(async () => { await env.close(); });

test("the launcher opens a panel with the disclosure and the input focused", async () => {
  const { page, problems } = await newPage(env);
  await page.goto(`${env.base}/`);
  const w = widget(page);
  await w.launcher.waitFor({ state: "visible" });
  await shot(page, "open-0-closed");
  await w.launcher.click();
  await w.input.waitFor({ state: "visible" });
  assert.equal(await w.disclosure.isVisible(), true);
  assert.match(await w.disclosure.innerText(), /You're chatting with an automated assistant/);
  const focused = await page.evaluate(() => document.querySelector("tandem-chat").shadowRoot.activeElement?.id);
  assert.equal(focused, "tandem-input");
  assert.equal(await w.launcher.getAttribute("aria-expanded"), "true");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the host page API opens, closes and reports events, with calls queued before load", async () => {
  const { page } = await newPage(env);
  await page.goto(`${env.base}/scenarios/open/lazy.html`);
  await page.evaluate(() => {
    window.__events = [];
    Tandem.on("open", () => window.__events.push("open"));
    Tandem.on("close", () => window.__events.push("close"));
    Tandem.identify({ name: "Ada", email: "ada@example.com" });
    Tandem.open();
  });
  const w = widget(page);
  await w.input.waitFor({ state: "visible" });
  await page.evaluate(() => Tandem.close());
  await w.panel.waitFor({ state: "detached" });
  assert.deepEqual(await page.evaluate(() => window.__events), ["open", "close"]);
  await page.context().close();
});

test("launcher click to interactive panel is timed, cold and warm", async () => {
  const timings = {};
  for (const [name, path] of [["cold", "/scenarios/open/lazy.html"], ["warm", "/"]]) {
    const runs = [];
    for (let i = 0; i < 5; i++) {
      const { page, context } = await newPage(env);
      await page.goto(`${env.base}${path}`);
      const w = widget(page);
      await w.launcher.waitFor({ state: "visible" });
      if (name === "warm") await page.waitForFunction(() => !document.querySelector("tandem-chat").shadowRoot.querySelector(".tandem-launcher[aria-busy]") && document.querySelector("tandem-chat").shadowRoot.querySelector(".tandem-app"));
      const ms = await page.evaluate(() => new Promise((done) => {
        const root = document.querySelector("tandem-chat").shadowRoot;
        const t0 = performance.now();
        root.querySelector(".tandem-launcher").click();
        const poll = () => {
          const input = root.querySelector(".tandem-input");
          if (input && root.activeElement === input) done(performance.now() - t0);
          else requestAnimationFrame(poll);
        };
        poll();
      }));
      runs.push(Math.round(ms));
      await context.close();
    }
    runs.sort((a, b) => a - b);
    timings[name] = { runs_ms: runs, median_ms: runs[Math.floor(runs.length / 2)] };
  }
  record("launcher_click_to_interactive_panel", { ...timings, server: env.server });
  assert.ok(timings.cold.runs_ms.length === 5);
});
