// 述职评议会 for the organizer: the agenda (drag to reorder), the superior's 一述一评
// 点评, the panel and scoring rules, keyboard-first entry of paper ballots, closing
// the vote and the results. The core decides validity, grades and whether the vote
// may close; this screen shows what it says and collects the entries.
import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../../api";
import type { MeetingView } from "../../bindings";
import { operatorName, setOperatorName } from "../../operator";
import { hrefOf, type MeetingTab } from "../../route";
import { Failure, Loading, SampleBadge } from "../common";
import { AgendaTab } from "./agenda";
import { CommentsTab } from "./comments";
import { EntryTab } from "./entry";
import { PanelTab } from "./panel";
import { AssessmentTab } from "./assessment";
import { ResultsTab } from "./results";

const TABS: { tab: MeetingTab; label: string }[] = [
  { tab: "agenda", label: "议程" },
  { tab: "comments", label: "一述一评" },
  { tab: "panel", label: "评议人与计分规则" },
  { tab: "entry", label: "录入测评票" },
  { tab: "results", label: "测评结果" },
  { tab: "assessment", label: "年度考核" },
];

/** Keeps the last value on screen while a fresh one loads, so forms keep their focus. */
function useMeeting(campaignId: string) {
  const [view, setView] = useState<MeetingView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = async () => {
    try {
      setView(await api.meetingView(campaignId));
      setFailure(null);
    } catch (error) {
      setFailure(messageOf(error));
    }
  };
  useEffect(() => {
    void refresh();
  }, [campaignId]);
  return { view, failure, refresh };
}

export function MeetingScreen({ campaignId, tab }: { campaignId: string; tab: MeetingTab }) {
  const { view, failure, refresh } = useMeeting(campaignId);
  const [operator, setOperator] = useState(operatorName());
  if (failure && !view) return <Failure message={failure} />;
  if (!view) return <Loading />;
  const entered = view.ballots.length;
  return (
    <section class="meeting">
      <a class="back" href={hrefOf({ view: "dashboard", campaignId })}>
        ← 返回总览
      </a>
      <div class="page-head">
        <div>
          <h1>
            <span data-testid="meeting-heading">述职评议会</span>
            <SampleBadge campaignId={campaignId} />
          </h1>
          <p class="subtle">
            {view.title} ·{" "}
            {view.closure ? (
              <span class="ok-line" data-testid="vote-state">
                测评已结束并封存
              </span>
            ) : entered === 0 ? (
              <span data-testid="vote-state">测评尚未开始（还没有收回测评票）</span>
            ) : (
              <span data-testid="vote-state">测评进行中，已收回 {entered} 张票</span>
            )}
          </p>
        </div>
        <label class="picker">
          操作人
          <input
            value={operator}
            placeholder="姓名（记入操作日志）"
            onInput={(e) => {
              const value = (e.target as HTMLInputElement).value;
              setOperator(value);
              setOperatorName(value);
            }}
          />
        </label>
      </div>
      <nav class="tabs" role="tablist">
        {TABS.map((t) => (
          <a
            key={t.tab}
            role="tab"
            class={`tab${t.tab === tab ? " active" : ""}`}
            href={hrefOf({ view: "meeting", campaignId, tab: t.tab })}
            data-testid={`meeting-tab-${t.tab}`}
          >
            {t.label}
          </a>
        ))}
      </nav>
      {failure && <Failure message={failure} />}
      {tab === "agenda" && <AgendaTab view={view} refresh={refresh} />}
      {tab === "comments" && <CommentsTab view={view} refresh={refresh} />}
      {tab === "panel" && <PanelTab view={view} refresh={refresh} />}
      {tab === "entry" && <EntryTab view={view} refresh={refresh} />}
      {tab === "results" && <ResultsTab view={view} refresh={refresh} />}
      {tab === "assessment" && <AssessmentTab view={view} refresh={refresh} />}
    </section>
  );
}
