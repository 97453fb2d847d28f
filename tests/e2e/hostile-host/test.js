// A host page that unsets every style with !important, puts everything at the maximum
// z-index, hides custom elements and owns a global `Tandem`: the widget still shows,
// answers, and leaves the page's `Tandem` alone (its API moves to `TandemChat`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, newPage, openChat, ask, widget, shot, waitForMount } from "../helpers.js";

let env;
before(async () => { env = await start(); });
after(async () => { await env.close(); });

test("the widget survives a hostile host page", async () => {
  const { page, problems, context } = await newPage(env);
  await page.goto(`${env.base}/scenarios/hostile-host/page.html`);
  const w = widget(page);
  await w.launcher.waitFor({ state: "visible" });
  // Measure the chat shell's own launcher: the loader's placeholder is swapped out when the
  // shell mounts on idle, and a box taken during the swap would belong to a detached button.
  await waitForMount(page);
  // the launcher is on top where it should be: the element at its centre is the widget
  const box = await w.launcher.boundingBox();
  assert.ok(box.x > 1000 && box.y > 600, `launcher at ${box.x},${box.y}`);
  const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName, [box.x + box.width / 2, box.y + box.height / 2]);
  assert.equal(hit, "TANDEM-CHAT");
  await openChat(page);
  const reply = await ask(page, "how long does delivery take");
  assert.match(await reply.innerText(), /working days/);
  assert.equal(await page.evaluate(() => window.Tandem.mine), true);
  assert.equal(await page.evaluate(() => typeof window.TandemChat.open), "function");
  await page.evaluate(() => window.TandemChat.close());
  await w.panel.waitFor({ state: "detached" });
  await shot(page, "hostile-host");
  assert.deepEqual(problems, []);
  await context.close();
});
