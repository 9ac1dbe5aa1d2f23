// The first start (and 本机用途 later): what this computer is for. A secretary then
// imports the organizer's campaign file, or starts an outline of her own; an organizer
// goes to the new-year steps; 查看示例 opens the sample. Each choice is titled with the core's
// words for the role, the words the title bar and the core's messages use.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { CampaignFilePreview, Role, Workstation } from "../bindings";
import { readAsBase64 } from "../files";
import { reportingYear } from "../format";
import { labelOf } from "../labels";
import { navigate } from "../route";
import { setWorkstation, useWorkstation } from "../workstation";
import { FileChooser, Failure, Loading } from "./common";

const CHOICES: { role: Role; text: string }[] = [
  {
    role: "secretary",
    text: "撰写本人的述职报告，附佐证材料，按审核意见修改，查看测评结果和整改清单。",
  },
  {
    role: "organizer",
    text: "建立年度述职评议，导入名册，逐级审核，召开述职评议会、计票，跟踪整改销号。",
  },
  {
    role: "sample",
    text: "用内置的示例数据（市卫健委党委 2023 年度）看看每一步是什么样子，随时可以移除。",
  },
];

export function WelcomeView() {
  const station = useWorkstation();
  const [step, setStep] = useState<"choose" | "secretary">(
    station?.role === "secretary" && !station.me ? "secretary" : "choose",
  );
  if (!station) return <Loading />;
  if (step === "secretary") return <SecretaryStart station={station} back={() => setStep("choose")} />;
  return <ChooseRole station={station} chosen={(role) => (role === "secretary" ? setStep("secretary") : null)} />;
}

function ChooseRole({ station, chosen }: { station: Workstation; chosen: (role: Role) => void }) {
  const [role, setRole] = useState<Role | null>(station.role);
  const [name, setName] = useState(station.role === "secretary" ? station.secretary_name : station.organizer_name);
  const [removeSample, setRemoveSample] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pick = (next: Role) => {
    setRole(next);
    setProblem(null);
    setName(next === "secretary" ? station.secretary_name : station.organizer_name);
  };
  const go = async () => {
    if (!role) return;
    setProblem(null);
    setBusy(true);
    try {
      setWorkstation(await api.chooseRole(role, name, role !== "sample" && station.sample_present && removeSample));
      if (role === "secretary") {
        // The button says 下一步：导入年度数据, so that is where it goes, also for a secretary
        // who already has a year here (her page is one click back).
        chosen("secretary");
      } else if (role === "organizer") {
        const campaigns = await api.listCampaigns();
        if (campaigns.some((c) => !c.sample)) navigate({ view: "dashboard", campaignId: null });
        else navigate({ view: "new-campaign" });
      } else {
        navigate({ view: "dashboard", campaignId: null });
      }
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="welcome" data-testid="welcome">
      <h1>{station.role ? "本机用途" : "欢迎使用述职评议助手"}</h1>
      <p class="lead">这台电脑主要用来做什么？选择后，程序只显示这项工作需要的内容；以后可以随时点右上角的“本机用途”更改。</p>
      <div class="role-choices" role="radiogroup" aria-label="本机用途">
        {CHOICES.map((choice) => (
          <button
            key={choice.role}
            type="button"
            role="radio"
            aria-checked={role === choice.role}
            class={`role-choice${role === choice.role ? " chosen" : ""}`}
            data-testid={`role-${choice.role}`}
            onClick={() => pick(choice.role)}
          >
            <span class="role-title">{labelOf("role", choice.role)}</span>
            <span class="role-text">{choice.text}</span>
          </button>
        ))}
      </div>
      {role && (
        <div class="welcome-next">
          {role !== "sample" && (
            <label class="field">
              您的姓名（{role === "secretary" ? "提交报告" : "审核、计票和销号"}时记入日志）
              <input
                data-testid="welcome-name"
                value={name}
                maxLength={50}
                placeholder="如：王建华"
                onInput={(e) => setName((e.target as HTMLInputElement).value)}
              />
            </label>
          )}
          {role !== "sample" && station.sample_present && (
            <label class="check">
              <input
                type="checkbox"
                data-testid="welcome-remove-sample"
                checked={removeSample}
                onChange={(e) => setRemoveSample((e.target as HTMLInputElement).checked)}
              />
              同时移除示例数据（移除前自动备份）
            </label>
          )}
          {problem && <Failure message={problem} />}
          <button class="primary" data-testid="welcome-go" disabled={busy} onClick={() => void go()}>
            {role === "secretary" ? "下一步：导入年度数据" : role === "organizer" ? "开始" : labelOf("role", "sample")}
          </button>
        </div>
      )}
    </section>
  );
}

/** 导入新年度数据 from her page, at any time: the same start, with the way back to her page. */
export function ImportYearView() {
  const station = useWorkstation();
  if (!station) return <Loading />;
  const home = station.me;
  return (
    <SecretaryStart
      station={station}
      backLabel={home ? "← 返回我的报告" : "← 重新选择本机用途"}
      back={() =>
        home ? navigate({ view: "secretary", secretaryId: home.secretary_id }) : navigate({ view: "welcome" })
      }
    />
  );
}

/** A secretary's start: the organizer's campaign file, or her own outline without one. */
function SecretaryStart({
  station,
  back,
  backLabel = "← 重新选择本机用途",
}: {
  station: Workstation;
  back: () => void;
  backLabel?: string;
}) {
  const [preview, setPreview] = useState<{ file: File; content: string; read: CampaignFilePreview } | null>(null);
  const [me, setMe] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choose = async (file: File | undefined) => {
    setProblem(null);
    setPreview(null);
    if (!file) return;
    try {
      const content = await readAsBase64(file, "campaign");
      const read = await api.readCampaignFile(file.name, content);
      setPreview({ file, content, read });
      const mine = read.secretaries.find((s) => s.name === station.secretary_name);
      setMe(mine?.secretary_id ?? "");
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  const importFile = async () => {
    if (!preview) return;
    if (!me) {
      setProblem("请在名单中选择您自己，程序才知道哪一份报告是您的。");
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api.importCampaignFile(preview.file.name, preview.content, me);
      setWorkstation(await api.workstation());
      navigate({ view: "secretary", secretaryId: me });
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="welcome" data-testid="secretary-start">
      <button class="link-button" onClick={back}>
        {backLabel}
      </button>
      <h1>导入组织方下发的年度数据</h1>
      <div class="welcome-columns">
        <div class="section">
          <h2>有文件：导入后从名单中选择自己</h2>
          <p class="subtle">组织方（党委办公室）会发来一个年度数据文件（.json），里面有本年度的述职要点和名册。</p>
          <FileChooser
            accept=".json,application/json"
            testid="campaign-file"
            label="选择年度数据文件……"
            onFile={(file) => void choose(file ?? undefined)}
          />
          {preview && (
            <div class="preview" data-testid="campaign-preview">
              <p>
                <strong>{preview.read.title}</strong>
                <br />
                <span class="subtle">
                  组织方：{preview.read.organizer} · {preview.read.secretaries.length} 位书记
                </span>
              </p>
              <label class="field">
                我是
                <select data-testid="campaign-me" value={me} onChange={(e) => setMe((e.target as HTMLSelectElement).value)}>
                  <option value="">请选择您自己</option>
                  {preview.read.secretaries.map((s) => (
                    <option key={s.secretary_id} value={s.secretary_id}>
                      {s.name}（{s.organization}）
                    </option>
                  ))}
                </select>
              </label>
              <button class="primary" data-testid="campaign-import" disabled={busy} onClick={() => void importFile()}>
                导入并打开我的报告
              </button>
            </div>
          )}
        </div>
        <OwnOutline />
      </div>
      {problem && <Failure message={problem} />}
    </section>
  );
}

function OwnOutline() {
  const [year, setYear] = useState(String(reportingYear()));
  const [organizer, setOrganizer] = useState("");
  const [unit, setUnit] = useState("");
  const [organization, setOrganization] = useState("");
  const [title, setTitle] = useState("党委书记");
  const [problem, setProblem] = useState<string | null>(null);
  const start = async () => {
    setProblem(null);
    try {
      const reportId = await api.startOwnReport(
        { year: Number(year) || 0, organizer, unit, organization, title },
      );
      setWorkstation(await api.workstation());
      navigate({ view: "report", reportId });
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  const field = (label: string, value: string, set: (v: string) => void, testid: string, placeholder = "") => (
    <label class="field">
      {label}
      <input
        data-testid={testid}
        value={value}
        placeholder={placeholder}
        onInput={(e) => set((e.target as HTMLInputElement).value)}
      />
    </label>
  );
  return (
    <div class="section">
      <h2>还没有文件：先写自己的报告</h2>
      <p class="subtle">按标准的四个部分建立报告提纲。收到组织方的文件后，再导入即可。</p>
      {field("述职年度", year, setYear, "own-year")}
      {field("上级党组织", organizer, setOrganizer, "own-organizer", "如：市卫健委党委")}
      {field("单位", unit, setUnit, "own-unit", "如：市第一人民医院")}
      {field("党组织", organization, setOrganization, "own-organization", "如：中共市第一人民医院委员会")}
      {field("职务", title, setTitle, "own-title")}
      {problem && <Failure message={problem} />}
      <button data-testid="own-start" onClick={() => void start()}>
        建立我的报告
      </button>
    </div>
  );
}
