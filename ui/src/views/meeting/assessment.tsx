// 年度考核 (述评考一体化): the composite of the vote and the 日常考核 under the year's rule.
// The core computes every figure, names what is missing and refuses what is not allowed;
// this screen shows it, collects the scores, the rule and the organizer's decisions.
import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../../api";
import type {
  AssessmentRow,
  AssessmentRules,
  AssessmentView,
  DailyScorePreview,
  DailyScoreRow,
  DecisionKind,
  OrganizationScores,
} from "../../bindings";
import { readAsBase64 } from "../../files";
import { choicesOf, labelOf } from "../../labels";
import { FileChooser, Failure, Loading, savedAs } from "../common";
import { GRADES, useAction, type TabProps } from "./shared";

const DEFAULT_ITEMS = "党建督查、专项检查、年度指标";

export function AssessmentTab({ view }: TabProps) {
  const [data, setData] = useState<AssessmentView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const load = async () => {
    try {
      setData(await api.assessmentView(view.campaign_id));
      setFailure(null);
    } catch (error) {
      setFailure(messageOf(error));
    }
  };
  useEffect(() => {
    void load();
  }, [view.campaign_id, view.closure?.fingerprint]);
  const { run, messages } = useAction(load);
  if (failure && !data) return <Failure message={failure} />;
  if (!data) return <Loading />;
  const outcome = data.outcome;
  const waiting = outcome.undecided > 0;
  const why = waiting ? `还有 ${outcome.undecided} 位书记没有考核等次，请先补齐或作出决定` : undefined;
  return (
    <div>
      <div class="section" data-testid="assessment">
        <div class="page-head">
          <div>
            <h2>{data.year} 年度党建考核（述评考一体化）</h2>
            <p class="formula" data-testid="assessment-formula">
              考核办法{data.rules_version > 0 ? `第 ${data.rules_version} 版` : "（默认，尚未保存）"}：{outcome.formula}
            </p>
            {!data.vote_final && (
              <p class="warn-line" data-testid="assessment-vote-pending">
                述职评议结果尚未最终确定（测评未结束，或有待决定的事项），各人的述职评议一栏暂为“缺失”。
              </p>
            )}
            {waiting && (
              <p class="warn-line" data-testid="assessment-undecided">
                {outcome.undecided} 位书记缺少述职评议或日常考核结果，没有考核等次：缺失的部分不按 0 分计算，请补齐，或点该行“决定”写明原因。
              </p>
            )}
          </div>
          <div class="actions vertical">
            <button
              class="primary"
              data-testid="export-assessment-pdf"
              disabled={waiting}
              title={why}
              onClick={() => void run(() => api.exportAssessmentPdf(view.campaign_id), (p) => savedAs("已导出 PDF", p))}
            >
              导出考核结果（PDF）
            </button>
            <button
              data-testid="export-assessment-xlsx"
              disabled={waiting}
              title={why}
              onClick={() => void run(() => api.exportAssessmentXlsx(view.campaign_id), (p) => savedAs("已导出 Excel", p))}
            >
              导出考核结果（Excel）
            </button>
            <button onClick={() => void run(() => api.exportAssessmentFiles(view.campaign_id), (p) => savedAs("已导出复核文件到", p))}>
              导出考核复核文件
            </button>
          </div>
        </div>
        {messages}
        <ResultsTable data={data} campaignId={view.campaign_id} run={run} />
      </div>
      <DailyScores data={data} campaignId={view.campaign_id} run={run} reload={load} />
      <RulesEditor data={data} campaignId={view.campaign_id} run={run} />
    </div>
  );
}

type Run = ReturnType<typeof useAction>["run"];

function points(value: number | null): string {
  return value === null ? "—" : value.toFixed(2);
}

function ResultsTable({ data, campaignId, run }: { data: AssessmentView; campaignId: string; run: Run }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <table class="grid results" data-testid="assessment-table">
      <thead>
        <tr>
          <th>书记</th>
          <th>党组织</th>
          <th>述职评议</th>
          <th>折算</th>
          <th>日常考核</th>
          <th>综合得分</th>
          <th>考核等次</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {data.outcome.rows.map((row, i) => (
          <Fragment key={row.label}>
            <tr class={row.grade === null ? "bad-row" : ""} data-secretary-id={data.secretary_ids[i]}>
              <td>{row.label}</td>
              <td class="text-cell">{row.organization}</td>
              <td class="text-cell">{row.vote_text}</td>
              <td>{points(row.vote_points)}</td>
              <td>{row.daily_points === null ? <span class="warning-text">缺失</span> : points(row.daily_points)}</td>
              <td>{points(row.composite)}</td>
              <td class="grade-cell" data-testid="assessment-grade">
                {row.grade_text}
                {row.decision && <div class="subtle">{row.decision.split("：")[0]}</div>}
              </td>
              <td>
                <button data-testid={`assessment-open-${i}`} onClick={() => setOpen(open === i ? null : i)}>
                  {row.grade === null ? "决定" : "详情 / 否决"}
                </button>
              </td>
            </tr>
            {open === i && (
              <tr class="details">
                <td colSpan={8}>
                  <ol class="calculation">
                    {row.calculation.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ol>
                  <DecisionForm row={row} names={data.outcome.grade_names} onDecide={(kind, reason) =>
                    void run(
                      () => api.decideAssessment(campaignId, { secretary_id: data.secretary_ids[i], kind, reason }),
                      () => (kind ? "已记下决定，原因会印在考核结果上。" : "已撤销决定。"),
                    )
                  } />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

function DecisionForm({
  row,
  names,
  onDecide,
}: {
  row: AssessmentRow;
  names: string[];
  onDecide: (kind: DecisionKind | null, reason: string) => void;
}) {
  const missing = row.missing.length > 0;
  const [choice, setChoice] = useState(missing ? "reweight" : "veto");
  const [grade, setGrade] = useState(missing ? 1 : 3);
  const [reason, setReason] = useState("");
  const kind: DecisionKind =
    choice === "reweight" ? "reweight" : choice === "grade" ? { grade: grade } : { veto: grade };
  return (
    <div class="inline-inputs decision" data-testid="assessment-decision">
      {row.decision && <p class="notice">现有决定：{row.decision}</p>}
      <select data-testid="decision-kind" value={choice} onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}>
        {missing && <option value="reweight">缺失的部分不计，按已有部分计算</option>}
        {missing && <option value="grade">直接评定等次</option>}
        <option value="veto">一票否决（等次最高为）</option>
      </select>
      {choice !== "reweight" && (
        <select data-testid="decision-grade" value={grade} onChange={(e) => setGrade(Number((e.target as HTMLSelectElement).value))}>
          {names.map((name, i) => (
            <option key={name} value={i}>
              {name}
            </option>
          ))}
        </select>
      )}
      <input
        class="wide-input"
        data-testid="decision-reason"
        value={reason}
        placeholder={
          choice === "veto"
            ? "原因（记入操作日志并印在结果上），如：发生党风廉政案件"
            : "原因（记入操作日志并印在结果上），如：本年度未开展日常考核"
        }
        onInput={(e) => setReason((e.target as HTMLInputElement).value)}
      />
      <button class="primary" data-testid="decision-save" onClick={() => onDecide(kind, reason)}>
        记下决定
      </button>
      {row.decision && <button onClick={() => onDecide(null, "")}>撤销决定</button>}
    </div>
  );
}

function DailyScores({ data, campaignId, run, reload }: { data: AssessmentView; campaignId: string; run: Run; reload: () => Promise<void> }) {
  const [rows, setRows] = useState<DailyScoreRow[] | null>(null);
  const [preview, setPreview] = useState<DailyScorePreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [names, setNames] = useState(data.items.length > 0 ? data.items.join("、") : DEFAULT_ITEMS);
  // The items in use once some are entered (by the file, say), until the person changes them.
  useEffect(() => {
    if (data.items.length > 0) setNames(data.items.join("、"));
  }, [data.items.join("、")]);
  const items = names.split(/[、,，;；]/).map((n) => n.trim()).filter(Boolean);
  const choose = async (file: File) => {
    setProblem(null);
    try {
      const read = await api.readDailyScores(file.name, await readAsBase64(file, "daily_scores"));
      setRows(read);
      setPreview(await api.previewDailyScores(campaignId, read));
    } catch (error) {
      setRows(null);
      setPreview(null);
      setProblem(messageOf(error));
    }
  };
  return (
    <div class="section" data-testid="daily-scores">
      <h2>日常考核</h2>
      <p class="subtle">
        从 Excel 或 CSV 导入：表头有“党组织”（写名册中的全称）和各考核项目（如 {DEFAULT_ITEMS}），每行一个党组织；导入前逐行检查，全部无误才导入。
        也可以在下表逐个党组织填写（0 分请填 0，空着表示没有考核结果）。
      </p>
      <div class="actions">
        <FileChooser accept=".xlsx,.csv" testid="daily-scores-file" label="选择日常考核表（Excel 或 CSV）……" onFile={(f) => f && void choose(f)} />
        <button
          data-testid="daily-template"
          onClick={() => void run(() => api.exportDailyScoresTemplate(campaignId), (p) => savedAs("已保存日常考核表模板", p))}
        >
          下载日常考核表模板（Excel，已列出各党组织）
        </button>
      </div>
      {problem && <Failure message={problem} />}
      {rows && preview && (
        <div data-testid="daily-preview">
          <p>
            共 {preview.rows.length} 行（项目：{preview.items.join("、")}），
            {preview.bad_rows > 0 ? <strong class="warning-text">{preview.bad_rows} 行需要修正，改正文件后重新选择</strong> : <strong class="ok-line">全部无误</strong>}
          </p>
          <div class="table-wrap">
            <table class="grid">
              <thead>
                <tr>
                  <th>行</th>
                  <th>党组织</th>
                  {preview.items.map((n) => (
                    <th key={n}>{n}</th>
                  ))}
                  <th>合计 / 检查结果</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.row.line} class={r.problems.length > 0 ? "bad-row" : ""}>
                    <td>{r.row.line}</td>
                    <td class="text-cell">{r.row.organization}</td>
                    {r.row.items.map(([n, v]) => (
                      <td key={n}>{v}</td>
                    ))}
                    <td class="text-cell">{r.problems.length > 0 ? r.problems.join("；") : points(r.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            <button
              class="primary"
              data-testid="daily-import"
              disabled={preview.bad_rows > 0}
              onClick={() =>
                void run(
                  () => api.importDailyScores(campaignId, rows),
                  (n) => {
                    setRows(null);
                    setPreview(null);
                    return `已导入 ${n} 个党组织的日常考核。`;
                  },
                )
              }
            >
              导入
            </button>
            <button onClick={() => (setRows(null), setPreview(null))}>取消</button>
          </div>
        </div>
      )}
      <label class="field">
        逐个填写时的考核项目（用“、”分隔）
        <input data-testid="daily-item-names" value={names} onInput={(e) => setNames((e.target as HTMLInputElement).value)} />
      </label>
      <div class="table-wrap">
        <table class="grid" data-testid="daily-table">
          <thead>
            <tr>
              <th>党组织</th>
              {items.map((n) => (
                <th key={n}>{n}</th>
              ))}
              <th>合计</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.scores.map((org) => (
              <ScoreRow key={org.organization_id} org={org} items={items} save={(values) =>
                void run(
                  () => api.saveDailyScores(campaignId, org.organization_id, values),
                  () => {
                    void reload();
                    return `已保存${org.organization}的日常考核。`;
                  },
                )
              } />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ScoreRow({ org, items, save }: { org: OrganizationScores; items: string[]; save: (values: { name: string; points: string }[]) => void }) {
  const initial = () => Object.fromEntries(items.map((n) => [n, ((org.items.find((i) => i.name === n)?.centi ?? null) === null ? "" : ((org.items.find((i) => i.name === n)?.centi ?? 0) / 100).toString())]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  useEffect(() => setValues(initial()), [org, items.join("、")]);
  const total = org.items.reduce((sum, i) => sum + i.centi, 0) / 100;
  const filled = items.filter((n) => (values[n] ?? "").trim() !== "");
  return (
    <tr data-organization-id={org.organization_id}>
      <td class="text-cell">
        {org.organization}
        <div class="subtle">{org.secretaries.join("、")}</div>
      </td>
      {items.map((n) => (
        <td key={n}>
          <input
            class="score-input"
            inputMode="decimal"
            data-item={n}
            value={values[n] ?? ""}
            onInput={(e) => setValues({ ...values, [n]: (e.target as HTMLInputElement).value })}
          />
        </td>
      ))}
      <td>{org.items.length > 0 ? total.toFixed(2) : <span class="warning-text">缺失</span>}</td>
      <td>
        <button data-testid={`daily-save-${org.organization_id}`} onClick={() => save(filled.map((n) => ({ name: n, points: values[n] })))}>
          保存
        </button>
      </td>
    </tr>
  );
}

function RulesEditor({ data, campaignId, run }: { data: AssessmentView; campaignId: string; run: Run }) {
  const [rules, setRules] = useState<AssessmentRules>(data.rules);
  const update = (patch: Partial<AssessmentRules>) => setRules({ ...rules, ...patch });
  const num = (e: Event) => Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value)) || 0);
  const byGrade = typeof rules.vote_points === "object" ? rules.vote_points.grade : null;
  const names = labelOf("grade_scale", rules.scale).split("、");
  return (
    <div class="section" data-testid="assessment-rules">
      <h2>考核办法</h2>
      <p class="subtle">按本单位的考核方案填写；这里的默认数字只是示例，不是统一标准。保存后成为新的一版，结果立即按新办法计算。</p>
      <div class="rules-grid">
        <label class="field">
          述职评议所占比例（%，日常考核为其余部分）
          <input
            type="number"
            data-testid="vote-weight"
            value={rules.vote_weight_percent}
            onInput={(e) => {
              const p = Math.min(100, num(e));
              update({ vote_weight_percent: p, daily_weight_percent: 100 - p });
            }}
          />
        </label>
        <label class="field">
          述职评议折算方式
          <select
            data-testid="vote-by"
            value={byGrade ? "grade" : "score"}
            onChange={(e) =>
              update({
                vote_points:
                  (e.target as HTMLSelectElement).value === "score"
                    ? "score"
                    : { grade: { good: 100, fairly_good: 85, fair: 70, poor: 50 } },
              })
            }
          >
            <option value="grade">按测评等次折算为分数</option>
            <option value="score">按测评得分</option>
          </select>
        </label>
        {byGrade && (
          <div class="field">
            各等次折算的分数
            <div class="inline-inputs">
              {GRADES.map((g) => (
                <label key={g}>
                  {labelOf("grade", g)}
                  <input
                    type="number"
                    value={byGrade[g]}
                    onInput={(e) => update({ vote_points: { grade: { ...byGrade, [g]: num(e) } } })}
                  />
                </label>
              ))}
            </div>
          </div>
        )}
        <label class="field">
          日常考核满分（各项之和折算为百分制）
          <input type="number" value={rules.daily_full_marks} onInput={(e) => update({ daily_full_marks: num(e) })} />
        </label>
        <label class="field">
          等次名称
          <select value={rules.scale} onChange={(e) => update({ scale: (e.target as HTMLSelectElement).value as AssessmentRules["scale"] })}>
            {choicesOf("grade_scale").map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <div class="field">
          分数段（综合得分达到起点即得该等次，都达不到为{names[3]}）
          {rules.bands.map((b, i) => (
            <div class="inline-inputs" key={i}>
              <input
                type="number"
                value={b.min_score}
                onInput={(e) => update({ bands: rules.bands.map((x, j) => (j === i ? { ...x, min_score: num(e) } : x)) })}
              />
              分及以上为 {names[b.grade] ?? ""}
            </div>
          ))}
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={rules.top_requires_vote_good}
            onChange={(e) => update({ top_requires_vote_good: (e.target as HTMLInputElement).checked })}
          />
          述职评议未达到“好”的，不得评为{names[0]}
        </label>
      </div>
      <button
        class="primary"
        data-testid="save-assessment-rules"
        onClick={() => void run(() => api.saveAssessmentRules(campaignId, rules), (v) => `已保存为考核办法第 ${v} 版。`)}
      >
        保存为新版本
      </button>
    </div>
  );
}
