// Small pieces every view uses: waiting and failure notices, opening an exported file.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { SectionDifference } from "../bindings";
import { isSample } from "../workstation";

export function Loading() {
  return <p class="subtle loading">正在读取……</p>;
}

/** A failure from the core, shown as its Chinese message (which says what to do). */
export function Failure({ message }: { message: string }) {
  return (
    <div class="failure" role="alert">
      <strong>无法完成操作</strong>
      <p>{message}</p>
    </div>
  );
}

/** What the page says after an export: where the file was saved, or nothing when the person
 * cancelled the save dialog. */
export function savedAs(label: string, path: unknown): string | null {
  return typeof path === "string" && path ? `${label}：${path}` : null;
}

/** After an export (saved where the person said in the system's save dialog), as other
 * office programs do: open the file, open its folder, or save one more copy elsewhere (a
 * USB stick). */
export function OpenExported({ message }: { message: string | null }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  // The window says where it saved the file: "……：/home/…/文档/述职评议助手/x.pdf" (or C:\…).
  const path = message?.match(/：((?:\/|[A-Za-z]:\\).+\.(?:pdf|docx|xlsx|szpkg|json))$/)?.[1];
  if (!path) return null;
  const act = (action: () => Promise<unknown>) => {
    setProblem(null);
    setCopied(null);
    action().catch((error) => setProblem(messageOf(error)));
  };
  return (
    <div class="exported-actions" data-testid="exported-actions">
      <button class="open-exported" data-testid="open-exported" onClick={() => act(() => api.openExported(path))}>
        打开文件
      </button>
      <button data-testid="open-export-folder" onClick={() => act(() => api.openExportFolder(path))}>
        打开所在文件夹
      </button>
      <button
        data-testid="save-exported-as"
        onClick={() =>
          act(async () => {
            const where = await api.saveExportedAs(path);
            if (where) setCopied(`已另存到 ${where}`);
          })
        }
      >
        另存一份……
      </button>
      {copied && <span class="ok-line">{copied}</span>}
      {problem && <Failure message={problem} />}
    </div>
  );
}

/** Changed sections side by side: the older text with what was removed struck through, the
 * newer with what was added marked. */
export function SectionDiffs({
  sections,
  olderLabel,
  newerLabel,
}: {
  sections: SectionDifference[];
  olderLabel: string;
  newerLabel: string;
}) {
  return (
    <>
      {sections.map((section) => (
        <div class="section" key={section.title}>
          <h3>{section.title}</h3>
          <div class="diff-columns">
            <div>
              <h4>{olderLabel}</h4>
              <div class="body" data-testid="diff-older">
                {section.runs
                  .filter((run) => run.kind !== "added")
                  .map((run, index) =>
                    run.kind === "same" ? <span key={index}>{run.text}</span> : <del key={index}>{run.text}</del>,
                  )}
              </div>
            </div>
            <div>
              <h4>{newerLabel}</h4>
              <div class="body" data-testid="diff-newer">
                {section.runs
                  .filter((run) => run.kind !== "removed")
                  .map((run, index) =>
                    run.kind === "same" ? <span key={index}>{run.text}</span> : <ins key={index}>{run.text}</ins>,
                  )}
              </div>
            </div>
          </div>
        </div>
      ))}
    </>
  );
}

/**
 * Choosing a file, in Chinese: the browser's own file box says "Choose File / no file
 * selected" when the system is not set to Chinese. The real box lies invisibly over the
 * button, so a click (or a test's file) reaches it as before.
 */
export function FileChooser(props: {
  accept: string;
  testid: string;
  label?: string;
  onFile?: (file: File | null) => void;
  inputRef?: preact.RefObject<HTMLInputElement>;
}) {
  const [name, setName] = useState<string | null>(null);
  return (
    <label class="file-chooser">
      <span class="file-chooser-button">{props.label ?? "选择文件……"}</span>
      <span class="file-chooser-name" data-testid={`${props.testid}-name`}>
        {name ?? "尚未选择文件"}
      </span>
      <input
        ref={props.inputRef}
        type="file"
        accept={props.accept}
        data-testid={props.testid}
        onChange={(e) => {
          const input = e.target as HTMLInputElement;
          const file = input.files?.[0] ?? null;
          setName(file?.name ?? null);
          props.onFile?.(file);
          // Choosing the same file again (after correcting it) must count as a new choice.
          if (file && !props.inputRef) input.value = "";
        }}
      />
    </label>
  );
}

/** A date as `YYYY-MM-DD` from what a person types: 2024-6-30, 2024.6.30, 2024/6/30,
 * 2024年6月30日 or 20240630; anything else comes back as typed (the core then says what
 * is wrong with it). */
export function normalDate(text: string): string {
  const trimmed = text.trim();
  const parts =
    trimmed.match(/^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/) ?? trimmed.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (!parts) return trimmed;
  const [, year, month, day] = parts;
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/**
 * A date box a person can type into (the system's date box in this window only takes the
 * calendar, and shows today's date in grey when empty as if it were filled). The calendar
 * is still there, behind the small button.
 */
export function DateInput(props: { value: string; onChange: (value: string) => void; testid?: string; placeholder?: string }) {
  return (
    <span class="date-input">
      <input
        type="text"
        inputMode="numeric"
        data-testid={props.testid}
        value={props.value}
        placeholder={props.placeholder ?? "如 2024-06-30"}
        onInput={(e) => props.onChange((e.target as HTMLInputElement).value)}
        onBlur={(e) => props.onChange(normalDate((e.target as HTMLInputElement).value))}
      />
      <label class="date-calendar" title="从日历中选择">
        <span aria-hidden="true">日历</span>
        <input
          type="date"
          tabIndex={-1}
          aria-label="从日历中选择"
          value={/^\d{4}-\d{2}-\d{2}$/.test(props.value) ? props.value : ""}
          onInput={(e) => props.onChange((e.target as HTMLInputElement).value)}
        />
      </label>
    </span>
  );
}

/** The mark on every page of the bundled sample: it is not a real campaign. */
export function SampleBadge({ campaignId }: { campaignId: string }) {
  if (!isSample(campaignId)) return null;
  return (
    <span class="badge sample" title="内置的示例数据，不是真实的述职评议">
      示例
    </span>
  );
}
