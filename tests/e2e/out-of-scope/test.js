// A question the FAQ can't answer gets an honest "not sure" with at most three clickable
// suggestions and the offer of a person — never a confident wrong answer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, newPage, openChat, ask, widget, shot } from "../helpers.js";

let env;
before(async () => { env = await start(); });
after(async () => { await env.close(); });

test("an out-of-scope question gets not sure, suggestions and the human offer", async () => {
  const { page } = await newPage(env);
  await page.goto(`${env.base}/`);
  await openChat(page);
  const reply = await ask(page, "Can you recommend a good pizza place in Rome?");
  assert.match(await reply.innerText(), /I'm not sure/);
  assert.ok((await reply.locator(".tandem-suggestions button").count()) <= 3);
  assert.equal(await reply.getByRole("button", { name: "Talk to a human" }).isVisible(), true);
  await shot(page, "out-of-scope");
  await page.context().close();
});

test("a clicked suggestion answers with that entry, and the human offer records the request", async () => {
  const { page } = await newPage(env);
  await page.goto(`${env.base}/`);
  await page.evaluate(() => { window.__human = 0; Tandem.on("human_requested", () => { window.__human += 1; }); });
  await openChat(page);
  const reply = await ask(page, "refund delivery payment thing");
  const suggestions = reply.locator(".tandem-suggestions button");
  if ((await suggestions.count()) > 0) {
    const question = await suggestions.first().innerText();
    await suggestions.first().click();
    const w = widget(page);
    await page.waitForFunction((q) => [...document.querySelector("tandem-chat").shadowRoot.querySelectorAll(".tandem-msg.visitor")].some((m) => m.innerText.includes(q)), question);
    assert.equal(await w.lastBot.locator(".tandem-answer").count(), 1);
  }
  await widget(page).lastBot.getByRole("button", { name: "Talk to a human" }).or(widget(page).human).first().click();
  await page.waitForFunction(() => window.__human === 1);
  assert.match(await widget(page).lastBot.innerText(), /talk to a person/);
  await page.context().close();
});
