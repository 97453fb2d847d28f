// The whole flow with the keyboard only: Tab to the launcher, Enter, type, Enter, rate,
// reach "Talk to a human", Escape back to the launcher.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, newPage, widget, shot } from "../helpers.js";

let env;
before(async () => { env = await start(); });
after(async () => { await env.close(); });

const active = (page) => page.evaluate(() => {
  const root = document.querySelector("tandem-chat").shadowRoot;
  const el = root.activeElement;
  return el ? (el.id || el.className || el.tagName) + "|" + (el.getAttribute("aria-label") || el.textContent.trim()) : document.activeElement?.tagName;
});

test("a keyboard-only visitor can ask, rate, find a human and close", async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.base}/scenarios/keyboard/page.html`);
  await widget(page).launcher.waitFor({ state: "visible" });
  // The launcher comes after the page's own links in the tab order.
  let found = false;
  for (let i = 0; i < 10 && !found; i++) {
    await page.keyboard.press("Tab");
    found = (await active(page)).includes("tandem-launcher");
  }
  assert.ok(found, "the launcher is reachable with Tab");
  await page.keyboard.press("Enter");
  await widget(page).input.waitFor({ state: "visible" });
  await page.waitForFunction(() => document.querySelector("tandem-chat").shadowRoot.activeElement?.id === "tandem-input");
  await page.keyboard.type("how much does delivery cost");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("tandem-chat").shadowRoot.querySelector(".tandem-answer"));
  assert.match(await widget(page).lastBot.innerText(), /£40/);
  assert.match(await active(page), /tandem-input/, "focus stays in the input after sending");

  // Shift+Tab backwards from the input reaches the rating buttons and the human button.
  const seen = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Shift+Tab");
    seen.push(await active(page));
  }
  assert.ok(seen.some((s) => s.includes("Yes, this helped")), seen.join(", "));
  assert.ok(seen.some((s) => s.includes("Talk to a human")), seen.join(", "));
  await shot(page, "keyboard-focus");

  await page.keyboard.press("Escape");
  await widget(page).panel.waitFor({ state: "detached" });
  assert.match(await active(page), /tandem-launcher/, "focus returns to the launcher");
  await context.close();
});
