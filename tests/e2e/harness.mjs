// Starts the real desktop binary under tauri-driver and opens a WebDriver session
// on it. webdriverio keeps its HTTP connection alive, which tauri-driver needs to
// stay reliable. Every run gets its own empty database, so the first start loads
// the bundled sample campaign exactly as a new user sees it.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "../..");
export const artifacts = join(here, "artifacts");
/** The command-line twin from the same build, for setting up or checking a database
 * (`SHUZHI_CLI` names another, such as the Windows build run under wine). */
export const cli = process.env.SHUZHI_CLI ?? join(repoRoot, "target", "debug", "shuzhi");

/**
 * Saves a picture of the app's window (by its title) as the X display shows it. The
 * window draws in software (no GPU compositing); WebKit's own WebDriver snapshot then
 * waits for a frame that a page which has stopped changing never draws, so pictures are
 * taken from the display, which is also what a person sees.
 */
export async function saveScreen(browser, file, title = "^述职评议助手$") {
  await browser.pause(300);
  const window = execFileSync("xdotool", ["search", "--name", title], { encoding: "utf8" }).trim().split("\n")[0];
  execFileSync("import", ["-window", window, file]);
}

/**
 * Answers the system's save dialog (its title matches `title`) as a person does: `Return`
 * keeps the folder and name it offers (or saves as `path`, typed over the name), `Escape`
 * cancels. The dialog is found on the X display, given the keyboard and sent the keys;
 * returns once it has closed. `picture`, when given, is where a picture of the dialog is
 * saved first.
 */
export async function answerSaveDialog(browser, { key = "Return", title = "^导出 ", path, picture } = {}) {
  const find = () =>
    spawnSync("xdotool", ["search", "--onlyvisible", "--name", title], { encoding: "utf8" })
      .stdout.trim()
      .split("\n")
      .filter(Boolean)[0];
  let dialog;
  await browser.waitUntil(async () => Boolean((dialog = find())), {
    timeout: 20000,
    timeoutMsg: `no save dialog titled ${title}`,
  });
  // GTK fills in the folder and the name just after the window appears.
  await browser.pause(800);
  if (picture) execFileSync("import", ["-window", dialog, picture]);
  // The pointer rests on the dialog's label, as a person's would; the display's own pointer
  // otherwise sits mid-screen and, once the dialog goes, over whatever the page has there.
  execFileSync("xdotool", ["mousemove", "--window", dialog, "5", "5"]);
  execFileSync("xdotool", ["windowfocus", "--sync", dialog]);
  if (path) {
    execFileSync("xdotool", ["key", "--clearmodifiers", "ctrl+a"]);
    execFileSync("xdotool", ["type", "--delay", "30", path]);
  }
  execFileSync("xdotool", ["key", "--clearmodifiers", key]);
  await browser.waitUntil(async () => !find(), { timeout: 20000, timeoutMsg: "the save dialog stayed open" });
}

/** Moves the window to a route, as a link would. */
export async function go(browser, hash) {
  await browser.execute((h) => {
    location.hash = h;
  }, hash);
}
const application = process.env.SHUZHI_APP ?? join(repoRoot, "target/debug/shuzhi-desktop");
const port = 4444;

function waitForPort(child, timeoutMs) {
  return new Promise((resolvePromise, reject) => {
    const deadline = Date.now() + timeoutMs;
    const attempt = async () => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/status`);
        if (response.ok) return resolvePromise();
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) return reject(new Error(`tauri-driver exited with ${child.exitCode}`));
      if (Date.now() > deadline) return reject(new Error("tauri-driver did not start listening"));
      setTimeout(attempt, 200);
    };
    attempt();
  });
}

/**
 * Starts tauri-driver and the app; returns the browser and a function that stops both.
 * Pass the `dataDir` of an earlier run to open the same database again. A new database
 * has the sample loaded and this computer set to 查看示例 (through the command-line twin,
 * as a person who chose 查看示例 would have it), unless `firstStart` asks for the
 * untouched first start with its choice of role. `size` is the window's, e.g. [1024, 768].
 */
export async function startApp({ dataDir: reuse, firstStart = false, size } = {}) {
  if (!existsSync(application)) {
    throw new Error(`desktop binary not found at ${application}: build it first (scripts/test.sh does)`);
  }
  mkdirSync(artifacts, { recursive: true });
  try {
    await fetch(`http://127.0.0.1:${port}/status`);
    throw new Error(`port ${port} is already in use: stop the other tauri-driver first`);
  } catch (error) {
    if (error.message.startsWith("port")) throw error;
  }
  const dataDir = reuse ?? mkdtempSync(join(tmpdir(), "shuzhi-e2e-"));
  // A home as a Chinese desktop sets it up: 文档 is the documents folder, where the save
  // dialog of an export starts (in 文档/述职评议助手).
  mkdirSync(join(dataDir, "文档"), { recursive: true });
  mkdirSync(join(dataDir, ".config"), { recursive: true });
  writeFileSync(join(dataDir, ".config", "user-dirs.dirs"), 'XDG_DOCUMENTS_DIR="$HOME/文档"\n');
  if (!reuse && !firstStart) {
    const db = join(dataDir, "shuzhi.db");
    const env = { ...process.env, HOME: dataDir };
    execFileSync(cli, ["--db", db, "demo"], { env });
    execFileSync(cli, ["--db", db, "role", "示例", "--name", ""], { env });
  }
  const driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port)], {
    // The app's home is the run's own folder, so exports and caches never touch the real one.
    env: { ...process.env, SHUZHI_DB: join(dataDir, "shuzhi.db"), HOME: dataDir },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForPort(driver, 20000);
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    connectionRetryTimeout: 120000,
    capabilities: { "tauri:options": { application } },
  });
  if (size) await browser.setWindowSize(size[0], size[1]);
  const stop = async () => {
    try {
      await browser.deleteSession().catch(() => {});
    } finally {
      const exited = new Promise((done) => driver.once("exit", done));
      driver.kill("SIGTERM");
      await exited;
      // An app that outlived its driver (a slow exit after the session ended) would keep the
      // test runner's output open and hang the whole run (seen once in CI): wait a moment for
      // this run's app to go, then end it.
      await endAppsOf(dataDir);
    }
  };
  return { browser, stop, dataDir };
}

/** Waits up to five seconds for the apps whose home is `dataDir` to exit, then kills them. */
async function endAppsOf(dataDir) {
  const mine = () =>
    appPids().filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`HOME=${dataDir}`);
      } catch {
        return false; // gone already
      }
    });
  for (let waited = 0; waited < 5000 && mine().length > 0; waited += 100) {
    await new Promise((done) => setTimeout(done, 100));
  }
  for (const pid of mine()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // exited in between
    }
  }
}

/** The PIDs of running desktop app processes started from `application`. */
export function appPids() {
  const result = spawnSync("pgrep", ["-f", application], { encoding: "utf8" });
  return result.stdout.split("\n").filter(Boolean).map(Number);
}

/** Types text into an element key by key, as a person would. */
export async function typeInto(element, text) {
  // Element Send Keys focuses the box with the caret after its last character.
  await element.addValue(text);
}

/** Puts a whole text into a box at once, as pasting does, and lets the page see it. */
export async function pasteInto(browser, element, text) {
  await browser.execute(
    (el, value) => {
      el.focus();
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    element,
    text,
  );
}

/**
 * The text of the first element matching `selector`, read inside the page in one step:
 * an element handle taken a moment earlier goes stale when the view re-renders (seen in
 * CI runs), a selector read in the page cannot.
 */
export async function textOf(browser, selector) {
  return browser.execute((s) => {
    const element = document.querySelector(s);
    if (!element) return "";
    // As WebDriver's own text: a drop-down counts with the option it shows.
    const chosen = [...element.querySelectorAll("select")].map((select) => select.selectedOptions[0]?.text ?? "");
    return [element.innerText, ...chosen].join(" ");
  }, selector);
}

/** Waits until the text of `selector` matches `expected` (a RegExp, or a string it contains). */
export async function waitText(browser, selector, expected) {
  const matches = (text) => (expected instanceof RegExp ? expected.test(text) : text.includes(expected));
  await browser.waitUntil(async () => matches(await textOf(browser, selector)), {
    timeout: 15000,
    timeoutMsg: `${selector} never showed ${expected}`,
  });
}

/** Waits until the editor says everything typed is saved. */
export async function waitSaved(browser) {
  await browser.waitUntil(
    async () => (await browser.$('[data-testid="save-state"]').getAttribute("data-state")) === "saved",
    { timeout: 10000, timeoutMsg: "the editor did not report a save" },
  );
}

/** The rule ids of the findings the editor shows now, read in one step so a re-render cannot interleave. */
export async function ruleIds(browser) {
  return browser.execute(() => [...document.querySelectorAll("[data-rule]")].map((el) => el.getAttribute("data-rule")));
}

/**
 * From the overview, starts `year`'s campaign from scratch (nothing copied from an earlier
 * year) and waits for its planning page.
 */
export async function startNewYear(browser, year) {
  await browser.$('[data-testid="new-campaign"]').waitForDisplayed({ timeout: 30000 });
  await browser.$('[data-testid="new-campaign"]').click();
  await browser.$('[data-testid="create-campaign"]').waitForDisplayed({ timeout: 10000 });
  await pasteInto(browser, await browser.$('[data-testid="new-year"]'), String(year));
  await browser.execute(() => {
    const select = document.querySelector('[data-testid="new-copy-from"]');
    select.value = "";
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await browser.$('[data-testid="create-campaign"]').click();
  await browser.$('[data-testid="planning-heading"]').waitForDisplayed({ timeout: 10000 });
}

/** Sets the operator's name (who saves, submits or reviews) as a person would type it. */
export async function setOperator(browser, name) {
  const field = await browser.$('[data-testid="operator"]');
  await browser.execute(
    (el, value) => {
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    field,
    name,
  );
}

/** The report's state as the editor shows it. */
export async function editorStatus(browser) {
  return browser.$('[data-testid="editor-status"]').getText();
}

/** Waits until the editor shows the report in the `expected` state. */
export async function waitStatus(browser, expected) {
  await browser.waitUntil(async () => (await editorStatus(browser)) === expected, {
    timeout: 10000,
    timeoutMsg: `the status did not become ${expected}`,
  });
}
