// The results once the vote is closed.
import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../../api";
import type { AgendaItem, MeetingResults, QuotaTie, SecretaryResult } from "../../bindings";
import { labelOf } from "../../labels";
import { Failure, Loading, savedAs } from "../common";
import { ReconciliationTable } from "./entry";
import { GRADES, useAction, type TabProps } from "./shared";

export function ResultsTab({ view, refresh }: TabProps) {
  const [results, setResults] = useState<MeetingResults | null | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const [roundReason, setRoundReason] = useState("");
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
        <EarlierRounds view={view} />
      </div>
    );
  }
  const outcome = results.outcome;
  return (
    <div>
      <div class="section">
        {messages}
        {outcome.stopped && (
          <div class="warning-box" data-testid="vote-stopped">
            <strong>{outcome.stopped.text}</strong>
            {outcome.stopped.lines.length > 0 && (
              <ul>
                {outcome.stopped.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
            <p>
              {outcome.stopped.reason === "no_quorum"
                ? "等次、名次和结果通知单都不产生。若还有评议人未交票，可在下方“重新开启测评”补收后再结束；否则请开始新一轮测评。"
                : "等次、名次和结果通知单都不产生。请开始新一轮测评：本轮测评票封存备查，重新打印测评表（新票号）、重新生成测评码，旧票不再有效。"}
            </p>
            <div class="inline-inputs">
              <input
                class="wide-input"
                data-testid="new-round-reason"
                value={roundReason}
                placeholder="原因，如：收回的测评票多于发出的，按方案重新测评"
                onInput={(e) => setRoundReason((e.target as HTMLInputElement).value)}
              />
              <button
                class="primary"
                data-testid="start-new-round"
                onClick={() =>
                  void run(
                    () => api.startNewRound(view.campaign_id, roundReason),
                    (round) => `已开始第 ${round} 轮测评，上一轮测评票已封存备查。请到“录入测评票”重新打印测评表。`,
                  )
                }
              >
                开始新一轮测评
              </button>
            </div>
          </div>
        )}
        {outcome.quota?.tie && (
          <QuotaTieBox
            tie={outcome.quota.tie}
            people={results.people}
            decide={(kept, why) =>
              void run(() => api.decideQuotaTie(view.campaign_id, kept, why), () => "已记下决定，原因会印在评议结果上。")
            }
          />
        )}
        <div class="page-head">
          <div>
            <h2>评议结果</h2>
            <p class="formula">
              计分规则第 {results.rules_version} 版：{outcome.formula}
            </p>
            <p class="turnout-line" data-testid="turnout">
              应到 <strong>{results.expected_raters}</strong> 人；收回测评票 <strong>{outcome.ballots_total}</strong> 张（纸质{" "}
              {results.reconciliation.total.paper_returned} 张、手机 {results.reconciliation.total.phone_returned} 张），有效{" "}
              <strong>{outcome.ballots_valid}</strong> 张，无效{" "}
              <strong data-testid="invalid-count">{outcome.invalid_ballots.length}</strong> 张。
            </p>
            {results.closure?.over_vote_reason && (
              <p class="warn-line" data-testid="over-vote-reason-shown">
                按现有的票结束测评：{results.closure.over_vote_reason}
              </p>
            )}
            <p class="fingerprint" data-testid="fingerprint">
              测评票指纹（SHA-256）：{outcome.fingerprint}
            </p>
            {outcome.anonymity && (
              <p class="warn-line" data-testid="anonymity-note">
                {outcome.anonymity.note}
              </p>
            )}
            {outcome.quota && (
              <p class="formula" data-testid="quota-text">
                {outcome.quota.text}
              </p>
            )}
            {results.written_off_ballot.length > 0 && (
              <p class="subtle" data-testid="written-off-ballot-results">
                书面述职、按本年度规定不参加测评：{results.written_off_ballot.join("、")}。
              </p>
            )}
          </div>
          <div class="actions vertical">
            <button
              class="primary"
              data-testid="export-summary"
              disabled={results.not_final !== null}
              title={results.not_final ?? undefined}
              onClick={() =>
                void run(() => api.exportResultsPdf(view.campaign_id, true, null), (path) => savedAs("已导出 PDF", path))
              }
            >
              导出评议结果汇总表（PDF）
            </button>
            <button
              data-testid="export-sheets"
              disabled={results.not_final !== null}
              title={results.not_final ?? undefined}
              onClick={() =>
                void run(() => api.exportResultsPdf(view.campaign_id, false, null), (path) => savedAs("已导出 PDF", path))
              }
            >
              导出每人结果通知单（PDF）
            </button>
            <button
              data-testid="export-results-xlsx"
              disabled={results.not_final !== null}
              title={results.not_final ?? undefined}
              onClick={() => void run(() => api.exportResultsXlsx(view.campaign_id), (path) => savedAs("已导出 Excel", path))}
            >
              导出结果表（Excel）
            </button>
            <button onClick={() => void run(() => api.exportRecount(view.campaign_id), (path) => savedAs("已导出复核文件到", path))}>
              导出复核文件（规则 + 打乱顺序的测评票）
            </button>
          </div>
        </div>
        <details class="reconciliation-box" open={results.reconciliation.over_votes.length > 0}>
          <summary>各类评议人的测评票：发出与收回</summary>
          <ReconciliationTable counted={results.reconciliation} />
        </details>
        <table class="grid results" data-testid="results-table">
          <thead>
            <tr>
              <th>顺序</th>
              <th>姓名</th>
              <th>党组织及职务</th>
              {GRADES.map((g) => (
                <th key={g}>{labelOf("grade", g)}</th>
              ))}
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
                withheld={outcome.anonymity?.counts_withheld ?? false}
                open={open === i}
                toggle={() => setOpen(open === i ? null : i)}
              />
            ))}
          </tbody>
        </table>
        <p class="legend">
          {GRADES.map((g) => (
            <Fragment key={g}>
              <span class={`swatch ${g}`} /> {labelOf("grade", g)}{" "}
            </Fragment>
          ))}
          · 点击一行查看分类明细和计算过程
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
        <p class="subtle">发现录入错误、或到会未过半需要补收测评票时使用。原因和原指纹记入操作日志，结束后会生成新的指纹。</p>
        <div class="inline-inputs">
          <input value={reason} placeholder="原因，如：3-002 号票录错" onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
          <button onClick={() => void run(() => api.reopenVote(view.campaign_id, reason), () => "测评已重新开启。")}>
            重新开启
          </button>
        </div>
      </div>
    </div>
  );
}

/** Earlier rounds the rules stopped (须重新测评), kept whole for the record. */
function EarlierRounds({ view }: { view: TabProps["view"] }) {
  if (view.rounds.length === 0) return null;
  return (
    <div class="notice" data-testid="earlier-rounds">
      <strong>本年度此前的测评（封存备查）：</strong>
      <ul>
        {view.rounds.map((r) => (
          <li key={r.round}>
            第 {r.round} 轮：{r.ballots.length} 张票，指纹 {r.closure.fingerprint.slice(0, 16)}…；{r.stopped.split("：")[0]}。
            开始新一轮的原因：{r.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A tie at the quota on 好: the organizer picks who keeps 好, with a reason. */
function QuotaTieBox({
  tie,
  people,
  decide,
}: {
  tie: QuotaTie;
  people: AgendaItem[];
  decide: (kept: string[], reason: string) => void;
}) {
  const idOf = (label: string) => people.find((p) => p.label === label)?.secretary_id ?? label;
  const decidedIds = (tie.decision?.kept ?? []).map(idOf);
  const [kept, setKept] = useState<string[]>(decidedIds);
  const [reason, setReason] = useState(tie.decision?.reason ?? "");
  return (
    <div class={tie.decision ? "notice" : "warning-box"} data-testid="quota-tie">
      <p>
        <strong>{tie.decision ? "“好”等次名额并列，已决定：" : "“好”等次名额出现并列，请您决定："}</strong>
        {tie.text}
      </p>
      <p class="subtle">
        {tie.decision
          ? `如需改变，请重新选出 ${tie.places} 位并写明原因；改变同样记入操作日志。`
          : `请在并列的 ${tie.candidates.length} 位中选出 ${tie.places} 位保留为“好”，其余降为较好。决定前这几位没有等次，结果不能导出；原因记入操作日志并印在评议结果上。`}
      </p>
      <div class="inline-inputs">
        {tie.candidates.map((label) => {
          const id = idOf(label);
          return (
            <label key={id} class="check">
              <input
                type="checkbox"
                data-testid={`quota-keep-${id}`}
                checked={kept.includes(id)}
                onChange={(e) =>
                  setKept((e.target as HTMLInputElement).checked ? [...kept, id] : kept.filter((k) => k !== id))
                }
              />
              {label}
            </label>
          );
        })}
      </div>
      <div class="inline-inputs">
        <input
          class="wide-input"
          data-testid="quota-reason"
          value={reason}
          placeholder="决定的原因，如：按方案以日常考核得分高者优先"
          onInput={(e) => setReason((e.target as HTMLInputElement).value)}
        />
        <button class="primary" data-testid="quota-decide" onClick={() => decide(kept, reason)}>
          {tie.decision ? "改变决定" : "记下决定"}
        </button>
      </div>
    </div>
  );
}

function ResultRow({
  index,
  person,
  result,
  withheld,
  open,
  toggle,
}: {
  index: number;
  person: AgendaItem;
  result: SecretaryResult;
  withheld: boolean;
  open: boolean;
  toggle: () => void;
}) {
  // The core withholds what the anonymity rule forbids; a missing figure reads 不公开.
  const counts = result.counts;
  const hidden = "不公开";
  return (
    <>
      <tr class="clickable" onClick={toggle} data-secretary-id={person.secretary_id}>
        <td>{index + 1}</td>
        <td>{result.label}</td>
        {/* The 党组织 tells apart secretaries of one unit whose posts read alike. */}
        <td class="result-who">
          <div class="result-organization">{person.organization}</div>
          <div class="subtle result-post">{person.post}</div>
        </td>
        <td>{counts ? counts.good : hidden}</td>
        <td>{counts ? counts.fairly_good : hidden}</td>
        <td>{counts ? counts.fair : hidden}</td>
        <td>{counts ? counts.poor : hidden}</td>
        <td>{result.invalid}</td>
        <td>
          {result.percents.length === 0 ? (
            <span class="subtle">{hidden}</span>
          ) : (
            <div class="bar" title={GRADES.map((g, i) => `${labelOf("grade", g)} ${result.percents[i] ?? 0}%`).join("，")}>
              {GRADES.map((g, i) => {
                const share = result.percents[i] ?? 0;
                return share > 0 ? <span key={g} class={`segment ${g}`} style={{ width: `${share}%` }} /> : null;
              })}
            </div>
          )}
        </td>
        <td>{withheld ? hidden : result.score === null ? "—" : result.score.toFixed(2)}</td>
        <td class="grade-cell" data-testid="result-grade">
          {result.grade ? labelOf("grade", result.grade) : "未评定"}
        </td>
        <td>{result.rank ?? "—"}</td>
        <td class={result.excellent_allowed || !result.grade ? "" : "warning-text"}>
          {!result.grade ? "—" : result.excellent_allowed ? "可评优秀" : "不得评为优秀"}
        </td>
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
                  {GRADES.map((g) => (
                    <th key={g}>{labelOf("grade", g)}</th>
                  ))}
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
                        {c.hidden ? "人数少于保护线，明细不公开" : "匿名保护：为防推算其他类别，明细不公开"}
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
