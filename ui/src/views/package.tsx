// Packages between computers: importing a secretary's report package or the organizer's
// return package. The core checks every part first and says what differs before replacing.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import { readAsBase64 } from "../files";
import { operatorName } from "../operator";
import { Failure } from "./common";

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
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [ask, setAsk] = useState(false);
  const load = async (replace: boolean) => {
    if (!file) return;
    setProblem(null);
    try {
      const summary = await api.importPackage(file.name, await readAsBase64(file), replace, operatorName() || "本机");
      setAsk(false);
      await done(summary);
    } catch (error) {
      const message = messageOf(error);
      setProblem(message);
      setAsk(message.includes("选择“替换”导入"));
    }
  };
  return (
    <div class="section" data-testid="package-import">
      <h2>{title}</h2>
      <p class="subtle">{hint}</p>
      <div class="inline-inputs">
        <input
          type="file"
          accept=".szpkg"
          data-testid="package-file"
          onChange={(e) => {
            setFile((e.target as HTMLInputElement).files?.[0] ?? null);
            setProblem(null);
            setAsk(false);
          }}
        />
        <button class="primary" data-testid="package-import-button" disabled={!file} onClick={() => void load(false)}>
          导入
        </button>
        {ask && (
          <button class="danger" data-testid="package-replace" onClick={() => void load(true)}>
            已比较，以包中的内容为准
          </button>
        )}
      </div>
      {problem && <Failure message={problem} />}
    </div>
  );
}
