// A returning visitor gets answers from the FAQ saved on their device when the network is
// gone, and the widget says so honestly.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, newPage, openChat, ask, widget, shot } from "../helpers.js";

let env;
before(async () => { env = await start(); });
after(async () => { await env.close(); });

test("answers come from the saved FAQ when it can't be fetched, and offline is shown", async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.base}/`);
  await openChat(page);
  await ask(page, "do you price match");
  await page.waitForFunction(async () => (await caches.keys()).includes("tandem-faq-v1"));

  // Second visit: the FAQ request fails (server down / offline), the saved copy answers.
  await page.route("**/faq.json", (route) => route.abort("internetdisconnected"));
  await page.reload();
  await openChat(page);
  await page.waitForFunction(() => document.querySelector("tandem-chat").shadowRoot.querySelector(".tandem-notice.warn"));
  assert.match(await page.locator("tandem-chat .tandem-notice").innerText(), /saved on this device/);
  await context.setOffline(true);
  await page.waitForFunction(() => /offline/.test(document.querySelector("tandem-chat").shadowRoot.querySelector(".tandem-notice")?.textContent));
  const reply = await ask(page, "can I cancel my order");
  assert.match(await reply.innerText(), /within 1 hour/);
  await widget(page).human.click();
  assert.match(await widget(page).lastBot.innerText(), /You're offline/);
  await shot(page, "offline");
  await context.close();
});
