// The lists in the window: review the measures, close an item (销号) with its
// verifier and evidence, and export the three lists as PDF.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { answerSaveDialog, artifacts, pasteInto, saveScreen, startApp, textOf } from "./harness.mjs";

test("an item is signed off with evidence and the lists export as PDF", async () => {
  const { browser, stop } = await startApp();
  try {
    await browser.$('[data-testid="open-lists"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="open-lists"]').click();
    await browser.$('[data-testid="lists-heading"]').waitForDisplayed({ timeout: 10000 });
    assert.equal(await browser.$('[data-testid="completion"]').getText(), "33.3%");

    await browser.$('[data-testid="review-measures"]').click();
    await browser.$('[data-testid="review-findings"]').waitForDisplayed({ timeout: 10000 });

    const row = await browser.$('tr[data-rectification-id="rec-jd-1-1"]');
    await row.$('[data-testid="open-sign-off"]').click();
    await pasteInto(browser, await browser.$('[data-testid="sign-off-verifier"]'), "委党办 孟晓东");
    await pasteInto(browser, await browser.$('[data-testid="sign-off-evidence"]'), "支委会会议记录12次");
    await browser.$('[data-testid="confirm-sign-off"]').click();
    await browser.waitUntil(async () => (await browser.$('[data-testid="completion"]').getText()) === "50%", {
      timeout: 10000,
      timeoutMsg: "the completion rate did not rise after 销号",
    });
    const closed = await browser.$('tr[data-rectification-id="rec-jd-1-1"]').getText();
    assert.match(closed, /已完成/);
    assert.match(closed, /委党办 孟晓东/);
    await saveScreen(browser, join(artifacts, "lists.png"));

    // The save dialog cancelled: no file, no notice.
    await browser.$('[data-testid="export-lists"]').click();
    await answerSaveDialog(browser, { key: "Escape" });
    await browser.pause(500);
    assert.equal(await textOf(browser, '[data-testid="notice"]').catch(() => ""), "", "no notice after a cancelled save");

    // Saved where the dialog offers: the export folder, under the list's own name.
    await browser.$('[data-testid="export-lists"]').click();
    await answerSaveDialog(browser, { picture: join(artifacts, "export-save-dialog.png") });
    // Read the notice in the page itself: the list re-renders after the export, and an
    // element handle taken a moment earlier can go stale (seen in a CI run).
    let shown = "";
    await browser.waitUntil(
      async () => {
        shown = await browser.execute(() => document.querySelector('[data-testid="notice"]')?.textContent ?? "");
        return shown.startsWith("已导出 PDF：");
      },
      { timeout: 15000, timeoutMsg: "no export notice" },
    );
    const path = shown.slice("已导出 PDF：".length).trim();
    assert.ok(existsSync(path), path);
    assert.ok(path.includes(join("文档", "述职评议助手", "")), `saved in 文档/述职评议助手: ${path}`);
    await browser.$('[data-testid="open-export-folder"]').waitForDisplayed({ timeout: 5000 });
    const text = execFileSync("pdftotext", ["-raw", path, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    assert.ok(text.includes("2023年度党组织书记抓基层党建述职评议整改清单"), text);
    assert.ok(text.includes("支部委员会会议单独召开"), text);
    assert.ok(text.includes("已完成"), text);
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "3", "-l", "3", path, join(artifacts, "lists-pdf")]);
  } finally {
    await stop();
  }
});
