// How the page reaches the core. In the window, Tauri carries each command. In the browser
// app (`shuzhi app`), the same commands go over HTTP to the program on this computer: this
// file puts an `invoke` where Tauri's would be, so the generated bindings and every view
// stay as they are. Files the core makes come back as downloads; a file the person
// chooses for a command (a backup to restore) is uploaded before the command runs, and
// the command names that upload, so two tabs never take each other's file.
//
// The program's token comes in the address it opened (#t=…). The page moves it into this
// tab's own storage, which belongs to this server's origin (its port included), takes it
// out of the address bar, and sends it in a header on every request. A cookie would not
// do: the browser sends cookies to every server on 127.0.0.1, whatever its port.

type Invoke = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;
type Download = { url: string; file_name: string };
type Answer = { ok?: unknown; error?: { kind: string; message: string }; downloads?: Download[] };

/** Whether the page runs in the browser app rather than in the window. */
export const inBrowserApp = typeof window !== "undefined" && !("__TAURI_INTERNALS__" in window);

/** Commands that first need a file the person chooses, and which files to offer. */
const CHOOSES_FILE: Record<string, string> = { choose_backup_file: ".db" };

const TOKEN_HEADER = "x-shuzhi-token";
const UPLOAD_HEADER = "x-shuzhi-upload";
const TOKEN_KEY = "shuzhi-token";

/** This start's token: from the opened address (then removed from it), else from this tab's storage. */
function takeToken(): string | null {
  if (typeof window === "undefined") return null;
  // The program gives it in the fragment (#t=…), which the browser never sends to a
  // server; an address typed from an older version's output has it in the query (?t=…).
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
  const params = new URLSearchParams(location.search);
  const fromAddress = fragment.get("t") ?? params.get("t");
  if (fromAddress) {
    params.delete("t");
    fragment.delete("t");
    const rest = params.toString();
    const hash = fragment.toString();
    history.replaceState(history.state, "", `${location.pathname}${rest ? `?${rest}` : ""}${hash ? `#${hash}` : ""}`);
    try {
      sessionStorage.setItem(TOKEN_KEY, fromAddress);
    } catch {
      // Storage refused (a private window's quota): the token lives as long as the page.
    }
    return fromAddress;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

const token = inBrowserApp ? takeToken() : null;

const lostConnection = {
  kind: "storage",
  message: "与述职评议助手的连接已中断（程序可能已退出）。请重新启动述职评议助手，再用它给出的地址打开。",
};

async function post(path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  // A small request (an autosave) is sent with keepalive, so that one made as the page
  // closes still arrives; the browser allows that only up to 64 KB.
  const keepalive = typeof body === "string" && body.length < 16_000;
  const withToken = token ? { ...headers, [TOKEN_HEADER]: token } : headers;
  try {
    return await fetch(path, { method: "POST", body, headers: withToken, credentials: "omit", keepalive });
  } catch {
    throw lostConnection;
  }
}

/** Lets the person choose a file; `null` when they cancel. Must start inside their click. */
function chooseFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = accept;
    input.addEventListener("change", () => resolve(input.files?.[0] ?? null));
    input.addEventListener("cancel", () => resolve(null));
    input.click();
  });
}

/** Starts a download; its one-time address is all it needs (a link carries no header). */
function download({ url, file_name }: Download) {
  const link = document.createElement("a");
  link.href = url;
  link.download = file_name;
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * A half of a surrogate pair with no other half (a broken paste, a script) cannot be sent
 * as JSON: the core would refuse the whole request and the words typed with it. It
 * becomes the replacement character, the rest of the text goes through.
 */
export function wellFormed<T>(value: T): T {
  if (typeof value === "string") {
    return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD") as T;
  }
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value !== null && typeof value === "object" && !(value instanceof Blob) && !(value instanceof ArrayBuffer) && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormed(v)])) as T;
  }
  return value;
}

const httpInvoke: Invoke = async (cmd, args = {}) => {
  const accept = CHOOSES_FILE[cmd];
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (accept !== undefined) {
    const file = await chooseFile(accept);
    if (!file) return null;
    const uploaded = await post("/upload", file, { "x-file-name": encodeURIComponent(file.name) });
    if (!uploaded.ok) throw { kind: "storage", message: `文件“${file.name}”没有传到程序中：${await uploaded.text()}` };
    // The command takes exactly this upload, whatever other tabs upload meanwhile.
    headers[UPLOAD_HEADER] = ((await uploaded.json()) as { upload: string }).upload;
  }
  const response = await post(`/api/${cmd}`, JSON.stringify(args), headers);
  if (response.status === 403 || response.status === 421 || response.status === 408 || response.status === 413) {
    throw { kind: "invalid_input", message: await response.text() };
  }
  let answer: Answer;
  try {
    answer = (await response.json()) as Answer;
  } catch {
    throw lostConnection;
  }
  (answer.downloads ?? []).forEach(download);
  // The bindings tell a core error from a fault by its not being an Error.
  if (answer.error) throw answer.error;
  return answer.ok ?? null;
};

/** Ends the browser app (its 退出). */
export async function quitBrowserApp(): Promise<void> {
  await post("/quit").catch(() => undefined);
}

if (inBrowserApp) {
  (window as unknown as { __TAURI_INTERNALS__: { invoke: Invoke } }).__TAURI_INTERNALS__ = { invoke: httpInvoke };
  // While a page is open the program keeps running; once every page is closed it ends
  // after a while by itself.
  const alive = () => void post("/alive").catch(() => undefined);
  window.setInterval(alive, 20_000);
}
