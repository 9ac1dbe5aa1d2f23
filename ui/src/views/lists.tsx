// 问题清单、责任清单、整改清单 for the campaign or one secretary: the tables, the review
// of the measures, tracking (状态、督查、销号) and the PDF. The core decides what is
// overdue, complete or acceptable; this screen shows it and collects the entries.
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type {
  Finding,
  InspectionKind,
  ListKind,
  Lists,
  ProblemRow,
  RectificationRow,
  RectificationStatus,
  RepeatedProblem,
} from "../bindings";
import { chineseDate, percentText } from "../format";
import { choicesOf, labelOf } from "../labels";
import { useLoadKeeping } from "../load";
import { onSecretaryComputer } from "../workstation";
import { operatorName } from "../operator";
import { hrefOf } from "../route";
import { DateInput, FileChooser, Failure, Loading, OpenExported, SampleBadge, savedAs } from "./common";
import { readAsBase64 } from "../files";
import { useOpensInView } from "./inview";
import { RepeatList } from "./repeats";

export function ListsView({ campaignId, secretaryId }: { campaignId: string; secretaryId: string | null }) {
  const [version, setVersion] = useState(0);
  // The tables stay on screen while they reload after a change, so the page keeps its place.
  const lists = useLoadKeeping(() => api.buildLists(campaignId, secretaryId), [campaignId, secretaryId, version]);
  // The problems named again (反复出现), flagged in the 问题清单 with the earlier wording.
  const repeats = useLoadKeeping(() => api.repeatedProblems(campaignId), [campaignId, version]);
  const [tab, setTab] = useState<ListKind>("rectifications");
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const run = async (action: () => Promise<unknown>, done?: string) => {
    setProblem(null);
    try {
      const result = await action();
      setNotice(done ?? (typeof result === "string" ? result : null));
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  if (lists.state === "loading") return <Loading />;
  if (lists.state === "failed") return <Failure message={lists.message} />;
  const value = lists.value;
  const scope = secretaryId ? value.problems[0]?.secretary_name ?? "" : "全年度";
  return (
    <section class="lists">
      <a class="back" href={secretaryId ? hrefOf({ view: "secretary", secretaryId }) : hrefOf({ view: "dashboard", campaignId })}>
        ← 返回
      </a>
      <div class="page-head">
        <div>
          <h1>
            <span data-testid="lists-heading">问题、责任、整改清单 · {scope}</span>
            <SampleBadge campaignId={campaignId} />
          </h1>
          <p class="subtle">
            {value.campaign_title} · 整改完成率 <span data-testid="completion">{percentText(value.completion_percent)}</span>
          </p>
        </div>
        <div class="actions">
          <button
            data-testid="review-measures"
            onClick={() =>
              void api.reviewMeasures(campaignId, secretaryId).then(setFindings, (e) => setProblem(messageOf(e)))
            }
          >
            审查整改措施
          </button>
          <button
            class="primary"
            data-testid="export-lists"
            onClick={() =>
              void run(async () => savedAs("已导出 PDF", await api.exportListsPdf(campaignId, secretaryId, choicesOf("list_kind").map((t) => t.value))))
            }
          >
            导出 PDF
          </button>
          <button
            data-testid="export-lists-xlsx"
            onClick={() => void run(async () => savedAs("已导出 Excel", await api.exportListsXlsx(campaignId, secretaryId)))}
          >
            导出 Excel
          </button>
        </div>
      </div>
      <ListSignOffBar lists={value} campaignId={campaignId} secretaryId={secretaryId} run={run} />
      <div class="notice-bar">
        {notice && (
          <div class="notice notice-row">
            <span data-testid="notice">{notice}</span>
            <button class="link dismiss" aria-label="关闭提示" onClick={() => setNotice(null)}>
              ×
            </button>
          </div>
        )}
        <OpenExported message={notice} />
        {problem && <Failure message={problem} />}
      </div>
      {findings && (
        <div class="section" data-testid="review-findings">
          <h3>整改措施审查</h3>
          {findings.length === 0 ? (
            <p class="ok-line">未发现问题：每个问题都有措施，措施都有责任人、时限和目标。</p>
          ) : (
            <ul class="findings">
              {findings.map((f, i) => (
                <li key={i} class={f.severity} data-rule={f.rule}>
                  <span class="subtle">{f.section}</span>
                  <div>{f.message}</div>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="tabs">
        {choicesOf("list_kind").map((t) => (
          <button key={t.value} class={tab === t.value ? "tab active" : "tab"} onClick={() => setTab(t.value)} data-testid={`tab-${t.value}`}>
            {t.label}
          </button>
        ))}
      </div>
      <div class="table-wrap">
        {tab === "problems" && (
          <ProblemsTable
            lists={value}
            run={run}
            repeats={repeats.state === "ready" ? repeats.value : []}
            onRepeatDecided={() => setVersion((v) => v + 1)}
          />
        )}
        {tab === "responsibilities" && <ResponsibilitiesTable lists={value} />}
        {tab === "rectifications" && <RectificationsTable lists={value} run={run} />}
      </div>
    </section>
  );
}

function ProblemsTable({
  lists,
  run,
  repeats,
  onRepeatDecided,
}: {
  lists: Lists;
  run: Run;
  repeats: RepeatedProblem[];
  onRepeatDecided: () => void;
}) {
  const [open, setOpen] = useState<{ id: string; form: "edit" | "measure" | "merge" | "repeat" } | null>(null);
  return (
    <table class="grid">
      <thead>
        <tr>
          <th class="num">序号</th>
          <th class="col-unit">单位及党组织</th>
          <th class="col-text">问题描述</th>
          <th>原因分析</th>
          <th>来源</th>
          <th>类别</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {lists.problems.map((p, i) => {
          const siblings = lists.problems.filter((q) => q.secretary_id === p.secretary_id);
          const place = siblings.findIndex((q) => q.problem_id === p.problem_id);
          const measures = lists.rectifications.filter((r) => r.problem_id === p.problem_id).length;
          const repeated = repeats.find((r) => r.problem_id === p.problem_id && r.stands);
          return (
            <Fragment key={p.problem_id}>
              <tr data-problem-id={p.problem_id}>
                <td class="num">{i + 1}</td>
                <td class="col-unit">
                  <Place unit={p.unit} organization={p.organization} />
                </td>
                <td class="col-text">
                  {p.description}
                  {measures === 0 && <span class="badge tone-warn">无措施</span>}
                  {p.carried && (
                    <span class="badge" data-testid="carried-badge" title="“沿用上一年度”时从上年清单转入，仍未完成（不算反复出现）">
                      上年转入
                    </span>
                  )}
                  {repeated && (
                    <button
                      class="badge tone-warn repeat-badge"
                      data-testid="repeat-badge"
                      title={
                        (repeated.earlier.some((e) => e.decision === "confirmed") ? "组织方已确认。" : "文字相近，待组织方确认。") +
                        "\n" +
                        repeated.earlier.map((e) => `${e.year} 年：${e.description}`).join("\n")
                      }
                      onClick={() => setOpen(open?.id === p.problem_id && open.form === "repeat" ? null : { id: p.problem_id, form: "repeat" })}
                    >
                      {repeated.earlier.some((e) => e.decision === "confirmed") ? "反复出现" : "反复出现？"}
                    </button>
                  )}
                </td>
                <td>{p.cause}</td>
                <td class="nowrap">{labelOf("problem_source", p.source)}</td>
                <td class="nowrap">{p.category}</td>
                <td class="row-actions">
                  <button
                    class="link"
                    aria-label="上移"
                    disabled={place === 0}
                    onClick={() => void run(() => api.moveProblem(p.problem_id, true))}
                  >
                    ↑
                  </button>
                  <button
                    class="link"
                    aria-label="下移"
                    disabled={place === siblings.length - 1}
                    onClick={() => void run(() => api.moveProblem(p.problem_id, false))}
                  >
                    ↓
                  </button>
                  <button class="link" onClick={() => setOpen({ id: p.problem_id, form: "edit" })}>
                    修改
                  </button>
                  <button class="link" data-testid="open-add-measure" onClick={() => setOpen({ id: p.problem_id, form: "measure" })}>
                    添加措施
                  </button>
                  {siblings.length > 1 && (
                    <button class="link" onClick={() => setOpen({ id: p.problem_id, form: "merge" })}>
                      合并重复
                    </button>
                  )}
                </td>
              </tr>
              {open?.id === p.problem_id && (
                <tr>
                  <td colSpan={7}>
                    {open.form === "edit" && <ProblemForm row={p} run={run} close={() => setOpen(null)} />}
                    {open.form === "measure" && <MeasureForm row={p} run={run} close={() => setOpen(null)} />}
                    {open.form === "repeat" && repeated && (
                      <RepeatList repeats={[repeated]} onChanged={onRepeatDecided} />
                    )}
                    {open.form === "merge" && (
                      <MergeForm row={p} siblings={siblings} run={run} close={() => setOpen(null)} />
                    )}
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

function ProblemForm({ row, run, close }: { row: ProblemRow; run: Run; close: () => void }) {
  const [description, setDescription] = useState(row.description);
  const [cause, setCause] = useState(row.cause);
  const [category, setCategory] = useState(row.category);
  const shown = useOpensInView<HTMLDivElement>();
  return (
    <div class="inline-form" ref={shown}>
      <input class="wide" value={description} onInput={(e) => setDescription((e.target as HTMLInputElement).value)} />
      <input class="wide" placeholder="原因分析" value={cause} onInput={(e) => setCause((e.target as HTMLInputElement).value)} />
      <input placeholder="类别" value={category} onInput={(e) => setCategory((e.target as HTMLInputElement).value)} />
      <button
        class="primary"
        onClick={() =>
          void run(async () => {
            await api.updateProblem(row.problem_id, { description, cause, category });
            close();
          }, "问题已修改。")
        }
      >
        保存
      </button>
      <button onClick={close}>取消</button>
    </div>
  );
}

function MeasureForm({ row, run, close }: { row: ProblemRow; run: Run; close: () => void }) {
  const [measure, setMeasure] = useState("");
  const [target, setTarget] = useState("");
  const [owner, setOwner] = useState(row.secretary_name);
  const [due, setDue] = useState("");
  const shown = useOpensInView<HTMLDivElement>();
  return (
    <div class="inline-form" data-testid="measure-form" ref={shown}>
      <strong>整改措施：{row.description}</strong>
      <input class="wide" data-testid="measure-text" placeholder="具体做什么" value={measure} onInput={(e) => setMeasure((e.target as HTMLInputElement).value)} />
      <input data-testid="measure-target" placeholder="可衡量的目标" value={target} onInput={(e) => setTarget((e.target as HTMLInputElement).value)} />
      <input data-testid="measure-owner" placeholder="责任人" value={owner} onInput={(e) => setOwner((e.target as HTMLInputElement).value)} />
      <DateInput testid="measure-due" value={due} onChange={setDue} placeholder="完成时限，如 2024-06-30" />
      <button
        class="primary"
        data-testid="save-measure"
        onClick={() =>
          void run(async () => {
            await api.addMeasure(row.problem_id, { measure, target, owner, due });
            close();
          }, "已添加整改措施。")
        }
      >
        保存
      </button>
      <button onClick={close}>取消</button>
    </div>
  );
}

function MergeForm({ row, siblings, run, close }: { row: ProblemRow; siblings: ProblemRow[]; run: Run; close: () => void }) {
  const others = siblings.filter((s) => s.problem_id !== row.problem_id);
  const [keep, setKeep] = useState(others[0]?.problem_id ?? "");
  const shown = useOpensInView<HTMLDivElement>();
  return (
    <div class="inline-form" ref={shown}>
      <strong>把“{row.description}”并入：</strong>
      <select value={keep} onChange={(e) => setKeep((e.target as HTMLSelectElement).value)}>
        {others.map((o) => (
          <option key={o.problem_id} value={o.problem_id}>
            {o.description.slice(0, 40)}
          </option>
        ))}
      </select>
      <span class="subtle">措施、责任人和佐证随之并入，本条删除。</span>
      <button
        class="primary"
        onClick={() =>
          void run(async () => {
            await api.mergeProblems(keep, row.problem_id);
            close();
          }, "已合并重复的问题。")
        }
      >
        合并
      </button>
      <button onClick={close}>取消</button>
    </div>
  );
}

function ResponsibilitiesTable({ lists }: { lists: Lists }) {
  return (
    <table class="grid">
      <thead>
        <tr>
          <th class="num">序号</th>
          <th class="col-text">问题</th>
          <th>责任人</th>
          <th>责任领导</th>
          <th>责任部门</th>
        </tr>
      </thead>
      <tbody>
        {lists.responsibilities.map((r, i) => (
          <tr key={i}>
            <td class="num">{i + 1}</td>
            <td class="col-text">{r.problem}</td>
            <td>{r.owner}</td>
            <td>{r.leader}</td>
            <td>{r.department}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Run = (action: () => Promise<unknown>, done?: string) => Promise<void>;

/** The unit, and under it the 党组织: one unit (a hospital) has several secretaries. */
function Place({ unit, organization }: { unit: string; organization: string }) {
  return (
    <>
      {unit}
      {organization && <div class="subtle organization-line">{organization}</div>}
    </>
  );
}

function RectificationsTable({ lists, run }: { lists: Lists; run: Run }) {
  const [open, setOpen] = useState<{ id: string; form: "sign" | "inspect" | "progress" } | null>(null);
  return (
    <table class="grid measures">
      <thead>
        <tr>
          <th class="num">序号</th>
          <th class="col-unit">单位及党组织</th>
          <th class="col-text">问题</th>
          <th class="col-text">整改措施</th>
          <th>整改目标</th>
          <th>责任人</th>
          <th>完成时限</th>
          <th>整改状态</th>
          <th>销号</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {lists.rectifications.map((r, i) => (
          <Fragment key={r.rectification_id}>
            <tr data-rectification-id={r.rectification_id}>
              <td class="num">{i + 1}</td>
              <td class="col-unit">
                <Place unit={r.unit} organization={r.organization} />
              </td>
              <td class="col-text">{r.problem}</td>
              <td class="col-text">
                {r.measure}
                {r.progress.length > 0 && (
                  <div class="subtle progress-line">
                    进展（{r.progress.length}）：{r.progress[r.progress.length - 1].date} {r.progress[r.progress.length - 1].note}
                    （佐证：{r.progress[r.progress.length - 1].evidence}）
                  </div>
                )}
              </td>
              <td>{r.target}</td>
              <td class="col-owner">{r.owner}</td>
              <td class="min-w">
                {chineseDate(r.due)}
                {r.overdue && <span class="badge tone-warn">逾期</span>}
              </td>
              <td>
                <StatusCell row={r} run={run} />
              </td>
              <td class="min-w">
                {r.signed_off_on ? `${chineseDate(r.signed_off_on)} · ${r.verifier}` : <span class="subtle">未销号</span>}
              </td>
              <td class="row-actions">
                {r.status !== "done" && !onSecretaryComputer() && (
                  <button class="link" data-testid="open-sign-off" onClick={() => setOpen({ id: r.rectification_id, form: "sign" })}>
                    销号
                  </button>
                )}
                {r.status !== "done" && (
                  <button class="link" data-testid="open-progress" onClick={() => setOpen({ id: r.rectification_id, form: "progress" })}>
                    进展
                  </button>
                )}
                {!onSecretaryComputer() && (
                  <button class="link" data-testid="open-inspection" onClick={() => setOpen({ id: r.rectification_id, form: "inspect" })}>
                    督查{r.inspections > 0 ? `（${r.inspections}）` : ""}
                  </button>
                )}
              </td>
            </tr>
            {open?.id === r.rectification_id && (
              <tr>
                <td colSpan={10}>
                  {open.form === "sign" && <SignOffForm row={r} run={run} close={() => setOpen(null)} />}
                  {open.form === "inspect" && <InspectionForm row={r} run={run} close={() => setOpen(null)} />}
                  {open.form === "progress" && <ProgressForm row={r} run={run} close={() => setOpen(null)} />}
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

function StatusCell({ row, run }: { row: RectificationRow; run: Run }) {
  const undo = row.undo && (row.status !== "done" || !onSecretaryComputer()) && (
    <button
      class="link undo"
      data-testid="undo-status"
      title={`撤销上次修改：${row.undo}`}
      onClick={() => void run(() => api.undoStatusChange(row.rectification_id))}
    >
      撤销
    </button>
  );
  if (row.status === "done") {
    return (
      <>
        <span class="badge tone-ok">{labelOf("rectification_status", "done")}</span>
        {undo}
      </>
    );
  }
  return (
    <>
    <select
      value={row.status}
      onChange={(e) =>
        void run(
          () =>
            api.setRectificationStatus(
              row.rectification_id,
              (e.target as HTMLSelectElement).value as RectificationStatus,
            ),
          "整改状态已更新。",
        )
      }
    >
      {/* 已完成 is reached through 销号, never chosen here. */}
      {choicesOf("rectification_status")
        .filter((s) => s.value !== "done")
        .map((s) => (
          <option value={s.value} key={s.value}>
            {s.label}
          </option>
        ))}
    </select>
    {undo}
    </>
  );
}

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function SignOffForm({ row, run, close }: { row: RectificationRow; run: Run; close: () => void }) {
  const [date, setDate] = useState(today());
  const [verifier, setVerifier] = useState(operatorName());
  const [evidence, setEvidence] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const shown = useOpensInView<HTMLDivElement>();
  return (
    <div class="inline-form" data-testid="sign-off-form" ref={shown}>
      <strong>销号：{row.measure}</strong>
      <label>
        销号日期 <DateInput testid="sign-off-date" value={date} onChange={setDate} />
      </label>
      <label>
        核验人 <input data-testid="sign-off-verifier" value={verifier} onInput={(e) => setVerifier((e.target as HTMLInputElement).value)} />
      </label>
      <label class="wide">
        佐证（核验时看到的材料）
        <input data-testid="sign-off-evidence" value={evidence} onInput={(e) => setEvidence((e.target as HTMLInputElement).value)} />
      </label>
      <FileChooser
        accept="image/*,.pdf,.ofd,.doc,.docx,.xls,.xlsx,.wps,.et"
        testid="sign-off-file"
        label="附上佐证文件（可选）……"
        onFile={setFile}
      />
      <button
        class="primary"
        data-testid="confirm-sign-off"
        onClick={() =>
          void run(async () => {
            if (file) {
              const content = await readAsBase64(file, "evidence");
              await api.signOffWithFile(row.rectification_id, date, verifier, evidence, file.name, content);
            } else {
              await api.signOffRectification(row.rectification_id, date, verifier, evidence);
            }
            close();
          }, file ? "已销号，佐证文件已存入该书记报告的佐证材料。" : "已销号。")
        }
      >
        确认销号
      </button>
      <button onClick={close}>取消</button>
    </div>
  );
}

function ProgressForm({ row, run, close }: { row: RectificationRow; run: Run; close: () => void }) {
  const [date, setDate] = useState(today());
  const [note, setNote] = useState("");
  const [evidence, setEvidence] = useState("");
  const shown = useOpensInView<HTMLDivElement>();
  return (
    <div class="inline-form" data-testid="progress-form" ref={shown}>
      <strong>整改进展：{row.measure}</strong>
      <DateInput value={date} onChange={setDate} />
      <input class="wide" data-testid="progress-note" placeholder="做了什么、到了哪一步" value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      <input class="wide" data-testid="progress-evidence" placeholder="佐证材料（会议记录、制度文件、照片……）" value={evidence} onInput={(e) => setEvidence((e.target as HTMLInputElement).value)} />
      <button
        class="primary"
        data-testid="save-progress"
        onClick={() =>
          void run(async () => {
            await api.addProgress(row.rectification_id, date, note, evidence);
            close();
          }, "已记录整改进展。")
        }
      >
        保存
      </button>
      <button onClick={close}>取消</button>
    </div>
  );
}

function InspectionForm({ row, run, close }: { row: RectificationRow; run: Run; close: () => void }) {
  const [kind, setKind] = useState<InspectionKind>("spot");
  const [date, setDate] = useState(today());
  const [inspector, setInspector] = useState(operatorName());
  const [findings, setFindings] = useState("");
  const shown = useOpensInView<HTMLDivElement>();
  return (
    <div class="inline-form" data-testid="inspection-form" ref={shown}>
      <strong>督查：{row.measure}</strong>
      <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as InspectionKind)}>
        {choicesOf("inspection_kind").map((k) => (
          <option value={k.value} key={k.value}>
            {k.label}
          </option>
        ))}
      </select>
      <DateInput value={date} onChange={setDate} />
      <input placeholder="督查人" value={inspector} onInput={(e) => setInspector((e.target as HTMLInputElement).value)} />
      <input class="wide" placeholder="发现的情况" value={findings} onInput={(e) => setFindings((e.target as HTMLInputElement).value)} />
      <button
        class="primary"
        onClick={() =>
          void run(async () => {
            await api.addInspection(row.rectification_id, kind, date, inspector, findings);
            close();
          }, "已记录督查。")
        }
      >
        保存
      </button>
      <button onClick={close}>取消</button>
    </div>
  );
}

function ListSignOffBar({
  lists,
  campaignId,
  secretaryId,
  run,
}: {
  lists: Lists;
  campaignId: string;
  secretaryId: string | null;
  run: Run;
}) {
  const [open, setOpen] = useState(false);
  const [reviewer, setReviewer] = useState(operatorName());
  const [note, setNote] = useState("");
  const signed = lists.sign_off;
  return (
    <div class="signoff-bar" data-testid="list-signoff">
      {signed ? (
        signed.current ? (
          <span class="ok-line">
            已由 {signed.reviewer} 于 {chineseDate(signed.signed_at.slice(0, 10))} 审核签署{signed.note && `：${signed.note}`}
          </span>
        ) : (
          <span class="warning-text">
            {signed.reviewer} 签署后，清单中的问题或措施有改动，需重新审核签署。
          </span>
        )
      ) : (
        <span class="subtle">清单尚未经审核签署。</span>
      )}
      {open ? (
        <span class="inline-form">
          <input data-testid="signoff-reviewer" placeholder="审核人" value={reviewer} onInput={(e) => setReviewer((e.target as HTMLInputElement).value)} />
          <input class="wide" placeholder="审核意见（可选）" value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
          <button
            class="primary"
            data-testid="confirm-list-signoff"
            onClick={() =>
              void run(async () => {
                await api.signOffLists(campaignId, secretaryId, reviewer, note);
                setOpen(false);
              }, "清单已审核签署。")
            }
          >
            签署
          </button>
          <button onClick={() => setOpen(false)}>取消</button>
        </span>
      ) : (
        !onSecretaryComputer() && (
          <button data-testid="open-list-signoff" onClick={() => setOpen(true)}>
            审核签署清单
          </button>
        )
      )}
    </div>
  );
}
