// 主持视图: for the screen the chair and the speaker see. The current secretary in
// large type, a countdown of the speaking time (red in the last minute, then counting
// the overrun), and who speaks next. Space starts or pauses, → and ← move on and back.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { useLoad } from "../load";
import { hrefOf } from "../route";
import { Failure, Loading } from "./common";

function clock(seconds: number): string {
  const s = Math.abs(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function PresenterView({ campaignId }: { campaignId: string }) {
  const meeting = useLoad(() => api.meetingView(campaignId), [campaignId]);
  const [index, setIndex] = useState(0);
  const [left, setLeft] = useState<number | null>(null);
  const [running, setRunning] = useState(false);
  const minutes = meeting.state === "ready" ? meeting.value.speaking_minutes : 5;
  // Those reporting in writing do not speak at the meeting.
  const speakers = meeting.state === "ready" ? meeting.value.agenda.filter((a) => !a.written) : [];
  const count = speakers.length;
  const seconds = left ?? minutes * 60;

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setLeft((l) => (l ?? minutes * 60) - 1), 1000);
    return () => clearInterval(timer);
  }, [running, minutes]);

  const go = (to: number) => {
    if (to < 0 || to >= count) return;
    setIndex(to);
    setLeft(null);
    setRunning(false);
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === " ") {
        e.preventDefault();
        setRunning((r) => !r);
      } else if (e.key === "ArrowRight") {
        go(index + 1);
      } else if (e.key === "ArrowLeft") {
        go(index - 1);
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [index, count]);

  if (meeting.state === "loading") return <Loading />;
  if (meeting.state === "failed") return <Failure message={meeting.message} />;
  const current = speakers[index];
  if (!current) return <p>没有现场述职的书记。</p>;
  const next = speakers[index + 1];
  const tone = seconds < 0 ? "over" : seconds <= 60 ? "last-minute" : "";
  return (
    <section class="presenter" data-testid="presenter">
      <a class="back" href={hrefOf({ view: "meeting", campaignId, tab: "agenda" })}>
        ← 返回议程
      </a>
      <p class="presenter-step">
        第 {index + 1} 位 / 共 {count} 位 · 每人 {minutes} 分钟
      </p>
      <h1 class="presenter-name" data-testid="presenter-name">
        {current.name}
      </h1>
      <p class="presenter-post">
        {current.unit}
        {current.title}
      </p>
      <p class={`presenter-clock ${tone}`} data-testid="presenter-clock">
        {seconds < 0 ? `超时 ${clock(seconds)}` : clock(seconds)}
      </p>
      <div class="actions presenter-actions">
        <button onClick={() => go(index - 1)} disabled={index === 0}>
          ← 上一位
        </button>
        <button class="primary" onClick={() => setRunning(!running)} data-testid="presenter-start">
          {running ? "暂停（空格）" : "开始计时（空格）"}
        </button>
        <button onClick={() => setLeft(null)}>重新计时</button>
        <button onClick={() => go(index + 1)} disabled={!next}>
          下一位 →
        </button>
      </div>
      {next && (
        <p class="presenter-next">
          下一位：{next.name}（{next.unit}）
        </p>
      )}
    </section>
  );
}
