// The database: where the file is, whether SQLite finds it sound, backups (automatic
// and by hand) and restoring one. The core checks a backup before anything is replaced.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { BackupCheck, RestoreSource } from "../bindings";
import { useLoad } from "../load";
import { Failure, Loading } from "./common";
import { PackageImport } from "./package";
import { onSecretaryComputer, useWorkstation } from "../workstation";

export function DatabaseView() {
  useWorkstation();
  const [version, setVersion] = useState(0);
  const health = useLoad(() => api.checkDatabase(), [version]);
  const backups = useLoad(() => api.listBackups(), [version]);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The backup about to be restored: one of the list, or a file chosen in the system's dialog.
  const [checked, setChecked] = useState<{ label: string; source: RestoreSource; check: BackupCheck } | null>(null);
  const act = async (action: () => Promise<string | null>) => {
    setProblem(null);
    setNotice(null);
    try {
      setNotice(await action());
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <section class="database">
      <a class="back" href="#/">
        ← 返回总览
      </a>
      <h1>数据库：检查、备份与恢复</h1>
      {notice && (
        <p class="notice" data-testid="database-notice">
          {notice}
        </p>
      )}
      {problem && <Failure message={problem} />}
      {health.state === "loading" && <Loading />}
      {health.state === "failed" && <Failure message={health.message} />}
      {health.state === "ready" && (
        <div class="section">
          <p>
            数据文件：<code>{health.value.path}</code>（结构版本 {health.value.schema_version}）
          </p>
          {health.value.problems.length === 0 ? (
            <p class="ok-line" data-testid="database-ok">
              检查完成，数据库完好。
            </p>
          ) : (
            <>
              <p class="failure">发现 {health.value.problems.length} 处问题。请先复制保存该文件，再从最近的备份恢复。</p>
              <ul>
                {health.value.problems.map((p, index) => (
                  <li key={index}>{p}</li>
                ))}
              </ul>
            </>
          )}
          <button onClick={() => setVersion((v) => v + 1)}>重新检查</button>
        </div>
      )}
      {/* Each kind of package has one home: the core refuses the other kind here. */}
      {onSecretaryComputer() ? (
        <PackageImport
          title="导入回执包（.szpkg）"
          hint="书记在此导入组织方发回的回执包（审核意见、点评、测评结果和三张清单）。述职报告交换包应发给组织方导入。导入前逐项核对，有问题不写入任何内容。"
          done={(message) => act(async () => message)}
        />
      ) : (
        <PackageImport
          title="导入述职报告交换包（.szpkg）"
          hint="组织方在此导入书记发来的述职报告交换包：只作为书记的提议，报告状态、审核、测评结果和销号都以本机为准。回执包是发给书记本人的，只能在书记的电脑上导入。导入前逐项核对，有问题不写入任何内容。"
          done={(message) => act(async () => message)}
        />
      )}
      <div class="section">
        <h2>备份</h2>
        <p class="subtle">
          程序每天首次启动时、升级数据库前、每次导入前都会自动备份，各保留最近 10 份。也可以随时手动备份，或备份到指定文件（如 U 盘）。
        </p>
        <div class="actions">
          <button
            class="primary"
            data-testid="backup-now"
            onClick={() => void act(async () => `已备份到：${await api.backupNow()}`)}
          >
            立即备份
          </button>
          <button
            data-testid="backup-to-file"
            onClick={() =>
              void act(async () => {
                const path = await api.backupToChosenFile();
                return path ? `已备份到：${path}` : null;
              })
            }
          >
            备份到其他位置（如 U 盘）…
          </button>
          <button
            data-testid="restore-from-file"
            onClick={() =>
              void api.chooseBackupFile().then(
                (chosen) => chosen && setChecked({ label: chosen.path, source: { kind: "chosen", id: chosen.id }, check: chosen.check }),
                (error) => setProblem(messageOf(error)),
              )
            }
          >
            从其他位置的备份恢复…
          </button>
        </div>
        {backups.state === "ready" && (
          <table class="grid" data-testid="backups">
            <thead>
              <tr>
                <th>时间</th>
                <th>类型</th>
                <th>大小</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {backups.value.map((b) => (
                <tr key={b.path}>
                  <td>{b.taken_at}</td>
                  <td>{b.kind_text}</td>
                  <td>{Math.ceil((b.size_bytes ?? 0) / 1024)} KB</td>
                  <td class="row-actions">
                    <button
                      onClick={() =>
                        void api.checkBackup(b.file_name).then(
                          (check) =>
                            setChecked({
                              label: `${b.taken_at}（${b.kind_text}）`,
                              source: { kind: "listed", file_name: b.file_name },
                              check,
                            }),
                          (error) => setProblem(messageOf(error)),
                        )
                      }
                    >
                      检查并恢复…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {checked && (
          <div class="warning-box" data-testid="restore-confirm">
            备份 {checked.label} 完好（结构版本 {checked.check.schema_version}），包含：{checked.check.campaigns.join("、") || "（无年度述职评议）"}。
            恢复后，当前数据库会先另存一份“恢复前”备份，再被这份备份替换。
            <div class="actions">
              <button
                class="primary"
                onClick={() =>
                  void act(async () => {
                    await api.restoreBackup(checked.source);
                    setChecked(null);
                    return "已从备份恢复。恢复前的数据库已另存在备份列表中。";
                  })
                }
              >
                确定恢复
              </button>
              <button onClick={() => setChecked(null)}>取消</button>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}

