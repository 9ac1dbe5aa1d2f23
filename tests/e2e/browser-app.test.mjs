// The browser app (`shuzhi app`): the same page and commands as the window, served on
// 127.0.0.1 to headless Chromium. A person's whole path — the sample's first screen,
// autosave in the editor, a paper ballot, the lists PDF as a download, 退出 — and every
// refusal of the guard: no token, a foreign Host, a foreign Origin; and that the token
// never reaches another server on 127.0.0.1 (it is no cookie).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
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
      const url = out.match(/请在浏览器中打开 (http:\/\/127\.0\.0\.1:(\d+)\/#t=(\w+))/);
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

/** The browser app as the organizer 赵 at 1024×768, on the overview of the sample. */
async function asOrganizer(app, contextOptions = {}) {
  const env = { ...process.env, HOME: app.dir };
  execFileSync(cli, ["--db", app.db, "role", "组织方", "--name", "赵"], { encoding: "utf8", env });
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, ...contextOptions });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByText("参加述职的书记").waitFor({ timeout: 30000 });
  return { browser, page };
}

/** The browser app in the sample role as 李秀兰 at 1024×768, on her report. */
async function onSampleReport(app) {
  const env = { ...process.env, HOME: app.dir };
  execFileSync(cli, ["--db", app.db, "role", "示例", "--name", "李秀兰"], { encoding: "utf8", env });
  const browser = await launch();
  const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
  await page.goto(app.url);
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    location.hash = "#/report/rep-zyy";
  });
  return { browser, page };
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
    // The token moved from the address into this tab's own storage.
    assert.equal(new URL(page.url()).search, "");
    // A new database asks what this computer is for; 查看示例 opens the sample.
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
    const token = { "x-shuzhi-token": app.token };
    const list = (headers) => raw(app.port, { method: "POST", path: "/api/list_campaigns", headers: { host: own, ...headers } });

    const noToken = await list({});
    assert.equal(noToken.status, 403);
    assert.match(noToken.body, /缺少本次启动的访问凭据/);
    assert.equal((await list({ "x-shuzhi-token": "0000" })).status, 403);
    // The cookie of the earlier versions, and the token in an address, open nothing.
    assert.equal((await list({ cookie: `shuzhi_${app.port}=${app.token}` })).status, 403);
    const inAddress = await raw(app.port, { method: "POST", path: `/api/list_campaigns?t=${app.token}`, headers: { host: own } });
    assert.equal(inAddress.status, 403);

    // DNS rebinding: another name that resolves here carries the right token in vain.
    const rebound = await raw(app.port, { method: "POST", path: "/api/list_campaigns", headers: { host: `evil.example:${app.port}`, ...token } });
    assert.equal(rebound.status, 421);
    assert.match(rebound.body, /主机名不是本机地址/);

    // Another site in the same browser posting to a command, token and all.
    const foreign = await list({ ...token, origin: "http://evil.example", "content-type": "application/json" });
    assert.equal(foreign.status, 403);
    assert.match(foreign.body, /请求来自其他网站/);
    // A CORS preflight from another page gets no permission.
    const preflight = await raw(app.port, {
      method: "OPTIONS",
      path: "/api/list_campaigns",
      headers: { host: own, origin: `http://127.0.0.1:${app.port + 1}`, "access-control-request-method": "POST" },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers["access-control-allow-origin"], undefined);

    // The start address shows the page and sets no cookie.
    const opened = await raw(app.port, { path: `/?t=${app.token}`, headers: { host: own } });
    assert.equal(opened.status, 200);
    assert.equal(opened.headers["set-cookie"], undefined);
    assert.match(opened.headers["content-security-policy"], /connect-src 'self'/);
    assert.equal(opened.headers["referrer-policy"], "no-referrer");
    const listed = await list({ ...token, origin: `http://${own}` });
    assert.equal(listed.status, 200);
    assert.equal(JSON.parse(listed.body).ok[0].id, "sample-2023-swjw");

    // A second start on the same database sends the browser to the running one.
    const second = execFileSync(cli, ["--db", app.db, "app", "--no-open"], { encoding: "utf8", env: { ...process.env, HOME: app.dir } });
    assert.equal(second.trim(), `述职评议助手已在运行，请在浏览器中打开 ${app.url}`);
  } finally {
    app.child.kill();
  }
});

test("the token never reaches another server on 127.0.0.1, and an old cookie opens nothing", async () => {
  // Reproduces: the token was kept in a cookie, and cookies are kept by host, not by port:
  // every other server on 127.0.0.1 the browser visited received it, and with it every
  // command and the whole database.
  const app = await startBrowserApp();
  const seen = [];
  const other = createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers });
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end("<!doctype html><title>另一个本机程序</title><p>另一个本机程序</p>");
  });
  await new Promise((done) => other.listen(0, "127.0.0.1", done));
  const otherPort = other.address().port;
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(app.url);
    await page.locator('[data-testid="role-sample"]').waitFor({ timeout: 30000 });
    assert.equal(new URL(page.url()).search, "", "the token left the address bar");
    // A reload keeps the tab's token.
    await page.reload();
    await page.locator('[data-testid="role-sample"]').waitFor({ timeout: 30000 });

    // The same browser goes to another local server, as a link or another program would
    // send it; then asks the app from that page.
    await page.goto(`http://127.0.0.1:${otherPort}/some/page`);
    await page.locator("p").waitFor();
    const fromThere = await page.evaluate(async (port) => {
      const outcome = { cookie: document.cookie, storage: JSON.stringify({ ...sessionStorage, ...localStorage }) };
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/list_campaigns`, { method: "POST", credentials: "include" });
        outcome.status = r.status;
        outcome.body = await r.text();
      } catch (error) {
        outcome.error = String(error);
      }
      return outcome;
    }, app.port);
    assert.ok(seen.length > 0, "the other server was visited");
    for (const { url, headers } of seen) {
      assert.equal(headers.cookie, undefined, `no cookie reaches port ${otherPort}: ${JSON.stringify(headers)}`);
      assert.ok(!`${url} ${JSON.stringify(headers)}`.includes(app.token), `the token reached port ${otherPort}`);
    }
    assert.equal(fromThere.cookie, "");
    assert.ok(!fromThere.storage.includes(app.token), fromThere.storage);
    assert.ok(fromThere.error !== undefined, `another page may not read the app's answer: ${JSON.stringify(fromThere)}`);

    // A cookie of the earlier versions, still in a browser, opens nothing.
    await context.addCookies([{ name: `shuzhi_${app.port}`, value: app.token, domain: "127.0.0.1", path: "/" }]);
    await page.goto(`http://127.0.0.1:${app.port}/`);
    const byCookie = await page.evaluate(async () => {
      const r = await fetch("/api/list_campaigns", { method: "POST", credentials: "include" });
      return { status: r.status, body: await r.text() };
    });
    assert.equal(byCookie.status, 403);
    assert.match(byCookie.body, /缺少本次启动的访问凭据/);
    const raw403 = await raw(app.port, {
      method: "POST",
      path: "/api/list_campaigns",
      headers: { host: `127.0.0.1:${app.port}`, cookie: `shuzhi_${app.port}=${app.token}` },
    });
    assert.equal(raw403.status, 403);

    // A second tab opened with the start address (as a second start opens it) works on its own,
    // and so does a tab the page opens itself (the projector's), which inherits the token.
    const second = await context.newPage();
    await second.goto(app.url);
    await second.locator('[data-testid="role-sample"]').waitFor({ timeout: 30000 });
    const [opened] = await Promise.all([context.waitForEvent("page"), second.evaluate(() => window.open("/#/", "_blank"))]);
    await opened.locator('[data-testid="role-sample"]').waitFor({ timeout: 30000 });
    // A tab opened by hand without the start address is told what to do, in Chinese.
    const bare = await (await browser.newContext()).newPage();
    await bare.goto(`http://127.0.0.1:${app.port}/`);
    await bare.getByText("缺少本次启动的访问凭据").first().waitFor({ timeout: 30000 });
    assert.match(await bare.locator("body").innerText(), /请再次启动述职评议助手/);
  } finally {
    await browser.close();
    other.close();
    app.child.kill();
  }
});

test("two tabs each restore the backup they uploaded, whatever the other tab does", async () => {
  // Reproduces: the uploaded backup was kept per session, so when two tabs restored at
  // once, one of them restored the other tab's file.
  const app = await startBrowserApp();
  const env = { ...process.env, HOME: app.dir };
  const shuzhi = (...args) => execFileSync(cli, ["--db", app.db, ...args], { encoding: "utf8", env });
  const first = join(app.dir, "甲备份.db");
  const second = join(app.dir, "乙备份.db");
  // The organizer's computer (a database with no role set opens on the welcome page).
  shuzhi("role", "组织方", "--name", "测试");
  shuzhi("backup", "--out", first);
  shuzhi("problem", "add", "--secretary", "sec-xy", "--description", "甲备份之后加的问题");
  shuzhi("backup", "--out", second);
  shuzhi("problem", "add", "--secretary", "sec-xy", "--description", "乙备份之后加的问题");
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const tabs = [await context.newPage(), await context.newPage()];
    for (const tab of tabs) {
      // The address as the program gives it, then the database page from inside the app
      // once it has started (a navigation before the router listens would be missed).
      await tab.goto(app.url);
      await tab.getByText("参加述职的书记").waitFor({ timeout: 30000 });
      await tab.evaluate(() => {
        location.hash = "#/database";
      });
      await tab.locator('[data-testid="restore-from-file"]').waitFor({ timeout: 30000 });
    }
    // Both tabs choose (and so upload) before either restores.
    for (const [tab, file] of [[tabs[0], first], [tabs[1], second]]) {
      const [chooser] = await Promise.all([tab.waitForEvent("filechooser"), tab.locator('[data-testid="restore-from-file"]').click()]);
      await chooser.setFiles(file);
      await tab.locator('[data-testid="restore-confirm"]').waitFor({ timeout: 30000 });
    }
    assert.match(await tabs[0].locator('[data-testid="restore-confirm"]').innerText(), /甲备份\.db/);
    assert.match(await tabs[1].locator('[data-testid="restore-confirm"]').innerText(), /乙备份\.db/);
    const problems = () => shuzhi("problem", "list", "--secretary", "sec-xy");
    await tabs[0].locator('[data-testid="restore-confirm"] button.primary').click();
    await tabs[0].locator('[data-testid="restore-confirm"]').waitFor({ state: "detached", timeout: 30000 });
    assert.ok(!problems().includes("甲备份之后加的问题"), "the first tab restored its own backup");
    await tabs[1].locator('[data-testid="restore-confirm"] button.primary').click();
    await tabs[1].locator('[data-testid="restore-confirm"]').waitFor({ state: "detached", timeout: 30000 });
    const after = problems();
    assert.ok(after.includes("甲备份之后加的问题") && !after.includes("乙备份之后加的问题"), after);
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("two tabs typing into one section keep both texts, and the stale one is told", async () => {
  // Reproduces: a second tab's autosave took the whole section with no base version and
  // wiped the text the first tab had saved, with no revision left of it.
  const app = await startBrowserApp();
  const env = { ...process.env, HOME: app.dir };
  execFileSync(cli, ["--db", app.db, "role", "示例", "--name", "测试"], { encoding: "utf8", env });
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const [first, second] = [await context.newPage(), await context.newPage()];
    await first.goto(app.url);
    await first.locator('tr[data-secretary-id="sec-jw"] a.button-link').click({ timeout: 30000 });
    await first.locator('[data-testid="start-report"]').click();
    await first.locator('[data-testid="editor-heading"]').waitFor();
    const editorHash = new URL(first.url()).hash;
    await second.goto(app.url);
    await second.getByText("参加述职的书记").waitFor({ timeout: 30000 });
    await second.evaluate((hash) => {
      location.hash = hash;
    }, editorHash);
    await second.locator('[data-testid="editor-heading"]').waitFor();

    const area = 'textarea[data-focus-point="fp-2023-achievements"]';
    await first.locator(area).pressSequentially("甲标签页写下的一段。");
    await first.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 10000 });
    await second.locator(area).pressSequentially("乙标签页写下的一段。");
    const conflict = second.locator('[data-testid="section-conflict"]');
    await conflict.waitFor({ timeout: 10000 });
    assert.match(await conflict.innerText(), /别处/);
    await conflict.locator("summary").click();
    assert.match(await conflict.innerText(), /甲标签页写下的一段。/);
    await second.screenshot({ path: join(artifacts, "browser-app-section-conflict.png") });

    // Both texts are kept: this tab's in the section, the other's as a revision.
    const report = JSON.parse(
      execFileSync(cli, ["--db", app.db, "--json", "secretary", "sec-jw"], { encoding: "utf8", env }),
    );
    const text = JSON.stringify(report);
    assert.ok(text.includes("乙标签页写下的一段。"), "this tab's text is saved");
    // 改用另一处的文字: the text here is kept as a revision (under the name of who does it).
    await second.locator('[data-testid="operator"]').fill("测试");
    await conflict.locator('[data-testid="take-other-text"]').click();
    await second.waitForFunction(
      (selector) => document.querySelector(selector)?.value.includes("甲标签页写下的一段。"),
      area,
      { timeout: 10000 },
    );
    assert.ok(!(await second.locator(area).inputValue()).includes("乙标签页写下的一段。"));
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("closing a vote where a category returned more ballots than it has raters asks why, and the results say it", async () => {
  const app = await startBrowserApp();
  const env = { ...process.env, HOME: app.dir };
  const shuzhi = (...args) => execFileSync(cli, ["--db", app.db, ...args], { encoding: "utf8", env });
  const campaign = "sample-2023-swjw";
  shuzhi("role", "组织方", "--name", "赵");
  shuzhi("meeting", "sheets", "--campaign", campaign, "--out", join(app.dir, "sheets.pdf"));
  for (const n of [1, 2, 3, 4, 5, 6]) shuzhi("meeting", "ballot", "--campaign", campaign, "--serial", `2-00${n}`, "--marks", "1111111111");
  // A seventh 两代表一委员 ballot on a copied sheet.
  shuzhi("meeting", "ballot", "--campaign", campaign, "--serial", "2-007", "--category", "cat-deputies", "--marks", "1111111111");
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    await page.goto(app.url);
    await page.getByText("参加述职的书记").waitFor({ timeout: 30000 });
    await page.evaluate((hash) => {
      location.hash = hash;
    }, `#/meeting/${campaign}/entry`);
    await page.locator('[data-testid="close-vote"]').click({ timeout: 30000 });
    const confirm = page.locator('[data-testid="close-vote-confirm"]');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /已收回的 7 张票/);
    const over = page.locator('[data-testid="over-vote"]');
    assert.match(await over.innerText(), /两代表一委员收回测评票 7 张，多于该类评议人 6 人/);
    assert.ok(await page.locator('[data-testid="over-vote-reason"]').isVisible());
    const button = await page.locator('[data-testid="confirm-close-vote"]').boundingBox();
    assert.ok(button && button.y >= 0 && button.y + button.height <= 768, `the confirmation opens in view at 768 px: ${JSON.stringify(button)}`);
    await page.screenshot({ path: join(artifacts, "browser-app-over-vote.png") });
    // Without a reason the closing is refused, with the numbers.
    await page.locator('[data-testid="confirm-close-vote"]').click();
    await page.getByText("收回的测评票多于应有的：两代表一委员收回测评票 7 张").waitFor({ timeout: 10000 });
    assert.ok(await page.locator('[data-testid="close-vote"]').isVisible(), "the vote is still open");
    // With one, it closes, and the results print it.
    await page.locator('[data-testid="close-vote"]').click();
    await page.locator('[data-testid="over-vote-reason"]').fill("一张测评表被复印，经核实两张票相同，按现有的票计");
    await page.locator('[data-testid="confirm-close-vote"]').click();
    await page.locator('[data-testid="closed-fingerprint"]').waitFor({ timeout: 10000 });
    await page.evaluate((hash) => {
      location.hash = hash;
    }, `#/meeting/${campaign}/results`);
    const shown = page.locator('[data-testid="over-vote-reason-shown"]');
    await shown.waitFor({ timeout: 10000 });
    assert.match(await shown.innerText(), /经核实两张票相同/);
    assert.match(await page.locator('[data-testid="turnout"]').innerText(), /收回测评票 7 张（纸质 7 张、手机 0 张）/);
    await page.screenshot({ path: join(artifacts, "browser-app-over-vote-results.png"), fullPage: true });
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("a tie at the quota on 好 waits for the organizer's decision, and a void vote closes without a reason", async () => {
  const app = await startBrowserApp();
  const env = { ...process.env, HOME: app.dir };
  const shuzhi = (...args) => execFileSync(cli, ["--db", app.db, ...args], { encoding: "utf8", env });
  const campaign = "sample-2023-swjw";
  shuzhi("role", "组织方", "--name", "赵");
  shuzhi("meeting", "rules", "--campaign", campaign, "--good-quota", "1", "--void-over-collected", "on");
  shuzhi("meeting", "sheets", "--campaign", campaign, "--out", join(app.dir, "sheets.pdf"));
  // The first two secretaries 好 on every ballot: a tie for the one place.
  for (const n of [1, 2, 3]) shuzhi("meeting", "ballot", "--campaign", campaign, "--serial", `3-00${n}`, "--marks", "1122222222");
  shuzhi("meeting", "close", "--campaign", campaign);
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    await page.goto(app.url);
    await page.getByText("参加述职的书记").waitFor({ timeout: 30000 });
    await page.evaluate((hash) => {
      location.hash = hash;
    }, `#/meeting/${campaign}/results`);
    const tie = page.locator('[data-testid="quota-tie"]');
    await tie.waitFor({ timeout: 10000 });
    assert.match(await tie.innerText(), /请您决定/);
    const box = await tie.boundingBox();
    assert.ok(box && box.y + box.height <= 768, `the decision is in view at 768 px: ${JSON.stringify(box)}`);
    assert.ok(await page.locator('[data-testid="export-summary"]').isDisabled(), "no result sheet before the decision");
    await page.screenshot({ path: join(artifacts, "browser-app-quota-tie.png") });
    // Two kept for one place: refused, with what to do.
    const keeps = page.locator('[data-testid^="quota-keep-"]');
    await keeps.nth(0).check();
    await keeps.nth(1).check();
    await page.locator('[data-testid="quota-reason"]').fill("按方案以日常考核得分高者优先");
    await page.locator('[data-testid="quota-decide"]').click();
    await page.getByText("请选出正好 1 位，现在选了 2 位").waitFor({ timeout: 10000 });
    await keeps.nth(0).uncheck();
    await page.locator('[data-testid="quota-decide"]').click();
    await page.getByText("已决定").waitFor({ timeout: 10000 });
    assert.ok(await page.locator('[data-testid="export-summary"]').isEnabled());
    assert.match(await page.locator('[data-testid="quota-text"]').innerText(), /决定保留 李秀兰|决定保留 王建华/);
    assert.match(shuzhi("tally", "--campaign", campaign), /原因：按方案以日常考核得分高者优先/);
    await page.screenshot({ path: join(artifacts, "browser-app-quota-decided.png") });

    // A void vote: reopened, a leaders' ballot on a copied sheet beyond the five issued.
    shuzhi("meeting", "reopen", "--campaign", campaign, "--reason", "演示作废规则");
    for (const n of [1, 2, 3, 4, 5]) shuzhi("meeting", "ballot", "--campaign", campaign, "--serial", `1-00${n}`, "--marks", "1111111111");
    shuzhi("meeting", "ballot", "--campaign", campaign, "--serial", "1-006", "--category", "cat-leaders", "--marks", "1111111111");
    await page.evaluate((hash) => {
      location.hash = hash;
    }, `#/meeting/${campaign}/entry`);
    await page.reload();
    await page.locator('[data-testid="close-vote"]').click({ timeout: 30000 });
    const stops = page.locator('[data-testid="close-stops"]');
    await stops.waitFor({ timeout: 10000 });
    assert.match(await stops.innerText(), /本次测评无效，须重新测评：上级党组织领导：发出 5 张，收回 6 张/);
    assert.equal(await page.locator('[data-testid="over-vote-reason"]').count(), 0, "no reason is asked");
    await page.locator('[data-testid="confirm-close-vote"]').click();
    await page.locator('[data-testid="closed-fingerprint"]').waitFor({ timeout: 10000 });
    await page.evaluate((hash) => {
      location.hash = hash;
    }, `#/meeting/${campaign}/results`);
    await page.locator('[data-testid="vote-stopped"]').waitFor({ timeout: 10000 });
    assert.ok(await page.locator('[data-testid="export-sheets"]').isDisabled());
    await page.screenshot({ path: join(artifacts, "browser-app-void-vote.png") });
    // A new round: the void one is kept, the vote opens empty.
    await page.locator('[data-testid="new-round-reason"]').fill("收回的测评票多于发出的，按方案重新测评");
    await page.locator('[data-testid="start-new-round"]').click();
    await page.locator('[data-testid="earlier-rounds"]').waitFor({ timeout: 10000 });
    assert.match(await page.locator('[data-testid="earlier-rounds"]').innerText(), /第 1 轮：9 张票/);
    assert.match(shuzhi("meeting", "show", "--campaign", campaign), /测评进行中|尚未|0 张/);
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("年度考核: 日常考核 imported with its preview, a missing part decided, the result PDF then allowed", async () => {
  const app = await startBrowserApp();
  const env = { ...process.env, HOME: app.dir };
  const shuzhi = (...args) => execFileSync(cli, ["--db", app.db, ...args], { encoding: "utf8", env });
  const campaign = "sample-2023-swjw";
  shuzhi("role", "组织方", "--name", "赵");
  shuzhi("meeting", "sheets", "--campaign", campaign, "--out", join(app.dir, "sheets.pdf"));
  for (const serial of ["3-001", "3-002", "3-003", "4-001", "4-002", "4-003"]) {
    shuzhi("meeting", "ballot", "--campaign", campaign, "--serial", serial, "--marks", "1122222223");
  }
  shuzhi("meeting", "close", "--campaign", campaign);
  const bad = join(app.dir, "日常考核-有误.csv");
  writeFileSync(bad, "党组织,党建督查,年度指标\n中共市第一人民医院委员会,28.5,60\n市不存在医院党委,20,50\n");
  const good = join(app.dir, "日常考核.csv");
  const names = ["中共市第一人民医院委员会", "中共市中医院委员会", "中共市第二人民医院委员会", "中共市妇幼保健院总支部委员会",
    "中共市疾病预防控制中心总支部委员会", "中共市卫生健康综合监督执法支队支部委员会", "中共市急救中心支部委员会",
    "中共市中心血站支部委员会", "中共市精神卫生中心总支部委员会"];
  writeFileSync(good, "党组织,党建督查,年度指标\n" + names.map((n) => `${n},28.5,60`).join("\n") + "\n");
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    await page.goto(app.url);
    await page.getByText("参加述职的书记").waitFor({ timeout: 30000 });
    await page.evaluate((hash) => {
      location.hash = hash;
    }, `#/meeting/${campaign}/assessment`);
    await page.locator('[data-testid="assessment-table"]').waitFor({ timeout: 10000 });
    assert.match(await page.locator('[data-testid="assessment-undecided"]').innerText(), /10 位书记缺少/);
    assert.ok(await page.locator('[data-testid="export-assessment-pdf"]').isDisabled());
    await page.locator('[data-testid="daily-scores-file"]').setInputFiles(bad);
    const preview = page.locator('[data-testid="daily-preview"]');
    await preview.waitFor({ timeout: 10000 });
    assert.match(await preview.innerText(), /本年度没有名为“市不存在医院党委”的党组织/);
    assert.ok(await page.locator('[data-testid="daily-import"]').isDisabled());
    await page.locator('[data-testid="daily-scores-file"]').setInputFiles(good);
    await preview.getByText("全部无误", { exact: true }).waitFor({ timeout: 10000 });
    await page.locator('[data-testid="daily-import"]').click();
    await page.getByText("已导入 9 个党组织的日常考核").waitFor({ timeout: 10000 });
    // 好 → 100 × 30% + 88.50 × 70% = 91.95.
    await page.locator('[data-testid="assessment-table"] tr').nth(1).getByText("91.95").waitFor({ timeout: 10000 });
    // The tenth organization has none: decided with a reason, then the PDF is allowed.
    await page.locator('[data-testid="assessment-open-9"]').click();
    await page.locator('[data-testid="decision-reason"]').fill("机关支部本年度未开展日常考核，按述职评议计");
    await page.locator('[data-testid="decision-save"]').click();
    await page.getByText("已记下决定").waitFor({ timeout: 10000 });
    await page.locator('[data-testid="export-assessment-pdf"]').waitFor({ state: "visible" });
    await page.waitForFunction(() => !document.querySelector('[data-testid="export-assessment-pdf"]').disabled, null, { timeout: 10000 });
    await page.screenshot({ path: join(artifacts, "browser-app-assessment.png") });
    assert.match(shuzhi("assess", "show", "--campaign", campaign), /缺少的部分不计，按已有部分计算：机关支部本年度未开展日常考核/);
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("the organizer hands out the year's files from the overview, one per secretary", async () => {
  const app = await startBrowserApp();
  const { browser, page } = await asOrganizer(app, { acceptDownloads: true });
  try {
    const button = page.locator('[data-testid="export-secretary-files"]');
    assert.ok(await button.isVisible());
    const downloads = [];
    page.on("download", (d) => downloads.push(d));
    await button.click();
    await page.locator('[data-testid="year-files-saved"]').waitFor({ timeout: 30000 });
    await page.waitForTimeout(1000);
    const names = downloads.map((d) => d.suggestedFilename()).sort();
    assert.equal(names.length, 10, names.join(" "));
    assert.ok(names.some((n) => /^李秀兰（.+）2023年度数据\.json$/.test(n)), names.join(" "));
    const hers = downloads.find((d) => d.suggestedFilename().startsWith("李秀兰"));
    const text = readFileSync(await hers.path(), "utf8");
    assert.ok(!text.includes("王建华"), "nothing of another secretary in her file");
    await page.screenshot({ path: join(artifacts, "browser-app-year-files.png") });
    // The next year proposed follows the calendar: from October, this year's 述职 (it was
    // last year's, so December 2026 proposed 2025). The sample is not carried forward here.
    await page.locator('[data-testid="new-campaign"]').click();
    const now = new Date();
    const calendar = now.getMonth() >= 9 ? now.getFullYear() : now.getFullYear() - 1;
    assert.equal(await page.locator('[data-testid="new-year"]').inputValue(), String(calendar));
    // The calendar button says 日历: an emoji is an empty box on office PCs without an emoji font.
    assert.equal((await page.locator(".date-calendar").first().innerText()).trim(), "日历");
    await page.screenshot({ path: join(artifacts, "browser-app-new-campaign.png") });
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("an unsaved 点评 is not dropped when another person is picked", async () => {
  // Reproduces: a 点评 typed for one secretary vanished when the organizer picked the next.
  const app = await startBrowserApp();
  const { browser, page } = await asOrganizer(app);
  try {
    await page.evaluate(() => {
      location.hash = "#/meeting/sample-2023-swjw/comments";
    });
    const people = page.locator('[data-testid="comment-people"] button');
    await people.first().waitFor({ timeout: 30000 });
    // The first person without a 点评 yet.
    const count = await people.count();
    let index = 0;
    while (index < count && (await people.nth(index).innerText()).includes("✓")) index += 1;
    await people.nth(index).click();
    const point = page.locator('[data-testid="comment-point-0"]');
    await point.fill("支部书记培训覆盖不全");
    await people.nth(index === 0 ? 1 : 0).click();
    const confirm = page.locator('[data-testid="confirm"]');
    await confirm.waitFor({ timeout: 10000 });
    assert.match(await confirm.innerText(), /还没有保存/);
    await page.screenshot({ path: join(artifacts, "browser-app-unsaved-comment.png") });
    await page.locator('[data-testid="confirm-no"]').click();
    assert.equal(await point.inputValue(), "支部书记培训覆盖不全", "the words stay");
    // Given up on purpose, the form is the other person's.
    await people.nth(index === 0 ? 1 : 0).click();
    await page.locator('[data-testid="confirm-yes"]').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="comment-point-0"]')?.value !== "支部书记培训覆盖不全",
    );
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("a finding quotes its sentence, a click selects it in the report, and each problem shows its measures", async () => {
  const app = await startBrowserApp();
  const { browser, page } = await asOrganizer(app);
  try {
    await page.evaluate(() => {
      location.hash = "#/report/rep-zyy";
    });
    const quote = page.locator('[data-testid="findings"] [data-testid="finding-quote"]').first();
    await quote.waitFor({ timeout: 30000 });
    const quoted = await quote.getAttribute("data-quote");
    await quote.click();
    const selected = await page.evaluate(() => {
      const area = document.activeElement;
      return area instanceof HTMLTextAreaElement ? area.value.slice(area.selectionStart, area.selectionEnd) : null;
    });
    assert.equal(selected, quoted, "the quoted sentence is selected in its section");
    const pairs = page.locator('[data-testid="problems-and-measures"] > li');
    assert.ok((await pairs.count()) >= 3, "each problem of the text is listed with its measures");
    await page.locator('[data-testid="problems-and-measures"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, "browser-app-findings-anchored.png") });
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("a measure typed but not yet added survives a reload, and the form says it is not saved yet", async () => {
  // Reproduces: a filled measure row left without "＋ 添加措施" was gone after a reload.
  const app = await startBrowserApp();
  const { browser, page } = await onSampleReport(app);
  try {
    await page.locator('[data-testid="new-problem-description"]').fill("本人对党员日常管理督促不够");
    await page.locator('[data-testid="new-problem-cause"]').fill("本人过问少");
    await page.locator('[data-testid="add-problem"]').click();
    const measure = page.locator('[data-testid="new-measure-measure"]').first();
    await measure.waitFor({ timeout: 30000 });
    await measure.fill("建立党员管理台账，每月核对1次");
    await page.locator('[data-testid="new-measure-unsaved"]').first().waitFor({ timeout: 5000 });
    await page.reload();
    const again = page.locator('[data-testid="new-measure-measure"]').first();
    await again.waitFor({ timeout: 30000 });
    assert.equal(await again.inputValue(), "建立党员管理台账，每月核对1次");
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("a broken character typed into a section does not stop the words around it from being saved", async () => {
  // Reproduces: a lone half of a surrogate pair made the page's request invalid JSON;
  // every save failed and the words were lost on the refresh the message asked for.
  const app = await startBrowserApp();
  const { browser, page } = await onSampleReport(app);
  try {
    const area = page.locator('textarea[data-focus-point="fp-2023-achievements"]');
    await area.waitFor({ timeout: 30000 });
    await area.evaluate((element) => {
      element.value = "本人主持支委会12次\uD800，带头讲党课4次。";
      element.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 10000 });
    await page.reload();
    await area.waitFor({ timeout: 30000 });
    assert.equal(await area.inputValue(), "本人主持支委会12次\uFFFD，带头讲党课4次。");
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("历年对比 of a post: from the secretary's page, a row a year, no grade before the vote is closed", async () => {
  const app = await startBrowserApp();
  const { browser, page } = await asOrganizer(app);
  try {
    await page.evaluate(() => {
      location.hash = "#/secretary/sec-jg";
    });
    await page.locator('[data-testid="open-history"]').click();
    const rows = page.locator('[data-testid="history-table"] tbody tr');
    await rows.first().waitFor({ timeout: 30000 });
    assert.equal(await rows.count(), 1, "the sample holds one year");
    assert.equal(await page.locator('[data-testid="history-result"]').first().innerText(), "测评未结束");
    assert.ok(await page.locator('[data-testid="history-chart"]').isVisible());
    await page.screenshot({ path: join(artifacts, "browser-app-history.png") });
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("历年对比 of the campaign: from the overview, charts with their tables, 待定 before closing, PDF and Excel", async () => {
  const app = await startBrowserApp();
  const { browser, page } = await asOrganizer(app);
  try {
    await page.goto(`http://127.0.0.1:${app.port}/#/`);
    await page.locator('[data-testid="open-years"]').click();
    const rows = page.locator('[data-testid="years-grades"] tbody tr');
    await rows.first().waitFor({ timeout: 30000 });
    assert.equal(await rows.count(), 1, "the sample holds one year");
    assert.match(await rows.first().innerText(), /2023\s+测评未结束或结果待定/);
    assert.ok(await page.locator('[data-testid="years-grades-chart"]').isVisible());
    assert.ok(await page.locator('[data-testid="years-rectified-chart"]').isVisible());
    await page.screenshot({ path: join(artifacts, "browser-app-years.png") });
    const [pdf] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="export-years-pdf"]').click()]);
    assert.match(pdf.suggestedFilename(), /历年述职评议对比\.pdf$/, pdf.suggestedFilename());
    const saved = join(app.dir, pdf.suggestedFilename());
    await pdf.saveAs(saved);
    const text = execFileSync("pdftotext", [saved, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    assert.ok(text.includes("等次分布") && text.includes("待定"), text.slice(0, 300));
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="export-years-xlsx"]').click()]);
    assert.match(xlsx.suggestedFilename(), /历年述职评议对比\.xlsx$/);
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("反复出现 over three years: both years' words side by side, dismissed and taken back from the years page, flagged in the lists", async () => {
  const dir = mkdtempSync(join(tmpdir(), "shuzhi-app-"));
  const env = { ...process.env, HOME: dir };
  const db = join(dir, "shuzhi.db");
  execFileSync(cli, ["--db", db, "demo", "--years", "3", "--secretaries", "6", "--raters", "10", "--evidence-mb", "0"], {
    encoding: "utf8",
    env,
  });
  const campaigns = JSON.parse(execFileSync(cli, ["--db", db, "--json", "campaigns"], { encoding: "utf8", env }));
  const latest = campaigns.find((c) => c.year === 2025).id;
  const repeatedJson = () =>
    JSON.parse(execFileSync(cli, ["--db", db, "--json", "history", "--repeated", latest], { encoding: "utf8", env }));
  const before = repeatedJson();
  assert.ok(before.length > 0, "the made-up years name problems again");
  const app = await startBrowserApp([], dir);
  const { browser, page } = await asOrganizer(app);
  try {
    await page.evaluate((id) => {
      location.hash = `#/years/${id}`;
    }, latest);
    const rows = page.locator('[data-testid="years-grades"] tbody tr');
    await rows.first().waitFor({ timeout: 30000 });
    assert.equal(await rows.count(), 3);
    const count = page.locator('[data-year="2025"] [data-testid="show-repeats"]');
    assert.equal(Number(await count.innerText()), before.filter((r) => r.stands).length, "the count is the CLI's");
    await count.click();
    const pairs = page.locator('[data-testid="year-repeats"] tbody tr');
    await pairs.first().waitFor({ timeout: 10000 });
    const first = pairs.first();
    const problemId = await first.getAttribute("data-problem-id");
    const earlierId = await first.getAttribute("data-earlier-id");
    assert.equal(problemId, before[0].problem_id);
    assert.ok((await first.innerText()).includes(before[0].earlier[0].description), "the earlier year's words beside");
    assert.equal(await first.locator('[data-testid="repeat-decision"]').innerText(), "文字相近，待确认");
    await page.screenshot({ path: join(artifacts, "browser-app-repeats.png"), fullPage: true });
    await first.locator('[data-testid="repeat-dismiss"]').click();
    const row = page.locator(`[data-testid="year-repeats"] tr[data-problem-id="${problemId}"][data-earlier-id="${earlierId}"]`);
    await row.locator('[data-testid="repeat-undo"]').waitFor({ timeout: 10000 });
    assert.match(await row.locator('[data-testid="repeat-decision"]').innerText(), /已排除/);
    const dismissed = repeatedJson().find((r) => r.problem_id === problemId);
    assert.equal(dismissed.earlier.find((e) => e.problem_id === earlierId).decision, "dismissed", "the core holds it");
    await row.locator('[data-testid="repeat-undo"]').click();
    await row.locator('[data-testid="repeat-dismiss"]').waitFor({ timeout: 10000 });
    assert.equal(await row.locator('[data-testid="repeat-decision"]').innerText(), "文字相近，待确认");
    assert.equal(repeatedJson().find((r) => r.problem_id === problemId).earlier.find((e) => e.problem_id === earlierId).decision, null);

    // The 问题清单 flags the same problems.
    await page.evaluate((id) => {
      location.hash = `#/lists/${id}`;
    }, latest);
    await page.locator('[data-testid="tab-problems"]').click();
    const badge = page.locator(`tr[data-problem-id="${problemId}"] [data-testid="repeat-badge"]`);
    await badge.waitFor({ timeout: 30000 });
    assert.equal(
      await page.locator('[data-testid="repeat-badge"]').count(),
      before.filter((r) => r.stands).length,
      "one flag per problem named again",
    );
    // Problems carried from last year say so, and are not flagged as named again.
    assert.ok((await page.locator('[data-testid="carried-badge"]').count()) > 0, "carried problems are labelled");
    assert.equal(await page.locator('tr:has([data-testid="carried-badge"]) [data-testid="repeat-badge"]').count(), 0);
    await badge.click();
    await page.locator(`[data-testid="repeats"] tr[data-problem-id="${problemId}"]`).first().waitFor({ timeout: 10000 });
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("往年纸质记录: two CSV files chosen in the page, every row checked and shown, a wrong one refused, then the year imported into 历年对比", async () => {
  const app = await startBrowserApp();
  const { browser, page } = await asOrganizer(app);
  try {
    const env = { ...process.env, HOME: app.dir };
    const board = JSON.parse(
      execFileSync(cli, ["--db", app.db, "--json", "dashboard", "--campaign", "sample-2023-swjw"], { encoding: "utf8", env }),
    );
    const zheng = board.rows.find((r) => r.secretary_name === "郑晓燕");
    const results = (grade) =>
      "2021年度述职评议结果汇总表\n单位,党组织,书记姓名,好,较好,一般,差,等次\n" +
      `${zheng.unit},${zheng.organization_name},郑晓燕,10,20,15,5,${grade}\n` +
      "市中医院,中共市中医院委员会,李秀兰,40,8,2,0,好\n";
    const lists = `单位,党组织,问题,整改措施,完成时限,整改状态\n${zheng.unit},${zheng.organization_name},会议记录不规范,建立台账,2021-06-30,已完成\n`;
    await page.evaluate(() => {
      location.hash = "#/years/sample-2023-swjw";
    });
    await page.locator('[data-testid="open-paper-year"]').click();
    await page.locator('[data-testid="paper-year-year"]').fill("2021");
    const choose = async (testid, name, text) =>
      page.locator(`[data-testid="${testid}"]`).setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
    await choose("paper-results-file", "2021汇总表.csv", results("优秀"));
    await choose("paper-lists-file", "2021整改清单.csv", lists);
    await page.locator('[data-testid="paper-preview"]').click();
    await page.locator('[data-testid="paper-rows"]').waitFor({ timeout: 10000 });
    assert.equal(await page.locator('[data-testid="paper-rows"] tbody tr').count(), 3, "every row shown");
    const wrong = page.locator('[data-testid="paper-rows"] tr[data-wrong="1"]');
    assert.equal(await wrong.count(), 1);
    assert.match(await wrong.innerText(), /第?\s*3[\s\S]*等次“优秀”不是好、较好、一般、差之一/);
    assert.ok(await page.locator('[data-testid="paper-import"]').isDisabled(), "nothing imported while a row is wrong");
    await page.screenshot({ path: join(artifacts, "browser-app-paper-year.png"), fullPage: true });

    // The sheet corrected and chosen again under the same name.
    await choose("paper-results-file", "2021汇总表.csv", results("一般"));
    await page.locator('[data-testid="paper-preview"]').click();
    await page.locator('[data-testid="paper-rows"] tr[data-wrong="0"]').first().waitFor({ timeout: 10000 });
    assert.equal(await page.locator('[data-testid="paper-rows"] tr[data-wrong="1"]').count(), 0);
    assert.match(await page.locator('[data-testid="paper-summary"]').innerText(), /2 位书记（好 1、较好 0、一般 1、差 0），1 个问题、1 条整改措施/);
    await page.locator('[data-testid="paper-import"]').click();
    assert.match(await page.locator('[data-testid="paper-done"]').innerText(), /已导入 2021 年度的纸质记录：2 位书记、1 个问题、1 条整改措施/);
    await page.locator('[data-testid="paper-done-years"]').click();
    const rows = page.locator('[data-testid="years-grades"] tbody tr');
    await page.locator('[data-testid="years-grades"] tr[data-year="2021"]').waitFor({ timeout: 30000 });
    assert.equal(await rows.count(), 2);
    assert.match(await page.locator('[data-testid="years-grades"] tr[data-year="2021"]').innerText(), /2021（纸质记录）\s+1\s+0\s+1\s+0\s+50%/);
    const history = JSON.parse(
      execFileSync(cli, ["--db", app.db, "--json", "history", "--secretary", zheng.secretary_id], { encoding: "utf8", env }),
    );
    assert.deepEqual(
      history.years.map((y) => [y.year, y.result, y.good_percent]),
      [
        [2021, "一般", 20],
        [2023, "测评未结束", null],
      ],
    );
  } finally {
    await browser.close();
    app.child.kill();
  }
});

test("with no page open the browser app ends by itself", async () => {
  const app = await startBrowserApp(["--idle-exit", "2"]);
  const code = await Promise.race([app.exited, new Promise((resolve) => setTimeout(() => resolve("still running"), 60000))]);
  app.child.kill();
  assert.equal(code, 0);
});
