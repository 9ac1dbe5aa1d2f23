// 扫码测评 from the window: the organizer starts the ballot server in meeting mode, the
// projector shows the join address and turnout, a phone (headless Chromium) votes, the
// turnout rises without showing any result, and closing the vote ends it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { artifacts, pasteInto, saveScreen, startApp } from "./harness.mjs";

test("the window runs 扫码测评: start, projector, a phone votes, close", async () => {
  const { browser, stop } = await startApp();
  const phones = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true });
  try {
    await browser.$('[data-testid="open-meeting"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="open-meeting"]').click();
    // 党员群众代表 vote by phone; the others keep their paper sheets.
    await browser.$('[data-testid="meeting-tab-panel"]').click();
    await browser.$('[data-testid="panel"]').waitForDisplayed({ timeout: 10000 });
    const members = (await browser.$$('[data-testid="panel"] tbody tr'))[3];
    await (await members.$('[data-testid="ballot-channel"]')).selectByAttribute("value", "phone");
    await browser.$("button=保存评议人类别").click();
    await browser.$('[data-testid="meeting-notice"]').waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="meeting-tab-entry"]').click();
    await browser.$('[data-testid="phone-vote"]').waitForDisplayed({ timeout: 10000 });
    await pasteInto(browser, await browser.$('[data-testid="phone-port"]'), "0");
    await browser.$('[data-testid="phone-local-only"]').click();
    await browser.$('[data-testid="start-phone-vote"]').click();
    await browser.$('[data-testid="phone-url"]').waitForDisplayed({ timeout: 10000 });
    const url = await browser.$('[data-testid="phone-url"]').getText();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);

    // 投屏 opens the projector in a window of its own, full screen; the main window keeps
    // the meeting page for paper-ballot entry.
    const main = await browser.getWindowHandle();
    await browser.$('[data-testid="open-projector"]').click();
    await browser.waitUntil(async () => (await browser.getWindowHandles()).length === 2, {
      timeout: 15000,
      timeoutMsg: "no projector window opened",
    });
    const projector = (await browser.getWindowHandles()).find((h) => h !== main);
    await browser.switchToWindow(projector);
    await browser.$('[data-testid="projector"]').waitForDisplayed({ timeout: 15000 });
    assert.equal(await browser.$('[data-testid="projector-url"]').getText(), url);
    await saveScreen(browser, join(artifacts, "projector-window.png"), "投屏");
    await browser.switchToWindow(main);
    assert.ok(await browser.$('[data-testid="phone-vote"]').isDisplayed(), "the main window stays on the meeting");
    await browser.switchToWindow(projector);
    // The window goes while the click is answered; WebDriver may then say it has no window.
    await browser.$('[data-testid="close-projector"]').click().catch((error) => {
      if (!/no such window/.test(String(error))) throw error;
    });
    await browser.waitUntil(async () => (await browser.getWindowHandles()).length === 1, {
      timeout: 15000,
      timeoutMsg: "关闭投屏 did not close the projector window",
    });
    await browser.switchToWindow(main);

    // In the main window too, for a computer with one screen that shows it in turn.
    await browser.execute(() => {
      location.hash = location.hash.replace("meeting", "projector").replace(/\/entry$/, "");
    });
    await browser.$('[data-testid="projector"]').waitForDisplayed({ timeout: 10000 });
    assert.equal(await browser.$('[data-testid="projector-url"]').getText(), url);
    assert.equal(await browser.$('[data-testid="projector-used"]').getText(), "0");
    await saveScreen(browser, join(artifacts, "projector.png"));
    const page = await phones.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${url}/`);
    assert.match(await page.textContent("h1"), /扫码测评/);
    // No code in hand here: a wrong one is refused politely.
    await page.fill("#code", "ABCD EFGH");
    await page.click("#start");
    await page.waitForSelector("#message:not([hidden])");
    assert.match(await page.textContent("#message"), /测评码不正确/);
    const body = await browser.$("body").getText();
    assert.ok(!/好\s*\d+\s*较好/.test(body), "the projector never shows results");
  } finally {
    await phones.close();
    await stop();
  }
});
