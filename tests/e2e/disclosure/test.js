// "You're chatting with an automated assistant" + "Talk to a human" in every state of the
// panel. One screenshot per state goes to tests/e2e/output/ for a person to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, newPage, openChat, ask, widget, shot } from "../helpers.js";

let env;
before(async () => { env = await start(); });
after(async () => { await env.close(); });

async function assertDisclosed(page, state) {
  const w = widget(page);
  assert.equal(await w.disclosure.isVisible(), true, `disclosure hidden in state ${state}`);
  assert.match(await w.disclosure.innerText(), /You're chatting with an automated assistant/, state);
  assert.equal(await w.human.isVisible(), true, `no human button in state ${state}`);
  await shot(page, `disclosure-${state}`);
}

test("the disclosure and the human button are visible in every panel state", async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.base}/`);
  await widget(page).launcher.waitFor({ state: "visible" });
  await shot(page, "disclosure-0-closed");
  await openChat(page);
  await assertDisclosed(page, "1-greeting");
  await ask(page, "which payment methods do you accept");
  await assertDisclosed(page, "2-answered");
  await ask(page, "what's the weather on mars");
  await assertDisclosed(page, "3-not-sure");
  await widget(page).human.click();
  await assertDisclosed(page, "4-human-requested");
  await context.setOffline(true);
  await page.waitForFunction(() => document.querySelector("tandem-chat").shadowRoot.querySelector(".tandem-notice.warn"));
  await assertDisclosed(page, "5-offline");
  await context.setOffline(false);
  await context.close();
});

test("the disclosure is visible when the FAQ can't be loaded and on a phone", async () => {
  const { page, context } = await newPage(env, { viewport: { width: 390, height: 760 }, isMobile: true, hasTouch: true });
  await page.route("**/faq.json", (route) => route.fulfill({ status: 500, body: "boom" }));
  await page.goto(`${env.base}/`);
  await openChat(page);
  await page.waitForFunction(() => document.querySelector("tandem-chat").shadowRoot.querySelector(".tandem-notice.error"));
  const reply = await ask(page, "where is my order");
  assert.match(await reply.innerText(), /can't load our help articles/);
  await assertDisclosed(page, "6-faq-failed-mobile");
  const box = await widget(page).panel.boundingBox();
  assert.equal(Math.round(box.width), 390);
  assert.equal(Math.round(box.height), 760);
  const fontSize = await widget(page).input.evaluate((el) => getComputedStyle(el).fontSize);
  assert.equal(fontSize, "16px");
  await context.close();
});
