// 历年对比 of the whole campaign: every year of the organizer side by side — the grades,
// the share of 好, how much of the 整改 was finished (by year and by the problem's source),
// the posts below 较好 twice or more, the open measures past their deadline by age. Each
// chart has its numbers in the table beside it (and on hover); the fills differ in
// lightness and 差 is hatched, so a greyscale print still tells them apart.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { CampaignsHistory, CampaignYear } from "../bindings";
import { percentText } from "../format";
import { labelOf } from "../labels";
import { useLoadKeeping } from "../load";
import { hrefOf } from "../route";
import { Failure, Loading, OpenExported, savedAs } from "./common";
import { RepeatList } from "./repeats";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const GRADES = ["good", "fairly_good", "fair", "poor"] as const;
// Dark to light, then white hatched: distinct in greyscale.
const GRADE_FILLS = ["#1f3b63", "#5b7fb0", "#b7c8e0", "hatch"];

export function YearsView({ campaignId }: { campaignId: string }) {
  const [version, setVersion] = useState(0);
  const history = useLoadKeeping(() => api.campaignsHistory(campaignId), [campaignId, version]);
  return (
    <section class="history" data-testid="years">
      <a class="back" href={hrefOf({ view: "dashboard", campaignId })}>
        ← 返回总览
      </a>
      {history.state === "loading" && <Loading />}
      {history.state === "failed" && <Failure message={history.message} />}
      {history.state === "ready" && (
        <Body history={history.value} campaignId={campaignId} onChanged={() => setVersion((v) => v + 1)} />
      )}
    </section>
  );
}

/** The same figures as an A4 PDF (charts in greys, tables beneath) or an Excel workbook. */
function Exports({ campaignId }: { campaignId: string }) {
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (action: () => Promise<string | null>) => {
    setProblem(null);
    try {
      setNotice(await action());
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <div class="actions years-exports">
      <button
        class="primary"
        data-testid="export-years-pdf"
        onClick={() => void run(async () => savedAs("已导出 PDF", await api.exportCampaignsHistoryPdf(campaignId)))}
      >
        导出 PDF
      </button>
      <button
        data-testid="export-years-xlsx"
        onClick={() => void run(async () => savedAs("已导出 Excel", await api.exportCampaignsHistoryXlsx(campaignId)))}
      >
        导出 Excel
      </button>
      {notice && <span data-testid="notice">{notice}</span>}
      <OpenExported message={notice} />
      {problem && <Failure message={problem} />}
    </div>
  );
}

/** A year, marked when it was kept on paper (imported from Excel, results as recorded). */
function yearLabel(year: CampaignYear): string {
  return year.kept_on_paper ? `${year.year}（纸质记录）` : String(year.year);
}

function Body({
  history,
  campaignId,
  onChanged,
}: {
  history: CampaignsHistory;
  campaignId: string;
  onChanged: () => void;
}) {
  const years = history.years;
  const [repeatsOf, setRepeatsOf] = useState<CampaignYear | null>(null);
  return (
    <>
      <h1>
        历年对比 <span class="subtle">{history.organizer}</span>
      </h1>
      <p class="subtle">
        本组织方各年度并排。等次在该年度测评结束并确定后才计入；整改按今天的状态统计，逾期按截止日期计算。
      </p>
      <Exports campaignId={campaignId} />
      <p class="subtle">
        本程序以前的年度记在 Excel 里？<a data-testid="open-paper-year" href={hrefOf({ view: "paper-year", campaignId })}>
          导入往年的纸质记录
        </a>
        （评议结果汇总表和整改清单），历年对比就从那一年看起。
      </p>
      <h2>等次分布与“好”的占比</h2>
      <div class="years-pair">
        <BarChart
          testId="years-grades-chart"
          label="各年度等次分布（人数）"
          config={gradesConfig(years)}
        />
        <table class="history-table" data-testid="years-grades">
          <thead>
            <tr>
              <th>年度</th>
              {GRADES.map((grade) => (
                <th key={grade}>{labelOf("grade", grade)}</th>
              ))}
              <th>“好”的占比</th>
              <th>反复出现的问题</th>
            </tr>
          </thead>
          <tbody>
            {years.map((year) => (
              <tr key={year.campaign_id} data-year={year.year}>
                <td>{yearLabel(year)}</td>
                {year.results_final ? (
                  year.grades.map((count, index) => <td key={index}>{count}</td>)
                ) : (
                  <td colSpan={4} class="subtle">
                    测评未结束或结果待定
                  </td>
                )}
                <td>{percentText(year.good_share_percent)}</td>
                <td class={year.repeated > 0 ? "warn" : ""}>
                  <button
                    class="link"
                    data-testid="show-repeats"
                    aria-expanded={repeatsOf?.campaign_id === year.campaign_id}
                    onClick={() => setRepeatsOf(repeatsOf?.campaign_id === year.campaign_id ? null : year)}
                  >
                    {year.repeated}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {repeatsOf && <YearRepeats year={repeatsOf} onChanged={onChanged} />}
      <h2>整改完成情况</h2>
      <p class="subtle">
        完成率 = 已销号、已完成和长期坚持的措施占全部措施（没有措施的问题也算一项）的比例，与总览相同。整改按今天的状态统计：
        最近一年的措施多数尚未到期，完成率自然偏低，请同时看“未完成（逾期）”一栏。
      </p>
      <div class="years-pair">
        <BarChart testId="years-rectified-chart" label="各年度整改完成率（%）" config={rectifiedConfig(years)} />
        <table class="history-table" data-testid="years-rectified">
          <thead>
            <tr>
              <th>年度</th>
              <th>问题</th>
              <th>整改措施</th>
              <th>按时销号</th>
              <th>逾期销号</th>
              <th>已完成待销号</th>
              <th>{labelOf("rectification_status", "ongoing")}</th>
              <th>未完成（逾期）</th>
              <th>完成率</th>
            </tr>
          </thead>
          <tbody>
            {years.map((year) => (
              <tr key={year.campaign_id} data-year={year.year}>
                <td>{yearLabel(year)}</td>
                <td>{problemsTotal(year)}</td>
                <td>{year.rectified.measures}</td>
                <td>{year.rectified.closed_on_time}</td>
                <td>{year.rectified.closed_late}</td>
                <td>{year.rectified.done_not_signed}</td>
                <td>{year.rectified.ongoing}</td>
                <td>
                  {year.rectified.open}（{year.rectified.overdue}）
                </td>
                <td>{percentText(year.rectified.completion_percent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>按问题来源的完成率</h3>
      <table class="history-table" data-testid="years-by-source">
        <thead>
          <tr>
            <th>年度</th>
            {SOURCES.map((source) => (
              <th key={source}>{labelOf("problem_source", source)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {years.map((year) => (
            <tr key={year.campaign_id} data-year={year.year}>
              <td>{yearLabel(year)}</td>
              {SOURCES.map((source) => {
                const found = year.rectified_by_source.find((s) => s.source === labelOf("problem_source", source));
                return (
                  <td key={source}>
                    {found ? `${percentText(found.rectified.completion_percent)}（${found.rectified.measures} 项措施）` : "—"}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>两次以上低于“较好”的党组织</h2>
      {history.slipping.length === 0 ? (
        <p class="subtle" data-testid="years-slipping">
          没有。
        </p>
      ) : (
        <table class="history-table" data-testid="years-slipping">
          <thead>
            <tr>
              <th>党组织</th>
              <th>单位</th>
              <th>书记（最近一次）</th>
              <th>年度与等次</th>
            </tr>
          </thead>
          <tbody>
            {history.slipping.map((post) => (
              <tr key={`${post.organization}/${post.unit}`}>
                <td>{post.organization}</td>
                <td>{post.unit}</td>
                <td>
                  <a href={hrefOf({ view: "history", secretaryId: post.secretary_id })} data-testid="slipping-history">
                    {post.secretary_name}
                  </a>
                </td>
                <td>
                  {post.years.map((y) => `${y.year} 年${labelOf("grade", y.grade)}`).join("、")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>逾期未完成的整改措施（按逾期时长）</h2>
      <p class="subtle">
        每条逾期措施只算一次：“沿用上一年度”转入下一年度的，算在它最后所在的年度，所以这里的合计会少于上表各年度“逾期”之和。
      </p>
      <table class="history-table" data-testid="years-overdue">
        <thead>
          <tr>
            <th>30 天以内</th>
            <th>31–90 天</th>
            <th>91–180 天</th>
            <th>180 天以上</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{history.overdue.up_to_30_days}</td>
            <td>{history.overdue.up_to_90_days}</td>
            <td>{history.overdue.up_to_180_days}</td>
            <td>{history.overdue.over_180_days}</td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

const SOURCES = ["self_review", "superior_comment", "panel_review", "review_comment"] as const;

function problemsTotal(year: CampaignYear): number {
  const p = year.problems;
  return p.self_review + p.superior_comment + p.panel_review + p.review_comment;
}

/** A white fill with dark diagonal lines: 差 stays apart from the light grey of 一般 in print. */
function hatch(): CanvasPattern | string {
  const tile = document.createElement("canvas");
  tile.width = 8;
  tile.height = 8;
  const pen = tile.getContext("2d");
  if (!pen) return "#ffffff";
  pen.fillStyle = "#ffffff";
  pen.fillRect(0, 0, 8, 8);
  pen.strokeStyle = "#222222";
  pen.lineWidth = 1.5;
  pen.beginPath();
  pen.moveTo(0, 8);
  pen.lineTo(8, 0);
  pen.stroke();
  return pen.createPattern(tile, "repeat") ?? "#ffffff";
}

function gradesConfig(years: CampaignYear[]): ChartConfiguration<"bar"> {
  return {
    type: "bar",
    data: {
      labels: years.map(yearLabel),
      datasets: GRADES.map((grade, index) => ({
        label: labelOf("grade", grade),
        data: years.map((y) => (y.results_final ? (y.grades[index] ?? 0) : 0)),
        backgroundColor: GRADE_FILLS[index] === "hatch" ? hatch() : GRADE_FILLS[index],
        borderColor: "#222222",
        borderWidth: 1,
      })),
    },
    options: {
      animation: false,
      responsive: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: {
        legend: { position: "bottom" },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}：${item.parsed.y} 人` } },
      },
    },
  };
}

function rectifiedConfig(years: CampaignYear[]): ChartConfiguration<"bar"> {
  return {
    type: "bar",
    data: {
      labels: years.map(yearLabel),
      datasets: [
        {
          label: "完成率",
          data: years.map((y) => y.rectified.completion_percent ?? 0),
          backgroundColor: "#5b7fb0",
          borderColor: "#222222",
          borderWidth: 1,
        },
      ],
    },
    options: {
      animation: false,
      responsive: false,
      scales: { y: { beginAtZero: true, max: 100 } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => `完成率 ${percentText(Number(item.parsed.y))}` } },
      },
    },
  };
}

/** A Chart.js bar chart on a canvas of its own, drawn again when its figures change. */
function BarChart({ config, label, testId }: { config: ChartConfiguration<"bar">; label: string; testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const figures = JSON.stringify(config.data.datasets.map((d) => d.data));
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [figures]);
  return (
    <figure class="history-chart">
      <canvas ref={canvas} width={460} height={240} role="img" aria-label={label} data-testid={testId} />
      <figcaption class="subtle">{label}（每个数字都在旁边或下方的表格中，鼠标移到柱上也会显示）</figcaption>
    </figure>
  );
}

/** The problems of one year named again, each beside the earlier year's words. */
function YearRepeats({ year, onChanged }: { year: CampaignYear; onChanged: () => void }) {
  const [version, setVersion] = useState(0);
  const repeats = useLoadKeeping(() => api.repeatedProblems(year.campaign_id), [year.campaign_id, version]);
  return (
    <section data-testid="year-repeats">
      <h3>{year.year} 年反复出现的问题</h3>
      {repeats.state === "failed" && <Failure message={repeats.message} />}
      {repeats.state === "ready" && (
        <RepeatList
          repeats={repeats.value}
          onChanged={() => {
            setVersion((v) => v + 1);
            onChanged();
          }}
        />
      )}
    </section>
  );
}
