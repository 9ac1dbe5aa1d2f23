// The first start on a new computer, at 1024×768, as each person meets it.
// The secretary: chooses 书记, imports the organizer's campaign file, says who she is,
// writes, submits, and sees no reviewer's buttons; the sample is gone.
// The organizer: chooses 组织方, is taken to the new-year steps (the sample not copied),
// imports the roster and reaches the meeting.
// Each first-start screen is saved at 1024×768 and 1366×768 (artifacts/first-start/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artifacts, cli, pasteInto, startApp, waitSaved, waitStatus, waitText } from "./harness.mjs";

// Copied by hand into docs/screenshots/ once looked at; a test run never changes the repository.
const screenshots = join(artifacts, "first-start");

const ROSTER = [
  "单位,党组织,类型,上级党组织,书记姓名,职务",
  "市第一人民医院,中共市第一人民医院委员会,党委,,王建华,党委书记",
  "市中医院,中共市中医院委员会,党委,,李秀兰,党委书记",
].join("\n");

/** The organizer's campaign file, made with the command-line twin as the organizer's computer would. */
function organizersCampaignFile() {
  const dir = mkdtempSync(join(tmpdir(), "shuzhi-organizer-"));
  const db = join(dir, "organizer.db");
  const env = { ...process.env, HOME: dir };
  const run = (...args) => execFileSync(cli, ["--db", db, "--json", ...args], { env, encoding: "utf8" });
  const created = JSON.parse(
    run("new-campaign", "--year", "2024", "--title", "市卫健委党委2024年度基层党组织书记抓基层党建工作述职评议", "--organizer", "市卫健委党委"),
  );
  writeFileSync(join(dir, "名册.csv"), ROSTER);
  run("roster", "import", "--campaign", created.campaign_id, join(dir, "名册.csv"));
  const file = join(dir, "2024年度述职评议.json");
  run("export", "--campaign", created.campaign_id, "--out", file);
  return file;
}

/** The campaigns in the database of the app run whose home is `dataDir`, read with the command-line twin. */
function campaignsIn(dataDir) {
  const db = join(dataDir, "shuzhi.db");
  return JSON.parse(execFileSync(cli, ["--db", db, "--json", "campaigns"], { encoding: "utf8" }));
}

/**
 * Saves the window at both office sizes, then leaves it at 1024×768. The picture is taken
 * from the X display, as the person sees it: the window draws in software (no GPU
 * compositing), and WebKit's own WebDriver snapshot then waits for a frame that a still
 * page never draws.
 */
async function shoot(browser, name) {
  mkdirSync(screenshots, { recursive: true });
  for (const [width, height] of [
    [1366, 768],
    [1024, 768],
  ]) {
    await browser.setWindowRect(0, 0, width, height);
    await browser.pause(600);
    const window = execFileSync("xdotool", ["search", "--name", "^述职评议助手$"], { encoding: "utf8" }).trim().split("\n")[0];
    execFileSync("import", ["-window", window, join(screenshots, `${name}-${width}x${height}.png`)]);
  }
}

/** Whether anything of the page sticks out to the right of the window (cut off). */
async function overflowsSideways(browser) {
  return browser.execute(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

test("a secretary's first start: 书记, the organizer's file, her report, submitted, no review buttons", async () => {
  const file = organizersCampaignFile();
  const { browser, stop, dataDir } = await startApp({ firstStart: true, size: [1024, 768] });
  try {
    await browser.$('[data-testid="welcome"]').waitForDisplayed({ timeout: 30000 });
    await shoot(browser, "first-start-choose");
    assert.equal(await overflowsSideways(browser), false, "the first screen fits 1024 pixels");
    await browser.$('[data-testid="role-secretary"]').click();
    await pasteInto(browser, await browser.$('[data-testid="welcome-name"]'), "王建华");
    assert.equal(await browser.$('[data-testid="welcome-remove-sample"]').isSelected(), true, "the sample goes by default");
    await browser.$('[data-testid="welcome-go"]').click();

    await browser.$('[data-testid="secretary-start"]').waitForDisplayed({ timeout: 10000 });
    await shoot(browser, "first-start-secretary-import");
    await browser.$('[data-testid="campaign-file"]').setValue(file);
    await waitText(browser, '[data-testid="campaign-preview"]', "2 位书记");
    // Her name picked her out of the roster already.
    await waitText(browser, '[data-testid="campaign-preview"]', "王建华（中共市第一人民医院委员会）");
    await browser.$('[data-testid="campaign-import"]').click();

    await browser.$('[data-testid="secretary-heading"]').waitForDisplayed({ timeout: 10000 });
    await waitText(browser, '[data-testid="secretary-heading"]', "王建华");
    await waitText(browser, '[data-testid="topbar-role"]', "书记（我要述职） · 王建华");
    await shoot(browser, "first-start-secretary-home");
    await browser.$('[data-testid="start-report"]').click();
    await browser.$('[data-testid="editor-heading"]').waitForDisplayed({ timeout: 10000 });
    // At 1024 pixels the actions sit beside the text, not below the whole report.
    const submit = await browser.$('[data-testid="submit"]');
    const area = await browser.$(".section textarea");
    assert.ok((await submit.getLocation("x")) > (await area.getLocation("x")) + 300, "the side panel is beside the text");
    assert.ok((await submit.getLocation("y")) < 768, "submit is on the first screen");
    await pasteInto(browser, area, "一年来，院党委坚持把抓基层党建作为第一责任，落实“第一议题”制度，召开专题会议12次。");
    await waitSaved(browser);
    await shoot(browser, "first-start-secretary-editor");
    await submit.click();
    // The report is short and the checks find errors: the page asks in its own dialog.
    await waitText(browser, '[data-testid="confirm"]', "仍要提交吗");
    await browser.$('[data-testid="confirm-yes"]').click();
    await waitStatus(browser, "已提交，待党办初审");
    // Nothing has left her computer yet: she is told to carry the package to the organizer.
    await waitText(browser, '[data-testid="notice"]', "请点右侧“导出交换包”");
    assert.equal(await browser.$('[data-testid="review-panel"]').isExisting(), false, "no reviewer's buttons on her computer");

    // The sample is gone from this computer; her campaign is all there is.
    assert.deepEqual(
      campaignsIn(dataDir).map((c) => [c.year, c.sample]),
      [[2024, false]],
    );
  } finally {
    await stop();
  }
});

test("an organizer's first start: 组织方, a new year without the sample, the roster, the meeting", async () => {
  const dir = mkdtempSync(join(tmpdir(), "shuzhi-roster-"));
  const roster = join(dir, "名册.csv");
  writeFileSync(roster, ROSTER);
  const { browser, stop, dataDir } = await startApp({ firstStart: true, size: [1024, 768] });
  try {
    await browser.$('[data-testid="role-organizer"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="role-organizer"]').click();
    // No name, no start: the page says why, next to the button.
    await browser.$('[data-testid="welcome-go"]').click();
    await waitText(browser, '[data-testid="welcome"] .failure', "请填写您的姓名");
    await pasteInto(browser, await browser.$('[data-testid="welcome-name"]'), "孟晓东");
    await shoot(browser, "first-start-organizer-choose");
    await browser.$('[data-testid="welcome-go"]').click();

    // The new-year steps, not a copy of the sample (which is gone).
    await browser.$('[data-testid="create-campaign"]').waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(
      () => browser.execute(() => document.querySelector('[data-testid="new-copy-from"]')?.value === ""),
      { timeout: 10000, timeoutMsg: "the new year copies something" },
    );
    await pasteInto(browser, await browser.$('[data-testid="new-year"]'), "2024");
    await pasteInto(browser, await browser.$('[data-testid="new-organizer"]'), "市卫健委党委");
    await shoot(browser, "first-start-organizer-new-year");
    await browser.$('[data-testid="create-campaign"]').click();
    await browser.$('[data-testid="planning-heading"]').waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="roster-file"]').setValue(roster);
    await waitText(browser, '[data-testid="roster-summary"]', "全部无误");
    await browser.$('[data-testid="roster-import"]').click();
    await waitText(browser, '[data-testid="roster-notice"]', "书记 2 位");
    await waitText(browser, '[data-testid="topbar-role"]', "组织方（我组织述职评议） · 孟晓东");
    assert.equal(await overflowsSideways(browser), false, "the planning page fits 1024 pixels");
    await shoot(browser, "first-start-organizer-planning");

    // The overview names no sample; the meeting page opens on the two secretaries.
    await browser.$('.brand').click();
    await browser.$('[data-testid="open-meeting"]').waitForDisplayed({ timeout: 10000 });
    assert.equal(await browser.$('[data-testid="sample-badge"]').isExisting(), false);
    await browser.$('[data-testid="open-meeting"]').click();
    await waitText(browser, "section", "王建华");
    await waitText(browser, "section", "李秀兰");
    await shoot(browser, "first-start-organizer-meeting");
    assert.deepEqual(
      campaignsIn(dataDir).map((c) => [c.year, c.organizer, c.sample]),
      [[2024, "市卫健委党委", false]],
    );
  } finally {
    await stop();
  }
});

test("查看示例: the sample is marked 示例 and removed in one step", async () => {
  const { browser, stop, dataDir } = await startApp({ firstStart: true, size: [1024, 768] });
  try {
    await browser.$('[data-testid="role-sample"]').waitForDisplayed({ timeout: 30000 });
    await browser.$('[data-testid="role-sample"]').click();
    await browser.$('[data-testid="welcome-go"]').click();
    await browser.$('[data-testid="sample-badge"]').waitForDisplayed({ timeout: 10000 });
    await waitText(browser, '[data-testid="sample-note"]', "不是真实的述职评议");
    await shoot(browser, "first-start-sample");
    await browser.$('[data-testid="remove-sample"]').click();
    await waitText(browser, '[data-testid="confirm"]', "移除示例数据吗");
    await browser.$('[data-testid="confirm-yes"]').click();
    await browser.$('[data-testid="no-campaign"]').waitForDisplayed({ timeout: 10000 });
    assert.deepEqual(campaignsIn(dataDir), []);
  } finally {
    await stop();
  }
});
