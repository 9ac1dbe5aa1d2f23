// The browser app (`shuzhi app`): the same page and commands as the window, served on
// 127.0.0.1 to headless Chromium. A person's whole path — the sample's first screen,
// autosave in the editor, a paper ballot, the lists PDF as a download, 退出 — and every
// refusal of the guard: no token, a foreign Host, a foreign Origin.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { artifacts, cli } from "./harness.mjs";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Starts `shuzhi app --no-open` on a new database; resolves with its address and process. */
function startBrowserApp(extra = [], dir = mkdtempSync(join(tmpdir(), "shuzhi-app-"))) {
  const db = join(dir, "shuzhi.db");
  const child = spawn(cli, ["--db", db, "app", "--no-open", ...extra], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, "data") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const url = out.match(/请在浏览器中打开 (http:\/\/127\.0\.0\.1:(\d+)\/\?t=(\w+))/);
      if (url) resolve({ child, exited, dir, db, url: url[1], port: Number(url[2]), token: url[3] });
    });
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) => reject(new Error(`shuzhi app exited with ${code} before it served: ${out}`)));
  });
}

/** One raw HTTP request (fetch may not set Host); resolves with status and body. */
function raw(port, { method = "GET", path = "/", headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}

test("in the browser: the sample, autosave, a paper ballot, the lists PDF download and 退出", async () => {
  const app = await startBrowserApp();
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, acceptDownloads: true });
    const page = await context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(app.url);
    // The token moved from the address into a cookie.
    assert.equal(new URL(page.url()).search, "");
    // A new database asks what this computer is for; 先看看示例 opens the sample.
    await page.locator('[data-testid="role-sample"]').click({ timeout: 30000 });
    await page.locator('[data-testid="welcome-go"]').click();
    await page.locator('tr[data-secretary-id="sec-xy"]').waitFor({ timeout: 30000 });
    await page.screenshot({ path: join(artifacts, "browser-app-dashboard.png") });

    // Autosave: what was typed is there after the page is loaded again.
    await page.locator('tr[data-secretary-id="sec-jw"] a.button-link').click();
    await page.locator('[data-testid="start-report"]').click();
    await page.locator('[data-testid="editor-heading"]').waitFor();
    const typed = "本人在浏览器中起草述职报告，按时保存。";
    await page.locator('textarea[data-focus-point="fp-2023-achievements"]').pressSequentially(typed);
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 10000 });
    await page.reload();
    await page.locator('[data-testid="editor-heading"]').waitFor();
    assert.ok(
      (await page.locator('textarea[data-focus-point="fp-2023-achievements"]').inputValue()).includes(typed),
      "the typed text was saved",
    );
    await page.screenshot({ path: join(artifacts, "browser-app-editor.png") });

    // A paper ballot, keyed as at the meeting; the sheets come back as a download.
    await page.goto(`http://127.0.0.1:${app.port}/#/`);
    await page.locator('[data-testid="open-meeting"]').click();
    await page.locator('[data-testid="meeting-tab-panel"]').click();
    const [sheets] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="print-sheets"]').click()]);
    assert.match(sheets.suggestedFilename(), /测评表.*\.pdf$/);
    await page.locator('[data-testid="meeting-notice"]', { hasText: "已生成测评表" }).waitFor();
    await page.locator('[data-testid="meeting-tab-entry"]').click();
    await page.locator('[data-testid="ballot-serial"]').click();
    await page.keyboard.type("1-001");
    await page.keyboard.press("Enter");
    await page.keyboard.type("1212121212");
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="meeting-notice"]', { hasText: "已录入票号 1-001" }).waitFor({ timeout: 10000 });
    const marks = await page.locator('[data-testid="entered-ballots"] tbody tr[data-serial="1-001"] td.marks').allTextContents();
    assert.equal(marks.join(" ").replace(/\s+/g, " ").trim().split(" ").length, 10, marks.join("|"));
    await page.screenshot({ path: join(artifacts, "browser-app-ballot.png") });

    // The lists as a PDF download with its Chinese name.
    await page.goto(`http://127.0.0.1:${app.port}/#/`);
    await page.locator('[data-testid="open-lists"]').click();
    await page.locator('[data-testid="lists-heading"]').waitFor();
    const [pdf] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="export-lists"]').click()]);
    assert.match(pdf.suggestedFilename(), /[\u4e00-\u9fa5].*\.pdf$/, pdf.suggestedFilename());
    const saved = join(app.dir, pdf.suggestedFilename());
    await pdf.saveAs(saved);
    assert.equal(readFileSync(saved).subarray(0, 5).toString(), "%PDF-");
    const text = execFileSync("pdftotext", [saved, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    assert.ok(text.includes("问题清单"), text.slice(0, 200));
    await page.locator('[data-testid="notice"]', { hasText: "下载文件夹中的" }).waitFor();
    await page.screenshot({ path: join(artifacts, "browser-app-lists.png") });

    // 退出 ends the program; the page says so.
    await page.locator('[data-testid="quit"]').click();
    await page.locator('[data-testid="confirm-yes"]').click();
    await page.locator('[data-testid="app-ended"]').waitFor();
    assert.equal(await app.exited, 0);
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("the browser app refuses requests without the token, with a foreign Host or Origin", async () => {
  const app = await startBrowserApp();
  try {
    const own = `127.0.0.1:${app.port}`;
    const cookie = `shuzhi_${app.port}=${app.token}`;

    const noToken = await raw(app.port, { headers: { host: own } });
    assert.equal(noToken.status, 403);
    assert.match(noToken.body, /缺少本次启动的访问凭据/);
    const wrongToken = await raw(app.port, { path: "/?t=0000", headers: { host: own } });
    assert.equal(wrongToken.status, 403);

    // DNS rebinding: another name that resolves here carries the right token in vain.
    const rebound = await raw(app.port, { path: `/?t=${app.token}`, headers: { host: `evil.example:${app.port}` } });
    assert.equal(rebound.status, 421);
    assert.match(rebound.body, /主机名不是本机地址/);

    // Another site in the same browser posting to a command, cookie and all.
    const foreign = await raw(app.port, {
      method: "POST",
      path: "/api/close_vote",
      headers: { host: own, cookie, origin: "http://evil.example", "content-type": "application/json" },
    });
    assert.equal(foreign.status, 403);
    assert.match(foreign.body, /请求来自其他网站/);

    const admitted = await raw(app.port, { path: `/?t=${app.token}`, headers: { host: own } });
    assert.equal(admitted.status, 303);
    assert.match(admitted.headers["set-cookie"][0], new RegExp(`^${cookie}; Path=/; HttpOnly; SameSite=Strict`));
    assert.match(admitted.headers["content-security-policy"], /connect-src 'self'/);
    const listed = await raw(app.port, { method: "POST", path: "/api/list_campaigns", headers: { host: own, cookie, origin: `http://${own}` } });
    assert.equal(listed.status, 200);
    assert.equal(JSON.parse(listed.body).ok[0].id, "sample-2023-swjw");

    // A second start on the same database sends the browser to the running one.
    const second = execFileSync(cli, ["--db", app.db, "app", "--no-open"], { encoding: "utf8", env: { ...process.env, HOME: app.dir } });
    assert.equal(second.trim(), `述职评议助手已在运行，请在浏览器中打开 ${app.url}`);
  } finally {
    app.child.kill();
  }
});

test("with no page open the browser app ends by itself", async () => {
  const app = await startBrowserApp(["--idle-exit", "2"]);
  const code = await Promise.race([app.exited, new Promise((resolve) => setTimeout(() => resolve("still running"), 60000))]);
  app.child.kill();
  assert.equal(code, 0);
});
