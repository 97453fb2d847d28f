// The conversation survives a reload; nothing is stored before the visitor's first
// interaction; "End chat" forgets it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, newPage, openChat, ask, widget } from "../helpers.js";

let env;
before(async () => { env = await start(); });
after(async () => { await env.close(); });

const stored = (page) => page.evaluate(async () => ({
  local: Object.keys(localStorage),
  session: Object.keys(sessionStorage),
  caches: await caches.keys(),
  cookies: document.cookie,
}));

test("nothing is written to storage before the first interaction, even after opening", async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.base}/`);
  await page.waitForFunction(() => document.querySelector("tandem-chat").shadowRoot.querySelector(".tandem-app"));
  await openChat(page);
  await page.waitForTimeout(300);
  assert.deepEqual(await stored(page), { local: [], session: [], caches: [], cookies: "" });
  await context.close();
});

test("a reload keeps the conversation and End chat clears it", async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.base}/`);
  await openChat(page);
  await ask(page, "do you ship abroad");
  const before = await widget(page).log.innerText();
  assert.match(before, /do you ship abroad/);
  const after = await stored(page);
  assert.equal(after.local.length, 1);
  assert.deepEqual(after.caches, ["tandem-faq-v1"]);

  await page.reload();
  await openChat(page);
  await page.waitForFunction(() => document.querySelector("tandem-chat").shadowRoot.querySelectorAll(".tandem-msg").length >= 3);
  assert.equal(await widget(page).log.innerText(), before);

  await page.locator("tandem-chat .tandem-end").click();
  await widget(page).panel.waitFor({ state: "detached" });
  assert.deepEqual((await stored(page)).local, []);
  await page.reload();
  await openChat(page);
  assert.equal(await page.locator("tandem-chat .tandem-msg").count(), 1);
  await context.close();
});
