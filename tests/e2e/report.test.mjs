// A secretary drafts a whole report in the window and takes it through the review:
// checks update while typing, submit, returned with a comment, revise, approved at
// every level. Then the crash test: killing the app mid-typing loses at most the
// last two seconds of text.
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import assert from "node:assert/strict";
import { join } from "node:path";
import { answerSaveDialog, appPids, artifacts, editorStatus, pasteInto, repoRoot, ruleIds, saveScreen, setOperator, startApp, typeInto, waitSaved, waitStatus } from "./harness.mjs";

const PNG = join(repoRoot, "tests/fixtures/evidence/sign-in-sheet.png");
const PDF = join(repoRoot, "tests/fixtures/evidence/minutes.pdf");

async function openPreview(browser, fileName) {
  for (const button of await browser.$$("button.file-name")) {
    if ((await button.getText()) === fileName) return button.click();
  }
  throw new Error(`no preview button for ${fileName}`);
}

async function attach(browser, target, path) {
  await browser.$('[data-testid="evidence-target"]').selectByAttribute("value", target);
  await browser.$('[data-testid="evidence-file"]').setValue(path);
  const before = (await browser.$$("[data-evidence-id]")).length;
  await browser.$('[data-testid="attach-evidence"]').click();
  await browser.waitUntil(async () => (await browser.$$("[data-evidence-id]")).length === before + 1, {
    timeout: 10000,
    timeoutMsg: `${path} was not attached`,
  });
}

const DRAFT = {
  "fp-2023-achievements":
    "2023年，本人认真履行抓基层党建第一责任人职责，坚持把党建工作与血站采供血业务同谋划、同部署。\n" +
    "（一）本人主持召开支部委员会12次，研究党建议题36个，带头讲党课3次。\n" +
    "（二）本人牵头开展“党员献血先锋”活动，全站32名党员中28人参加无偿献血，带动全市无偿献血人次较上年增长8.6%。\n" +
    "（三）本人推动建立“一岗双责”清单，明确支部委员责任事项18项，每季度检查1次。",
  "fp-2023-problems":
    "（一）本人抓支部学习不够实。全年有4次集体学习以读文件为主，联系采供血工作实际不够。原因是本人对学习质量把关不严，满足于完成次数。\n" +
    "（二）本人对青年职工思想引领不够。35岁以下职工占全站41%，全年只开展青年座谈1次。原因是本人对青年工作研究不深。\n" +
    "（三）本人对党员日常管理督促不够。有2名党员连续2个月未按时交纳党费未及时发现。原因是本人对支部日常工作过问少。",
  "fp-2023-measures":
    "（一）建立学习“三个一”制度，每次集体学习确定1个业务问题研讨。责任人：周慧；完成时限：2024年3月。\n" +
    "（二）每季度开展1次青年座谈，2024年确定入党积极分子不少于3名。责任人：支部组织委员；完成时限：2024年12月。\n" +
    "（三）建立党员管理台账，每月核对1次党费交纳情况。责任人：支部组织委员；完成时限：2024年1月起每月。",
};

async function openEditorOf(browser, secretaryId) {
  await browser.$(`tr[data-secretary-id="${secretaryId}"] a.button-link`).click();
  const start = await browser.$('[data-testid="start-report"]');
  await start.waitForDisplayed({ timeout: 10000 });
  await start.click();
  await browser.$('[data-testid="editor-heading"]').waitForDisplayed({ timeout: 10000 });
}




async function decide(browser, button, reviewer, comment) {
  await setOperator(browser, reviewer);
  if (comment) {
    await browser.$('[data-testid="comment-target"]').selectByAttribute("value", comment.section);
    await pasteInto(browser, await browser.$('[data-testid="comment-text"]'), comment.text);
    await browser.$('[data-testid="add-comment"]').click();
  }
  await browser.$(`[data-testid="${button}"]`).click();
}

test("a secretary drafts, submits, revises after a return and gets the report approved", async () => {
  const { browser, stop } = await startApp();
  try {
    await browser.$('tr[data-secretary-id="sec-xy"]').waitForDisplayed({ timeout: 30000 });
    await openEditorOf(browser, "sec-xy");
    assert.equal(await editorStatus(browser), "起草中");
    await setOperator(browser, "周慧");
    assert.ok((await ruleIds(browser)).includes("missing-section"), "an empty report is missing its sections");

    // Typing a thin measure makes the checks complain within moments…
    const measures = await browser.$('textarea[data-focus-point="fp-2023-measures"]');
    await typeInto(measures, "一是进一步加强学习。");
    await browser.waitUntil(async () => (await ruleIds(browser)).includes("measure-incomplete"), {
      timeout: 5000,
      timeoutMsg: "measure-incomplete did not appear while typing",
    });
    // …and the whole draft satisfies them.
    for (const [point, text] of Object.entries(DRAFT)) {
      await pasteInto(browser, await browser.$(`textarea[data-focus-point="${point}"]`), text);
    }
    // The figures in the achievements want evidence: attach a scan, and the warning goes.
    await browser.waitUntil(async () => (await ruleIds(browser)).join() === "no-evidence", {
      timeout: 5000,
      timeoutMsg: `expected only no-evidence, found: ${await ruleIds(browser)}`,
    });
    await waitSaved(browser);
    await attach(browser, "fp-2023-achievements", PNG);
    await browser.waitUntil(async () => (await ruleIds(browser)).length === 0, {
      timeout: 5000,
      timeoutMsg: `findings remain: ${await ruleIds(browser)}`,
    });
    await attach(browser, "fp-2023-problems", PDF);
    await openPreview(browser, "minutes.pdf");
    await browser.$('[data-testid="preview-page"]').waitForExist({ timeout: 15000, timeoutMsg: "the PDF preview drew no page" });
    await saveScreen(browser, join(artifacts, "evidence-pdf-preview.png"));
    await browser.$(".overlay-box header button").click();
    await openPreview(browser, "sign-in-sheet.png");
    await browser.$('[data-testid="preview-image"]').waitForDisplayed({ timeout: 5000 });
    await browser.$(".overlay-box header button").click();
    await waitSaved(browser);
    assert.match(await browser.$('[data-testid="totals"]').getText(), /^全文 \d+\/3000 字 · 预计述职 \d 分 \d+ 秒/);
    await saveScreen(browser, join(artifacts, "editor-drafted.png"));

    await browser.$('[data-testid="submit"]').click();
    await waitStatus(browser, "已提交，待党办初审");
    assert.equal(await browser.$('textarea[data-focus-point="fp-2023-problems"]').getAttribute("readonly"), "true");

    await decide(browser, "return", "委党办 孟晓东", {
      section: "fp-2023-problems",
      text: "第二条请写明本人抓青年工作的具体不足。",
    });
    await waitStatus(browser, "党办初审退回修改");
    const comment = await browser.$("#section-fp-2023-problems .review-comment");
    assert.match(await comment.getText(), /党办初审 · 委党办 孟晓东[\s\S]*第二条请写明本人抓青年工作的具体不足。/);
    await saveScreen(browser, join(artifacts, "editor-returned.png"));

    await setOperator(browser, "周慧");
    const problems = await browser.$('textarea[data-focus-point="fp-2023-problems"]');
    await typeInto(problems, "\n本人全年未到青年职工较多的检验科参加组织生活。");
    await waitSaved(browser);
    await browser.$('[data-testid="submit"]').click();
    await waitStatus(browser, "已提交，待党办初审");

    await decide(browser, "pass", "委党办 孟晓东");
    await waitStatus(browser, "已提交，待分管领导审核");
    await decide(browser, "pass", "委党委副书记 高卫东");
    await waitStatus(browser, "已提交，待党委书记审定");
    await decide(browser, "pass", "委党委书记 林振华");
    await waitStatus(browser, "审核通过");
    assert.equal(await browser.$('[data-testid="locked"]').getText(), "报告已审核通过，不能再修改。");

    await browser.$('[data-testid="compare"]').click();
    const comparison = await browser.$('[data-testid="comparison"]');
    await comparison.waitForDisplayed({ timeout: 5000 });
    assert.match(await comparison.$(".section ins").getText(), /检验科参加组织生活/);
    const history = await browser.$('[data-testid="history"]').getText();
    for (const step of ["提交审核（第 1 版）", "党办初审：退回修改", "提交审核（第 2 版）", "党委书记审定：通过"]) {
      assert.ok(history.includes(step), `the history lacks ${step}`);
    }
    await saveScreen(browser, join(artifacts, "editor-approved.png"));

    // The approved report exports as an A4 PDF that reads back with its title and text.
    await browser.$('[data-testid="export-pdf"]').click();
    await answerSaveDialog(browser);
    const notice = await browser.$('[data-testid="notice"]');
    await browser.waitUntil(async () => (await notice.getText()).startsWith("已导出 PDF："), { timeout: 15000 });
    const pdfPath = (await notice.getText()).slice("已导出 PDF：".length).trim();
    assert.ok(existsSync(pdfPath), `the PDF is at ${pdfPath}`);
    const text = execFileSync("pdftotext", [pdfPath, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    assert.ok(text.includes("2023年度抓基层党建工作述职报告"), text);
    assert.ok(text.includes("市中心血站党支部书记、站长周慧"), text);
    assert.ok(text.includes("本人牵头开展“党员献血先锋”活动"), text);
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", pdfPath, join(artifacts, "report-pdf")]);
  } finally {
    await stop();
  }
});

test("killing the app while typing loses at most the last two seconds", async () => {
  const first = await startApp();
  const { dataDir } = first;
  let typedBeforeKill = "";
  try {
    const browser = first.browser;
    await browser.$('tr[data-secretary-id="sec-jw"]').waitForDisplayed({ timeout: 30000 });
    await openEditorOf(browser, "sec-jw");
    const box = await browser.$('textarea[data-focus-point="fp-2023-achievements"]');
    // Type without a pause for about four seconds, in short bursts like a person.
    const started = Date.now();
    let burst = 0;
    while (Date.now() - started < 4000) {
      burst += 1;
      const text = `第${burst}句。`;
      await typeInto(box, text);
      typedBeforeKill += text;
    }
    const pids = appPids();
    assert.ok(pids.length > 0, "the app is running");
    for (const pid of pids) process.kill(pid, "SIGKILL");
  } finally {
    await first.stop();
  }
  assert.ok(typedBeforeKill.length > 20, "typing went on long enough to matter");

  const second = await startApp({ dataDir });
  try {
    const browser = second.browser;
    await browser.$('tr[data-secretary-id="sec-jw"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('tr[data-secretary-id="sec-jw"] a.button-link').click();
    await browser.$('[data-testid="open-report"]').click();
    const box = await browser.$('textarea[data-focus-point="fp-2023-achievements"]');
    await box.waitForDisplayed({ timeout: 10000 });
    const saved = await box.getValue();
    assert.ok(typedBeforeKill.startsWith(saved), `what was saved is not a prefix of what was typed: ${saved}`);
    const sentencesTyped = typedBeforeKill.split("。").length - 1;
    const sentencesSaved = saved.split("。").length - 1;
    // Each burst takes well under a second; at most two seconds' worth may be missing.
    const perSecond = sentencesTyped / 4;
    console.log(`typed ${sentencesTyped} sentences in 4 s, ${sentencesSaved} survived the kill`);
    assert.ok(
      sentencesTyped - sentencesSaved <= Math.ceil(perSecond * 2),
      `lost ${sentencesTyped - sentencesSaved} of ${sentencesTyped} sentences (typing ${perSecond.toFixed(1)}/s)`,
    );
    await saveScreen(browser, join(artifacts, "editor-after-kill.png"));
  } finally {
    await second.stop();
  }
});
