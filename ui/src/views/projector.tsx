// 投影视图 for 扫码测评: the join QR code and address, and how many of each category have
// voted — never any partial result. Refreshes every two seconds.
import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { PhoneVoteStatus } from "../bindings";
import { hrefOf } from "../route";
import { Failure, Loading } from "./common";

export function QrCode({ modules, size }: { modules: boolean[][]; size: number }) {
  const count = modules.length;
  return (
    <div
      class="qr"
      style={{ width: `${size}px`, height: `${size}px`, gridTemplateColumns: `repeat(${count + 8}, 1fr)` }}
      aria-label="二维码"
    >
      {Array.from({ length: count + 8 }).flatMap((_, r) =>
        Array.from({ length: count + 8 }).map((_, c) => {
          const dark = modules[r - 4]?.[c - 4] === true;
          return <span key={`${r}-${c}`} class={dark ? "dark" : ""} />;
        }),
      )}
    </div>
  );
}

export function ProjectorView({ campaignId }: { campaignId: string }) {
  const [status, setStatus] = useState<PhoneVoteStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api.phoneVoteStatus(campaignId).then(
        (s) => live && setStatus(s),
        (e) => live && setProblem(messageOf(e)),
      );
    void load();
    const timer = setInterval(load, 2000);
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") void closeProjector(campaignId);
    };
    addEventListener("keydown", onKey);
    return () => {
      live = false;
      clearInterval(timer);
      removeEventListener("keydown", onKey);
    };
  }, [campaignId]);
  if (problem) return <Failure message={problem} />;
  if (!status) return <Loading />;
  const t = status.turnout;
  return (
    <section class="projector" data-testid="projector">
      <button class="projector-close" data-testid="close-projector" onClick={() => void closeProjector(campaignId)}>
        关闭投屏（Esc）
      </button>
      <h1>扫码测评</h1>
      {t.closed ? (
        <p class="projector-closed">测评已结束，感谢各位评议人。</p>
      ) : status.running && status.url ? (
        <div class="projector-join">
          <QrCode modules={status.qr} size={360} />
          <div>
            <p>请连接会场无线网络，用手机扫描左侧二维码，或在浏览器中打开：</p>
            <p class="projector-url" data-testid="projector-url">
              {status.url}
            </p>
            <p>再输入纸条上的测评码。每个测评码只能提交一次，测评不记名。</p>
          </div>
        </div>
      ) : (
        <p class="projector-closed">扫码测评尚未开启。</p>
      )}
      <h2>
        已提交 <span data-testid="projector-used">{t.used}</span> / {t.issued}
      </h2>
      <ul class="turnout">
        {t.categories.map((c) => (
          <li key={c.name}>
            <span class="turnout-name">{c.name}</span>
            <span class="turnout-bar">
              <span style={{ width: `${c.issued ? (c.used * 100) / c.issued : 0}%` }} />
            </span>
            <span>
              {c.used} / {c.issued}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Closes the projector's own window or tab; shown in the main window, goes back to the meeting. */
async function closeProjector(campaignId: string) {
  const label = (window as { __TAURI_INTERNALS__?: { metadata?: { currentWindow?: { label?: string } } } })
    .__TAURI_INTERNALS__?.metadata?.currentWindow?.label;
  if (label === "projector" && (await api.closeProjector().catch(() => false))) return;
  if (window.opener) {
    window.close();
    return;
  }
  location.hash = hrefOf({ view: "meeting", campaignId, tab: "entry" });
}
