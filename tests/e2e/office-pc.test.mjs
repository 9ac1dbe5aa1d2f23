// The window at 1024×768, as on an office PC: on the lists the forms open where they can be
// seen, the 问题 column keeps a readable width, an undo says when as people write it, and
// every row names its 党组织; on the meeting pages two branch secretaries of one hospital,
// whose posts read alike, are told apart by their 党组织; the planning page hands out a
// roster template that its own roster import reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answerSaveDialog, artifacts, cli, go, saveScreen, startApp, startNewYear, textOf, waitText } from "./harness.mjs";

const CAMPAIGN = "sample-2023-swjw";
const SIZE = [1024, 768];

/** Whether the whole of the element `selector` is inside the window, without scrolling. */
async function inView(browser, selector) {
  return browser.execute((s) => {
    const box = document.querySelector(s)?.getBoundingClientRect();
    return Boolean(box) && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
  }, selector);
}

/** Clicks the last element matching `selector`, as a person does (scrolled to it first). */
async function clickLast(browser, selector) {
  const all = await browser.$$(selector);
  const last = all[all.length - 1];
  await last.scrollIntoView({ block: "center" });
  await last.click();
}

/** The command-line twin on the window's own database. */
function shuzhi(dataDir, ...args) {
  return execFileSync(cli, ["--db", join(dataDir, "shuzhi.db"), ...args], {
    encoding: "utf8",
    env: { ...process.env, HOME: dataDir },
  });
}

test("the lists at 1024×768: forms open in view, the 问题 column stays readable, the undo reads as people write", async () => {
  const { browser, stop } = await startApp({ size: SIZE });
  try {
    await browser.$('[data-testid="open-lists"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="open-lists"]').click();
    await browser.$('[data-testid="lists-heading"]').waitForDisplayed({ timeout: 10000 });

    // Each measure names the 党组织 under its unit.
    await waitText(browser, 'tr[data-rectification-id="rec-jd-1-1"]', "中共市卫生健康综合监督执法支队支部委员会");

    // The 问题 column is wide enough to read (it had two or three characters a line).
    const characters = await browser.execute(() => {
      const cell = document.querySelector("tr[data-rectification-id] td.col-text");
      return cell.getBoundingClientRect().width / parseFloat(getComputedStyle(cell).fontSize);
    });
    assert.ok(characters >= 10, `the 问题 column holds ${characters.toFixed(1)} characters a line`);
    await saveScreen(browser, join(artifacts, "office-pc-lists.png"));

    // 督查 and 销号 on the last rows open where they can be seen.
    await clickLast(browser, '[data-testid="open-inspection"]');
    await browser.$('[data-testid="inspection-form"]').waitForExist({ timeout: 5000 });
    await browser.pause(300);
    assert.ok(await inView(browser, '[data-testid="inspection-form"]'), "the 督查 form opens in view");
    await saveScreen(browser, join(artifacts, "office-pc-inspection.png"));
    await clickLast(browser, '[data-testid="open-sign-off"]');
    await browser.$('[data-testid="sign-off-form"]').waitForExist({ timeout: 5000 });
    await browser.pause(300);
    assert.ok(await inView(browser, '[data-testid="sign-off-form"]'), "the 销号 form opens in view");
    // Its file box offers the kinds of evidence, not every file.
    assert.match(await browser.$('[data-testid="sign-off-file"]').getAttribute("accept"), /\.pdf/);
    await saveScreen(browser, join(artifacts, "office-pc-sign-off.png"));

    // A status changed and undone: the notice says when as people write it.
    await browser.execute(() => {
      const select = document.querySelector('tr[data-rectification-id="rec-jd-1-1"] select');
      select.value = "ongoing";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await waitText(browser, '[data-testid="notice"]', "整改状态已更新");
    await browser.execute(() =>
      document.querySelector('tr[data-rectification-id="rec-jd-1-1"] [data-testid="undo-status"]').click(),
    );
    await waitText(browser, '[data-testid="notice"]', "已撤销");
    const notice = await textOf(browser, '[data-testid="notice"]');
    assert.match(notice, /于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 所做的修改/, notice);
    assert.doesNotMatch(notice, /\d{4}-\d{2}-\d{2}T|[+-]\d{2}:\d{2}\b/, notice);
    await saveScreen(browser, join(artifacts, "office-pc-undo.png"));
  } finally {
    await stop();
  }
});

test("two branch secretaries of one hospital are told apart by their 党组织 on the agenda and the results", async () => {
  const { browser, stop, dataDir } = await startApp({ size: SIZE });
  try {
    shuzhi(dataDir, "role", "组织方", "--name", "赵");
    const folder = mkdtempSync(join(tmpdir(), "shuzhi-branches-"));
    const roster = join(folder, "branches.csv");
    writeFileSync(
      roster,
      "单位,党组织,类型,上级党组织,书记姓名,职务\n" +
        "市第一人民医院,内科党支部,党支部,中共市第一人民医院委员会,张敏,支部书记\n" +
        "市第一人民医院,外科党支部,党支部,中共市第一人民医院委员会,刘洋,支部书记\n",
    );
    shuzhi(dataDir, "roster", "import", "--campaign", CAMPAIGN, roster);

    await browser.$('[data-testid="open-meeting"]').waitForDisplayed({ timeout: 30000 });
    await go(browser, `#/meeting/${CAMPAIGN}/agenda`);
    await browser.$('[data-testid="agenda"]').waitForDisplayed({ timeout: 10000 });
    await browser.refresh();
    await browser.$('[data-testid="agenda"]').waitForDisplayed({ timeout: 10000 });
    const agenda = await textOf(browser, '[data-testid="agenda"]');
    assert.match(agenda, /张敏\s*内科党支部\s*市第一人民医院支部书记/, agenda);
    assert.match(agenda, /刘洋\s*外科党支部\s*市第一人民医院支部书记/, agenda);
    assert.match(agenda, /王建华\s*中共市第一人民医院委员会/, agenda);
    await saveScreen(browser, join(artifacts, "office-pc-agenda.png"));

    shuzhi(dataDir, "meeting", "sheets", "--campaign", CAMPAIGN, "--out", join(folder, "sheets.pdf"));
    for (const serial of ["1-001", "1-002", "1-003"]) {
      shuzhi(dataDir, "meeting", "ballot", "--campaign", CAMPAIGN, "--serial", serial, "--marks", "111121111112");
    }
    shuzhi(dataDir, "meeting", "close", "--campaign", CAMPAIGN);
    await go(browser, `#/meeting/${CAMPAIGN}/results`);
    await browser.refresh();
    await browser.$('[data-testid="results-table"]').waitForDisplayed({ timeout: 15000 });
    const rows = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="results-table"] tbody tr[data-secretary-id]')].map((row) => [
        row.cells[1].textContent.trim(),
        row.querySelector(".result-organization").textContent.trim(),
        row.querySelector(".result-post").textContent.trim(),
      ]),
    );
    assert.deepEqual(
      rows.filter(([name]) => name === "张敏" || name === "刘洋"),
      [
        ["张敏", "内科党支部", "市第一人民医院支部书记"],
        ["刘洋", "外科党支部", "市第一人民医院支部书记"],
      ],
    );
    const sideways = await browser.execute(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(sideways, false, "the results page fits 1024 pixels");
    await saveScreen(browser, join(artifacts, "office-pc-results.png"));
  } finally {
    await stop();
  }
});

test("the planning page hands out a roster template that its roster import reads", async () => {
  const { browser, stop } = await startApp({ size: SIZE });
  try {
    await startNewYear(browser, 2024);

    // The template is saved where the save dialog says, under its own name.
    await browser.$('[data-testid="roster-template"]').scrollIntoView({ block: "center" });
    await browser.$('[data-testid="roster-template"]').click();
    await answerSaveDialog(browser, { picture: join(artifacts, "office-pc-template-dialog.png") });
    await waitText(browser, '[data-testid="roster-template-saved"]', "名单模板.xlsx");
    const shown = await textOf(browser, '[data-testid="roster-template-saved"]');
    const template = shown.slice(shown.indexOf("：") + 1).trim();
    assert.ok(existsSync(template), template);

    // Chosen as it is (the file box offers Excel and CSV files), its example rows pass the
    // check and import.
    assert.equal(await browser.$('[data-testid="roster-file"]').getAttribute("accept"), ".xlsx,.csv");
    await browser.$('[data-testid="roster-file"]').setValue(template);
    await browser.$('[data-testid="roster-summary"]').waitForDisplayed({ timeout: 10000 });
    assert.match(await browser.$('[data-testid="roster-summary"]').getText(), /共 3 行，全部无误/);
    await saveScreen(browser, join(artifacts, "office-pc-roster-template.png"));
    await browser.$('[data-testid="roster-import"]').click();
    await browser.waitUntil(async () => (await browser.$('[data-testid="coverage"]').getAttribute("data-covered")) === "true", {
      timeout: 10000,
      timeoutMsg: "the template's rows did not cover the year",
    });
  } finally {
    await stop();
  }
});
