// axe-core: no WCAG 2.1 A/AA violations with the chat closed and open (including an answer,
// a "not sure" reply and the human request), on the demo shop page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { start, newPage, openChat, ask, widget, waitForMount } from "../helpers.js";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let env;
before(async () => { env = await start(); });
after(async () => { await env.close(); });

async function violations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(
    { include: [["tandem-chat"]] },
    { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } },
  ));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
}

test("no WCAG 2.1 AA violations with the chat closed", async () => {
  // bypassCSP: the demo page's strict CSP would block axe itself, not the widget.
  const { page, context } = await newPage(env, { bypassCSP: true });
  await page.goto(`${env.base}/`);
  await waitForMount(page);
  assert.deepEqual(await violations(page), []);
  await context.close();
});

test("no WCAG 2.1 AA violations with the chat open in its busiest state", async () => {
  const { page, context } = await newPage(env, { bypassCSP: true });
  await page.goto(`${env.base}/`);
  await openChat(page);
  await ask(page, "how do I return an item");
  await ask(page, "tell me a joke about penguins");
  await widget(page).human.click();
  assert.deepEqual(await violations(page), []);
  await context.close();
});

test("every button in the open chat is at least 24 by 24 pixels", async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.base}/`);
  await openChat(page);
  await ask(page, "how do I return an item");
  const small = await page.evaluate(() => [...document.querySelector("tandem-chat").shadowRoot.querySelectorAll("button, input, a")]
    .map((el) => ({ label: el.getAttribute("aria-label") || el.textContent.trim(), box: el.getBoundingClientRect() }))
    .filter(({ box, label }) => box.width < 24 || box.height < 24)
    .map(({ label, box }) => `${label} ${box.width}x${box.height}`));
  // Links inside answer text are inline text, which WCAG 2.5.8 exempts; none are in this answer.
  assert.deepEqual(small, []);
  await context.close();
});

test("the panel does not animate when the visitor prefers reduced motion", async () => {
  for (const [reducedMotion, expected] of [["reduce", "none"], ["no-preference", "tandem-in"]]) {
    const { page, context } = await newPage(env, { reducedMotion });
    await page.goto(`${env.base}/`);
    await openChat(page);
    assert.equal(await widget(page).panel.evaluate((el) => getComputedStyle(el).animationName), expected);
    await context.close();
  }
});
