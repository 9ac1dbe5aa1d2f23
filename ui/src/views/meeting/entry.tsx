// Entering the ballots: paper ballots from the keyboard, double entry, the phone vote, closing.
import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../api";
import type {
  AgendaItem,
  Ballot,
  BallotInput,
  BallotReconciliation,
  CategoryBallots,
  Mark,
  PhoneVoteStatus,
} from "../../bindings";
import { labelOf } from "../../labels";
import { hrefOf } from "../../route";
import { savedAs } from "../common";
import { useOpensInView } from "../inview";
import { GRADES, useAction, type TabProps } from "./shared";

/** One cell of the entry grid: a secretary's overall mark or one dimension. */
type Cell = { person: number; dimension: number | null };

/** The keys in the order the help names them. */
const KEYS = ["1", "2", "3", "4", "0", "5"];

const KEY_MARKS: Record<string, Mark> = {
  "1": { kind: "grade", grade: "good" },
  "2": { kind: "grade", grade: "fairly_good" },
  "3": { kind: "grade", grade: "fair" },
  "4": { kind: "grade", grade: "poor" },
  "0": { kind: "blank" },
  "5": { kind: "multiple" },
};

function markLabel(mark: Mark | null | undefined): string {
  return mark ? labelOf("mark", mark) : "";
}

function ballotMarks(ballot: Ballot, agenda: AgendaItem[]): Mark[] {
  return agenda.map((a) => {
    const entry = ballot.entries.find((e) => e.secretary_id === a.secretary_id);
    if (!entry) return { kind: "blank" };
    if (entry.multiple_marks) return { kind: "multiple" };
    return entry.grade ? { kind: "grade", grade: entry.grade } : { kind: "blank" };
  });
}

export function EntryTab({ view, refresh }: TabProps) {
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
        if (second) return api.enterCheck(view.campaign_id, input);
        if (editing) return api.updateBallot(view.campaign_id, editing, input);
        return api.enterBallot(view.campaign_id, input);
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
          输入票号后按 Enter；再逐人按键：
          {KEYS.map((key, i) => (
            <Fragment key={key}>
              {i > 0 && " "}
              <kbd>{key}</kbd> {markLabel(KEY_MARKS[key])}
            </Fragment>
          ))}
          ，自动跳到下一人；<kbd>Backspace</kbd> 退回上一人；全部录完按 <kbd>Enter</kbd> 保存。
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
                      {labelOf("grade", g)}
                    </span>
                  ))}
                  <span class={`option muted${mark && mark.kind !== "grade" ? " chosen" : ""}`}>
                    {mark && mark.kind !== "grade" ? markLabel(mark) : `${markLabel({ kind: "blank" })}/${markLabel({ kind: "multiple" })}`}
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
                            void run(() => api.deleteBallot(view.campaign_id, b.id), () => `已删除票号 ${b.serial}。`)
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
  // The server listens on every network of this computer (the meeting's Wi-Fi), or on
  // this computer alone for a trial; the person only ever sees a port and a choice.
  const [port, setPort] = useState("8080");
  const [localOnly, setLocalOnly] = useState(false);
  const bind = `${localOnly ? "127.0.0.1" : "0.0.0.0"}:${port.trim()}`;
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
  const byPhone = view.categories.filter((c) => c.category.ballot_channel === "phone");
  return (
    <div class="phone-vote" data-testid="phone-vote">
      <h3>扫码测评（手机）</h3>
      {messages}
      <p class={byPhone.length ? "subtle" : "warning-text"} data-testid="phone-categories">
        {byPhone.length
          ? `用手机扫码的评议人：${byPhone.map((c) => `${c.category.name}（${c.category.planned_size} 人）`).join("、")}；其余类别用纸质测评表。`
          : "还没有哪一类评议人用手机扫码：请先在“评议人与计分规则”中把要用手机的类别的测评方式改为“手机扫码”。每位评议人只发一种票。"}
      </p>
      {status?.running ? (
        <>
          <p>
            已开启：<code data-testid="phone-url">{status.url}</code>，已提交 {status.turnout.used} / {status.turnout.issued}
          </p>
          <div class="actions">
            <button data-testid="open-projector" onClick={() => void openProjector(view.campaign_id)}>
              投屏（另开全屏窗口）
            </button>
            <a class="small-link" href={hrefOf({ view: "projector", campaignId: view.campaign_id })}>
              在本窗口显示投屏画面
            </a>
            <button
              data-testid="print-slips"
              onClick={() =>
                void run(
                  () => api.exportCodeSlips(view.campaign_id, status.url ?? ""),
                  (path) => savedAs("已生成测评码纸条", path),
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
          <p class="subtle">
            开启后，连在会场同一无线网络的手机扫描投屏上的二维码即可测评。若提示端口已被占用，换一个端口（如 8081）再开启。
          </p>
          <label>
            端口{" "}
            <input
              data-testid="phone-port"
              class="short"
              inputMode="numeric"
              value={port}
              onInput={(e) => setPort((e.target as HTMLInputElement).value)}
            />
          </label>
          <label class="check">
            <input
              type="checkbox"
              data-testid="phone-local-only"
              checked={localOnly}
              onChange={(e) => setLocalOnly((e.target as HTMLInputElement).checked)}
            />
            仅在本机试用（手机连不上）
          </label>
          <button
            data-testid="start-phone-vote"
            onClick={() =>
              void run(async () => setStatus(await api.startPhoneVote(view.campaign_id, bind)), () => "扫码测评已开启。")
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
          <button onClick={() => void run(() => api.settleCheck(view.campaign_id, serial, "first"))}>第一遍正确</button>
          <button onClick={() => void run(() => api.settleCheck(view.campaign_id, serial, "second"))}>第二遍正确</button>
        </div>
      ))}
    </div>
  );
}

/** Issued and returned ballots per rater category, as the close confirmation and the
 * results show them; a category that returned more than it may is marked. */
export function ReconciliationTable({ counted }: { counted: BallotReconciliation }) {
  const row = (r: CategoryBallots, total = false) => (
    <tr key={r.name} class={r.over_vote ? "over-vote" : total ? "total" : undefined}>
      <td>{r.name}</td>
      <td>{r.channel ? labelOf("ballot_channel", r.channel) : ""}</td>
      <td>{r.raters}</td>
      <td title="纸质票 + 手机票">
        <strong>{r.returned}</strong>（{r.paper_returned} + {r.phone_returned}）
      </td>
      <td>{r.valid ?? "不公开"}</td>
      <td>{r.invalid ?? "不公开"}</td>
      <td title="测评表 + 测评码">
        {r.sheets_issued} + {r.codes_issued}
      </td>
    </tr>
  );
  return (
    <div class="table-scroll">
      <table class="grid reconciliation" data-testid="reconciliation">
        <thead>
          <tr>
            <th>评议人类别</th>
            <th>方式</th>
            <th>应到</th>
            <th>收回（纸 + 手机）</th>
            <th>有效</th>
            <th>无效</th>
            <th>发出（表 + 码）</th>
          </tr>
        </thead>
        <tbody>
          {counted.categories.map((r) => row(r))}
          {row(counted.total, true)}
        </tbody>
      </table>
    </div>
  );
}

function CloseVote({ view, refresh }: TabProps) {
  const { run, messages } = useAction(refresh);
  const [asking, setAsking] = useState(false);
  const [counted, setCounted] = useState<BallotReconciliation | null>(null);
  const [reason, setReason] = useState("");
  // Opens in view at 1024×768, once: typing the reason does not move the page again.
  const shown = useOpensInView<HTMLDivElement>(asking, "start");
  const ask = async () => {
    try {
      setCounted(await api.ballotReconciliation(view.campaign_id));
    } catch {
      setCounted(null);
    }
    setAsking(true);
  };
  const overVotes = counted?.over_votes ?? [];
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
        <div class="warning-box" data-testid="close-vote-confirm" ref={shown}>
          结束测评后，已收回的 {counted?.total.returned ?? view.ballots.length} 张票（纸质{" "}
          {counted?.total.paper_returned ?? "—"} 张、手机 {counted?.total.phone_returned ?? "—"}{" "}
          张）和计分规则将封存，不能再改（确需更正须重新开启并写明原因）。
          {counted?.stops && (
            <div class="failure" role="alert" data-testid="close-stops">
              <strong>{counted.stops.text}</strong>
              <p>按本年度计分规则，结束后只封存测评票，不产生等次、名次和结果通知单。</p>
            </div>
          )}
          {overVotes.length > 0 && counted?.stops?.reason !== "over_collected" && (
            <div class="failure" role="alert" data-testid="over-vote">
              <strong>收回的票多于应有的</strong>
              <p>
                {overVotes.join("；")}。可能有测评表被复印或同一张票被重复录入（每类评议人只发一种票，纸质票和手机票不会出自同一人）。请先核对；
                确需按现有的票结束的，请写明原因，原因会记入操作日志并印在评议结果上。
              </p>
              <label class="field">
                按现有的票结束测评的原因
                <textarea
                  rows={2}
                  data-testid="over-vote-reason"
                  value={reason}
                  onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
                />
              </label>
            </div>
          )}
          确定结束？
          <div class="actions">
            <button
              class="primary"
              data-testid="confirm-close-vote"
              onClick={() => {
                setAsking(false);
                void run(
                  () =>
                    api.closeVote(
                      view.campaign_id,
                      overVotes.length > 0 && counted?.stops?.reason !== "over_collected" ? reason : null,
                    ),
                  () => "测评已结束并封存，可在“测评结果”中查看。",
                );
              }}
            >
              确定结束测评
            </button>
            <button onClick={() => setAsking(false)}>再等等</button>
          </div>
          {counted && <ReconciliationTable counted={counted} />}
        </div>
      ) : (
        <button class="danger" data-testid="close-vote" onClick={() => void ask()}>
          结束测评并计票
        </button>
      )}
    </div>
  );
}

/** Shows the projector in its own window (the main one keeps working); in the browser
 * app, in a new tab the person drags to the projector's screen. */
async function openProjector(campaignId: string) {
  const href = hrefOf({ view: "projector", campaignId });
  try {
    if (await api.openProjector(campaignId)) return;
  } catch {
    // No window of its own: a tab does the same.
  }
  window.open(href, "_blank");
}
