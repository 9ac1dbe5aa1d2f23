// The database page: a backup made by hand and restored from the list; the page cannot hand
// the core a path of its own; and a database whose damage is known says so on every page,
// saves nothing, and comes back once a backup is restored.
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answerSaveDialog, artifacts, cli, go, saveScreen, startApp } from "./harness.mjs";


/** Calls a command as the page could, past the window's own buttons. */
async function invoke(browser, command, args) {
  return browser.execute(
    async (command, args) => {
      try {
        return { ok: true, value: await window.__TAURI_INTERNALS__.invoke(command, args) };
      } catch (error) {
        return { ok: false, failure: JSON.stringify(error) };
      }
    },
    command,
    args,
  );
}

test("a backup made by hand is restored from the list, and the page cannot name a path", async () => {
  const { browser, stop, dataDir } = await startApp();
  try {
    await browser.$('tr[data-secretary-id="sec-zyy"]').waitForDisplayed({ timeout: 30000 });
    await go(browser, "#/database");
    await browser.$('[data-testid="database-ok"]').waitForDisplayed({ timeout: 20000 });
    await browser.$('[data-testid="backup-now"]').click();
    const notice = await browser.$('[data-testid="database-notice"]');
    await notice.waitForDisplayed({ timeout: 10000 });
    assert.match(await notice.getText(), /^已备份到：.*backups\/shuzhi-\d{8}-\d{6}-manual\.db$/);
    await browser.$("button=备份到其他位置（如 U 盘）…").waitForDisplayed();
    await browser.$("button=从其他位置的备份恢复…").waitForDisplayed();
    await saveScreen(browser, join(artifacts, "database-backups.png"));

    // Whatever the page sends, a backup goes only to the backups folder and a restore takes
    // only a name from the list.
    const outside = join(mkdtempSync(join(tmpdir(), "shuzhi-outside-")), "evil.db");
    const backedUp = await invoke(browser, "backup_now", { target: outside });
    assert.ok(backedUp.ok && backedUp.value.includes("/backups/"), JSON.stringify(backedUp));
    assert.equal(existsSync(outside), false, "nothing was written where the page asked");
    const restore = await invoke(browser, "restore_backup", {
      source: { kind: "listed", file_name: "../../../../etc/passwd" },
    });
    assert.equal(restore.ok, false);
    assert.match(restore.failure, /请从备份列表中选择/);
    const check = await invoke(browser, "check_backup", { fileName: outside });
    assert.equal(check.ok, false);
    assert.match(check.failure, /找不到备份/);

    // The listed backup is checked, then restored.
    await browser.$("button=检查并恢复…").click();
    const confirm = await browser.$('[data-testid="restore-confirm"]');
    await confirm.waitForDisplayed({ timeout: 10000 });
    assert.match(await confirm.getText(), /完好（结构版本 \d+），包含：2023年度/);
    await browser.$("button=确定恢复").click();
    await browser.waitUntil(async () => (await notice.getText()).startsWith("已从备份恢复"), { timeout: 20000 });
    const kinds = readdirSync(join(dataDir, "backups"));
    assert.ok(kinds.some((name) => name.includes("-before-restore")), kinds.join(", "));
  } finally {
    await stop();
  }
});

test("a backup goes where the person points the system's save dialog, and nowhere else", async () => {
  const { browser, stop, dataDir } = await startApp();
  try {
    await browser.$('tr[data-secretary-id="sec-zyy"]').waitForDisplayed({ timeout: 30000 });
    await go(browser, "#/database");
    await browser.$('[data-testid="backup-to-file"]').waitForDisplayed({ timeout: 20000 });
    await browser.$('[data-testid="backup-to-file"]').click();
    // The GTK save dialog has the name field focused with a name suggested; a person may
    // type a whole path over it and press Enter.
    const target = join(dataDir, "usb-backup.db");
    await answerSaveDialog(browser, { title: "备份到", path: target });
    const notice = await browser.$('[data-testid="database-notice"]');
    await notice.waitForDisplayed({ timeout: 15000 });
    assert.equal(await notice.getText(), `已备份到：${target}`);
    assert.ok(existsSync(target));
    const check = execFileSync(cli, ["--db", target, "check-db"]).toString();
    assert.match(check, /完好/);
  } finally {
    await stop();
  }
});

test("a damaged database says so on every page, saves nothing, and is restored from a backup", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "shuzhi-e2e-"));
  const db = join(dataDir, "shuzhi.db");
  execFileSync(cli, ["--db", db, "demo"]);
  execFileSync(cli, ["--db", db, "role", "示例", "--name", ""]);
  execFileSync(cli, ["--db", db, "backup"]);
  // A reference broken behind the program's back (as another program or a bad disk would).
  execFileSync("python3", [
    "-c",
    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE secretaries SET organization_id='gone' WHERE id='sec-jj'\"); c.commit()",
    db,
  ]);
  const { browser, stop } = await startApp({ dataDir });
  try {
    const banner = await browser.$('[data-testid="writes-stopped"]');
    await banner.waitForDisplayed({ timeout: 30000 });
    assert.match(await banner.getText(), /程序已停止保存任何修改/);
    await saveScreen(browser, join(artifacts, "database-damaged.png"));

    // A change is refused with the same advice.
    const saved = await invoke(browser, "save_section", {
      reportId: "rep-zyy",
      focusPointId: "fp-2023-achievements",
      baseVersion: "",
      body: "损坏后写下的文字",
    });
    assert.equal(saved.ok, false);
    assert.match(saved.failure, /程序已停止写入/);

    await go(browser, "#/database");
    await browser.$("li*=引用的 organizations 记录不存在").waitForDisplayed({ timeout: 20000 });
    const manual = await browser.$("//tr[td[text()='手动']]//button[text()='检查并恢复…']");
    await manual.click();
    await browser.$('[data-testid="restore-confirm"]').waitForDisplayed({ timeout: 10000 });
    await browser.$("button=确定恢复").click();
    const notice = await browser.$('[data-testid="database-notice"]');
    await browser.waitUntil(async () => (await notice.getText()).startsWith("已从备份恢复"), { timeout: 20000 });
    await go(browser, "#/");
    await browser.$('tr[data-secretary-id="sec-zyy"]').waitForDisplayed({ timeout: 20000 });
    await browser.waitUntil(async () => !(await banner.isExisting()), { timeout: 10000 });
  } finally {
    await stop();
  }
});
