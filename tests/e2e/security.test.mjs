// User text is shown as text, never run as HTML: markup typed into a report and into a
// problem appears literally in the editor, on the secretary's page and in the lists,
// and nothing it tries to do happens. The window also refuses remote content (CSP).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { artifacts, pasteInto, repoRoot, saveScreen, startApp, waitSaved } from "./harness.mjs";

const ATTACK = `<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script><b>粗体</b>`;

test("markup typed into a report and a problem appears literally and nothing runs", async () => {
  const { browser, stop } = await startApp();
  try {
    // 孙海涛 has a draft: open his editor.
    await browser.$('tr[data-secretary-id="sec-jj"] a.button-link').waitForDisplayed({ timeout: 30000 });
    await browser.$('tr[data-secretary-id="sec-jj"] a.button-link').click();
    const open = await browser.$('[data-testid="open-report"]');
    await open.waitForDisplayed({ timeout: 10000 });
    await open.click();
    await browser.$('[data-testid="editor-heading"]').waitForDisplayed({ timeout: 10000 });
    const box = await browser.$('textarea[data-focus-point="fp-2023-achievements"]');
    await pasteInto(browser, box, `2023年，本人抓党建。${ATTACK}`);
    await waitSaved(browser);

    // Reload the editor from the database: the text comes back as it was typed.
    await browser.execute(() => location.reload());
    await browser.$('[data-testid="editor-heading"]').waitForDisplayed({ timeout: 15000 });
    const value = await browser.$('textarea[data-focus-point="fp-2023-achievements"]').getValue();
    assert.ok(value.includes(ATTACK), value);

    // The secretary's page shows section text: literally, as text.
    await browser.execute(() => {
      location.hash = "#/secretary/sec-jj";
    });
    await browser.waitUntil(async () => (await browser.$("body").getText()).includes("<img src=x"), {
      timeout: 15000,
      timeoutMsg: "the markup is not shown as text on the secretary's page",
    });
    const state = await browser.execute(() => ({
      pwned: window.__pwned ?? null,
      images: document.querySelectorAll('img[src="x"]').length,
      bold: [...document.querySelectorAll("b")].filter((b) => b.textContent === "粗体").length,
      scripts: [...document.querySelectorAll("script")].filter((s) => s.textContent.includes("__pwned")).length,
    }));
    assert.deepEqual(state, { pwned: null, images: 0, bold: 0, scripts: 0 });
    await saveScreen(browser, join(artifacts, "security-literal.png"));

    // The content security policy refuses anything from outside the app. A second local
    // origin serves a real image (an address on the internet would fail on an offline
    // machine with or without the policy): the image loads when fetched directly, and the
    // page is still not allowed to load it.
    const png = readFileSync(join(repoRoot, "tests/fixtures/evidence/sign-in-sheet.png"));
    const other = createServer((_, response) => {
      response.writeHead(200, { "content-type": "image/png", "access-control-allow-origin": "*" });
      response.end(png);
    });
    await new Promise((ready) => other.listen(0, "127.0.0.1", ready));
    const address = `http://127.0.0.1:${other.address().port}/x.png`;
    try {
      const direct = await fetch(address);
      assert.equal(direct.status, 200, "the other origin serves the image");
      const remote = await browser.execute(
        (src) =>
          new Promise((resolve) => {
            const img = document.createElement("img");
            img.onload = () => resolve("loaded");
            img.onerror = () => resolve("blocked");
            img.src = src;
            document.body.appendChild(img);
            setTimeout(() => resolve("timeout"), 5000);
          }),
        address,
      );
      assert.equal(remote, "blocked", "the page may not load from another origin");
    } finally {
      other.close();
    }
  } finally {
    await stop();
  }
});
