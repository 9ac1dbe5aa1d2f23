// Starts the real desktop binary under tauri-driver and opens a WebDriver session
// on it. webdriverio keeps its HTTP connection alive, which tauri-driver needs to
// stay reliable. Every run gets its own empty database, so the first start loads
// the bundled sample campaign exactly as a new user sees it.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "../..");
export const artifacts = join(here, "artifacts");
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

/** Starts tauri-driver and the app; returns the browser and a function that stops both. */
export async function startApp() {
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
  const dataDir = mkdtempSync(join(tmpdir(), "shuzhi-e2e-"));
  const driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port)], {
    env: { ...process.env, SHUZHI_DB: join(dataDir, "shuzhi.db") },
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
  const stop = async () => {
    try {
      await browser.deleteSession();
    } finally {
      const exited = new Promise((done) => driver.once("exit", done));
      driver.kill("SIGTERM");
      await exited;
    }
  };
  return { browser, stop, dataDir };
}
