// The first screen: one campaign, every unit and secretary with where they stand.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import { confirmInPage } from "../confirm";
import { loadWorkstation, onSecretaryComputer } from "../workstation";
import { PackageImport } from "./package";
import type { CampaignSummary, Dashboard, DashboardRow } from "../bindings";
import { chineseDate, percentText, statusTone } from "../format";
import { labelOf } from "../labels";
import { useLoad, useLoadKeeping } from "../load";
import { hrefOf, navigate } from "../route";
import { Failure, Loading, OpenExported, savedAs } from "./common";

export function DashboardView({ campaignId }: { campaignId: string | null }) {
  const campaigns = useLoad(() => api.listCampaigns(), []);
  if (campaigns.state === "loading") return <Loading />;
  if (campaigns.state === "failed") return <Failure message={campaigns.message} />;
  const list = campaigns.value;
  if (list.length === 0) {
    return (
      <section class="empty" data-testid="no-campaign">
        <h1>还没有年度述职评议</h1>
        <p>
          组织方：<a href="#/new-campaign">建立新年度述职评议</a>，再导入名册。书记：
          <a href="#/welcome">导入组织方下发的年度数据文件</a>，或先写自己的报告。
        </p>
      </section>
    );
  }
  const chosen = list.find((c) => c.id === campaignId) ?? list[0];
  return <CampaignBoard campaigns={list} campaign={chosen} />;
}

function CampaignBoard({ campaigns, campaign }: { campaigns: CampaignSummary[]; campaign: CampaignSummary }) {
  const [version, setVersion] = useState(0);
  const board = useLoadKeeping(() => api.campaignDashboard(campaign.id), [campaign.id, version]);
  // A year imported from paper records: no meeting to run, no files to hand out.
  const onPaper = board.state === "ready" && board.value.kept_on_paper;
  return (
    <section class="dashboard">
      <div class="page-head board-head">
        <div>
          <h1>
            <span data-testid="campaign-title">{campaign.title}</span>
            {campaign.sample && (
              <span class="badge sample" data-testid="sample-badge" title="内置的示例数据，不是真实的述职评议">
                示例
              </span>
            )}
          </h1>
          {campaign.sample && <SampleNote />}
          {onPaper && (
            <p class="notice" data-testid="paper-year-note">
              这一年度由往年的纸质记录（评议结果汇总表、整改清单）导入：没有述职报告和测评票，等次和票数按表中所记；
              述职评议会已在当年开过，这里不再安排会议或测评。往年的问题和整改措施仍可在清单中跟踪。
            </p>
          )}
          <p class="subtle">
            组织方：{campaign.organizer} · 述职评议会：{chineseDate(campaign.meeting_date)} ·{" "}
            <a href={hrefOf({ view: "cliches", campaignId: campaign.id })}>套话清单</a> ·{" "}
            <a href={hrefOf({ view: "planning", campaignId: campaign.id })} data-testid="open-planning">
              年度筹备
            </a>{" "}
            ·{" "}
            {!onPaper && (
              <>
                <a href={hrefOf({ view: "meeting", campaignId: campaign.id, tab: "agenda" })} data-testid="open-meeting">
                  述职评议会
                </a>{" "}
                ·{" "}
              </>
            )}
            <a href={hrefOf({ view: "lists", campaignId: campaign.id, secretaryId: null })} data-testid="open-lists">
              问题、责任、整改清单
            </a>{" "}
            ·{" "}
            <a href={hrefOf({ view: "years", campaignId: campaign.id })} data-testid="open-years">
              历年对比
            </a>
          </p>
        </div>
        <div class="actions">
          <a class="button" href={hrefOf({ view: "years", campaignId: campaign.id })} data-testid="open-years-button">
            历年对比
          </a>
          <a class="button" href="#/new-campaign" data-testid="new-campaign">
            ＋ 建立新年度
          </a>
        </div>
        {!onSecretaryComputer() && !onPaper && (
          <YearFiles campaign={campaign} />
        )}
        {campaigns.length > 1 && (
          <label class="picker">
            年度
            <select
              value={campaign.id}
              onChange={(e) => navigate({ view: "dashboard", campaignId: (e.target as HTMLSelectElement).value })}
            >
              {campaigns.map((c) => (
                <option value={c.id} key={c.id}>
                  {c.year}年度 · {c.title}
                  {c.sample ? "（示例）" : ""}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {board.state === "loading" && <Loading />}
      {board.state === "failed" && <Failure message={board.message} />}
      {board.state === "ready" && <BoardBody board={board.value} />}
      {!onSecretaryComputer() && <ReceivePackage onImported={() => setVersion((v) => v + 1)} />}
    </section>
  );
}

/** The year's files as the organizer hands them out: one per secretary (each with only
 * what is hers) to carry on a USB stick, or the whole year (a backup, another computer). */
function YearFiles({ campaign }: { campaign: CampaignSummary }) {
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (action: () => Promise<string | null>, label: string) => {
    setMessage(null);
    setProblem(null);
    try {
      setMessage(savedAs(label, await action()));
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <div class="year-files" data-testid="year-files">
      <p class="subtle">
        书记从“年度数据文件”开始起草：每位书记一个文件，只含本人的报告、点评和清单，用 U 盘或内部邮件发给本人。
      </p>
      <div class="actions">
        <button
          class="primary"
          data-testid="export-secretary-files"
          onClick={() =>
            void run(
              () => api.exportSecretaryFiles(campaign.id),
              `已为 ${campaign.secretaries} 位书记各导出一个年度数据文件，在文件夹`,
            )
          }
        >
          导出年度数据文件（发给各书记）
        </button>
        <button
          data-testid="export-campaign-file"
          onClick={() => void run(() => api.exportCampaignFile(campaign.id), "已导出整个年度的数据文件")}
        >
          导出整个年度（备份或换电脑）
        </button>
      </div>
      {message && (
        <p class="ok-line" data-testid="year-files-saved">
          {message}
        </p>
      )}
      <OpenExported message={message} />
      {problem && <Failure message={problem} />}
    </div>
  );
}

/** Where the organizer takes a secretary's package in: on the overview she works from. */
function ReceivePackage({ onImported }: { onImported: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div class="receive-package" data-testid="receive-package">
      <PackageImport
        title="收到书记的述职报告交换包（.szpkg）"
        hint="书记提交审核后导出交换包，用 U 盘或内部邮件交来，在这里导入。报告文字、问题条目、佐证材料作为书记的提议导入；报告状态、审核、测评结果和销号以本机为准。"
        done={async (summary) => {
          setMessage(summary);
          onImported();
        }}
      />
      {message && (
        <p class="ok-line" data-testid="receive-package-message">
          {message}
        </p>
      )}
    </div>
  );
}

/** Says the sample is not real data, and removes it in one step. */
function SampleNote() {
  const [problem, setProblem] = useState<string | null>(null);
  const remove = async () => {
    if (!(await confirmInPage("移除示例数据吗？移除前会自动备份，需要时可在“检查数据库”页恢复。", "移除示例"))) return;
    try {
      await api.removeSample();
      await loadWorkstation();
      navigate({ view: "dashboard", campaignId: null });
      location.reload();
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <div class="sample-note" data-testid="sample-note">
      这是内置的示例数据，用来熟悉操作，不是真实的述职评议。
      <button class="small" data-testid="remove-sample" onClick={() => void remove()}>
        移除示例
      </button>
      {problem && <Failure message={problem} />}
    </div>
  );
}

function BoardBody({ board }: { board: Dashboard }) {
  const total = board.rows.length;
  return (
    <>
      <div class="cards">
        <Card label="参加述职的书记" value={`${total} 人`} note={`${board.units} 个单位`} />
        {board.kept_on_paper ? (
          <>
            <Card label="述职报告" value="纸质记录" note="往年的报告不在本程序中" />
            <Card label="测评结果" value="按汇总表所记" note="当年已测评，没有测评票" />
          </>
        ) : (
          <>
            <Card
              label="述职报告"
              value={`${board.reports_approved}/${total} 已通过`}
              note={`审核中 ${board.reports_in_review} · 起草中 ${board.reports_draft} · 未开始 ${board.reports_not_started}`}
            />
            <Card label="测评票" value={`${board.ballots} 张`} note={board.ballots === 0 ? "尚未开始测评" : "已录入"} />
          </>
        )}
        <Card
          label="未完成整改事项"
          value={`${board.open_rectifications} 项`}
          note={`完成率 ${percentText(board.completion_percent)} · ${
            board.overdue_rectifications > 0 ? `其中逾期 ${board.overdue_rectifications} 项` : "无逾期"
          }`}
          alert={board.overdue_rectifications > 0}
        />
      </div>
      <div class="table-wrap">
        <table class="grid" data-testid="dashboard-table">
          <thead>
            <tr>
              <th class="num">序号</th>
              <th>单位 / 党组织</th>
              <th>书记</th>
              <th>述职报告</th>
              <th class="num">字数</th>
              <th>测评等次</th>
              <th>整改事项</th>
              <th class="action"></th>
            </tr>
          </thead>
          <tbody>
            {board.rows.map((row, index) => (
              <Row row={row} index={index} key={row.secretary_id} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Row({ row, index }: { row: DashboardRow; index: number }) {
  const href = hrefOf({ view: "secretary", secretaryId: row.secretary_id });
  const over = row.report_chars > row.report_char_budget;
  return (
    <tr data-secretary-id={row.secretary_id} onClick={() => (location.hash = href)} class="clickable">
      <td class="num">{index + 1}</td>
      <td>
        <div class="strong">{row.unit}</div>
        <div class="subtle">
          {row.organization_name}（{labelOf("org_kind", row.organization_kind)}）
        </div>
      </td>
      <td>
        <div class="strong" data-testid="secretary-name">{row.secretary_name}</div>
        <div class="subtle">{row.secretary_title}</div>
      </td>
      <td>
        <span class={`badge ${statusTone(row.report_status)}`} data-testid="report-status">
          {row.report_status_text}
        </span>
      </td>
      <td class="num">
        <span class={over ? "over" : ""}>{row.report_chars}</span>
        <span class="subtle">/{row.report_char_budget}</span>
      </td>
      <td>{row.score === null ? <span class="subtle">{row.grade_text}</span> : `${row.grade_text}（${row.score}分）`}</td>
      <td>
        {row.open_rectifications === 0 ? (
          <span class="subtle">{row.completion_percent === null ? "无" : `已完成 ${percentText(row.completion_percent)}`}</span>
        ) : (
          <span>
            {row.open_rectifications} 项未完成（完成率 {percentText(row.completion_percent ?? 0)}）
            {row.overdue_rectifications > 0 && <span class="badge tone-warn">逾期 {row.overdue_rectifications}</span>}
          </span>
        )}
      </td>
      <td class="action">
        <a href={href} class="button-link" onClick={(e) => e.stopPropagation()}>
          查看
        </a>
      </td>
    </tr>
  );
}

function Card(props: { label: string; value: string; note: string; alert?: boolean }) {
  return (
    <div class={`card${props.alert ? " card-alert" : ""}`}>
      <div class="card-label">{props.label}</div>
      <div class="card-value">{props.value}</div>
      <div class="card-note">{props.note}</div>
    </div>
  );
}
