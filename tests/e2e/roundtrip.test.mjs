// The round trip between two computers, from the windows: two app instances with their
// own databases. The secretary (李秀兰) revises her returned report, submits it and exports
// a package; the organizer imports it on the database page, passes it at every level,
// records the 点评 and closes the vote (the meeting itself is driven through the CLI, its
// window is tested elsewhere) and exports the return package from her page; the secretary
// imports it on her own page and sees the review, the 点评, the result and the new problem.
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import assert from "node:assert/strict";
import { join } from "node:path";
import { answerSaveDialog, artifacts, cli, go, pasteInto, saveScreen, setOperator, startApp, waitSaved, waitStatus, waitText } from "./harness.mjs";

const CAMPAIGN = "sample-2023-swjw";



/** The path at the end of a notice such as 已导出交换包：/…/x.szpkg */
async function exportedPath(element) {
  await element.waitForDisplayed({ timeout: 10000 });
  const text = await element.getText();
  const path = text.match(/：(\/.+\.szpkg)/)?.[1];
  assert.ok(path && existsSync(path), `no exported file in: ${text}`);
  return path;
}

async function importPackage(browser, path) {
  await browser.$('[data-testid="package-file"]').setValue(path);
  await browser.$('[data-testid="package-import-button"]').click();
}

test("a report goes to the organizer's computer and the review, 点评, result and lists come back", async () => {
  // The secretary's computer.
  const secretary = await startApp();
  let sent;
  try {
    const { browser } = secretary;
    await browser.$('tr[data-secretary-id="sec-zyy"]').waitForDisplayed({ timeout: 30000 });
    await go(browser, "#/report/rep-zyy");
    await browser.$('[data-testid="editor-heading"]').waitForDisplayed({ timeout: 10000 });
    await setOperator(browser, "李秀兰");
    const achievements = await browser.$('textarea[data-focus-point="fp-2023-achievements"]');
    const before = await achievements.getValue();
    await pasteInto(browser, achievements, `${before}\n全年主持党委会12次，研究党建议题30个，专题研究学科建设4次。`);
    await waitSaved(browser);
    await browser.$('[data-testid="submit"]').click();
    // The sample's report still has check findings: the page asks (in its own dialog, not
    // one titled with the page's address), and she submits anyway.
    await waitText(browser, '[data-testid="confirm"]', "仍要提交吗");
    await browser.$('[data-testid="confirm-yes"]').click();
    await waitStatus(browser, "已提交，待党办初审");
    await browser.$('[data-testid="export-package"]').click();
    await answerSaveDialog(browser);
    sent = await exportedPath(await browser.$('[data-testid="notice"]'));
  } finally {
    await secretary.stop();
  }

  // The organizer's computer: import, review at every level.
  const organizer = await startApp();
  let returned;
  try {
    const { browser } = organizer;
    await browser.$('tr[data-secretary-id="sec-zyy"]').waitForDisplayed({ timeout: 30000 });
    await go(browser, "#/database");
    await importPackage(browser, sent);
    const done = await browser.$('[data-testid="database-notice"]');
    await browser.waitUntil(async () => (await done.getText()).startsWith("已导入李秀兰的述职报告"), {
      timeout: 10000,
      timeoutMsg: "the report package was not imported",
    });
    assert.match(await done.getText(), /新增版本 \d+ 个/);
    await saveScreen(browser, join(artifacts, "roundtrip-organizer-imported.png"));

    await go(browser, "#/report/rep-zyy");
    await waitStatus(browser, "已提交，待党办初审");
    const achievements = await browser.$('textarea[data-focus-point="fp-2023-achievements"]');
    assert.match(await achievements.getValue(), /研究党建议题30个/);
    for (const [reviewer, next] of [
      ["委党办 孟晓东", "已提交，待分管领导审核"],
      ["委党委副书记 高卫东", "已提交，待党委书记审定"],
      ["委党委书记 林振华", "审核通过"],
    ]) {
      await setOperator(browser, reviewer);
      await browser.$('[data-testid="pass"]').click();
      await waitStatus(browser, next);
    }
  } finally {
    await organizer.stop();
  }
  // The meeting on the organizer's database: the 点评 with a problem made from it, three
  // ballots, and the vote closed.
  const db = join(organizer.dataDir, "shuzhi.db");
  const run = (...args) => execFileSync(cli, ["--db", db, "--actor", "孟晓东", ...args], { encoding: "utf8" });
  const comment = JSON.parse(
    run(
      "--json",
      "meeting",
      "comment",
      "--secretary",
      "sec-zyy",
      "--commenter",
      "林振华",
      "--point",
      "支部书记培训覆盖不全",
      "--point",
      "党建与业务融合的抓手不多",
      "--direction",
      "以党建引领学科建设",
      "--responsibility",
      "书记负总责，2024年6月前完成",
    ),
  );
  run("meeting", "comment-to-problem", "--comment", comment.comment_id, "--point", "1");
  run("meeting", "sheets", "--campaign", CAMPAIGN, "--out", join(organizer.dataDir, "sheets.pdf"));
  for (const [serial, marks] of [
    ["1-001", "1111111111"],
    ["1-002", "2121121112"],
    ["2-001", "1111111111"],
  ]) {
    run("meeting", "ballot", "--campaign", CAMPAIGN, "--serial", serial, "--marks", marks);
  }
  run("meeting", "close", "--campaign", CAMPAIGN);

  // Back in the organizer's window: the return package from 李秀兰's page.
  const again = await startApp({ dataDir: organizer.dataDir });
  try {
    const { browser } = again;
    await browser.$('tr[data-secretary-id="sec-zyy"]').waitForDisplayed({ timeout: 30000 });
    await go(browser, "#/secretary/sec-zyy");
    await browser.$('[data-testid="personal-result"]').waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="export-return"]').click();
    await answerSaveDialog(browser);
    returned = await exportedPath(await browser.$('[data-testid="exchange-message"]'));
  } finally {
    await again.stop();
  }

  // The secretary's computer again, now set to 书记 (a return package comes in only on a
  // secretary's computer): import the return on her page.
  execFileSync(cli, ["--db", join(secretary.dataDir, "shuzhi.db"), "role", "书记", "--name", "李秀兰"], {
    env: { ...process.env, HOME: secretary.dataDir },
  });
  const back = await startApp({ dataDir: secretary.dataDir });
  try {
    const { browser } = back;
    await browser.$('[data-testid="topbar-role"]').waitForDisplayed({ timeout: 30000 });
    await go(browser, "#/secretary/sec-zyy");
    await browser.$('[data-testid="secretary-heading"]').waitForDisplayed({ timeout: 10000 });
    assert.equal(await browser.$('[data-testid="personal-result"]').isExisting(), false, "no result before the return");
    await importPackage(browser, returned);
    const message = await browser.$('[data-testid="exchange-message"]');
    await browser.waitUntil(async () => (await message.getText()).startsWith("已导入李秀兰的回执"), {
      timeout: 10000,
      timeoutMsg: "the return was not imported",
    });
    assert.match(await message.getText(), /报告审核通过，新增审核记录 3 条，点评 1 条，测评等次“[^”]+”/);
    const result = await browser.$('[data-testid="personal-result"]');
    await result.waitForDisplayed({ timeout: 10000 });
    assert.match(await result.getText(), /来自组织方回执/);
    assert.match(await browser.$('[data-testid="superior-comment"]').getText(), /支部书记培训覆盖不全[\s\S]*以党建引领学科建设/);
    assert.match(await browser.$(".head-status").getText(), /审核通过/);
    assert.match(await browser.$(".side").getText(), /委党委书记 林振华/);
    assert.match(await browser.$(".side").getText(), /支部书记培训覆盖不全/, "the problem made from the 点评 is in her lists");
    await browser.execute(() => window.scrollTo(0, 0));
    await saveScreen(browser, join(artifacts, "roundtrip-secretary-returned.png"));
    await browser.execute(() => document.querySelector(".exchange").scrollIntoView());
    await saveScreen(browser, join(artifacts, "roundtrip-secretary-exchange.png"));
  } finally {
    await back.stop();
  }
});

test("before replacing a report the window shows what differs and replaces only when asked", async () => {
  // A package of 李秀兰's report as the sample has it, made on another database.
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const other = mkdtempSync(join(tmpdir(), "shuzhi-other-"));
  const db = join(other, "other.db");
  const packageFile = join(other, "李秀兰述职报告.szpkg");
  execFileSync(cli, ["--db", db, "demo"]);
  execFileSync(cli, ["--db", db, "package", "export", "--report", "rep-zyy", "--out", packageFile]);

  const app = await startApp();
  try {
    const { browser } = app;
    await browser.$('tr[data-secretary-id="sec-zyy"]').waitForDisplayed({ timeout: 30000 });
    // Here, the report says something the package has never seen.
    await go(browser, "#/report/rep-zyy");
    await browser.$('[data-testid="editor-heading"]').waitForDisplayed({ timeout: 10000 });
    await setOperator(browser, "孟晓东");
    const problems = await browser.$('textarea[data-focus-point="fp-2023-problems"]');
    await pasteInto(browser, problems, "本机新写的问题：支部书记培训只覆盖了一半。");
    await waitSaved(browser);

    await go(browser, "#/database");
    await importPackage(browser, packageFile);
    const comparison = await browser.$('[data-testid="package-comparison"]');
    await comparison.waitForDisplayed({ timeout: 10000 });
    // The package's report was saved before the text written here: it is older, and says so.
    assert.match(await browser.$(".failure").getText(), /这个交换包比本机李秀兰的报告旧[\s\S]*选择“替换”导入/);
    assert.match(await comparison.$('[data-testid="diff-older"]').getText(), /本机新写的问题：支部书记培训只覆盖了一半。/);
    assert.ok(await comparison.$('[data-testid="diff-older"] del').isExisting(), "what only this computer has is marked");
    assert.ok(await comparison.$('[data-testid="diff-newer"] ins').isExisting(), "what the package adds is marked");
    await comparison.scrollIntoView();
    await saveScreen(browser, join(artifacts, "package-comparison.png"));

    await browser.$('[data-testid="package-replace"]').click();
    const notice = await browser.$('[data-testid="database-notice"]');
    await browser.waitUntil(async () => (await notice.getText()).startsWith("已导入李秀兰的述职报告（替换本机的报告）"), {
      timeout: 10000,
      timeoutMsg: "the replacement was not imported",
    });
    // The text written here is kept as a revision, which the editor offers to compare.
    await go(browser, "#/report/rep-zyy");
    await browser.$('[data-testid="compare"]').waitForExist({ timeout: 10000 });
    const versions = await browser.execute(() =>
      [...document.querySelectorAll(".compare-form option")].map((o) => o.textContent),
    );
    assert.ok(versions.some((v) => v.includes("导入交换包前的本机稿")), versions.join(" | "));
  } finally {
    await app.stop();
  }
});
