// The meeting in the window: print the numbered ballot sheets, type the sample panel's
// 36 paper ballots with the keyboard (one repeated serial is caught), close the vote,
// read the results, and export the 评议结果汇总表 as PDF. The grades shown must be the
// ones `shuzhi tally` computes from the same database.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { answerSaveDialog, artifacts, repoRoot, saveScreen, startApp } from "./harness.mjs";

const cli = join(repoRoot, "target", "debug", "shuzhi");

/** The sample panel: 5 + 6 + 10 + 15 raters; serials as printed. */
function panelBallots() {
  const sizes = [5, 6, 10, 15];
  const ballots = [];
  sizes.forEach((size, c) => {
    for (let n = 1; n <= size; n++) {
      const serial = `${c + 1}-${String(n).padStart(3, "0")}`;
      // Mostly 好 and 较好, some 一般; the 10th secretary draws 差 from a third of the members.
      let marks = "";
      for (let s = 0; s < 10; s++) {
        const k = (n * 7 + s * 3 + c) % 10;
        marks += k < 6 ? "1" : k < 9 ? "2" : "3";
      }
      if (c === 3 && n % 3 === 0) marks = marks.slice(0, 9) + "4";
      ballots.push({ serial, marks });
    }
  });
  ballots[7].marks = "1111105111"; // one blank row and one multiply marked row
  ballots[20].marks = "0000000000"; // a ballot left blank: invalid
  return ballots;
}

/** Presses keys one by one: one Actions call per key, so a repeated key is pressed again. */
async function press(browser, keys) {
  for (const key of keys) await browser.keys(key);
}

async function waitNotice(browser, text) {
  const notice = browser.$('[data-testid="meeting-notice"]');
  await browser.waitUntil(async () => (await notice.isExisting()) && (await notice.getText()).includes(text), {
    timeout: 15000,
    timeoutMsg: `no notice containing “${text}”`,
  });
  return notice.getText();
}

test("the sample panel's paper ballots are typed, the vote closes and the results export", async () => {
  const { browser, stop, dataDir } = await startApp();
  let summaryPath;
  let shownGrades;
  try {
    await browser.$('[data-testid="open-meeting"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="open-meeting"]').click();
    await browser.$('[data-testid="meeting-heading"]').waitForDisplayed({ timeout: 10000 });
    assert.equal((await browser.$$('[data-testid="agenda"] li')).length, 10);
    await saveScreen(browser, join(artifacts, "meeting-agenda.png"));

    // Print the numbered sheets.
    await browser.$('[data-testid="meeting-tab-panel"]').click();
    await browser.$('[data-testid="print-sheets"]').waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="print-sheets"]').click();
    await answerSaveDialog(browser);
    const printed = await waitNotice(browser, "已生成测评表");
    const sheets = printed.slice(printed.indexOf("：") + 1).trim();
    assert.ok(existsSync(sheets), sheets);
    assert.match(execFileSync("pdfinfo", [sheets], { encoding: "utf8" }), /Pages:\s+36/);
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", sheets, join(artifacts, "ballot-sheet")]);
    await saveScreen(browser, join(artifacts, "meeting-panel.png"));

    // Type every ballot: serial, Enter, one key per secretary, Enter.
    await browser.$('[data-testid="meeting-tab-entry"]').click();
    const serialBox = browser.$('[data-testid="ballot-serial"]');
    await serialBox.waitForDisplayed({ timeout: 10000 });
    const ballots = panelBallots();
    for (const [index, ballot] of ballots.entries()) {
      await serialBox.click();
      await press(browser, [...ballot.serial, "Enter"]);
      await press(browser, [...ballot.marks, "Enter"]);
      await waitNotice(browser, `已录入票号 ${ballot.serial}`);
      if (index === 12) await saveScreen(browser, join(artifacts, "meeting-entry.png"));
    }
    // A repeated serial is caught, not silently stored.
    await serialBox.click();
    await press(browser, [..."1-001", "Enter"]);
    await press(browser, [..."1111111111", "Enter"]);
    await browser.$('[data-testid="duplicate-choice"]').waitForDisplayed({ timeout: 10000 });
    await saveScreen(browser, join(artifacts, "meeting-duplicate.png"));
    const entered = await browser.$$('[data-testid="entered-ballots"] tbody tr');
    assert.equal(entered.length, 36);

    // Close the vote.
    await browser.$('[data-testid="close-vote"]').click();
    await browser.$('[data-testid="confirm-close-vote"]').click();
    await browser.$('[data-testid="closed-fingerprint"]').waitForDisplayed({ timeout: 15000 });

    // The results.
    await browser.$('[data-testid="meeting-tab-results"]').click();
    await browser.$('[data-testid="results-table"]').waitForDisplayed({ timeout: 15000 });
    assert.equal(await browser.$('[data-testid="invalid-count"]').getText(), "1");
    shownGrades = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="results-table"] tbody tr[data-secretary-id]')].map((row) => [
        row.getAttribute("data-secretary-id"),
        row.querySelector('[data-testid="result-grade"]').textContent,
      ]),
    );
    assert.equal(shownGrades.length, 10);
    // Open the first secretary's details (the row is a click target, not a button).
    await browser.execute(() => document.querySelector('[data-testid="results-table"] tbody tr[data-secretary-id]').click());
    await browser.$(".calculation").waitForDisplayed({ timeout: 5000 });
    await saveScreen(browser, join(artifacts, "meeting-results.png"));

    await browser.$('[data-testid="export-summary"]').click();
    await answerSaveDialog(browser);
    const exported = await waitNotice(browser, "已导出 PDF：");
    summaryPath = exported.slice("已导出 PDF：".length).trim();
    assert.ok(existsSync(summaryPath), summaryPath);
  } finally {
    await saveScreen(browser, join(artifacts, "meeting-last.png")).catch(() => {});
    await stop();
  }

  // The window showed what the core computes from the same database.
  const tally = JSON.parse(
    execFileSync(cli, ["--db", join(dataDir, "shuzhi.db"), "tally", "--campaign", "sample-2023-swjw", "--json"], {
      encoding: "utf8",
    }),
  );
  assert.equal(tally.closed, true);
  assert.equal(tally.ballots, 36);
  assert.equal(tally.invalid_ballots.length, 1);
  const expected = tally.secretaries.map((s) => [s.secretary_id, s.grade]);
  assert.deepEqual(shownGrades, expected);
  assert.equal(tally.secretaries[9].counts["差"], 5, "five members gave the tenth secretary 差");

  // The summary PDF lists every secretary with the fingerprint; its first page is kept for a look.
  const text = execFileSync("pdftotext", ["-layout", summaryPath, "-"], { encoding: "utf8" });
  for (const s of tally.secretaries) assert.ok(text.includes(s.secretary), `${s.secretary} missing from the PDF`);
  assert.ok(text.replace(/\s+/g, "").includes(tally.fingerprint), "the fingerprint is printed");
  execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", summaryPath, join(artifacts, "results-summary")]);
});
