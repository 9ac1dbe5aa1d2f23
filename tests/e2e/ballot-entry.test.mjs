// Paper ballot entry cannot carry marks over: after a refused ballot (a repeated serial)
// the grid is empty and the serial field has the keys, so the next sheet keyed as usual
// is stored exactly as keyed (it used to be saved as 3333333331 on top of the refused
// ballot's marks). Escape clears what is typed; a real second sheet with the same serial
// is entered only by the explicit choice, with the refused marks shown in words; the
// entered list shows 好/较好/一般/差.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { answerSaveDialog, artifacts, saveScreen, startApp, waitText } from "./harness.mjs";

async function press(browser, keys) {
  for (const key of keys) await browser.keys(key);
}

/** The marks shown for each entered ballot of `serial`, in the list's order. */
async function enteredMarks(browser, serial) {
  return browser.execute(
    (s) =>
      [...document.querySelectorAll(`[data-testid="entered-ballots"] tbody tr[data-serial="${s}"] td.marks`)].map((td) =>
        td.textContent.trim(),
      ),
    serial,
  );
}

async function chosenCount(browser) {
  return browser.execute(() => document.querySelectorAll('[data-testid="ballot-grid"] .option.chosen').length);
}

test("after a refused ballot the next sheet is stored exactly as keyed", async () => {
  const { browser, stop } = await startApp();
  try {
    await browser.setWindowSize(1024, 768);
    await browser.$('[data-testid="open-meeting"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="open-meeting"]').click();
    await browser.$('[data-testid="meeting-tab-panel"]').click();
    await browser.$('[data-testid="print-sheets"]').waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="print-sheets"]').click();
    await answerSaveDialog(browser);
    await waitText(browser, '[data-testid="meeting-notice"]', "已生成测评表");
    await browser.$('[data-testid="meeting-tab-entry"]').click();
    const serialBox = browser.$('[data-testid="ballot-serial"]');
    await serialBox.waitForDisplayed({ timeout: 10000 });

    await serialBox.click();
    await press(browser, [..."1-001", "Enter", ..."1212121212", "Enter"]);
    await waitText(browser, '[data-testid="meeting-notice"]', "已录入票号 1-001");

    // The same serial again: refused, nothing stored, the grid emptied, the serial field focused.
    await serialBox.click();
    await press(browser, [..."1-001", "Enter", ..."3333333333", "Enter"]);
    await browser.$('[data-testid="duplicate-choice"]').waitForDisplayed({ timeout: 10000 });
    assert.match(await browser.$('[data-testid="duplicate-choice"]').getText(), /已录入过，刚才这张票没有保存/);
    assert.equal(await browser.$('[data-testid="refused-marks"]').getText(), Array(10).fill("一般").join(" "));
    assert.equal(await chosenCount(browser), 0, "the grid is visibly empty after the refusal");
    assert.equal(
      await browser.execute(() => document.activeElement?.getAttribute("data-testid")),
      "ballot-serial",
      "the serial field has the keys",
    );
    const inView = await browser.execute(() =>
      ['[data-testid="clear-ballot"]', '[data-testid="duplicate-choice"]'].map((selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      }),
    );
    assert.deepEqual(inView, [true, true], "the refusal and 清空重录 are in view");
    await saveScreen(browser, join(artifacts, "ballot-entry-refused-1024.png"));

    // The clerk types the next sheet as usual: the typed serial replaces the selected one.
    await press(browser, [..."1-004", "Enter", ..."1111111111", "Enter"]);
    await waitText(browser, '[data-testid="meeting-notice"]', "已录入票号 1-004");
    assert.deepEqual(await enteredMarks(browser, "1-004"), [Array(10).fill("好").join(" ")]);
    assert.deepEqual(await enteredMarks(browser, "1-001"), ["好 较好 好 较好 好 较好 好 较好 好 较好"]);

    // Escape clears a half-typed ballot.
    await serialBox.click();
    await press(browser, [..."1-005", "Enter", ..."1234"]);
    assert.equal(await chosenCount(browser), 4);
    await press(browser, ["Escape"]);
    assert.equal(await chosenCount(browser), 0);
    assert.equal(await serialBox.getValue(), "");

    // A real second sheet numbered 1-001 is entered only by choosing so, with the refused marks.
    await serialBox.click();
    await press(browser, [..."1-001", "Enter", ..."4444444444", "Enter"]);
    await browser.$('[data-testid="enter-duplicate"]').waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="enter-duplicate"]').click();
    await waitText(browser, '[data-testid="meeting-notice"]', "重复");
    // The list is read again after the notice: wait for it rather than race it.
    await browser.waitUntil(async () => (await enteredMarks(browser, "1-001")).length === 2, {
      timeout: 10000,
      timeoutMsg: "the second sheet numbered 1-001 is not in the list",
    });
    const both = await enteredMarks(browser, "1-001");
    assert.equal(both.length, 2);
    assert.ok(both.includes(Array(10).fill("差").join(" ")), JSON.stringify(both));
    await saveScreen(browser, join(artifacts, "ballot-entry-list-1024.png"));
  } finally {
    await stop();
  }
});
