// When the chat's wasm can't be loaded, a click shows a small, honest error with a retry,
// the host page keeps working, and the retry recovers once the file is reachable again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, newPage, widget, shot } from "../helpers.js";

let env;
before(async () => { env = await start(); });
after(async () => { await env.close(); });

test("a failed load shows an error state with a working retry", async () => {
  const { page, context } = await newPage(env);
  let block = true;
  await page.route("**/tandem_widget_bg.wasm", (route) => (block ? route.fulfill({ status: 503, body: "down" }) : route.continue()));
  await page.goto(`${env.base}/scenarios/open/lazy.html`);
  await page.evaluate(() => { window.__errors = []; Tandem.on("error", (e) => window.__errors.push(e.message)); });
  await widget(page).launcher.click();
  const error = page.locator("tandem-chat .tandem-error");
  await error.waitFor({ state: "visible" });
  assert.match(await error.innerText(), /couldn't load/);
  assert.equal(await page.locator("h1").innerText(), "A page that loads the chat only on interaction");
  assert.equal((await page.evaluate(() => window.__errors)).length, 1);
  await shot(page, "load-failure");
  block = false;
  await error.getByRole("button", { name: "Try again" }).click();
  await widget(page).input.waitFor({ state: "visible" });
  assert.equal(await error.count(), 0);
  await context.close();
});
