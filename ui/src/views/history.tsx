// 历年对比 of one post: its years side by side (who held it, the grade once final, the
// share of 好, problems by source and those named again, how the measures stand, the
// report and its checks), with the share of 好 drawn year by year and every figure in the
// table beside it.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { PostHistory, PostLinks, PostYear } from "../bindings";
import { percentText } from "../format";
import { labelOf } from "../labels";
import { useLoadKeeping } from "../load";
import { hrefOf } from "../route";
import { onSecretaryComputer } from "../workstation";
import { Failure, Loading } from "./common";
import { RepeatList } from "./repeats";

export function HistoryView({ secretaryId }: { secretaryId: string }) {
  const [version, setVersion] = useState(0);
  const history = useLoadKeeping(() => api.secretaryHistory(secretaryId), [secretaryId, version]);
  const changed = () => setVersion((v) => v + 1);
  return (
    <section class="history" data-testid="history">
      <a class="back" href={hrefOf({ view: "secretary", secretaryId })}>
        ← 返回书记详情
      </a>
      {history.state === "loading" && <Loading />}
      {history.state === "failed" && <Failure message={history.message} />}
      {history.state === "ready" && <Body history={history.value} onChanged={changed} />}
    </section>
  );
}

function Body({ history, onChanged }: { history: PostHistory; onChanged: () => void }) {
  // Links are made from the post's latest name: an earlier name is linked to it.
  const latest = history.years[history.years.length - 1];
  return (
    <>
      <h1>
        历年对比 <span class="subtle">{history.organization}（{history.unit}）</span>
      </h1>
      <p class="subtle">
        同一党组织各年度并排（换了书记也连着看）。等次和好票率在测评结束并确定后才显示；某类评议人太少时，
        为保护匿名不公开票数和好票率（写“不公开”），等次照常显示。
      </p>
      <GoodShareChart years={history.years} />
      <div class="table-wrap">
        <table class="history-table" data-testid="history-table">
          <thead>
            <tr>
              <th>年度</th>
              <th>书记</th>
              <th>测评结果</th>
              <th>好票率</th>
              <th>名次</th>
              <th>
                问题（{labelOf("problem_source", "self_review")} / {labelOf("problem_source", "superior_comment")} /{" "}
                {labelOf("problem_source", "panel_review")} / {labelOf("problem_source", "review_comment")}）
              </th>
              <th>反复出现</th>
              <th>整改：按时销号 / 逾期销号 / 未完成（逾期）· 完成率</th>
              <th>报告字数 · 检查（错误 / 提醒）</th>
            </tr>
          </thead>
          <tbody>
            {history.years.map((year) => (
              <tr key={year.campaign_id} data-year={year.year}>
                <td>
                  {year.year}
                  {year.kept_on_paper && <div class="subtle">纸质记录</div>}
                  {year.organization !== history.organization && <div class="subtle">{year.organization}</div>}
                </td>
                <td>{year.secretary_name ?? "—"}</td>
                <td data-testid="history-result">{year.grade ? labelOf("grade", year.grade) : year.result}</td>
                <td>{percentText(year.good_percent)}</td>
                <td>{year.rank === null ? "—" : `${year.rank}/${year.ranked}`}</td>
                <td>
                  {year.problems.self_review} / {year.problems.superior_comment} / {year.problems.panel_review} /{" "}
                  {year.problems.review_comment}
                </td>
                <td class={year.repeated > 0 ? "warn" : ""}>{year.repeated}</td>
                <td>
                  {year.rectified.closed_on_time} / {year.rectified.closed_late} / {year.rectified.open}（
                  {year.rectified.overdue}）· {percentText(year.rectified.completion_percent)}
                </td>
                <td>
                  {year.report_chars === null
                    ? "—"
                    : `${year.report_chars} 字 · ${year.report_errors} / ${year.report_warnings}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>反复出现的问题</h2>
      <p class="subtle">
        与本党组织往年问题文字相近或同类的问题，两年的原文并列。组织方可确认确是反复出现（文字不同也算），
        或排除只是文字相近的（不再提示）。
      </p>
      <RepeatList repeats={history.repeats} onChanged={onChanged} showYear />
      {latest && <Links organizationId={latest.organization_id} onChanged={onChanged} />}
    </>
  );
}

/**
 * The organizations of earlier years this post continues under another name (renamed, or
 * merged into it): the organizer links them so the years read as one; each link is logged
 * and can be taken back.
 */
function Links({ organizationId, onChanged }: { organizationId: string; onChanged: () => void }) {
  const [version, setVersion] = useState(0);
  const links = useLoadKeeping(() => api.postLinks(organizationId), [organizationId, version]);
  const [chosen, setChosen] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await action();
      setChosen("");
      setVersion((v) => v + 1);
      onChanged();
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  if (links.state !== "ready") return links.state === "failed" ? <Failure message={links.message} /> : null;
  const value: PostLinks = links.value;
  const deciding = !onSecretaryComputer();
  const candidate = value.candidates[Number(chosen)];
  return (
    <section class="post-links" data-testid="post-links">
      <h2>改名或合并前的党组织</h2>
      <p class="subtle">
        同名同所在单位的党组织各年度自动连着看。党组织改了名称，或由几个党组织合并而成时，请把往年的党组织关联到
        {value.year} 年的“{value.organization}”，历年对比和反复出现就会连着看。关联记入操作日志，可以取消。
      </p>
      {problem && <Failure message={problem} />}
      {value.links.length > 0 ? (
        <ul>
          {value.links.map((link) => (
            <li key={link.id} data-testid="post-link">
              {link.year} 年的“{link.organization}（{link.unit}）”接续往年的“{link.earlier_name}（{link.earlier_unit}）”
              {link.out_of_effect && (
                <strong class="warn-line" data-testid="link-out-of-effect">
                  {" "}
                  未生效：{link.out_of_effect}（改了名称后两个党组织同时存在）
                </strong>
              )}
              <span class="subtle">
                {" "}
                · {link.actor} {link.linked_at.slice(0, 10)}
              </span>
              {deciding && (
                <button class="link" data-testid="unlink-post" onClick={() => void run(() => api.unlinkPost(link.id))}>
                  取消关联
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p class="subtle">还没有关联。</p>
      )}
      {deciding &&
        (value.candidates.length > 0 ? (
          <div class="actions">
            <label>
              往年的党组织{" "}
              <select
                data-testid="link-candidate"
                value={chosen}
                onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}
              >
                <option value="">请选择……</option>
                {value.candidates.map((post, index) => (
                  <option key={`${post.name}/${post.unit}`} value={String(index)}>
                    {post.name}（{post.unit}）· {post.years.join("、")} 年
                  </option>
                ))}
              </select>
            </label>
            <button
              data-testid="link-post"
              disabled={!candidate}
              onClick={() =>
                candidate && void run(() => api.linkPost(organizationId, candidate.name, candidate.unit))
              }
            >
              关联到“{value.organization}”
            </button>
          </div>
        ) : (
          <p class="subtle">往年的党组织今年都还在（或已关联），没有需要关联的。</p>
        ))}
    </section>
  );
}

/**
 * The share of 好 per year as bars with their numbers written on them: readable in
 * greyscale print, no colour carries meaning. A year without a final result is an empty
 * frame marked 待定.
 */
function GoodShareChart({ years }: { years: PostYear[] }) {
  const width = 80 * Math.max(years.length, 1) + 40;
  const height = 160;
  const top = 20;
  const bottom = 30;
  const plot = height - top - bottom;
  return (
    <figure class="history-chart">
      <svg
        width={width}
        height={height}
        role="img"
        aria-label="各年度好票率"
        data-testid="history-chart"
      >
        <line x1="30" y1={top + plot} x2={width - 10} y2={top + plot} stroke="#333" />
        {years.map((year, index) => {
          const x = 40 + index * 80;
          const value = year.good_percent;
          const h = value === null ? 0 : (plot * value) / 100;
          return (
            <g key={year.campaign_id}>
              {value === null ? (
                <rect x={x} y={top} width="40" height={plot} fill="none" stroke="#999" stroke-dasharray="4 3" />
              ) : (
                <rect x={x} y={top + plot - h} width="40" height={h} fill="#555" />
              )}
              <text x={x + 20} y={top + plot - h - 4} text-anchor="middle" font-size="12">
                {value !== null ? percentText(value) : year.grade ? "不公开" : "待定"}
              </text>
              <text x={x + 20} y={height - 10} text-anchor="middle" font-size="12">
                {year.year}
              </text>
              <title>{`${year.year} 年 好票率 ${percentText(value)}`}</title>
            </g>
          );
        })}
      </svg>
      <figcaption class="subtle">各年度好票率（“好”占有效票的百分比）</figcaption>
    </figure>
  );
}
