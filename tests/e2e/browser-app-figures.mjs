// Prints figures of the browser app; asserts nothing. Run by scripts/browser-app-figures.sh.
//   - start-up: from starting `shuzhi app` to the sample's dashboard drawn in headless Chromium
//   - memory: the server's resident set (now and peak) with the sample open on each main screen
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { chromium } from "playwright-core";

const binary = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+) kB`))[1]);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

async function once(fresh) {
  const dir = mkdtempSync(join(tmpdir(), "shuzhi-figures-"));
  const started = performance.now();
  const child = spawn(binary, ["--db", join(dir, "shuzhi.db"), "app", "--no-open"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const found = out.match(/http:\/\/\S+/);
      if (found) resolve(found[0]);
    });
  });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })).newPage();
  await page.goto(url);
  await page.locator('tr[data-secretary-id="sec-xy"]').waitFor({ timeout: 60000 });
  const firstScreen = performance.now() - started;
  let figures = { firstScreen };
  if (fresh) {
    figures.dashboard = memory(child.pid);
    const base = new URL(url).origin;
    const screens = [
      ["#/secretary/sec-jw", '[data-testid="secretary-heading"]'],
      ["#/meeting/sample-2023-swjw/entry", '[data-testid="ballot-serial"]'],
      ["#/lists/sample-2023-swjw", '[data-testid="lists-heading"]'],
    ];
    for (const [hash, drawn] of screens) {
      await page.goto(`${base}/${hash}`);
      await page.locator(drawn).waitFor({ timeout: 30000 });
    }
    // An export too: the lists PDF, made in the server and handed out as a download.
    await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="export-lists"]').click()]);
    figures.screens = memory(child.pid);
  }
  await page.context().close();
  child.kill();
  await new Promise((resolve) => child.on("exit", resolve));
  rmSync(dir, { recursive: true, force: true });
  return figures;
}

const results = [];
for (let i = 0; i < runs; i += 1) results.push(await once(i === 0));
await browser.close();
const times = results.map((r) => r.firstScreen).sort((a, b) => a - b);
console.log(`程序：${binary}`);
console.log(`启动到浏览器中显示首页（新数据库，含载入示例）：中位数 ${times[Math.floor(times.length / 2)].toFixed(0)} ms，` +
  `最短 ${times[0].toFixed(0)} ms，最长 ${times[times.length - 1].toFixed(0)} ms（${runs} 次）`);
const m = results[0];
console.log(`服务进程内存（首页）：常驻 ${m.dashboard.rss.toFixed(1)} MB，峰值 ${m.dashboard.peak.toFixed(1)} MB`);
console.log(`服务进程内存（再打开书记详情、录入测评票、清单，并导出清单 PDF）：常驻 ${m.screens.rss.toFixed(1)} MB，峰值 ${m.screens.peak.toFixed(1)} MB`);
