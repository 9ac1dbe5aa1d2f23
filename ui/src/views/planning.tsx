// 年度筹备 for the organizer: start a year (or copy last year, carrying open items
// over), see the organization tree with its secretaries, import the roster from Excel
// or CSV with a preview whose cells can be fixed in place, and the coverage check.
// The core checks every row and decides coverage; this screen shows and collects.
import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type {
  Campaign,
  Coverage,
  FocusPointInput,
  FocusRole,
  OrganizationNode,
  OrgKind,
  RosterPreview,
  RosterRow,
} from "../bindings";
import { readAsBase64 } from "../files";
import { useLoad, useLoadKeeping } from "../load";
import { workstationNow } from "../workstation";
import { reportingYear } from "../format";
import { choicesOf, labelOf } from "../labels";
import { hrefOf, navigate } from "../route";
import { useOpensInView } from "./inview";
import { DateInput, FileChooser, Failure, Loading, OpenExported, SampleBadge, savedAs } from "./common";

export function NewCampaignView() {
  const campaigns = useLoad(() => api.listCampaigns(), []);
  const [year, setYear] = useState(String(reportingYear()));
  const [organizer, setOrganizer] = useState("");
  const [title, setTitle] = useState("");
  const [meetingDate, setMeetingDate] = useState("");
  const [copyFrom, setCopyFrom] = useState("");
  const [earlierConfirmed, setEarlierConfirmed] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    // Last year of one's own is carried forward by default; the sample only when asked
    // (or when this computer is only looking at the sample).
    const practising = workstationNow()?.role === "sample";
    const last = campaigns.state === "ready" ? campaigns.value.find((c) => practising || !c.sample) : undefined;
    if (last && !organizer) {
      setOrganizer(last.organizer);
      setCopyFrom(last.id);
      // The year after the one carried forward, and never before the calendar's.
      setYear(String(Math.max(reportingYear(), last.year + 1)));
    }
  }, [campaigns.state]);
  if (campaigns.state === "loading") return <Loading />;
  if (campaigns.state === "failed") return <Failure message={campaigns.message} />;
  const suggested = `${year}年度基层党组织书记抓基层党建工作述职评议`;
  const copied = campaigns.value.find((c) => c.id === copyFrom);
  const earlier = copied !== undefined && (Number(year) || 0) <= copied.year;
  const create = async () => {
    setProblem(null);
    try {
      const created = await api.createCampaign(
        {
          year: Number(year) || 0,
          title: title || suggested,
          organizer,
          meeting_date: meetingDate,
          earlier_year_confirmed: earlier && earlierConfirmed,
        },
        copyFrom || null,
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
          <DateInput value={meetingDate} onChange={setMeetingDate} />
        </label>
        <label class="field">
          沿用
          <select data-testid="new-copy-from" value={copyFrom} onChange={(e) => setCopyFrom((e.target as HTMLSelectElement).value)}>
            <option value="">不沿用，从头建立（之后导入名册）</option>
            {campaigns.value.map((c) => (
              <option key={c.id} value={c.id}>
                {c.sample
                  ? `沿用示例（${c.year} 年度）：仅用于练习`
                  : `沿用 ${c.year} 年度：党组织、书记、评议人和设置，并结转未完成的整改事项`}
              </option>
            ))}
          </select>
        </label>
        {earlier && copied && (
          <div class="warning-box" data-testid="earlier-year">
            <p>
              新年度 {year} 不晚于要沿用的 {copied.year} 年度。通常应建立 {copied.year + 1} 年度。
              <button class="small" onClick={() => setYear(String(copied.year + 1))}>
                改为 {copied.year + 1} 年度
              </button>
            </p>
            <label>
              <input
                type="checkbox"
                data-testid="earlier-year-confirm"
                checked={earlierConfirmed}
                onChange={(e) => setEarlierConfirmed((e.target as HTMLInputElement).checked)}
              />{" "}
              确认补建往年（{year} 年度）
            </label>
          </div>
        )}
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
  const dashboard = useLoadKeeping(() => api.campaignDashboard(campaignId), [campaignId, version]);
  const coverage = useLoadKeeping(() => api.campaignCoverage(campaignId), [campaignId, version]);
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
          <h1>
            <span data-testid="planning-heading">年度筹备 · {board.year}年度</span>
            <SampleBadge campaignId={campaignId} />
          </h1>
          <p class="subtle">
            {board.title} · 组织方：{board.organizer} ·{" "}
            <a href={hrefOf({ view: "meeting", campaignId, tab: "panel" })}>评议人与计分规则</a> ·{" "}
            <a href={hrefOf({ view: "meeting", campaignId, tab: "agenda" })}>议程</a>
          </p>
        </div>
      </div>
      <div class="notice-bar">
        {notice && (
          <p class="notice" data-testid="roster-notice">
            {notice}
          </p>
        )}
      </div>
      {coverage.state === "ready" && <CoverageCard coverage={coverage.value} />}
      <RosterImport
        campaignId={campaignId}
        onImported={(message) => {
          setNotice(message);
          setVersion((v) => v + 1);
        }}
      />
      <OrganizationTree campaignId={campaignId} version={version} changed={() => setVersion((v) => v + 1)} />
      <SettingsForm campaignId={campaignId} changed={() => setVersion((v) => v + 1)} />
      <YearActions campaignId={campaignId} year={board.year} title={board.title} changed={() => setVersion((v) => v + 1)} />
    </section>
  );
}

/** Renames or deletes the year, a backup taken first (a year created wrongly, or copied
 * onto the wrong year). Deleting asks for the year to be typed. */
function YearActions(props: { campaignId: string; year: number; title: string; changed: () => void }) {
  const [year, setYear] = useState(String(props.year));
  const [title, setTitle] = useState(props.title);
  const [confirmYear, setConfirmYear] = useState("");
  const [deleting, setDeleting] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);
  const shown = useOpensInView<HTMLDivElement>(deleting);
  const rename = async () => {
    setProblem(null);
    try {
      const backup = await api.renameCampaign(props.campaignId, Number(year) || 0, title);
      setMessage(`已改为 ${year} 年度“${title.trim()}”。${backup ? `修改前的数据已备份到：${backup}` : ""}`);
      props.changed();
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  const remove = async () => {
    setProblem(null);
    try {
      const backup = await api.deleteCampaign(props.campaignId, Number(confirmYear) || 0);
      setDeleted(`已删除 ${props.year} 年度述职评议。${backup ? `删除前的数据已备份到：${backup}，需要时可在“检查数据库”页恢复。` : ""}`);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  if (deleted) {
    return (
      <div class="section" data-testid="year-actions">
        <p class="ok-line" data-testid="year-deleted">
          {deleted}
        </p>
        <a class="button-link primary-link" href="#/">
          返回总览
        </a>
      </div>
    );
  }
  return (
    <div class="section" data-testid="year-actions">
      <h2>修改或删除这个年度</h2>
      <p class="subtle">年度建错了、沿用到了错误的年份时使用。修改和删除前都会自动备份，可在“检查数据库”页恢复。</p>
      <div class="inline-inputs">
        <label>
          年度
          <input data-testid="rename-year" type="number" value={year} onInput={(e) => setYear((e.target as HTMLInputElement).value)} />
        </label>
        <label class="grow">
          标题
          <input data-testid="rename-title" value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
        </label>
        <button data-testid="rename-campaign" onClick={() => void rename()}>
          保存年度和标题
        </button>
        <button class="danger" data-testid="delete-campaign" onClick={() => setDeleting(true)}>
          删除这个年度……
        </button>
      </div>
      {deleting && (
        <div class="warning-box" data-testid="delete-campaign-confirm" ref={shown}>
          <p>
            删除后，{props.year} 年度的书记、报告、测评票、点评和三张清单都从本机移除（删除前自动备份）。请输入年份
            <strong> {props.year} </strong>确认：
          </p>
          <div class="inline-inputs">
            <input data-testid="delete-campaign-year" value={confirmYear} onInput={(e) => setConfirmYear((e.target as HTMLInputElement).value)} />
            <button class="danger" data-testid="delete-campaign-yes" onClick={() => void remove()}>
              删除
            </button>
            <button class="link" onClick={() => setDeleting(false)}>
              取消
            </button>
          </div>
        </div>
      )}
      {message && (
        <p class="ok-line" data-testid="year-actions-message">
          {message}
        </p>
      )}
      {problem && <Failure message={problem} />}
    </div>
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
  const [saved, setSaved] = useState<string | null>(null);
  const downloadTemplate = async () => {
    setProblem(null);
    try {
      setSaved(savedAs("已保存名单模板", await api.exportRosterTemplate()));
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
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
      const read = await api.readRoster(file.name, await readAsBase64(file, "roster"));
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
        表头（其上可以有标题行）：单位、党组织、类型（党委 / 党总支 / 党支部）、上级党组织、书记姓名、职务。导入前逐行检查，有问题的行标红，
        可直接在表格里改正后“重新检查”；全部无误才会导入，且一次全部导入。还没有名册的，可先下载模板，照示例填写。
      </p>
      <div class="actions">
        <FileChooser
          accept=".xlsx,.csv"
          testid="roster-file"
          label="选择名册文件（Excel 或 CSV）……"
          onFile={(file) => file && void choose(file)}
        />
        <button data-testid="roster-template" onClick={() => void downloadTemplate()}>
          下载名单模板（Excel）
        </button>
      </div>
      <OpenExported message={saved} />
      {saved && (
        <p class="notice" data-testid="roster-template-saved">
          {saved}
        </p>
      )}
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
                  const imported = await api.importRoster(campaignId, rows);
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

function OrganizationTree({ campaignId, version, changed }: { campaignId: string; version: number; changed: () => void }) {
  const tree = useLoadKeeping(() => api.organizationTree(campaignId), [campaignId, version]);
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const act = async (action: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await action();
      setEditing(null);
      changed();
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  if (tree.state !== "ready") return tree.state === "failed" ? <Failure message={tree.message} /> : <Loading />;
  const nodes = tree.value;
  return (
    <div class="section" data-testid="org-tree">
      <h2>党组织和书记</h2>
      <p class="subtle">批量添加用上面的名册导入；逐个添加、改名、换上级、调整书记在此处进行。</p>
      {problem && <Failure message={problem} />}
      <AddOrganization campaignId={campaignId} nodes={nodes} act={act} />
      <table class="grid">
        <thead>
          <tr>
            <th>党组织</th>
            <th>类型</th>
            <th>单位</th>
            <th>书记</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) =>
            editing === node.organization.id ? (
              <OrganizationEditor key={node.organization.id} node={node} nodes={nodes} act={act} cancel={() => setEditing(null)} />
            ) : (
              <tr key={node.organization.id}>
                <td style={{ paddingLeft: `${12 + node.depth * 24}px` }}>{node.organization.name}</td>
                <td>{labelOf("org_kind", node.organization.kind)}</td>
                <td>{node.organization.unit}</td>
                <td>
                  {node.secretaries.length === 0 ? (
                    <span class={node.depth > 0 ? "warning-text" : "subtle"}>{node.depth > 0 ? "无书记" : "（组织方）"}</span>
                  ) : (
                    node.secretaries.map((s) => `${s.name}（${s.title}）`).join("、")
                  )}
                </td>
                <td class="row-actions">
                  <button class="link" onClick={() => setEditing(node.organization.id)}>
                    修改
                  </button>
                  {node.depth > 0 && node.secretaries.length === 0 && (
                    <button class="link" onClick={() => void act(() => api.deleteOrganization(node.organization.id))}>
                      删除
                    </button>
                  )}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Adds one organization with its secretary: a one-row roster, checked the same way. */
function AddOrganization({
  campaignId,
  nodes,
  act,
}: {
  campaignId: string;
  nodes: OrganizationNode[];
  act: (action: () => Promise<unknown>) => Promise<void>;
}) {
  // The roster takes a kind by its words or its name; the choice sends the name.
  const empty = { unit: "", organization: "", kind: "branch", parent: nodes[0]?.organization.name ?? "", name: "", title: "" };
  const [open, setOpen] = useState(false);
  const [row, setRow] = useState(empty);
  const set = (key: keyof typeof empty) => (e: Event) => setRow({ ...row, [key]: (e.target as HTMLInputElement).value });
  if (!open) {
    return (
      <button data-testid="add-organization" onClick={() => setOpen(true)}>
        ＋ 添加党组织和书记
      </button>
    );
  }
  return (
    <div class="inline-form">
      <input placeholder="单位" value={row.unit} onInput={set("unit")} />
      <input placeholder="党组织名称" value={row.organization} onInput={set("organization")} />
      <select value={row.kind} onChange={set("kind")}>
        {choicesOf("org_kind").map((k) => (
          <option key={k.value} value={k.value}>
            {k.label}
          </option>
        ))}
      </select>
      <select value={row.parent} onChange={set("parent")}>
        {nodes.map((n) => (
          <option key={n.organization.id} value={n.organization.name}>
            上级：{n.organization.name}
          </option>
        ))}
      </select>
      <input placeholder="书记姓名" value={row.name} onInput={set("name")} />
      <input placeholder="职务" value={row.title} onInput={set("title")} />
      <button
        class="primary"
        onClick={() =>
          void act(async () => {
            await api.importRoster(campaignId, [{ line: 1, ...row }]);
            setRow(empty);
            setOpen(false);
          })
        }
      >
        添加
      </button>
      <button onClick={() => setOpen(false)}>取消</button>
    </div>
  );
}

function OrganizationEditor({
  node,
  nodes,
  act,
  cancel,
}: {
  node: OrganizationNode;
  nodes: OrganizationNode[];
  act: (action: () => Promise<unknown>) => Promise<void>;
  cancel: () => void;
}) {
  const org = node.organization;
  const [name, setName] = useState(org.name);
  const [kind, setKind] = useState<OrgKind>(org.kind);
  const [unit, setUnit] = useState(org.unit);
  const [parent, setParent] = useState(org.parent_id ?? "");
  const secretary = node.secretaries[0];
  const [person, setPerson] = useState(secretary?.name ?? "");
  const [title, setTitle] = useState(secretary?.title ?? "");
  return (
    <tr>
      <td colSpan={5}>
        <div class="inline-form">
          <input value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as OrgKind)}>
            {choicesOf("org_kind").map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
          <input value={unit} placeholder="所在单位" onInput={(e) => setUnit((e.target as HTMLInputElement).value)} />
          {org.parent_id && (
            <select value={parent} onChange={(e) => setParent((e.target as HTMLSelectElement).value)}>
              {nodes
                .filter((n) => n.organization.id !== org.id)
                .map((n) => (
                  <option key={n.organization.id} value={n.organization.id}>
                    上级：{n.organization.name}
                  </option>
                ))}
            </select>
          )}
          {secretary && (
            <>
              <input value={person} placeholder="书记姓名" onInput={(e) => setPerson((e.target as HTMLInputElement).value)} />
              <input value={title} placeholder="职务" onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
            </>
          )}
          <button
            class="primary"
            onClick={() =>
              void act(async () => {
                await api.updateOrganization(org.id, { name, kind, unit, parent_id: org.parent_id ? parent : null });
                if (secretary) await api.updateSecretary(secretary.id, { name: person, title });
              })
            }
          >
            保存
          </button>
          {secretary && (
            <button onClick={() => void act(() => api.deleteSecretary(secretary.id))}>删除书记</button>
          )}
          <button onClick={cancel}>取消</button>
        </div>
      </td>
    </tr>
  );
}

function SettingsForm({ campaignId, changed }: { campaignId: string; changed: () => void }) {
  const loaded = useLoad(() => api.campaignDetails(campaignId), [campaignId]);
  if (loaded.state !== "ready") return loaded.state === "failed" ? <Failure message={loaded.message} /> : <Loading />;
  return <SettingsEditor campaign={loaded.value} changed={changed} />;
}

function SettingsEditor({ campaign, changed }: { campaign: Campaign; changed: () => void }) {
  const [title, setTitle] = useState(campaign.title);
  const [meetingDate, setMeetingDate] = useState(campaign.meeting_date ?? "");
  const [budget, setBudget] = useState(campaign.report_char_budget);
  const [percent, setPercent] = useState(campaign.problems_min_percent);
  const [levels, setLevels] = useState(campaign.review_levels.join("\n"));
  const [points, setPoints] = useState<FocusPointInput[]>(
    campaign.focus_points.map((p) => ({ id: p.id, title: p.title, role: p.role, guidance: p.guidance, char_budget: p.char_budget })),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const set = (i: number, change: Partial<FocusPointInput>) => setPoints(points.map((p, j) => (j === i ? { ...p, ...change } : p)));
  const total = points.reduce((sum, p) => sum + (Number(p.char_budget) || 0), 0);
  return (
    <div class="section" data-testid="campaign-settings">
      <h2>年度设置：述职重点、字数和审核层级</h2>
      {problem && <Failure message={problem} />}
      {notice && <p class="notice">{notice}</p>}
      <div class="two-columns">
        <div>
          <label class="field">
            标题
            <input value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            述职评议会日期
            <DateInput value={meetingDate} onChange={setMeetingDate} />
          </label>
          <label class="field">
            全文字数上限
            <input type="number" value={budget} onInput={(e) => setBudget(Number((e.target as HTMLInputElement).value) || 0)} />
          </label>
          <label class="field">
            “存在的问题”至少占全文（%）
            <input type="number" value={percent} onInput={(e) => setPercent(Number((e.target as HTMLInputElement).value) || 0)} />
          </label>
        </div>
        <label class="field">
          审核层级（每行一级，按顺序）
          <textarea rows={5} value={levels} onInput={(e) => setLevels((e.target as HTMLTextAreaElement).value)} />
        </label>
      </div>
      <table class="grid settings-table">
        <thead>
          <tr>
            <th>述职重点</th>
            <th>类别</th>
            <th>写作要求</th>
            <th>字数</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {points.map((p, i) => (
            <tr key={p.id ?? `new-${i}`}>
              <td>
                <input value={p.title} onInput={(e) => set(i, { title: (e.target as HTMLInputElement).value })} />
              </td>
              <td>
                <select value={p.role} onChange={(e) => set(i, { role: (e.target as HTMLSelectElement).value as FocusRole })}>
                  {choicesOf("focus_role").map((r) => (
                    <option key={r.value} value={r.value}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input value={p.guidance} onInput={(e) => set(i, { guidance: (e.target as HTMLInputElement).value })} />
              </td>
              <td>
                <input type="number" value={p.char_budget} onInput={(e) => set(i, { char_budget: Number((e.target as HTMLInputElement).value) || 0 })} />
              </td>
              <td>
                <button onClick={() => setPoints(points.filter((_, j) => j !== i))}>删除</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class={total > budget ? "warning-text" : "subtle"}>
        各节字数合计 {total} 字，全文上限 {budget} 字。
      </p>
      <div class="actions">
        <button onClick={() => setPoints([...points, { id: null, title: "", role: "other", guidance: "", char_budget: 0 }])}>
          ＋ 述职重点
        </button>
        <button
          class="primary"
          onClick={async () => {
            setProblem(null);
            try {
              await api.saveCampaignSettings(
                campaign.id,
                {
                  title,
                  meeting_date: meetingDate,
                  report_char_budget: budget,
                  problems_min_percent: percent,
                  review_levels: levels.split("\n"),
                  focus_points: points,
                },
              );
              setNotice("年度设置已保存。");
              changed();
            } catch (error) {
              setProblem(messageOf(error));
            }
          }}
        >
          保存年度设置
        </button>
      </div>
    </div>
  );
}
