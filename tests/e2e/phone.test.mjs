// 扫码测评 with real phones' browsers: headless Chromium opens the phone page of a running
// `shuzhi serve` as three raters who grade and submit; a fourth tries a code already used
// and is refused; the organizer closes the vote and the tally matches what was entered.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { artifacts, repoRoot } from "./harness.mjs";

const cli = join(repoRoot, "target", "debug", "shuzhi");
const CAMPAIGN = "sample-2023-swjw";

function shuzhi(db, args) {
  return execFileSync(cli, ["--db", db, ...args], { encoding: "utf8" });
}

async function startServer(db) {
  const server = spawn(cli, ["--db", db, "--json", "serve", "--campaign", CAMPAIGN, "--bind", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/"url":\s*"([^"]+)"/);
      if (match) resolve(match[1]);
    });
    server.once("exit", (code) => reject(new Error(`shuzhi serve exited (${code})`)));
    setTimeout(() => reject(new Error("shuzhi serve did not start")), 20000);
  });
  return { server, url };
}

/** One rater: open the slip's link, grade everyone, confirm, submit. */
async function vote(browser, url, code, grades) {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${url}/?c=${code}`);
  await page.click("#start");
  await page.waitForSelector("#step-form:not([hidden])");
  // The list is redrawn after every tap, so each tap looks its button up afresh.
  for (const [i, grade] of grades.entries()) {
    if (grade) await page.click(`li.person:nth-child(${i + 1}) button[data-grade="${grade}"]`);
  }
  await page.fill("#suggestions", "希望书记多到一线");
  await page.click("#review");
  await page.waitForSelector("#step-confirm:not([hidden])");
  await page.click("#submit");
  await page.waitForSelector("#step-done:not([hidden])");
  return page;
}

test("three phones vote, a used code is refused, and the tally matches", async () => {
  const dir = mkdtempSync(join(tmpdir(), "shuzhi-phone-"));
  const db = join(dir, "vote.db");
  shuzhi(db, ["demo"]);
  // 党员群众代表 vote by phone, the other categories on paper: nobody holds both.
  shuzhi(db, ["meeting", "channel", "--campaign", CAMPAIGN, "--category", "cat-members", "--way", "phone"]);
  shuzhi(db, ["meeting", "codes", "--campaign", CAMPAIGN, "--url", "http://127.0.0.1:8080", "--out", join(dir, "slips.pdf")]);
  // The codes exist only on the printed slips (the database keeps their hashes): read them
  // back from the slips as the raters will.
  const slipsText = execFileSync("pdftotext", [join(dir, "slips.pdf"), "-"], { encoding: "utf8" });
  // Each row of slips gives its categories, then its codes, in the same order. Three
  // codes of one category vote: a category with one or two ballots would put the whole
  // result under the anonymity rule, and this test checks the counts.
  const categories = [];
  const slipCodes = [];
  for (const line of slipsText.split("\n").map((l) => l.trim())) {
    const code = line.match(/^([2-9A-HJ-NP-Z]{4}) ([2-9A-HJ-NP-Z]{4})$/);
    if (code) slipCodes.push(code[1] + code[2]);
    else if (line && !line.includes("扫码测评") && !/^—/.test(line)) categories.push(line);
  }
  assert.equal(categories.length, slipCodes.length, "every slip names its category");
  const byCategory = new Map();
  slipCodes.forEach((code, i) => byCategory.set(categories[i], [...(byCategory.get(categories[i]) ?? []), code]));
  const [, sameCategory] = [...byCategory].find(([, list]) => list.length >= 4);
  const codes = sameCategory.slice(0, 4);
  assert.equal(codes.length, 4, "the slips show the codes");
  execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", join(dir, "slips.pdf"), join(artifacts, "phone-slips")]);
  const { server, url } = await startServer(db);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true });
  try {
    const G = "good", F = "fairly_good", A = "fair";
    const ballots = [
      [G, G, F, G, G, G, G, G, G, A],
      [G, F, F, G, G, G, F, G, G, A],
      [G, G, G, G, A, G, G, F, G, F],
    ];
    for (const [i, grades] of ballots.entries()) {
      const page = await vote(browser, url, codes[i], grades);
      if (i === 0) await page.screenshot({ path: join(artifacts, "phone-done.png") });
      await page.close();
    }
    // A fourth person tries the first code again.
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${url}/?c=${codes[0]}`);
    await page.click("#start");
    await page.waitForSelector("#message:not([hidden])");
    assert.match(await page.textContent("#message"), /这个测评码已经用过/);
    await page.screenshot({ path: join(artifacts, "phone-refused.png") });
    // An honest fourth rater still gets the form with an unused code.
    await page.fill("#code", codes[3]);
    await page.click("#start");
    await page.waitForSelector("#step-form:not([hidden])");
    await page.screenshot({ path: join(artifacts, "phone-form.png"), fullPage: true });

    const turnout = JSON.parse(shuzhi(db, ["--json", "meeting", "turnout", "--campaign", CAMPAIGN]));
    assert.equal(turnout.used, 3);
    shuzhi(db, ["meeting", "close", "--campaign", CAMPAIGN]);
    const exited = await new Promise((resolve) => {
      server.once("exit", () => resolve(true));
      setTimeout(() => resolve(false), 10000);
    });
    assert.ok(exited, "the ballot server stops when the vote closes");

    const tally = JSON.parse(shuzhi(db, ["--json", "tally", "--campaign", CAMPAIGN]));
    assert.equal(tally.ballots, 3);
    const count = (s, g) => ballots.filter((b) => b[s] === g).length;
    for (const [s, row] of tally.secretaries.entries()) {
      assert.deepEqual(row.counts, { 好: count(s, G), 较好: count(s, F), 一般: count(s, A), 差: 0 }, row.secretary);
    }
  } finally {
    await browser.close();
    server.kill();
  }
});
