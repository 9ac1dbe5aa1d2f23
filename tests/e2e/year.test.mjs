// The whole year on two computers, in the window alone, at 1024×768: an organizer and a
// secretary, each with a database of their own, files carried between them only through
// the window's own export buttons (the system's save and folder dialogs answered as a
// person does) and its file choosers. The year: a new year and its roster, the year's file
// to the secretary, her report with a problem, a measure and evidence, a review that
// returns it and one that passes it, the meeting with paper sheets and phone codes (an
// over-vote that closing refuses until a reason is given), the 点评 made a problem, the
// results, a 销号, the return package back to her, and then the next year on both
// computers with last year's open items in her new report. The command-line twin is used
// only to look at a database, never to change one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import {
  answerSaveDialog,
  artifacts,
  cli,
  pasteInto,
  setOperator,
  startApp,
  startNewYear,
  textOf,
  waitSaved,
  waitStatus,
  waitText,
} from "./harness.mjs";

const pictures = join(artifacts, "year");
const SIZE = [1024, 768];

const ROSTER = [
  "单位,党组织,类型,上级党组织,书记姓名,职务",
  "市中医院,中共市中医院委员会,党委,,李秀兰,党委书记",
  "市第一人民医院,中共市第一人民医院委员会,党委,,王建华,党委书记",
  "市妇幼保健院,中共市妇幼保健院委员会,党委,,赵丽,党委书记",
].join("\n");

const ACHIEVEMENTS =
  "一年来，本人认真履行抓基层党建第一责任人职责，主持党委会研究党建工作12次，到支部讲党课4次，推动8个临床党支部完成标准化建设，发展党员6名。";
const PASTED_PROBLEMS = "存在以下不足：（一）支部书记培训覆盖不全；（二）青年党员发展偏慢。";
const POINT = "党建与业务融合的抓手不多";

/** Saves the window as the person sees it, into artifacts/year/. */
async function shoot(browser, name) {
  mkdirSync(pictures, { recursive: true });
  await browser.pause(300);
  const window = execFileSync("xdotool", ["search", "--name", "^述职评议助手$"], { encoding: "utf8" }).trim().split("\n")[0];
  execFileSync("import", ["-window", window, join(pictures, `${name}.png`)]);
}

/** The path a notice names after “：”, checked to exist. */
async function savedPath(browser, selector, pattern = /：(\/.+)$/) {
  await browser.$(selector).waitForDisplayed({ timeout: 15000 });
  const text = (await textOf(browser, selector)).trim().split("\n")[0];
  const path = text.match(pattern)?.[1]?.trim();
  assert.ok(path && existsSync(path), `no saved file in: ${text}`);
  return path;
}

/** Looks at a database with the command-line twin (never changes it). */
function look(dataDir, ...args) {
  return JSON.parse(execFileSync(cli, ["--db", join(dataDir, "shuzhi.db"), "--json", ...args], { encoding: "utf8" }));
}

async function go(browser, hash) {
  await browser.execute((h) => {
    location.hash = h;
  }, hash);
}

/** The organizer hands out the year's files from the overview: one per secretary, in a folder. */
async function handOutYearFiles(browser, name) {
  await browser.$(".brand").click();
  await browser.$('[data-testid="export-secretary-files"]').waitForDisplayed({ timeout: 15000 });
  await browser.$('[data-testid="export-secretary-files"]').click();
  await answerSaveDialog(browser, { title: "^选择保存" });
  await waitText(browser, '[data-testid="year-files-saved"]', "已为 3 位书记各导出一个年度数据文件");
  const text = await textOf(browser, '[data-testid="year-files-saved"]');
  const folder = text.match(/：(\/.+)$/m)?.[1]?.trim();
  assert.ok(folder && existsSync(folder), text);
  const mine = readdirSync(folder).find((f) => f.startsWith("李秀兰"));
  assert.ok(mine, `no file for 李秀兰 in ${readdirSync(folder)}`);
  await shoot(browser, name);
  return join(folder, mine);
}

/** Imports a package through the chooser of the section `scope` (a CSS selector). */
async function importPackage(browser, scope, path) {
  await browser.$(`${scope} [data-testid="package-file"]`).setValue(path);
  await browser.$(`${scope} [data-testid="package-import-button"]`).click();
  await browser
    .$(`${scope} [data-testid="package-next-step"]`)
    .waitForDisplayed({ timeout: 15000 })
    .catch(async (error) => {
      throw new Error(`the package was not imported: ${await textOf(browser, `${scope} [data-testid="package-import"]`)}`, { cause: error });
    });
}

/** One rater on a phone: the slip's link, a grade for everyone, confirm, submit. */
async function vote(phones, url, code, grades) {
  const page = await phones.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${url}/?c=${code}`);
  await page.click("#start");
  await page.waitForSelector("#step-form:not([hidden])", { timeout: 10000 }).catch(async (error) => {
    await page.screenshot({ path: join(pictures, "phone-refused.png") });
    throw new Error(`the phone page did not open the form: ${await page.textContent("body")}`, { cause: error });
  });
  for (const [i, grade] of grades.entries()) {
    await page.click(`li.person:nth-child(${i + 1}) button[data-grade="${grade}"]`);
  }
  await page.click("#review");
  await page.waitForSelector("#step-confirm:not([hidden])");
  await page.click("#submit");
  await page.waitForSelector("#step-done:not([hidden])");
  await page.close();
}

/** Presses keys one by one, as the clerk types a paper ballot. */
async function press(browser, keys) {
  for (const key of keys) await browser.keys(key);
}

test("the whole year on two computers, in the window alone, into the next year", async () => {
  const work = mkdtempSync(join(tmpdir(), "shuzhi-year-"));
  const roster = join(work, "名册.csv");
  writeFileSync(roster, ROSTER);
  const evidence = join(work, "党委会记录.png");
  execFileSync("convert", ["-size", "200x120", "xc:white", "-fill", "black", "-draw", "rectangle 20,20 180,100", evidence]);

  // ── The organizer's computer: a new year, its roster, the year's files to the secretaries.
  let organizer = await startApp({ firstStart: true, size: SIZE });
  const organizerDir = organizer.dataDir;
  let campaignId;
  let yearFile;
  try {
    const { browser } = organizer;
    await browser.$('[data-testid="role-organizer"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="role-organizer"]').click();
    await pasteInto(browser, await browser.$('[data-testid="welcome-name"]'), "孟晓东");
    await browser.$('[data-testid="welcome-go"]').click();
    await browser.$('[data-testid="create-campaign"]').waitForDisplayed({ timeout: 15000 });
    await pasteInto(browser, await browser.$('[data-testid="new-year"]'), "2025");
    await pasteInto(browser, await browser.$('[data-testid="new-organizer"]'), "市卫健委党委");
    await browser.$('[data-testid="create-campaign"]').click();
    await browser.$('[data-testid="planning-heading"]').waitForDisplayed({ timeout: 15000 });
    campaignId = await browser.execute(() => location.hash.split("/")[2]);
    await browser.$('[data-testid="roster-file"]').setValue(roster);
    await waitText(browser, '[data-testid="roster-summary"]', "全部无误");
    await browser.$('[data-testid="roster-import"]').click();
    await waitText(browser, '[data-testid="roster-notice"]', "书记 3 位");
    yearFile = await handOutYearFiles(browser, "01-organizer-year-files");
  } finally {
    await shoot(organizer.browser, "last-01-organizer").catch(() => {});
    await organizer.stop();
  }

  // ── The secretary's computer: 书记, the organizer's file, her report, submitted, the package out.
  let secretary = await startApp({ firstStart: true, size: SIZE });
  const secretaryDir = secretary.dataDir;
  let sent;
  try {
    const { browser } = secretary;
    await browser.$('[data-testid="role-secretary"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="role-secretary"]').click();
    await pasteInto(browser, await browser.$('[data-testid="welcome-name"]'), "李秀兰");
    await browser.$('[data-testid="welcome-go"]').click();
    await browser.$('[data-testid="campaign-file"]').waitForExist({ timeout: 15000 });
    await browser.$('[data-testid="campaign-file"]').setValue(yearFile);
    await waitText(browser, '[data-testid="campaign-preview"]', "李秀兰（中共市中医院委员会）");
    await browser.$('[data-testid="campaign-import"]').click();
    await waitText(browser, '[data-testid="secretary-heading"]', "李秀兰");
    await browser.$('[data-testid="start-report"]').click();
    await browser.$('[data-testid="editor-heading"]').waitForDisplayed({ timeout: 15000 });
    const areas = await browser.$$("textarea[data-focus-point]");
    await pasteInto(browser, areas[0], ACHIEVEMENTS);
    await waitSaved(browser);
    // A problem item with its measure; then a paste of two more into the section the items write.
    await pasteInto(browser, await browser.$('[data-testid="new-problem-description"]'), "本人到临床支部调研指导不够");
    await pasteInto(browser, await browser.$('[data-testid="new-problem-cause"]'), "对支部工作的指导多停留在部署层面");
    await browser.$('[data-testid="add-problem"]').click();
    await browser.$('[data-testid="new-measure-measure"]').waitForExist({ timeout: 10000 });
    await pasteInto(browser, await browser.$('[data-testid="new-measure-measure"]'), "每季度到每个临床支部调研1次");
    await pasteInto(browser, await browser.$('[data-testid="new-measure-target"]'), "全年覆盖8个临床支部");
    await pasteInto(browser, await browser.$('[data-testid="new-measure-owner"]'), "李秀兰");
    await pasteInto(browser, await browser.$('[data-testid="new-measure-due"]'), "2026-06-30");
    await browser.$('[data-testid="add-measure"]').click();
    await browser.waitUntil(async () => (await (await browser.$$("textarea[data-focus-point]"))[2].getValue()).includes("完成时限"), {
      timeout: 10000,
      timeoutMsg: "the measures section was not written from the item",
    });
    // The problems section is written from the items: a paste into it is kept and made items.
    await browser.execute((text) => {
      const area = document.querySelectorAll("textarea[data-focus-point]")[1];
      const data = new DataTransfer();
      data.setData("text/plain", text);
      area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, PASTED_PROBLEMS);
    await waitText(browser, '[data-testid="held-paste"]', "您粘贴的文字没有丢");
    await shoot(browser, "02-secretary-paste-kept");
    await browser.$('[data-testid="held-paste-to-items"]').click();
    await waitText(browser, '[data-testid="notice"]', "已按条添加为 2 个问题条目");
    const problems = await (await browser.$$("textarea[data-focus-point]"))[1].getValue();
    assert.match(problems, /（二）支部书记培训覆盖不全[\s\S]*（三）青年党员发展偏慢/);
    // Evidence for the first part.
    // She scrolls the side column down to 佐证材料 (the checks above it grow with the report).
    await browser.$('[data-testid="evidence-target"]').scrollIntoView({ block: "center" });
    await browser.$('[data-testid="evidence-file"]').setValue(evidence);
    await browser.$('[data-testid="attach-evidence"]').click();
    await browser.waitUntil(async () => (await browser.$$("[data-evidence-id]")).length === 1, {
      timeout: 10000,
      timeoutMsg: "the evidence was not attached",
    });
    await browser.$('[data-testid="submit"]').click();
    if (await browser.$('[data-testid="confirm"]').isDisplayed().catch(() => false)) {
      await browser.$('[data-testid="confirm-yes"]').click();
    }
    await waitStatus(browser, "已提交，待党办初审");
    await waitText(browser, '[data-testid="notice"]', "导出交换包");
    await shoot(browser, "03-secretary-submitted");
    await browser.$('[data-testid="export-package"]').click();
    await answerSaveDialog(browser);
    sent = await savedPath(browser, '[data-testid="notice"]', /：(\/.+\.szpkg)/);
    assert.match(sent, /李秀兰2025年度述职报告（第\d+版 /, "the package's name carries the round and the date");
  } finally {
    await shoot(secretary.browser, "last-02-secretary").catch(() => {});
    await secretary.stop();
  }

  // ── The organizer takes the package in on the overview and returns the report.
  organizer = await startApp({ dataDir: organizerDir, size: SIZE });
  let firstReturn;
  try {
    const { browser } = organizer;
    await browser.$('[data-testid="receive-package"]').waitForDisplayed({ timeout: 30000 });
    await importPackage(browser, '[data-testid="receive-package"]', sent);
    await waitText(browser, '[data-testid="receive-package-message"]', "已导入李秀兰的述职报告");
    await shoot(browser, "04-organizer-received");
    await browser.$('[data-testid="open-imported-report"]').click();
    await waitStatus(browser, "已提交，待党办初审");
    assert.match(await (await browser.$$("textarea[data-focus-point]"))[0].getValue(), /主持党委会研究党建工作12次/);
    // The organizer's computer cannot write her report.
    assert.equal(await browser.$('[data-testid="submit"]').isExisting(), false, "no 提交审核 on the organizer's computer");
    await setOperator(browser, "委党办 孟晓东");
    await browser.$('[data-testid="comment-target"]').selectByIndex(1);
    await pasteInto(browser, await browser.$('[data-testid="comment-text"]'), "请写明本人抓青年党员发展的具体做法。");
    await browser.$('[data-testid="add-comment"]').click();
    await browser.$('[data-testid="return"]').click();
    await waitStatus(browser, "党办初审退回修改");
    await waitText(browser, '[data-testid="return-next-step"]', "要导入回执包才会看到");
    await shoot(browser, "05-organizer-returned");
    await browser.$('[data-testid="export-return-here"]').click();
    await answerSaveDialog(browser);
    firstReturn = await savedPath(browser, '[data-testid="return-exported"]', /：(\/.+\.szpkg)/);
  } finally {
    await shoot(organizer.browser, "last-03-organizer").catch(() => {});
    await organizer.stop();
  }

  // ── The secretary takes the return in on her page, revises, submits again.
  secretary = await startApp({ dataDir: secretaryDir, size: SIZE });
  let second;
  try {
    const { browser } = secretary;
    await browser.$('[data-testid="secretary-heading"]').waitForDisplayed({ timeout: 30000 });
    await importPackage(browser, ".exchange", firstReturn);
    await waitText(browser, '[data-testid="exchange-message"]', "已导入李秀兰的回执");
    await browser.$('[data-testid="open-imported-report"]').click();
    await waitStatus(browser, "党办初审退回修改");
    await waitText(browser, ".report", "请写明本人抓青年党员发展的具体做法");
    const first = (await browser.$$("textarea[data-focus-point]"))[0];
    await pasteInto(browser, first, `${ACHIEVEMENTS}\n本人每季度听取青年党员发展情况汇报，全年发展35岁以下党员4名。`);
    await waitSaved(browser);
    await browser.$('[data-testid="submit"]').click();
    if (await browser.$('[data-testid="confirm"]').isDisplayed().catch(() => false)) {
      await browser.$('[data-testid="confirm-yes"]').click();
    }
    await waitStatus(browser, "已提交，待党办初审");
    await browser.$('[data-testid="export-package"]').click();
    await answerSaveDialog(browser);
    second = await savedPath(browser, '[data-testid="notice"]', /：(\/.+\.szpkg)/);
    assert.notEqual(second, sent, "the second round does not overwrite the first");
  } finally {
    await shoot(secretary.browser, "last-04-secretary").catch(() => {});
    await secretary.stop();
  }

  // ── The organizer: the second round passes every level; then the meeting.
  organizer = await startApp({ dataDir: organizerDir, size: SIZE });
  let lastReturn;
  let secretaryId;
  try {
    const { browser } = organizer;
    await browser.$('[data-testid="receive-package"]').waitForDisplayed({ timeout: 30000 });
    await importPackage(browser, '[data-testid="receive-package"]', second);
    await browser.$('[data-testid="open-imported-report"]').click();
    await waitStatus(browser, "已提交，待党办初审");
    secretaryId = await browser.execute(() => document.querySelector("a.back")?.getAttribute("href")?.split("/").pop());
    for (const [reviewer, next] of [
      ["委党办 孟晓东", "已提交，待分管领导审核"],
      ["委党委副书记 高卫东", "已提交，待党委书记审定"],
      ["委党委书记 林振华", "审核通过"],
    ]) {
      await setOperator(browser, reviewer);
      await browser.$('[data-testid="pass"]').click();
      await waitStatus(browser, next);
    }
    await waitText(browser, '[data-testid="return-next-step"]', "报告已审核通过");

    // The panel: three leaders on paper, three members by phone.
    await go(browser, `#/meeting/${campaignId}/panel`);
    await browser.$('[data-testid="panel"]').waitForDisplayed({ timeout: 15000 });
    const rows = await browser.$$('[data-testid="panel"] tbody tr');
    await pasteInto(browser, await rows[0].$$("input").then((inputs) => inputs[2]), "3");
    await pasteInto(browser, await rows[3].$$("input").then((inputs) => inputs[2]), "3");
    await (await rows[3].$('[data-testid="ballot-channel"]')).selectByAttribute("value", "phone");
    // Typed, not saved: the sheets would be printed from the saved panel, so the page says so.
    await waitText(browser, '[data-testid="panel-unsaved"]', "请先点“保存评议人类别”");
    assert.equal(await browser.$('[data-testid="print-sheets"]').isEnabled(), false);
    await browser.$("button=保存评议人类别").click();
    await waitText(browser, '[data-testid="meeting-notice"]', "评议人类别已保存");
    await browser.$('[data-testid="print-sheets"]').click();
    await answerSaveDialog(browser);
    await waitText(browser, '[data-testid="meeting-notice"]', "已生成测评表");
    await shoot(browser, "06-organizer-panel");

    // Paper: the three sheets, and one of them typed twice (a photocopy): an over-vote.
    await browser.$('[data-testid="meeting-tab-entry"]').click();
    const serialBox = browser.$('[data-testid="ballot-serial"]');
    await serialBox.waitForDisplayed({ timeout: 15000 });
    for (const [serial, marks] of [
      ["1-001", "112"],
      ["1-002", "121"],
      ["1-003", "111"],
    ]) {
      await serialBox.click();
      await press(browser, [...serial, "Enter", ...marks, "Enter"]);
      await waitText(browser, '[data-testid="meeting-notice"]', `已录入票号 ${serial}`);
    }
    await serialBox.click();
    await press(browser, [..."1-001", "Enter", ..."111", "Enter"]);
    await browser.$('[data-testid="enter-duplicate"]').waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="enter-duplicate"]').click();
    await waitText(browser, '[data-testid="meeting-notice"]', "已录入票号 1-001");

    // Phones: the members' codes, read off the printed slips.
    await pasteInto(browser, await browser.$('[data-testid="phone-port"]'), "0");
    await browser.$('[data-testid="phone-local-only"]').click();
    await browser.$('[data-testid="start-phone-vote"]').click();
    await browser.$('[data-testid="phone-url"]').waitForDisplayed({ timeout: 15000 });
    const url = await browser.$('[data-testid="phone-url"]').getText();
    await waitText(browser, '[data-testid="phone-categories"]', "用手机扫码的评议人：党员群众代表（3 人）");
    await browser.$('[data-testid="print-slips"]').click();
    await answerSaveDialog(browser);
    await waitText(browser, '[data-testid="phone-vote"] [data-testid="meeting-notice"]', "已生成测评码纸条");
    const slips = await savedPath(browser, '[data-testid="phone-vote"] [data-testid="meeting-notice"]', /：(\/.+\.pdf)/);
    const codes = [...execFileSync("pdftotext", [slips, "-"], { encoding: "utf8" }).matchAll(/^([2-9A-HJ-NP-Z]{4}) ([2-9A-HJ-NP-Z]{4})$/gm)].map(
      (m) => m[1] + m[2],
    );
    assert.equal(codes.length, 3, "a code for each member, none for the leaders on paper");
    const phones = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true });
    try {
      for (const code of codes) await vote(phones, url, code, ["good", "good", "fairly_good"]);
    } finally {
      await phones.close();
    }

    // Closing: the over-vote is refused with the numbers, then closed with a reason.
    await browser.$('[data-testid="close-vote"]').click();
    await waitText(browser, '[data-testid="over-vote"]', "上级党组织领导收回测评票 4 张，多于该类评议人 3 人");
    await waitText(browser, '[data-testid="close-vote-confirm"]', "已收回的 7 张票（纸质 4 张、手机 3 张）");
    await shoot(browser, "07-organizer-over-vote");
    await browser.$('[data-testid="confirm-close-vote"]').click();
    await waitText(browser, ".failure", "收回的测评票多于应有的");
    await browser.$('[data-testid="close-vote"]').click();
    // The box asks once the count of returned ballots has come back.
    await browser.$('[data-testid="over-vote-reason"]').waitForDisplayed({ timeout: 10000 });
    await pasteInto(browser, await browser.$('[data-testid="over-vote-reason"]'), "一张测评表被复印后重复录入，两张同号票均按无效票计");
    await browser.$('[data-testid="confirm-close-vote"]').click();
    await browser.$('[data-testid="closed-fingerprint"]').waitForDisplayed({ timeout: 15000 });

    // The 点评, made a problem of her lists.
    await browser.$('[data-testid="meeting-tab-comments"]').click();
    await browser.$('[data-testid="comment-people"]').waitForDisplayed({ timeout: 10000 });
    await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="comment-people"] button')].find((b) => b.textContent.includes("李秀兰")).click(),
    );
    await waitText(browser, '[data-testid="comment-form"] h2', "李秀兰");
    const form = browser.$('[data-testid="comment-form"]');
    await pasteInto(browser, (await form.$$("input"))[0], "市卫健委党委书记 林振华");
    await pasteInto(browser, await browser.$('[data-testid="comment-point-0"]'), POINT);
    const commentAreas = await form.$$("textarea");
    await pasteInto(browser, commentAreas[0], "以党建引领学科建设");
    await pasteInto(browser, commentAreas[1], "李秀兰同志负总责");
    await browser.$('[data-testid="save-comment"]').click();
    await browser.$('[data-testid="point-to-problem-0"]').waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="point-to-problem-0"]').click();
    await waitText(browser, '[data-testid="meeting-notice"]', "列入李秀兰的问题清单");

    // The results: three people, the reason printed, the turnout reconciled.
    await browser.$('[data-testid="meeting-tab-results"]').click();
    await browser.$('[data-testid="results-table"]').waitForDisplayed({ timeout: 15000 });
    assert.equal((await browser.$$('[data-testid="results-table"] tbody tr[data-secretary-id]')).length, 3);
    await waitText(browser, "section", "一张测评表被复印后重复录入");
    await shoot(browser, "08-organizer-results");

    // 销号 of her measure on the lists.
    await go(browser, `#/lists/${campaignId}/${secretaryId}`);
    await browser.$('[data-testid="lists-heading"]').waitForDisplayed({ timeout: 15000 });
    await browser.$('[data-testid="tab-rectifications"]').click();
    const row = 'tr[data-rectification-id]';
    await browser.$(`${row} [data-testid="open-sign-off"]`).click();
    await pasteInto(browser, await browser.$('[data-testid="sign-off-verifier"]'), "委党办 孟晓东");
    await pasteInto(browser, await browser.$('[data-testid="sign-off-evidence"]'), "调研记录8份");
    await browser.$('[data-testid="confirm-sign-off"]').click();
    await waitText(browser, row, "已完成");
    await shoot(browser, "09-organizer-signed-off");

    // The return package from her page.
    await go(browser, `#/secretary/${secretaryId}`);
    await browser.$('[data-testid="export-return"]').waitForDisplayed({ timeout: 15000 });
    await browser.$('[data-testid="export-return"]').click();
    await answerSaveDialog(browser);
    lastReturn = await savedPath(browser, '[data-testid="exchange-message"]', /：(\/.+\.szpkg)/);
    assert.notEqual(lastReturn, firstReturn, "the second return does not overwrite the first");
  } finally {
    await shoot(organizer.browser, "last-05-organizer").catch(() => {});
    await organizer.stop();
  }
  const sealed = look(organizerDir, "tally", "--campaign", campaignId);
  assert.equal(sealed.closed, true);

  // ── The secretary: the result, the 点评 and the 销号 come back.
  secretary = await startApp({ dataDir: secretaryDir, size: SIZE });
  try {
    const { browser } = secretary;
    await browser.$('[data-testid="secretary-heading"]').waitForDisplayed({ timeout: 30000 });
    await importPackage(browser, ".exchange", lastReturn);
    await waitText(browser, '[data-testid="exchange-message"]', "已导入李秀兰的回执");
    await browser.$('[data-testid="personal-result"]').waitForDisplayed({ timeout: 15000 });
    await waitText(browser, '[data-testid="superior-comment"]', POINT);
    await waitText(browser, ".head-status", "审核通过");
    await shoot(browser, "10-secretary-result");
  } finally {
    await shoot(secretary.browser, "last-06-secretary").catch(() => {});
    await secretary.stop();
  }

  // ── The next year: the organizer copies the year and hands out its files.
  organizer = await startApp({ dataDir: organizerDir, size: SIZE });
  let nextFile;
  try {
    const { browser } = organizer;
    await browser.$('[data-testid="new-campaign"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="new-campaign"]').click();
    await browser.$('[data-testid="create-campaign"]').waitForDisplayed({ timeout: 15000 });
    await browser.waitUntil(async () => (await browser.$('[data-testid="new-year"]').getValue()) === "2026", {
      timeout: 10000,
      timeoutMsg: "the next year is not proposed as 2026",
    });
    // A slip of the keyboard onto the year copied: the page asks, and sets it right in one click.
    await pasteInto(browser, await browser.$('[data-testid="new-year"]'), "2025");
    await waitText(browser, '[data-testid="earlier-year"]', "新年度 2025 不晚于要沿用的 2025 年度。通常应建立 2026 年度");
    await browser.$('[data-testid="create-campaign"]').click();
    await waitText(browser, ".failure", "2025 年度述职评议已经建立");
    await shoot(browser, "11a-organizer-earlier-year");
    await browser.$("button=改为 2026 年度").click();
    assert.equal(await browser.$('[data-testid="new-year"]').getValue(), "2026");
    await browser.$('[data-testid="create-campaign"]').click();
    await browser.$('[data-testid="planning-heading"]').waitForDisplayed({ timeout: 15000 });
    await waitText(browser, '[data-testid="planning-heading"]', "2026年度");
    nextFile = await handOutYearFiles(browser, "11-organizer-next-year");
    assert.match(nextFile, /2026年度数据/);
  } finally {
    await shoot(organizer.browser, "last-07-organizer").catch(() => {});
    await organizer.stop();
  }

  // ── The secretary takes next year's file in; her new report answers last year's items.
  secretary = await startApp({ dataDir: secretaryDir, size: SIZE });
  try {
    const { browser } = secretary;
    await browser.$('[data-testid="import-year"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="import-year"]').click();
    await browser.$('[data-testid="campaign-file"]').waitForExist({ timeout: 15000 });
    await browser.$('[data-testid="campaign-file"]').setValue(nextFile);
    await waitText(browser, '[data-testid="campaign-preview"]', "李秀兰（中共市中医院委员会）");
    await browser.$('[data-testid="campaign-import"]').click();
    await waitText(browser, '[data-testid="secretary-heading"]', "李秀兰");
    await waitText(browser, "section", "2026");
    await browser.$('[data-testid="start-report"]').click();
    await browser.$('[data-testid="editor-heading"]').waitForDisplayed({ timeout: 15000 });
    const lastYear = await (await browser.$$("textarea[data-focus-point]"))[3].getValue();
    for (const carried of [POINT, "支部书记培训覆盖不全", "青年党员发展偏慢"]) {
      assert.ok(lastYear.includes(carried), `last year's open item “${carried}” is not in her new report:\n${lastYear}`);
    }
    assert.ok(!lastYear.includes("每季度到每个临床支部调研1次"), "the item signed off stays in last year");
    await shoot(browser, "12-secretary-next-year");
  } finally {
    await shoot(secretary.browser, "last-08-secretary").catch(() => {});
    await secretary.stop();
  }
  const years = look(secretaryDir, "campaigns").map((c) => c.year);
  assert.deepEqual(years.sort(), [2025, 2026]);
});

test("a year made by mistake is renamed, then deleted from the planning page, a backup first", async () => {
  const { browser, stop, dataDir } = await startApp({ size: SIZE });
  try {
    await startNewYear(browser, 2030);
    const campaignId = await browser.execute(() => location.hash.split("/")[2]);
    const actions = '[data-testid="year-actions"]';
    await browser.$(actions).scrollIntoView();
    await pasteInto(browser, await browser.$('[data-testid="rename-year"]'), "2023");
    await browser.$('[data-testid="rename-campaign"]').click();
    // The sample already holds this organizer's 2023: no second one.
    await waitText(browser, `${actions} .failure`, "2023 年度述职评议已经有了");
    await pasteInto(browser, await browser.$('[data-testid="rename-year"]'), "2029");
    await pasteInto(browser, await browser.$('[data-testid="rename-title"]'), "2029年度述职评议（补建）");
    await browser.$('[data-testid="rename-campaign"]').click();
    await waitText(browser, '[data-testid="year-actions-message"]', "已改为 2029 年度“2029年度述职评议（补建）”。修改前的数据已备份到：");
    await waitText(browser, '[data-testid="planning-heading"]', "2029年度");

    await browser.$('[data-testid="delete-campaign"]').click();
    await browser.$('[data-testid="delete-campaign-confirm"]').waitForDisplayed({ timeout: 10000 });
    const box = await browser.$('[data-testid="delete-campaign-confirm"]').getLocation("y");
    const top = await browser.execute(() => window.scrollY);
    assert.ok(box - top < 768, "the confirmation opens in view");
    await pasteInto(browser, await browser.$('[data-testid="delete-campaign-year"]'), "2030");
    await browser.$('[data-testid="delete-campaign-yes"]').click();
    await waitText(browser, `${actions} .failure`, "请写 2029 以确认删除");
    await pasteInto(browser, await browser.$('[data-testid="delete-campaign-year"]'), "2029");
    await shoot(browser, "20-delete-year");
    await browser.$('[data-testid="delete-campaign-yes"]').click();
    await waitText(browser, '[data-testid="year-deleted"]', "已删除 2029 年度述职评议。删除前的数据已备份到：");
    const backup = (await textOf(browser, '[data-testid="year-deleted"]')).match(/备份到：(\/\S+?\.db)/)?.[1];
    assert.ok(backup && existsSync(backup), "the backup named is there");
    const kept = JSON.parse(execFileSync(cli, ["--db", backup, "--json", "campaigns"], { encoding: "utf8" }));
    assert.ok(kept.some((c) => c.id === campaignId), "the backup holds the deleted year");
    assert.ok(!look(dataDir, "campaigns").some((c) => c.id === campaignId), "the year is gone");
  } finally {
    await shoot(browser, "last-20").catch(() => {});
    await stop();
  }
});
