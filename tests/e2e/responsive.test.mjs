// The window answers while a vote of 500 paper ballots closes: every command runs off the
// window's main thread, so a second call sent after 结束测评 is answered before the close
// ends (when commands ran on the main thread, it waited behind the close). Prints the wall
// time of the close as the page saw it; asserts only the order, never a time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, startApp } from "./harness.mjs";

const CAMPAIGN = "sample-2023-swjw";
const GRADES = ["good", "fairly_good", "fair", "poor"];

/** A database holding the sample with 500 paper ballots typed and the vote still open. */
function openVoteOf500(dataDir) {
  const db = join(dataDir, "shuzhi.db");
  const scratch = mkdtempSync(join(tmpdir(), "shuzhi-500-"));
  const sample = join(scratch, "sample.db");
  const exported = join(scratch, "sample.json");
  execFileSync(cli, ["--db", sample, "demo"]);
  execFileSync(cli, ["--db", sample, "export", "--campaign", CAMPAIGN, "--out", exported]);
  const doc = JSON.parse(readFileSync(exported, "utf8"));
  const sizes = [100, 100, 150, 150];
  doc.rater_categories.forEach((c, i) => (c.planned_size = sizes[i]));
  doc.ballot_sheets = [];
  doc.ballots = [];
  let seed = 7;
  doc.rater_categories.forEach((category, c) => {
    for (let n = 1; n <= sizes[c]; n++) {
      const serial = `${c + 1}-${String(n).padStart(3, "0")}`;
      doc.ballot_sheets.push({ serial, category_id: category.id });
      doc.ballots.push({
        id: `bal-${serial}`,
        serial,
        category_id: category.id,
        entries: doc.secretaries.map((s) => {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          return { secretary_id: s.id, grade: GRADES[seed % 4], multiple_marks: false };
        }),
        suggestions: "",
        channel: "paper",
      });
    }
  });
  const big = join(scratch, "open-vote-500.json");
  writeFileSync(big, JSON.stringify(doc));
  execFileSync(cli, ["--db", db, "import", big]);
  execFileSync(cli, ["--db", db, "role", "组织方", "--name", "孟晓东"]);
}

test("the page is answered while a vote of 500 ballots closes", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "shuzhi-e2e-"));
  openVoteOf500(dataDir);
  const { browser, stop } = await startApp({ dataDir });
  try {
    await browser.$('tr[data-secretary-id="sec-zyy"]').waitForDisplayed({ timeout: 30000 });
    const seen = await browser.executeAsync((campaignId, done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      const started = performance.now();
      const order = [];
      const closing = invoke("close_vote", { campaignId, overVoteReason: null }).then(
        (closure) => {
          order.push("closed");
          return { ms: performance.now() - started, fingerprint: closure.fingerprint };
        },
        (error) => ({ error: JSON.stringify(error) }),
      );
      // Sent after the close, needing nothing the close holds.
      const answered = invoke("rules_presets", {}).then((presets) => {
        order.push("answered");
        return { ms: performance.now() - started, presets: presets.length };
      });
      Promise.all([closing, answered]).then(([closed, other]) => done({ order, closed, other }));
    }, CAMPAIGN);
    assert.ok(!seen.closed.error, seen.closed.error);
    assert.equal(seen.closed.fingerprint.length, 64);
    assert.ok(seen.other.presets > 0);
    assert.deepEqual(seen.order, ["answered", "closed"], "the page waited for the close");
    console.log(
      `结束 500 张票的测评：页面看到 ${seen.closed.ms.toFixed(0)} ms；其间另一命令 ${seen.other.ms.toFixed(0)} ms 即得到回答`,
    );
    // The window goes on: the results are there once the close has answered.
    const results = await browser.executeAsync((campaignId, done) => {
      window.__TAURI_INTERNALS__.invoke("meeting_results", { campaignId }).then(done, (e) => done({ error: e }));
    }, CAMPAIGN);
    assert.equal(results.outcome.ballots_total, 500);
  } finally {
    await stop();
  }
});
