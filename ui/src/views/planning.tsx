// 年度筹备 for the organizer: start a year (or copy last year, carrying open items
// over), see the organization tree with its secretaries, import the roster from Excel
// or CSV with a preview whose cells can be fixed in place, and the coverage check.
// The core checks every row and decides coverage; this screen shows and collects.
import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { Coverage, RosterPreview, RosterRow } from "../bindings";
import { readAsBase64 } from "../files";
import { useLoad } from "../load";
import { operatorName } from "../operator";
import { hrefOf, navigate } from "../route";
import { Failure, Loading } from "./common";

function actor(): string {
  return operatorName() || "组织方";
}

export function NewCampaignView() {
  const campaigns = useLoad(() => api.listCampaigns(), []);
  const nextYear = new Date().getFullYear() - 1;
  const [year, setYear] = useState(String(nextYear));
  const [organizer, setOrganizer] = useState("");
  const [title, setTitle] = useState("");
  const [meetingDate, setMeetingDate] = useState("");
  const [copyFrom, setCopyFrom] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (campaigns.state === "ready" && campaigns.value[0] && !organizer) {
      setOrganizer(campaigns.value[0].organizer);
      setCopyFrom(campaigns.value[0].id);
    }
  }, [campaigns.state]);
  if (campaigns.state === "loading") return <Loading />;
  if (campaigns.state === "failed") return <Failure message={campaigns.message} />;
  const suggested = `${year}年度基层党组织书记抓基层党建工作述职评议`;
  const create = async () => {
    setProblem(null);
    try {
      const created = await api.createCampaign(
        { year: Number(year) || 0, title: title || suggested, organizer, meeting_date: meetingDate },
        copyFrom || null,
        actor(),
      );
      navigate({ view: "planning", campaignId: created.campaign_id });
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <section class="planning">
      <a class="back" href="#/">
        ← 返回总览
      </a>
      <h1>建立新年度述职评议</h1>
      <div class="section narrow">
        <label class="field">
          述职年度
          <input data-testid="new-year" type="number" value={year} onInput={(e) => setYear((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          组织方（上级党组织）
          <input data-testid="new-organizer" value={organizer} onInput={(e) => setOrganizer((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          标题
          <input data-testid="new-title" value={title} placeholder={suggested} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          述职评议会日期（可稍后再定）
          <input type="date" value={meetingDate} onInput={(e) => setMeetingDate((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          沿用
          <select data-testid="new-copy-from" value={copyFrom} onChange={(e) => setCopyFrom((e.target as HTMLSelectElement).value)}>
            <option value="">不沿用，从头建立（之后导入名册）</option>
            {campaigns.value.map((c) => (
              <option key={c.id} value={c.id}>
                沿用 {c.year} 年度：党组织、书记、评议人和设置，并结转未完成的整改事项
              </option>
            ))}
          </select>
        </label>
        {problem && <Failure message={problem} />}
        <button class="primary" data-testid="create-campaign" onClick={() => void create()}>
          建立
        </button>
      </div>
    </section>
  );
}

export function PlanningView({ campaignId }: { campaignId: string }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const dashboard = useLoad(() => api.campaignDashboard(campaignId), [campaignId, version]);
  const coverage = useLoad(() => api.campaignCoverage(campaignId), [campaignId, version]);
  if (dashboard.state === "loading") return <Loading />;
  if (dashboard.state === "failed") return <Failure message={dashboard.message} />;
  const board = dashboard.value;
  return (
    <section class="planning">
      <a class="back" href={hrefOf({ view: "dashboard", campaignId })}>
        ← 返回总览
      </a>
      <div class="page-head">
        <div>
          <h1 data-testid="planning-heading">年度筹备 · {board.year}年度</h1>
          <p class="subtle">
            {board.title} · 组织方：{board.organizer} ·{" "}
            <a href={hrefOf({ view: "meeting", campaignId, tab: "panel" })}>评议人与计分规则</a> ·{" "}
            <a href={hrefOf({ view: "meeting", campaignId, tab: "agenda" })}>议程</a>
          </p>
        </div>
      </div>
      {notice && (
        <p class="notice" data-testid="roster-notice">
          {notice}
        </p>
      )}
      {coverage.state === "ready" && <CoverageCard coverage={coverage.value} />}
      <RosterImport
        campaignId={campaignId}
        onImported={(message) => {
          setNotice(message);
          setVersion((v) => v + 1);
        }}
      />
      <div class="section">
        <h2>党组织和书记（{board.rows.length} 位书记）</h2>
        <table class="grid">
          <thead>
            <tr>
              <th>单位</th>
              <th>党组织</th>
              <th>书记</th>
              <th>职务</th>
            </tr>
          </thead>
          <tbody>
            {board.rows.map((r) => (
              <tr key={r.secretary_id}>
                <td>{r.unit}</td>
                <td>{r.organization_name}</td>
                <td>{r.secretary_name}</td>
                <td>{r.secretary_title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CoverageCard({ coverage }: { coverage: Coverage }) {
  return (
    <div class={`section coverage ${coverage.covered ? "covered" : "gaps"}`} data-testid="coverage" data-covered={String(coverage.covered)}>
      <h2>{coverage.covered ? "✓ 全覆盖" : "✗ 尚未全覆盖"}</h2>
      <p>
        下级党组织 {coverage.organizations} 个，书记 {coverage.secretaries} 位。
        {coverage.covered && "每个下级党组织都有书记，并已列入述职议程。"}
      </p>
      {coverage.gaps.length > 0 && (
        <ul data-testid="coverage-gaps">
          {coverage.gaps.map((g, i) => (
            <li key={i}>{g.message}</li>
          ))}
        </ul>
      )}
      {coverage.before_meeting.length > 0 && (
        <>
          <h3>会前还缺</h3>
          <ul>
            {coverage.before_meeting.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

const FIELDS: { key: keyof RosterRow; label: string }[] = [
  { key: "unit", label: "单位" },
  { key: "organization", label: "党组织" },
  { key: "kind", label: "类型" },
  { key: "parent", label: "上级党组织" },
  { key: "name", label: "书记姓名" },
  { key: "title", label: "职务" },
];

function RosterImport({ campaignId, onImported }: { campaignId: string; onImported: (message: string) => void }) {
  const [rows, setRows] = useState<RosterRow[] | null>(null);
  const [preview, setPreview] = useState<RosterPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const check = async (next: RosterRow[]) => {
    setRows(next);
    try {
      setPreview(await api.previewRoster(campaignId, next));
      setProblem(null);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  const choose = async (file: File) => {
    setProblem(null);
    try {
      const read = await api.readRoster(file.name, await readAsBase64(file));
      await check(read);
    } catch (error) {
      setRows(null);
      setPreview(null);
      setProblem(messageOf(error));
    }
  };
  const edit = (index: number, key: keyof RosterRow, value: string) => {
    if (!rows) return;
    setRows(rows.map((r, i) => (i === index ? { ...r, [key]: value } : r)));
  };
  const remove = (index: number) => rows && void check(rows.filter((_, i) => i !== index));
  return (
    <div class="section" data-testid="roster">
      <h2>导入名册（Excel 或 CSV）</h2>
      <p class="subtle">
        第一行为表头：单位、党组织、类型（党委 / 党总支 / 党支部）、上级党组织、书记姓名、职务。导入前逐行检查，有问题的行标红，
        可直接在表格里改正后“重新检查”；全部无误才会导入，且一次全部导入。
      </p>
      <input
        type="file"
        accept=".xlsx,.csv"
        data-testid="roster-file"
        onChange={(e) => {
          const file = (e.target as HTMLInputElement).files?.[0];
          if (file) void choose(file);
        }}
      />
      {problem && <Failure message={problem} />}
      {rows && preview && (
        <>
          <p data-testid="roster-summary">
            共 {preview.rows.length} 行，
            {preview.bad_rows > 0 ? (
              <strong class="warning-text">{preview.bad_rows} 行需要修正</strong>
            ) : (
              <strong class="ok-line">全部无误</strong>
            )}
            ；可新增党组织 {preview.new_organizations} 个、书记 {preview.new_secretaries} 位。
          </p>
          <div class="table-wrap">
            <table class="grid roster-table">
              <thead>
                <tr>
                  <th>行</th>
                  {FIELDS.map((f) => (
                    <th key={f.key}>{f.label}</th>
                  ))}
                  <th>检查结果</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => {
                  const checked = preview.rows[i];
                  const bad = checked && checked.problems.length > 0;
                  return (
                    <tr key={row.line} class={bad ? "bad-row" : ""} data-line={row.line}>
                      <td>{row.line}</td>
                      {FIELDS.map((f) => (
                        <td key={f.key}>
                          <input
                            data-field={f.key}
                            value={String(row[f.key])}
                            onInput={(e) => edit(i, f.key, (e.target as HTMLInputElement).value)}
                          />
                        </td>
                      ))}
                      <td class="text-cell">{bad ? checked.problems.join("；") : checked?.action}</td>
                      <td>
                        <button onClick={() => remove(i)}>删除此行</button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div class="actions">
            <button data-testid="roster-recheck" onClick={() => void check(rows)}>
              重新检查
            </button>
            <button
              class="primary"
              data-testid="roster-import"
              disabled={preview.bad_rows > 0}
              onClick={async () => {
                try {
                  const imported = await api.importRoster(campaignId, rows, actor());
                  setRows(null);
                  setPreview(null);
                  onImported(`已导入：新增党组织 ${imported.organizations} 个、书记 ${imported.secretaries} 位。`);
                } catch (error) {
                  setProblem(messageOf(error));
                }
              }}
            >
              导入
            </button>
          </div>
        </>
      )}
    </div>
  );
}
