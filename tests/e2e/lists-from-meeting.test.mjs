// From the meeting to 销号 in the window: the superior's 点评 of a secretary becomes a
// problem, the lists get a measure for it, the review is clean and the reviewer signs
// the lists, progress is recorded, the item is closed with evidence, and the PDF
// carries it all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { answerSaveDialog, artifacts, pasteInto, saveScreen, startApp, textOf, waitText } from "./harness.mjs";

const POINT = "执法队员中党员示范作用发挥不明显";
const MEASURE = "在各执法大队设立党员示范岗并每季度公示";

test("a 点评 point becomes a listed problem that is measured, signed, closed and exported", async () => {
  const { browser, stop } = await startApp();
  try {
    await browser.$('[data-testid="open-meeting"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="open-meeting"]').click();
    await browser.$('[data-testid="meeting-tab-comments"]').click();
    await browser.$('[data-testid="comment-people"]').waitForDisplayed({ timeout: 10000 });
    await browser.execute(() => {
      const button = [...document.querySelectorAll('[data-testid="comment-people"] button')].find((b) =>
        b.textContent.includes("赵敏"),
      );
      button.click();
    });
    const form = browser.$('[data-testid="comment-form"]');
    await waitText(browser, '[data-testid="comment-form"] h2', /赵敏/);
    const inputs = await form.$$("input");
    await pasteInto(browser, inputs[0], "市卫健委党委书记 林振华");
    await pasteInto(browser, await browser.$('[data-testid="comment-point-0"]'), POINT);
    const areas = await form.$$("textarea");
    await pasteInto(browser, areas[0], "亮身份、作表率，把党建融入执法一线");
    await pasteInto(browser, areas[1], "赵敏同志负总责，支部委员分片落实");
    await browser.$('[data-testid="save-comment"]').click();
    await browser.$('[data-testid="point-to-problem-0"]').waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="point-to-problem-0"]').click();
    await waitText(browser, '[data-testid="meeting-notice"]', /已把.*列入赵敏的问题清单/);
    await saveScreen(browser, join(artifacts, "meeting-comment.png"));

    // The secretary's lists: the new problem has no measure yet.
    await browser.execute(() => {
      location.hash = "#/lists/sample-2023-swjw/sec-jd";
    });
    await browser.$('[data-testid="lists-heading"]').waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="tab-problems"]').click();
    const problemId = await browser.execute(
      (point) =>
        [...document.querySelectorAll("tr[data-problem-id]")]
          .find((row) => row.textContent.includes(point))
          ?.getAttribute("data-problem-id"),
      POINT,
    );
    assert.ok(problemId, "the 点评 point is on the 问题清单");
    await browser.$('[data-testid="review-measures"]').click();
    await waitText(browser, '[data-testid="review-findings"]', /还没有整改措施/);

    await browser.$(`tr[data-problem-id="${problemId}"] [data-testid="open-add-measure"]`).click();
    await pasteInto(browser, await browser.$('[data-testid="measure-text"]'), MEASURE);
    await pasteInto(browser, await browser.$('[data-testid="measure-target"]'), "每个大队至少1个示范岗");
    await pasteInto(browser, await browser.$('[data-testid="measure-owner"]'), "赵敏");
    await pasteInto(browser, await browser.$('[data-testid="measure-due"]'), "2024-06-30");
    await browser.$('[data-testid="save-measure"]').click();
    await waitText(browser, '[data-testid="notice"]', /已添加整改措施/);
    await browser.$('[data-testid="review-measures"]').click();
    await waitText(browser, '[data-testid="review-findings"]', /未发现问题/);

    // The reviewer signs the lists.
    await browser.$('[data-testid="open-list-signoff"]').click();
    await pasteInto(browser, await browser.$('[data-testid="signoff-reviewer"]'), "委党办 孟晓东");
    await browser.$('[data-testid="confirm-list-signoff"]').click();
    await waitText(browser, '[data-testid="list-signoff"]', /已由 委党办 孟晓东 于 .* 审核签署/);

    // Progress with evidence, then 销号 with a verifier and evidence.
    await browser.$('[data-testid="tab-rectifications"]').click();
    const rectificationId = await browser.execute(
      (measure) =>
        [...document.querySelectorAll("tr[data-rectification-id]")]
          .find((row) => row.textContent.includes(measure))
          ?.getAttribute("data-rectification-id"),
      MEASURE,
    );
    assert.ok(rectificationId);
    const row = `tr[data-rectification-id="${rectificationId}"]`;
    await browser.$(`${row} [data-testid="open-progress"]`).click();
    await pasteInto(browser, await browser.$('[data-testid="progress-note"]'), "已在3个大队设立示范岗");
    await pasteInto(browser, await browser.$('[data-testid="progress-evidence"]'), "支队党支部会议记录");
    await browser.$('[data-testid="save-progress"]').click();
    await waitText(browser, row, /整改中/);
    await waitText(browser, row, /进展（1）/);
    await browser.$(`${row} [data-testid="open-sign-off"]`).click();
    await pasteInto(browser, await browser.$('[data-testid="sign-off-verifier"]'), "委党办 孟晓东");
    await pasteInto(browser, await browser.$('[data-testid="sign-off-evidence"]'), "示范岗公示照片及季度公示材料");
    await browser.$('[data-testid="confirm-sign-off"]').click();
    await waitText(browser, row, /已完成/);
    await saveScreen(browser, join(artifacts, "lists-from-meeting.png"));

    await browser.$('[data-testid="export-lists"]').click();
    await answerSaveDialog(browser);
    await waitText(browser, '[data-testid="notice"]', /^已导出 PDF：/);
    const path = (await textOf(browser, '[data-testid="notice"]')).slice("已导出 PDF：".length).trim();
    assert.ok(existsSync(path), path);
    const text = execFileSync("pdftotext", ["-raw", path, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    for (const expected of [POINT, MEASURE, "每个大队至少1个示范岗", "2024年6月30日", "上级点评", "已完成"]) {
      assert.ok(text.includes(expected), `${expected} missing from the PDF`);
    }
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "3", "-l", "3", path, join(artifacts, "lists-from-meeting-pdf")]);
  } finally {
    await saveScreen(browser, join(artifacts, "lists-from-meeting-last.png")).catch(() => {});
    await stop();
  }
});
