// Packages between computers: importing a secretary's report package or the organizer's
// return package. The core checks every part first and says what differs before replacing.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import { readAsBase64 } from "../files";
import type { PackageComparison, PackageOutcome } from "../bindings";
import { hrefOf } from "../route";
import { FileChooser, Failure, SectionDiffs } from "./common";

/** Chooses a .szpkg file and imports it; asks before replacing what differs here. */
export function PackageImport({
  title,
  hint,
  done,
}: {
  title: string;
  hint: string;
  done: (message: string) => Promise<void>;
}) {
  const [imported, setImported] = useState<PackageOutcome | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [ask, setAsk] = useState(false);
  const [comparison, setComparison] = useState<PackageComparison | null>(null);
  const load = async (replace: boolean) => {
    if (!file) return;
    setProblem(null);
    let content = "";
    try {
      content = await readAsBase64(file, "package");
      const outcome = await api.importPackage(file.name, content, replace);
      setAsk(false);
      setComparison(null);
      setImported(outcome);
      await done(outcome.message);
    } catch (error) {
      const message = messageOf(error);
      setProblem(message);
      const asking = message.includes("选择“替换”导入");
      setAsk(asking);
      // Show the difference before asking: this computer's text against the package's.
      setComparison(asking && content ? await api.comparePackage(file.name, content).catch(() => null) : null);
    }
  };
  return (
    <div class="section" data-testid="package-import">
      <h2>{title}</h2>
      <p class="subtle">{hint}</p>
      <div class="inline-inputs">
        <FileChooser
          accept=".szpkg"
          testid="package-file"
          onFile={(chosen) => {
            setFile(chosen);
            setImported(null);
            setProblem(null);
            setAsk(false);
            setComparison(null);
          }}
        />
        <button class="primary" data-testid="package-import-button" disabled={!file} onClick={() => void load(false)}>
          导入
        </button>
        {ask && (
          <button class="danger" data-testid="package-replace" onClick={() => void load(true)}>
            已比较，替换导入
          </button>
        )}
      </div>
      {problem && <Failure message={problem} />}
      {imported && (
        <div class="next-step" data-testid="package-next-step">
          <p>{imported.next_step}</p>
          {imported.report_id && (
            <a class="button-link primary-link" data-testid="open-imported-report" href={hrefOf({ view: "report", reportId: imported.report_id })}>
              打开导入的述职报告
            </a>
          )}
        </div>
      )}
      {comparison && (
        <div class="comparison" data-testid="package-comparison">
          <header>
            <h3>本机与包中的不同</h3>
            <span class="subtle">
              <del>本机有、包中没有的文字</del> <ins>包中新增的文字</ins>
            </span>
          </header>
          {comparison.list_changes.map((line) => (
            <p class="warn-line" key={line}>
              {line}
            </p>
          ))}
          <SectionDiffs
            sections={comparison.sections.filter((s) => s.changed)}
            olderLabel="本机"
            newerLabel={comparison.kind === "return" ? "组织方的回执" : "交换包"}
          />
        </div>
      )}
    </div>
  );
}
