// Problems entered as items (问题 + 原因 + 措施) become the report's problems and
// measures sections and the records of the lists — without ever replacing words the
// secretary wrote: those stay until she asks the items to rewrite the sections, and then
// they are kept as a revision.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifacts, pasteInto, saveScreen, startApp, typeInto } from "./harness.mjs";

test("problem items write the report's sections and fill the lists", async () => {
  const { browser, stop } = await startApp();
  try {
    await browser.$('tr[data-secretary-id="sec-jj"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('tr[data-secretary-id="sec-jj"] a.button-link').click();
    await browser.$('[data-testid="open-report"]').click();
    await browser.$('[data-testid="problem-items"]').waitForDisplayed({ timeout: 10000 });
    await pasteInto(browser, await browser.$('[data-testid="operator"]'), "孙海涛");

    // She types into 二、存在的问题 and, without waiting, adds her first problem item.
    const problems = await browser.$('textarea[data-focus-point="fp-2023-problems"]');
    const own = "本人补充：分站点党员学习存在形式主义。";
    await typeInto(problems, own);
    await pasteInto(browser, await browser.$('[data-testid="new-problem-description"]'), "本人对急救站点党员的日常管理督促不够");
    await pasteInto(browser, await browser.$('[data-testid="new-problem-cause"]'), "对分散站点的管理办法研究不够");
    await browser.$('[data-testid="add-problem"]').click();
    await browser.$('[data-testid="own-text-kept"]').waitForDisplayed({ timeout: 10000 });
    assert.ok((await problems.getValue()).endsWith(own), "what she typed is still there");
    await saveScreen(browser, join(artifacts, "editor-own-text-kept.png"));

    // She asks the items to write the sections; her words become a revision.
    await browser.$('[data-testid="rewrite-from-items"]').click();
    await browser.waitUntil(async () => (await problems.getValue()).startsWith("（一）本人对急救站点"), {
      timeout: 10000,
      timeoutMsg: "the problems section was not written from the item",
    });
    const revisionNotes = await browser.execute(() => document.body.innerText);
    assert.match(revisionNotes, /按问题条目重写前的正文/);
    assert.equal(await problems.getValue(), "（一）本人对急救站点党员的日常管理督促不够。原因：对分散站点的管理办法研究不够。");
    assert.equal(await problems.getAttribute("readonly"), "true", "the generated text is edited through the items");

    await pasteInto(browser, await browser.$('[data-testid="new-measure-measure"]'), "建立分站点党员联系人制度");
    await pasteInto(browser, await browser.$('[data-testid="new-measure-target"]'), "6个分站点全部明确联系人");
    await pasteInto(browser, await browser.$('[data-testid="new-measure-owner"]'), "孙海涛");
    await pasteInto(browser, await browser.$('[data-testid="new-measure-due"]'), "2024-06-30");
    await browser.$('[data-testid="add-measure"]').click();
    const measures = await browser.$('textarea[data-focus-point="fp-2023-measures"]');
    await browser.waitUntil(async () => (await measures.getValue()).includes("完成时限"), { timeout: 10000 });
    assert.equal(
      await measures.getValue(),
      "（一）建立分站点党员联系人制度。目标：6个分站点全部明确联系人。责任人：孙海涛；完成时限：2024年6月30日。",
    );
    await saveScreen(browser, join(artifacts, "editor-items.png"));

    await browser.$("a.back").click();
    const problem = await browser.$(".problem");
    await problem.waitForDisplayed({ timeout: 10000 });
    assert.match(await problem.getText(), /自查[\s\S]*急救站点[\s\S]*建立分站点党员联系人制度/);
  } finally {
    await stop();
  }
});
