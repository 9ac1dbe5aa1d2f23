// Small pieces every view uses: waiting and failure notices, opening an exported file.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { SectionDifference } from "../bindings";

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

/** After an export: a button that opens the file in the system's viewer (to read or print). */
export function OpenExported({ message }: { message: string | null }) {
  const [problem, setProblem] = useState<string | null>(null);
  const path = message?.match(/：(\/.+\.(?:pdf|docx|xlsx))$/)?.[1];
  if (!path) return null;
  return (
    <>
      <button
        class="open-exported"
        data-testid="open-exported"
        onClick={() => {
          setProblem(null);
          api.openExported(path).catch((error) => setProblem(messageOf(error)));
        }}
      >
        用系统程序打开（可打印）
      </button>
      {problem && <Failure message={problem} />}
    </>
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
