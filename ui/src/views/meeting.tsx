// 述职评议会 for the organizer: the agenda (drag to reorder), the superior's 一述一评
// 点评, the panel and scoring rules, keyboard-first entry of paper ballots, closing
// the vote and the results. The core decides validity, grades and whether the vote
// may close; this screen shows what it says and collects the entries.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type {
  AgendaItem,
  Ballot,
  BallotInput,
  CategoryInput,
  Grade,
  Mark,
  MeetingResults,
  MeetingView,
  PhoneVoteStatus,
  RulesPreset,
  ScoringRules,
  SecretaryResult,
} from "../bindings";
import { gradeLabel } from "../format";
import { operatorName, setOperatorName } from "../operator";
import { hrefOf, type MeetingTab } from "../route";
import { Failure, Loading, OpenExported } from "./common";

const TABS: { tab: MeetingTab; label: string }[] = [
  { tab: "agenda", label: "议程" },
  { tab: "comments", label: "一述一评" },
  { tab: "panel", label: "评议人与计分规则" },
  { tab: "entry", label: "录入测评票" },
  { tab: "results", label: "测评结果" },
];

const GRADES: Grade[] = ["good", "fairly_good", "fair", "poor"];

function actor(): string {
  return operatorName() || "组织方";
}

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
          <h1 data-testid="meeting-heading">述职评议会</h1>
          <p class="subtle">
            {view.title} ·{" "}
            {view.closure ? (
              <span class="ok-line" data-testid="vote-state">
                测评已结束并封存
              </span>
            ) : (
              <span data-testid="vote-state">测评进行中，已录入 {entered} 张票</span>
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
    </section>
  );
}

type TabProps = { view: MeetingView; refresh: () => Promise<void> };

/** Runs an action, then refreshes; returns the failure message, if any. */
function useAction(refresh: () => Promise<void>) {
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>, done?: (result: unknown) => string | null) => {
    setProblem(null);
    setNotice(null);
    try {
      const result = await action();
      setNotice(done ? done(result) : null);
      await refresh();
      return true;
    } catch (error) {
      setProblem(messageOf(error));
      return false;
    }
  };
  const messages = (
    <>
      <OpenExported message={notice} />
      {notice && (
        <p class="notice" data-testid="meeting-notice">
          {notice}
        </p>
      )}
      {problem && <Failure message={problem} />}
    </>
  );
  return { run, messages, setProblem, setNotice };
}

function AgendaTab({ view, refresh }: TabProps) {
  const { run, messages } = useAction(refresh);
  const [dragged, setDragged] = useState<number | null>(null);
  const ids = view.agenda.map((a) => a.secretary_id);
  const save = (order: string[]) => run(() => api.setAgenda(view.campaign_id, order, actor()));
  const move = (from: number, to: number) => {
    if (to < 0 || to >= ids.length || from === to) return;
    const order = [...ids];
    const [item] = order.splice(from, 1);
    order.splice(to, 0, item);
    void save(order);
  };
  const [minutes, setMinutes] = useState(String(view.speaking_minutes));
  const [dimensions, setDimensions] = useState(view.dimensions.join("、"));
  const [double, setDouble] = useState(view.double_entry);
  return (
    <div class="two-columns">
      <div class="section">
        <h2>述职顺序</h2>
        <p class="subtle">拖动一行或用 ↑↓ 调整顺序，改动立即保存。测评票按此顺序录入。</p>
        {messages}
        <ol class="agenda" data-testid="agenda">
          {view.agenda.map((item, index) => (
            <li
              key={item.secretary_id}
              draggable
              class={dragged === index ? "dragging" : ""}
              data-secretary-id={item.secretary_id}
              onDragStart={() => setDragged(index)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                if (dragged !== null) move(dragged, index);
                setDragged(null);
              }}
              onDragEnd={() => setDragged(null)}
            >
              <span class="handle" aria-hidden="true">
                ⋮⋮
              </span>
              <span class="agenda-index">{index + 1}</span>
              <span class="agenda-name">{item.label}</span>
              <span class="subtle">
                {item.unit}
                {item.title}
              </span>
              <span class="agenda-actions">
                <button aria-label={`上移 ${item.name}`} disabled={index === 0} onClick={() => move(index, index - 1)}>
                  ↑
                </button>
                <button
                  aria-label={`下移 ${item.name}`}
                  disabled={index === ids.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  ↓
                </button>
                <button onClick={() => void save(ids.filter((id) => id !== item.secretary_id))}>移出</button>
              </span>
            </li>
          ))}
        </ol>
        {view.off_agenda.length > 0 && (
          <div class="warning-box" data-testid="off-agenda">
            <strong>未列入议程（不述职、不参加测评）：</strong>
            {view.off_agenda.map((item) => (
              <span key={item.secretary_id} class="chip">
                {item.name}（{item.unit}）
                <button onClick={() => void save([...ids, item.secretary_id])}>加入</button>
              </span>
            ))}
          </div>
        )}
      </div>
      <div class="section">
        <h2>会议设置</h2>
        <label class="field">
          每人述职时间（分钟）
          <input type="number" min={1} max={60} value={minutes} onInput={(e) => setMinutes((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          分项评价（可选，用“、”分隔，如：党建工作全面性、重点工作针对性）
          <input value={dimensions} onInput={(e) => setDimensions((e.target as HTMLInputElement).value)} />
        </label>
        <label class="check">
          <input type="checkbox" checked={double} onChange={(e) => setDouble((e.target as HTMLInputElement).checked)} />
          纸质票双人录入（每张票录两遍，两遍一致才能结束测评）
        </label>
        <div class="actions">
          <button
            class="primary"
            onClick={() =>
              void run(
                () =>
                  api.saveMeetingSettings(
                    view.campaign_id,
                    {
                      speaking_minutes: Number(minutes) || 0,
                      dimensions: dimensions.split(/[、,，;；\n]/).map((d) => d.trim()).filter(Boolean),
                      double_entry: double,
                    },
                    actor(),
                  ),
                () => "会议设置已保存。",
              )
            }
          >
            保存设置
          </button>
          <a class="button" href={hrefOf({ view: "presenter", campaignId: view.campaign_id })} data-testid="open-presenter">
            打开主持视图（计时）
          </a>
        </div>
      </div>
    </div>
  );
}

function CommentsTab({ view, refresh }: TabProps) {
  const [chosen, setChosen] = useState(view.agenda[0]?.secretary_id ?? "");
  const person = view.agenda.find((a) => a.secretary_id === chosen);
  return (
    <div>
      <div class="two-columns wide-right">
        <ul class="picker-list" data-testid="comment-people">
          {view.agenda.map((a, i) => (
            <li key={a.secretary_id}>
              <button class={a.secretary_id === chosen ? "active" : ""} onClick={() => setChosen(a.secretary_id)}>
                {i + 1}. {a.label} {a.has_comment ? "✓" : ""}
              </button>
            </li>
          ))}
        </ul>
        {person ? <CommentForm key={person.secretary_id} view={view} person={person} refresh={refresh} /> : <p>议程为空。</p>}
      </div>
      <Suggestions view={view} refresh={refresh} />
    </div>
  );
}

function CommentForm({ view, person, refresh }: TabProps & { person: AgendaItem }) {
  const index = view.comments.findIndex((c) => c.secretary_id === person.secretary_id);
  const existing = index >= 0 ? view.comments[index] : null;
  const done = index >= 0 ? view.comment_points_done[index] : [];
  const [commenter, setCommenter] = useState(existing?.commenter ?? "");
  const [points, setPoints] = useState<string[]>(existing ? [...existing.shortcomings] : [""]);
  const [direction, setDirection] = useState(existing?.direction ?? "");
  const [responsibility, setResponsibility] = useState(existing?.responsibility ?? "");
  const { run, messages } = useAction(refresh);
  return (
    <div class="section" data-testid="comment-form">
      <h2>
        {person.label} · {person.unit}
        {person.title}
      </h2>
      <p class="subtle">一述一评：上级党组织书记现场点评——点不足、指方向、明责任。每条不足可一键转为问题，进入问题清单。</p>
      {messages}
      <label class="field">
        点评人
        <input value={commenter} placeholder="如：市卫健委党委书记 林振华" onInput={(e) => setCommenter((e.target as HTMLInputElement).value)} />
      </label>
      <div class="field">
        点不足（每条一项）
        {points.map((point, i) => (
          <div class="point-row" key={i}>
            <span class="agenda-index">{i + 1}</span>
            <input
              value={point}
              disabled={done[i] === true}
              data-testid={`comment-point-${i}`}
              onInput={(e) => setPoints(points.map((p, j) => (j === i ? (e.target as HTMLInputElement).value : p)))}
            />
            {existing && done[i] === true && <span class="tag ok">已转为问题</span>}
            {existing && done[i] === false && existing.shortcomings[i] === point && (
              <button
                data-testid={`point-to-problem-${i}`}
                onClick={() =>
                  void run(
                    () => api.commentPointToProblem(existing.id, i, "上级点评", actor()),
                    () => `已把“${point}”列入${person.name}的问题清单（来源：上级点评）。`,
                  )
                }
              >
                转为问题
              </button>
            )}
            {!done[i] && points.length > 1 && (
              <button aria-label="删除这一条" onClick={() => setPoints(points.filter((_, j) => j !== i))}>
                ×
              </button>
            )}
          </div>
        ))}
        <button onClick={() => setPoints([...points, ""])}>＋ 再加一条</button>
      </div>
      <label class="field">
        指方向
        <textarea rows={2} value={direction} onInput={(e) => setDirection((e.target as HTMLTextAreaElement).value)} />
      </label>
      <label class="field">
        明责任
        <textarea rows={2} value={responsibility} onInput={(e) => setResponsibility((e.target as HTMLTextAreaElement).value)} />
      </label>
      <button
        class="primary"
        data-testid="save-comment"
        onClick={() =>
          void run(
            () =>
              api.saveComment(
                person.secretary_id,
                { commenter, shortcomings: points, direction, responsibility },
                actor(),
              ),
            () => "点评已保存。",
          )
        }
      >
        保存点评
      </button>
    </div>
  );
}

function Suggestions({ view, refresh }: TabProps) {
  const { run, messages } = useAction(refresh);
  const [target, setTarget] = useState<Record<string, string>>({});
  const [texts, setTexts] = useState<Record<string, string>>({});
  if (view.suggestions.length === 0) return null;
  return (
    <div class="section">
      <h2>测评票上的意见建议</h2>
      <p class="subtle">选出针对某位书记的意见，转为其问题（来源：群众评议）。</p>
      {messages}
      <table class="grid">
        <thead>
          <tr>
            <th>票号</th>
            <th>类别</th>
            <th>意见建议</th>
            <th>转为哪位书记的问题</th>
          </tr>
        </thead>
        <tbody>
          {view.suggestions.map((s) => (
            <tr key={s.ballot_id}>
              <td>{s.serial}</td>
              <td>{s.category}</td>
              <td class="text-cell">{s.text}</td>
              <td>
                <select
                  value={target[s.ballot_id] ?? ""}
                  onChange={(e) => setTarget({ ...target, [s.ballot_id]: (e.target as HTMLSelectElement).value })}
                >
                  <option value="">选择书记</option>
                  {view.agenda.map((a) => (
                    <option key={a.secretary_id} value={a.secretary_id}>
                      {a.label}
                    </option>
                  ))}
                </select>
                <input
                  placeholder="问题表述（可摘录或概括）"
                  value={texts[s.ballot_id] ?? s.text}
                  onInput={(e) => setTexts({ ...texts, [s.ballot_id]: (e.target as HTMLInputElement).value })}
                />
                <button
                  disabled={!target[s.ballot_id]}
                  onClick={() =>
                    void run(
                      () => api.suggestionToProblem(s.ballot_id, target[s.ballot_id], texts[s.ballot_id] ?? s.text, actor()),
                      () => "已转为问题（来源：群众评议）。",
                    )
                  }
                >
                  转为问题
                </button>
                {s.problems > 0 && <span class="tag ok">已转 {s.problems} 条</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PanelTab({ view, refresh }: TabProps) {
  const { run, messages } = useAction(refresh);
  const [rows, setRows] = useState<CategoryInput[]>(() =>
    view.categories.map((c) => ({
      id: c.category.id,
      name: c.category.name,
      weight_percent: c.category.weight_percent,
      planned_size: c.category.planned_size,
    })),
  );
  const set = (i: number, change: Partial<CategoryInput>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const total = rows.reduce((sum, r) => sum + (Number(r.weight_percent) || 0), 0);
  const closed = view.closure !== null;
  return (
    <div>
      <div class="section">
        <h2>评议人类别</h2>
        {messages}
        <table class="grid" data-testid="panel">
          <thead>
            <tr>
              <th>类别</th>
              <th>权重（%）</th>
              <th>人数</th>
              <th>已印测评表</th>
              <th>已录入</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const known = view.categories.find((c) => c.category.id === r.id);
              return (
                <tr key={r.id ?? `new-${i}`}>
                  <td>
                    <input value={r.name} onInput={(e) => set(i, { name: (e.target as HTMLInputElement).value })} />
                  </td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      max={100}
                      value={r.weight_percent}
                      onInput={(e) => set(i, { weight_percent: Number((e.target as HTMLInputElement).value) || 0 })}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      value={r.planned_size}
                      onInput={(e) => set(i, { planned_size: Number((e.target as HTMLInputElement).value) || 0 })}
                    />
                  </td>
                  <td>{known?.sheets ?? 0}</td>
                  <td>{known?.ballots ?? 0}</td>
                  <td>
                    <button onClick={() => setRows(rows.filter((_, j) => j !== i))}>删除</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p class={total === 100 ? "subtle" : "warning-text"}>权重合计 {total}%{total === 100 ? "" : "（通常为 100%；计分时按实际合计折算）"}</p>
        <div class="actions">
          <button onClick={() => setRows([...rows, { id: null, name: "", weight_percent: 0, planned_size: 0 }])}>＋ 添加类别</button>
          <button class="primary" disabled={closed} onClick={() => void run(() => api.savePanel(view.campaign_id, rows, actor()), () => "评议人类别已保存。")}>
            保存评议人类别
          </button>
          <button
            data-testid="print-sheets"
            onClick={() =>
              void run(() => api.exportBallotSheets(view.campaign_id, actor()), (path) => `已生成测评表（每张一个票号）：${path}`)
            }
          >
            打印测评表（PDF）
          </button>
        </div>
      </div>
      <RulesEditor view={view} refresh={refresh} />
    </div>
  );
}

function RulesEditor({ view, refresh }: TabProps) {
  const { run, messages } = useAction(refresh);
  const [rules, setRules] = useState<ScoringRules>(view.rules);
  const [presets, setPresets] = useState<RulesPreset[]>([]);
  const [described, setDescribed] = useState<{ ok: boolean; text: string }>({ ok: true, text: "" });
  useEffect(() => {
    void api.rulesPresets().then(setPresets);
  }, []);
  useEffect(() => {
    api.describeRules(rules).then(
      (text) => setDescribed({ ok: true, text }),
      (error) => setDescribed({ ok: false, text: messageOf(error) }),
    );
  }, [rules]);
  const update = (change: Partial<ScoringRules>) => setRules({ ...rules, ...change });
  const num = (e: Event) => Number((e.target as HTMLInputElement).value) || 0;
  const gradeSelect = (value: Grade, onChange: (g: Grade) => void) => (
    <select value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as Grade)}>
      {GRADES.map((g) => (
        <option key={g} value={g}>
          {gradeLabel[g]}
        </option>
      ))}
    </select>
  );
  return (
    <div class="section" data-testid="rules-editor">
      <h2>计分规则（当前第 {view.rules_version} 版）</h2>
      {messages}
      <div class="actions">
        {presets.map((p) => (
          <button key={p.key} title={p.description} onClick={() => setRules(p.rules)} data-testid={`preset-${p.key}`}>
            套用：{p.name}
          </button>
        ))}
      </div>
      <div class="rules-grid">
        <label class="field">
          计分方法
          <select
            value={rules.method}
            onChange={(e) => update({ method: (e.target as HTMLSelectElement).value as ScoringRules["method"] })}
          >
            <option value="weighted_score">加权计分法（按分数段）</option>
            <option value="vote_share">票率法（按好票率等）</option>
          </select>
        </label>
        <div class="field">
          各等次分值
          <div class="inline-inputs">
            {GRADES.map((g) => (
              <label key={g}>
                {gradeLabel[g]}
                <input type="number" value={rules.points[g]} onInput={(e) => update({ points: { ...rules.points, [g]: num(e) } })} />
              </label>
            ))}
          </div>
        </div>
        {rules.method === "weighted_score" ? (
          <div class="field">
            分数段（从高到低，得分达到起点即得该等次，都达不到为差）
            {rules.bands.map((b, i) => (
              <div class="inline-inputs" key={i}>
                <input
                  type="number"
                  value={b.min_score}
                  onInput={(e) => update({ bands: rules.bands.map((x, j) => (j === i ? { ...x, min_score: num(e) } : x)) })}
                />
                分及以上为
                {gradeSelect(b.grade, (g) => update({ bands: rules.bands.map((x, j) => (j === i ? { ...x, grade: g } : x)) }))}
                <button onClick={() => update({ bands: rules.bands.filter((_, j) => j !== i) })}>删除</button>
              </div>
            ))}
            <button onClick={() => update({ bands: [...rules.bands, { min_score: 0, grade: "poor" }] })}>＋ 分数段</button>
          </div>
        ) : (
          <div class="field">
            票率段（从好到差，所选票种占有效票达到比例即得该等次）
            {rules.share_bands.map((b, i) => (
              <div class="inline-inputs" key={i}>
                {GRADES.map((g) => (
                  <label key={g} class="check">
                    <input
                      type="checkbox"
                      checked={b.counted.includes(g)}
                      onChange={(e) => {
                        const on = (e.target as HTMLInputElement).checked;
                        const counted = GRADES.filter((x) => (x === g ? on : b.counted.includes(x)));
                        update({ share_bands: rules.share_bands.map((x, j) => (j === i ? { ...x, counted } : x)) });
                      }}
                    />
                    {gradeLabel[g]}
                  </label>
                ))}
                票达到
                <input
                  type="number"
                  value={b.min_percent}
                  onInput={(e) =>
                    update({ share_bands: rules.share_bands.map((x, j) => (j === i ? { ...x, min_percent: num(e) } : x)) })
                  }
                />
                % 为
                {gradeSelect(b.grade, (g) =>
                  update({ share_bands: rules.share_bands.map((x, j) => (j === i ? { ...x, grade: g } : x)) }),
                )}
                <button onClick={() => update({ share_bands: rules.share_bands.filter((_, j) => j !== i) })}>删除</button>
              </div>
            ))}
            <button
              onClick={() =>
                update({ share_bands: [...rules.share_bands, { counted: ["good"], min_percent: 50, grade: "fair" }] })
              }
            >
              ＋ 票率段
            </button>
          </div>
        )}
        <div class="field">
          否决条件
          {rules.vetoes.map((v, i) => (
            <div class="inline-inputs" key={i}>
              {gradeSelect(v.grade, (g) => update({ vetoes: rules.vetoes.map((x, j) => (j === i ? { ...x, grade: g } : x)) }))}
              票达到有效票的
              <input
                type="number"
                value={v.numerator}
                onInput={(e) => update({ vetoes: rules.vetoes.map((x, j) => (j === i ? { ...x, numerator: num(e) } : x)) })}
              />
              /
              <input
                type="number"
                value={v.denominator}
                onInput={(e) => update({ vetoes: rules.vetoes.map((x, j) => (j === i ? { ...x, denominator: num(e) } : x)) })}
              />
              ，等次最高为
              {gradeSelect(v.result, (g) => update({ vetoes: rules.vetoes.map((x, j) => (j === i ? { ...x, result: g } : x)) }))}
              <button onClick={() => update({ vetoes: rules.vetoes.filter((_, j) => j !== i) })}>删除</button>
            </div>
          ))}
          <button
            onClick={() => update({ vetoes: [...rules.vetoes, { grade: "poor", numerator: 1, denominator: 3, result: "poor" }] })}
          >
            ＋ 否决条件
          </button>
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={rules.excellent_requires_good}
            onChange={(e) => update({ excellent_requires_good: (e.target as HTMLInputElement).checked })}
          />
          等次低于“好”的，年度考核不得确定为优秀
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={rules.invalid_if_all_same}
            onChange={(e) => update({ invalid_if_all_same: (e.target as HTMLInputElement).checked })}
          />
          对所有人评同一等次的票作废
        </label>
        <label class="field">
          某类评议人有效票少于此数时，不公开该类明细
          <input type="number" value={rules.anonymity_threshold} onInput={(e) => update({ anonymity_threshold: num(e) })} />
        </label>
      </div>
      <p class={described.ok ? "formula" : "warning-text"} data-testid="rules-description">
        {described.text}
      </p>
      <button
        class="primary"
        disabled={!described.ok || view.closure !== null}
        data-testid="save-rules"
        onClick={() =>
          void run(() => api.saveRules(view.campaign_id, rules, actor()), (version) => `已保存为计分规则第 ${version} 版。`)
        }
      >
        保存为新版本
      </button>
      {view.rules_versions.length > 1 && (
        <details>
          <summary>历次版本</summary>
          <ul>
            {view.rules_versions.map((v) => (
              <li key={v.version}>
                第 {v.version} 版 · {v.created_at.slice(0, 16).replace("T", " ")} · {v.actor}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** One cell of the entry grid: a secretary's overall mark or one dimension. */
type Cell = { person: number; dimension: number | null };

const KEY_MARKS: Record<string, Mark> = {
  "1": { kind: "grade", grade: "good" },
  "2": { kind: "grade", grade: "fairly_good" },
  "3": { kind: "grade", grade: "fair" },
  "4": { kind: "grade", grade: "poor" },
  "0": { kind: "blank" },
  "5": { kind: "multiple" },
};

function markLabel(mark: Mark | null | undefined): string {
  if (!mark) return "";
  if (mark.kind === "grade") return gradeLabel[mark.grade];
  return mark.kind === "blank" ? "空白" : "多选";
}

function ballotMarks(ballot: Ballot, agenda: AgendaItem[]): Mark[] {
  return agenda.map((a) => {
    const entry = ballot.entries.find((e) => e.secretary_id === a.secretary_id);
    if (!entry) return { kind: "blank" };
    if (entry.multiple_marks) return { kind: "multiple" };
    return entry.grade ? { kind: "grade", grade: entry.grade } : { kind: "blank" };
  });
}

function EntryTab({ view, refresh }: TabProps) {
  const { run, messages, setProblem, setNotice } = useAction(refresh);
  const dims = view.dimensions.length;
  const cells: Cell[] = view.agenda.flatMap((_, person) => [
    { person, dimension: null },
    ...view.dimensions.map((_, d) => ({ person, dimension: d })),
  ]);
  const empty = () => ({
    marks: view.agenda.map(() => null as Mark | null),
    dims: view.agenda.map(() => view.dimensions.map(() => null as Mark | null)),
  });
  // Keys may arrive faster than the screen redraws (a fast clerk, a scanner, a test
  // driver): the ballot being typed lives in refs that every key updates at once, and
  // the screen redraws from them.
  const [, redraw] = useState(0);
  const typed = useRef(empty());
  const cursorRef = useRef(0);
  const values = typed.current;
  const cursor = cursorRef.current;
  const setCursor = (next: number) => {
    cursorRef.current = Math.max(0, Math.min(next, cells.length - 1));
    redraw((n) => n + 1);
  };
  const [category, setCategory] = useState("");
  const [suggestions, setSuggestions] = useState("");
  const [second, setSecond] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  // A ballot the core refused, kept aside (never in the grid) so that its marks can only
  // be reused by an explicit choice: "another sheet with the same serial".
  const [refused, setRefused] = useState<BallotInput | null>(null);
  const serialInput = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const closed = view.closure !== null;
  const serialNow = () => serialInput.current?.value.trim() ?? "";

  const reset = () => {
    if (serialInput.current) serialInput.current.value = "";
    setCategory("");
    typed.current = empty();
    setSuggestions("");
    setEditing(null);
    setRefused(null);
    setCursor(0);
    serialInput.current?.focus();
  };
  // After a refusal the grid is emptied and the serial field takes the keys, selected, so
  // the next sheet's keys can never land on the refused ballot's marks.
  const clearAfterRefusal = () => {
    typed.current = empty();
    setCursor(0);
    serialInput.current?.focus();
    serialInput.current?.select();
  };
  const missingCount = () =>
    typed.current.marks.filter((m) => m === null).length + typed.current.dims.flat().filter((m) => m === null).length;

  const save = async () => {
    const missing = missingCount();
    if (missing > 0) {
      setProblem(`还有 ${missing} 项没有录入。纸质票上空着的，请按 0（空白）；多选的按 5。`);
      grid.current?.focus();
      return;
    }
    await submit({
      serial: serialNow(),
      category_id: category || null,
      marks: typed.current.marks as Mark[],
      dimension_marks: dims ? (typed.current.dims as Mark[][]) : [],
      suggestions,
      duplicate: false,
    });
  };

  const submit = async (input: BallotInput) => {
    const label = input.serial;
    setRefused(null);
    const ok = await run(
      async () => {
        if (second) return api.enterCheck(view.campaign_id, input, actor());
        if (editing) return api.updateBallot(view.campaign_id, editing, input, actor());
        return api.enterBallot(view.campaign_id, input, actor());
      },
      (result) => {
        if (second) {
          const differences = result as { field: string; first: string; second: string }[];
          return differences.length === 0
            ? `票号 ${label} 第二遍与第一遍一致。`
            : `票号 ${label} 两遍不一致：${differences.map((d) => `${d.field} 第一遍“${d.first}”、第二遍“${d.second}”`).join("；")}。请对照纸质票核对。`;
        }
        const warnings = (result as { warnings: string[] }).warnings;
        return `已${editing ? "更正" : "录入"}票号 ${label}。${warnings.join(" ")}`;
      },
    );
    if (ok) {
      reset();
      return;
    }
    if (editing) return;
    if (!second && !input.duplicate && view.ballots.some((b) => b.serial === label)) setRefused(input);
    clearAfterRefusal();
  };

  const onGridKey = (e: KeyboardEvent) => {
    const at = cursorRef.current;
    if (e.key in KEY_MARKS) {
      e.preventDefault();
      const cell = cells[at];
      if (!cell) return;
      const mark = KEY_MARKS[e.key];
      if (cell.dimension === null) {
        typed.current.marks[cell.person] = mark;
      } else {
        typed.current.dims[cell.person][cell.dimension] = mark;
      }
      setCursor(at + 1);
    } else if (e.key === "Backspace" || e.key === "ArrowUp") {
      e.preventDefault();
      setCursor(at - 1);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      setCursor(at + 1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      void save();
    }
  };

  const open = (ballot: Ballot) => {
    setEditing(ballot.id);
    setSecond(false);
    if (serialInput.current) serialInput.current.value = ballot.serial;
    setCategory(ballot.category_id);
    typed.current = {
      marks: ballotMarks(ballot, view.agenda),
      dims: view.agenda.map((a) => {
        const entry = ballot.entries.find((e) => e.secretary_id === a.secretary_id);
        return view.dimensions.map((_, d) => entry?.dimension_marks?.[d] ?? { kind: "blank" });
      }),
    };
    setSuggestions(ballot.suggestions);
    setCursor(0);
    setNotice(`正在更正票号 ${ballot.serial}，改完按 Enter 保存。`);
  };

  if (view.agenda.length === 0) return <p>议程为空：请先在“议程”中列入述职的书记。</p>;
  return (
    <div class="two-columns wide-left">
      <div
        class="section entry"
        data-testid="ballot-entry"
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            reset();
            setNotice("已清空，请重新录入这张票。");
          }
        }}
      >
        <h2>
          {editing ? "更正测评票" : second ? "第二遍录入（核对）" : "录入纸质测评票"}
          {closed && "（测评已结束，不能录入）"}
        </h2>
        <p class="subtle">
          输入票号后按 Enter；再逐人按键：<kbd>1</kbd> 好 <kbd>2</kbd> 较好 <kbd>3</kbd> 一般 <kbd>4</kbd> 差 <kbd>0</kbd> 空白{" "}
          <kbd>5</kbd> 多选，自动跳到下一人；<kbd>Backspace</kbd> 退回上一人；全部录完按 <kbd>Enter</kbd> 保存。
        </p>
        {view.double_entry && !editing && (
          <div class="actions">
            <label class="check">
              <input type="radio" checked={!second} onChange={() => setSecond(false)} /> 第一遍
            </label>
            <label class="check">
              <input type="radio" checked={second} onChange={() => setSecond(true)} data-testid="second-entry" /> 第二遍（另一人核对）
            </label>
          </div>
        )}
        {messages}
        {refused && (
          <div class="warning-box" data-testid="duplicate-choice">
            票号 {refused.serial} 已录入过，刚才这张票没有保存（评价：
            <span data-testid="refused-marks">{refused.marks.map(markLabel).join(" ")}</span>）。
            <button onClick={() => void submit({ ...refused, duplicate: true })} data-testid="enter-duplicate">
              作为重复票录入（确是另一张同号的纸质票：按上面的评价录入，计为无效）
            </button>
            <button
              onClick={() => {
                const ballot = view.ballots.find((b) => b.serial === refused.serial);
                if (ballot) open(ballot);
                setRefused(null);
              }}
            >
              打开已录入的票来更正
            </button>
          </div>
        )}
        <div class="entry-head">
          <label class="field">
            票号
            <input
              ref={serialInput}
              autoFocus
              disabled={closed}
              data-testid="ballot-serial"
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  grid.current?.focus();
                }
              }}
            />
          </label>
          <label class="field">
            评议人类别
            <select value={category} onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}>
              <option value="">按票号自动确定</option>
              {view.categories.map((c) => (
                <option key={c.category.id} value={c.category.id}>
                  {c.category.name}
                </option>
              ))}
            </select>
          </label>
          <button onClick={reset} data-testid="clear-ballot" title="清空票号和全部评价，重新录入这张票">
            清空重录（Esc）
          </button>
        </div>
        <div class="entry-grid" tabIndex={0} ref={grid} onKeyDown={onGridKey} data-testid="ballot-grid">
          {cells.map((cell, i) => {
            const person = view.agenda[cell.person];
            const mark = cell.dimension === null ? values.marks[cell.person] : values.dims[cell.person][cell.dimension];
            return (
              <div
                key={i}
                class={`entry-row${i === cursor ? " current" : ""}${cell.dimension !== null ? " dimension" : ""}`}
                onClick={() => {
                  setCursor(i);
                  grid.current?.focus();
                }}
              >
                <span class="agenda-index">{cell.dimension === null ? cell.person + 1 : ""}</span>
                <span class="entry-name">
                  {cell.dimension === null ? person.label : `　${view.dimensions[cell.dimension]}`}
                </span>
                <span class="entry-options">
                  {GRADES.map((g) => (
                    <span key={g} class={`option${mark?.kind === "grade" && mark.grade === g ? " chosen" : ""}`}>
                      {gradeLabel[g]}
                    </span>
                  ))}
                  <span class={`option muted${mark && mark.kind !== "grade" ? " chosen" : ""}`}>
                    {mark && mark.kind !== "grade" ? markLabel(mark) : "空白/多选"}
                  </span>
                </span>
              </div>
            );
          })}
        </div>
        <label class="field">
          意见建议（可选；Ctrl+Enter 保存）
          <textarea
            rows={2}
            value={suggestions}
            onInput={(e) => setSuggestions((e.target as HTMLTextAreaElement).value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && e.ctrlKey) {
                e.preventDefault();
                void save();
              }
            }}
          />
        </label>
        <div class="actions">
          <button class="primary" disabled={closed} onClick={() => void save()} data-testid="save-ballot">
            保存（Enter）
          </button>
          <button onClick={reset}>清空重录（Esc）</button>
        </div>
      </div>
      <div>
        <div class="section">
          <h2>已录入 {view.ballots.length} 张</h2>
          <ul class="counts">
            {view.categories.map((c) => (
              <li key={c.category.id}>
                {c.category.name}：{c.ballots} / {c.category.planned_size}
              </li>
            ))}
          </ul>
          <PhoneVote view={view} refresh={refresh} />
          {view.double_entry && <DoubleEntry view={view} refresh={refresh} />}
          <CloseVote view={view} refresh={refresh} />
          <table class="grid compact" data-testid="entered-ballots">
            <thead>
              <tr>
                <th>票号</th>
                <th>评价</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {[...view.ballots].reverse().map((b) => (
                <tr key={b.id} data-serial={b.serial}>
                  <td class="serial">{b.serial}</td>
                  <td class="marks" title={view.agenda.map((a, i) => `${a.label}：${markLabel(ballotMarks(b, view.agenda)[i])}`).join("\n")}>
                    {ballotMarks(b, view.agenda).map(markLabel).join(" ")}
                  </td>
                  <td>
                    {!closed && (
                      <>
                        <button onClick={() => open(b)}>更正</button>
                        <button
                          title="只在录错了票号或重复录入时删除"
                          onDblClick={() =>
                            void run(() => api.deleteBallot(view.campaign_id, b.id, actor()), () => `已删除票号 ${b.serial}。`)
                          }
                        >
                          双击删除
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}

function PhoneVote({ view, refresh }: TabProps) {
  const [status, setStatus] = useState<PhoneVoteStatus | null>(null);
  const [bind, setBind] = useState("0.0.0.0:8080");
  const { run, messages } = useAction(refresh);
  useEffect(() => {
    let live = true;
    const load = () => api.phoneVoteStatus(view.campaign_id).then((s) => live && setStatus(s), () => {});
    void load();
    const timer = setInterval(load, 3000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [view.campaign_id]);
  if (view.closure) return null;
  return (
    <div class="phone-vote" data-testid="phone-vote">
      <h3>扫码测评（手机）</h3>
      {messages}
      {status?.running ? (
        <>
          <p>
            已开启：<code data-testid="phone-url">{status.url}</code>，已提交 {status.turnout.used} / {status.turnout.issued}
          </p>
          <div class="actions">
            <a class="button" href={hrefOf({ view: "projector", campaignId: view.campaign_id })}>
              打开投影视图
            </a>
            <button
              onClick={() =>
                void run(
                  () => api.exportCodeSlips(view.campaign_id, status.url ?? "", actor()),
                  (path) => `已生成测评码纸条：${path}`,
                )
              }
            >
              打印测评码纸条（PDF）
            </button>
            <button onClick={() => void run(async () => setStatus(await api.stopPhoneVote(view.campaign_id)))}>停止</button>
          </div>
        </>
      ) : (
        <div class="inline-inputs">
          <input value={bind} onInput={(e) => setBind((e.target as HTMLInputElement).value)} title="监听地址" />
          <button
            data-testid="start-phone-vote"
            onClick={() =>
              void run(async () => setStatus(await api.startPhoneVote(view.campaign_id, bind, actor())), () => "扫码测评已开启。")
            }
          >
            开启扫码测评
          </button>
        </div>
      )}
    </div>
  );
}

function DoubleEntry({ view, refresh }: TabProps) {
  const { run, messages } = useAction(refresh);
  const serials = [...new Set(view.differences.map((d) => d.serial))];
  return (
    <div class="double-entry" data-testid="double-entry">
      <p>
        双人录入：未录第二遍 {view.unchecked.length} 张{view.unchecked.length > 0 && `（${view.unchecked.slice(0, 12).join("、")}）`}；
        两遍不一致 {serials.length} 张。
      </p>
      {messages}
      {serials.map((serial) => (
        <div class="warning-box" key={serial}>
          <strong>票号 {serial}</strong>
          <ul>
            {view.differences
              .filter((d) => d.serial === serial)
              .map((d, i) => (
                <li key={i}>
                  {d.field}：第一遍“{d.first}”，第二遍“{d.second}”
                </li>
              ))}
          </ul>
          对照纸质票：
          <button onClick={() => void run(() => api.settleCheck(view.campaign_id, serial, "first", actor()))}>第一遍正确</button>
          <button onClick={() => void run(() => api.settleCheck(view.campaign_id, serial, "second", actor()))}>第二遍正确</button>
        </div>
      ))}
    </div>
  );
}

function CloseVote({ view, refresh }: TabProps) {
  const { run, messages } = useAction(refresh);
  const [asking, setAsking] = useState(false);
  if (view.closure) {
    return (
      <p class="ok-line" data-testid="closed-fingerprint">
        测评已结束。测评票指纹：{view.closure.fingerprint.slice(0, 16)}…
      </p>
    );
  }
  return (
    <div>
      {messages}
      {asking ? (
        <div class="warning-box">
          结束测评后，已录入的 {view.ballots.length} 张票和计分规则将封存，不能再改（确需更正须重新开启并写明原因）。确定结束？
          <div class="actions">
            <button
              class="primary"
              data-testid="confirm-close-vote"
              onClick={() => {
                setAsking(false);
                void run(() => api.closeVote(view.campaign_id, actor()), () => "测评已结束并封存，可在“测评结果”中查看。");
              }}
            >
              确定结束测评
            </button>
            <button onClick={() => setAsking(false)}>再等等</button>
          </div>
        </div>
      ) : (
        <button class="danger" data-testid="close-vote" onClick={() => setAsking(true)}>
          结束测评并计票
        </button>
      )}
    </div>
  );
}

function ResultsTab({ view, refresh }: TabProps) {
  const [results, setResults] = useState<MeetingResults | null | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const { run, messages } = useAction(async () => {
    await refresh();
    setResults(await api.meetingResults(view.campaign_id));
  });
  useEffect(() => {
    api.meetingResults(view.campaign_id).then(setResults, (e) => setFailure(messageOf(e)));
  }, [view.campaign_id, view.closure?.fingerprint]);
  if (failure) return <Failure message={failure} />;
  if (results === undefined) return <Loading />;
  if (results === null) {
    return (
      <div class="section" data-testid="results-pending">
        <h2>测评尚未结束</h2>
        <p>为防止影响评议，结果只在“结束测评”封存测评票之后显示。已录入 {view.ballots.length} 张票。</p>
      </div>
    );
  }
  const outcome = results.outcome;
  return (
    <div>
      <div class="section">
        <div class="page-head">
          <div>
            <h2>评议结果</h2>
            <p class="formula">
              计分规则第 {results.rules_version} 版：{outcome.formula}
            </p>
            <p>
              共收回测评票 <strong>{outcome.ballots_total}</strong> 张，有效 <strong>{outcome.ballots_valid}</strong> 张，无效{" "}
              <strong data-testid="invalid-count">{outcome.invalid_ballots.length}</strong> 张。
            </p>
            <p class="fingerprint" data-testid="fingerprint">
              测评票指纹（SHA-256）：{outcome.fingerprint}
            </p>
          </div>
          <div class="actions vertical">
            <button
              class="primary"
              data-testid="export-summary"
              onClick={() =>
                void run(() => api.exportResultsPdf(view.campaign_id, true, null), (path) => `已导出 PDF：${path}`)
              }
            >
              导出评议结果汇总表（PDF）
            </button>
            <button
              data-testid="export-sheets"
              onClick={() =>
                void run(() => api.exportResultsPdf(view.campaign_id, false, null), (path) => `已导出 PDF：${path}`)
              }
            >
              导出每人结果通知单（PDF）
            </button>
            <button
              data-testid="export-results-xlsx"
              onClick={() => void run(() => api.exportResultsXlsx(view.campaign_id), (path) => `已导出 Excel：${path}`)}
            >
              导出结果表（Excel）
            </button>
            <button onClick={() => void run(() => api.exportRecount(view.campaign_id), (path) => `已导出复核文件到：${path}`)}>
              导出复核文件（规则 + 打乱顺序的测评票）
            </button>
          </div>
        </div>
        {messages}
        <table class="grid results" data-testid="results-table">
          <thead>
            <tr>
              <th>顺序</th>
              <th>姓名</th>
              <th>单位及职务</th>
              <th>好</th>
              <th>较好</th>
              <th>一般</th>
              <th>差</th>
              <th>无效</th>
              <th>得票分布</th>
              <th>得分</th>
              <th>等次</th>
              <th>名次</th>
              <th>年度考核</th>
            </tr>
          </thead>
          <tbody>
            {outcome.secretaries.map((r, i) => (
              <ResultRow
                key={i}
                index={i}
                person={results.people[i]}
                result={r}
                open={open === i}
                toggle={() => setOpen(open === i ? null : i)}
              />
            ))}
          </tbody>
        </table>
        <p class="legend">
          <span class="swatch good" /> 好 <span class="swatch fairly_good" /> 较好 <span class="swatch fair" /> 一般{" "}
          <span class="swatch poor" /> 差 · 点击一行查看分类明细和计算过程
        </p>
      </div>
      {outcome.invalid_ballots.length > 0 && (
        <div class="section">
          <h2>无效票</h2>
          <ul data-testid="invalid-ballots">
            {outcome.invalid_ballots.map((b, i) => (
              <li key={i}>
                票号 {b.serial}（{b.category}）：{b.reason_label}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="section">
        <h2>重新开启测评</h2>
        <p class="subtle">只在发现录入错误时使用。原因和原指纹记入操作日志，结束后会生成新的指纹。</p>
        <div class="inline-inputs">
          <input value={reason} placeholder="原因，如：3-002 号票录错" onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
          <button onClick={() => void run(() => api.reopenVote(view.campaign_id, reason, actor()), () => "测评已重新开启。")}>
            重新开启
          </button>
        </div>
      </div>
    </div>
  );
}

function ResultRow({
  index,
  person,
  result,
  open,
  toggle,
}: {
  index: number;
  person: AgendaItem;
  result: SecretaryResult;
  open: boolean;
  toggle: () => void;
}) {
  const counts = result.counts;
  return (
    <>
      <tr class="clickable" onClick={toggle} data-secretary-id={person.secretary_id}>
        <td>{index + 1}</td>
        <td>{result.label}</td>
        <td>
          {person.unit}
          {person.title}
        </td>
        <td>{counts.good}</td>
        <td>{counts.fairly_good}</td>
        <td>{counts.fair}</td>
        <td>{counts.poor}</td>
        <td>{result.invalid}</td>
        <td>
          <div class="bar" title={GRADES.map((g, i) => `${gradeLabel[g]} ${result.percents[i] ?? 0}%`).join("，")}>
            {GRADES.map((g, i) => {
              const share = result.percents[i] ?? 0;
              return share > 0 ? <span key={g} class={`segment ${g}`} style={{ width: `${share}%` }} /> : null;
            })}
          </div>
        </td>
        <td>{result.score === null ? "—" : result.score.toFixed(2)}</td>
        <td class="grade-cell" data-testid="result-grade">
          {result.grade ? gradeLabel[result.grade] : "未评定"}
        </td>
        <td>{result.rank ?? "—"}</td>
        <td class={result.excellent_allowed ? "" : "warning-text"}>{result.excellent_allowed ? "可评优秀" : "不得评为优秀"}</td>
      </tr>
      {open && (
        <tr class="details">
          <td colSpan={13}>
            <table class="grid compact">
              <thead>
                <tr>
                  <th>评议人类别</th>
                  <th>权重</th>
                  <th>有效票</th>
                  <th>好</th>
                  <th>较好</th>
                  <th>一般</th>
                  <th>差</th>
                  <th>平均分</th>
                </tr>
              </thead>
              <tbody>
                {result.by_category.map((c) => (
                  <tr key={c.name}>
                    <td>{c.name}</td>
                    <td>{c.weight_percent}%</td>
                    <td>{c.ballots}</td>
                    {c.counts ? (
                      <>
                        <td>{c.counts.good}</td>
                        <td>{c.counts.fairly_good}</td>
                        <td>{c.counts.fair}</td>
                        <td>{c.counts.poor}</td>
                        <td>{c.mean === null ? "—" : c.mean.toFixed(2)}</td>
                      </>
                    ) : (
                      <td colSpan={5} class="subtle">
                        人数少于保护线，明细不公开
                      </td>
                    )}
                  </tr>
                ))}
                {result.dimensions.map((d) => (
                  <tr key={d.name}>
                    <td>分项：{d.name}</td>
                    <td />
                    <td>{d.counts.good + d.counts.fairly_good + d.counts.fair + d.counts.poor}</td>
                    <td>{d.counts.good}</td>
                    <td>{d.counts.fairly_good}</td>
                    <td>{d.counts.fair}</td>
                    <td>{d.counts.poor}</td>
                    <td />
                  </tr>
                ))}
              </tbody>
            </table>
            <ol class="calculation">
              {result.calculation.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ol>
          </td>
        </tr>
      )}
    </>
  );
}
