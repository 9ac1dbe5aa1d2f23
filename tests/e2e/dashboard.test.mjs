// The walking skeleton end to end: the window opens on the sample campaign's
// dashboard, a secretary's row reads right, and the row opens that secretary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifacts, saveScreen, startApp } from "./harness.mjs";

test("the dashboard shows the sample campaign and opens a secretary", async () => {
  const { browser, stop } = await startApp();
  try {
    const title = await browser.$('[data-testid="campaign-title"]');
    await title.waitForDisplayed({ timeout: 30000 });
    assert.equal(await title.getText(), "市卫健委党委2023年度基层党组织书记抓基层党建工作述职评议");

    // The title comes with the campaign list; the rows with the dashboard, a moment later.
    await browser.waitUntil(async () => (await browser.$$("tr[data-secretary-id]")).length > 0, {
      timeout: 15000,
      timeoutMsg: "the dashboard rows did not load",
    });
    const rows = await browser.$$("tr[data-secretary-id]");
    assert.equal(rows.length, 10, "one row per secretary of the sample");

    const row = await browser.$('tr[data-secretary-id="sec-syy"]');
    const cells = await row.$$("td");
    assert.equal(await cells[1].$(".strong").getText(), "市第一人民医院");
    assert.equal(await row.$('[data-testid="secretary-name"]').getText(), "王建华");
    assert.equal(await row.$('[data-testid="report-status"]').getText(), "已提交，待分管领导审核");
    assert.match(await cells[4].getText(), /^1077\s*\/3000$/);
    assert.equal(await cells[5].getText(), "未测评");
    assert.match(await cells[6].getText(), /2 项未完成/);
    await saveScreen(browser, join(artifacts, "dashboard.png"));

    await row.$("a.button-link").click();
    const heading = await browser.$('[data-testid="secretary-heading"]');
    await heading.waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(async () => (await heading.getText()).startsWith("王建华"), { timeout: 10000 });
    const sectionTitles = [];
    for (const section of await browser.$$(".section h3")) {
      sectionTitles.push(await section.getText());
    }
    assert.deepEqual(
      sectionTitles,
      [
        "一、履行抓基层党建第一责任人职责情况及主要成绩",
        "二、存在的问题及原因分析",
        "三、下一步工作思路和措施",
        "四、上年度述职评议反馈问题整改落实情况",
      ],
    );
    const history = await browser.$$(".timeline li");
    assert.equal(history.length, 2, "the report was returned once, then passed the first level");
    await saveScreen(browser, join(artifacts, "secretary.png"));

    await browser.$("a.back").click();
    await browser.$('tr[data-secretary-id="sec-fy"]').waitForDisplayed({ timeout: 10000 });

    // The campaign's stock-phrase list opens from the dashboard and can be changed.
    await browser.$("a=套话清单").click();
    const state = await browser.$('[data-testid="cliche-state"]');
    await state.waitForDisplayed({ timeout: 10000 });
    assert.match(await state.getText(), /^当前使用内置清单，共 \d+ 条。$/);
    await browser.execute((el) => {
      el.value = "守正创新\n久久为功";
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }, await browser.$('[data-testid="cliche-text"]'));
    await browser.$('[data-testid="save-cliches"]').click();
    await browser.waitUntil(async () => (await state.getText()) === "当前使用本年度自定义清单，共 2 条。", { timeout: 10000 });
  } finally {
    await stop();
  }
});
