// A host page with `script-src 'self' 'wasm-unsafe-eval'` and `style-src 'self'` (no
// unsafe-inline anywhere): the widget loads, styles itself, answers, and triggers no violation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, newPage, openChat, ask, widget, shot } from "../helpers.js";

let env;
before(async () => { env = await start(); });
after(async () => { await env.close(); });

test("the widget works under a strict CSP without any violation", async () => {
  const { page, problems, context } = await newPage(env);
  await page.goto(`${env.base}/scenarios/strict-csp/page.html`);
  await openChat(page);
  const reply = await ask(page, "do you sell gift cards");
  assert.match(await reply.innerText(), /e-gift cards/);
  // styled by our stylesheet (not the UA default), with the configured accent colour
  const launcher = page.locator("tandem-chat .tandem-launcher");
  assert.equal(await launcher.evaluate((el) => getComputedStyle(el).position), "fixed");
  assert.equal(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(153, 27, 27)");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await shot(page, "strict-csp");
  await context.close();
});

test("the demo shop itself runs under a strict CSP", async () => {
  const { page, problems, context } = await newPage(env);
  await page.goto(`${env.base}/`);
  await openChat(page);
  await ask(page, "I forgot my password");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  assert.equal(await widget(page).disclosure.isVisible(), true);
  await context.close();
});
