// 佐证材料 in the editor: attach a file to a section or a problem item, see what is
// attached, preview images and PDFs, delete after asking. The core checks type and size.
import { confirmInPage } from "../confirm";
import { useEffect, useRef, useState } from "preact/hooks";
import { readAsBase64 } from "../files";
import { api, messageOf } from "../api";
import type { EvidenceContent, EvidenceView, ReportEditor } from "../bindings";
import { createPortal } from "preact/compat";
import { FileChooser } from "./common";

type Props = {
  editor: ReportEditor;
  actor: () => string | null;
  onChanged: () => Promise<void>;
  onProblem: (message: string) => void;
};

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function EvidencePanel(props: Props) {
  const { editor } = props;
  const [target, setTarget] = useState(editor.sections[0]?.focus_point_id ?? "");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<EvidenceContent | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const attach = async () => {
    const file = input.current?.files?.[0];
    if (!file) {
      props.onProblem("请先选择要附加的文件。");
      return;
    }
    const actor = props.actor();
    if (!actor) return;
    setBusy(true);
    try {
      const content = await readAsBase64(file, "evidence");
      const isProblem = target.startsWith("problem:");
      await api.attachEvidence(
        editor.report_id,
        {
          focus_point_id: isProblem ? null : target,
          problem_id: isProblem ? target.slice("problem:".length) : null,
        },
        file.name,
        content,
        description,
      );
      setDescription("");
      if (input.current) input.current.value = "";
      await props.onChanged();
    } catch (error) {
      props.onProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (item: EvidenceView) => {
    const actor = props.actor();
    if (!actor) return;
    if (!(await confirmInPage(`删除佐证材料“${item.file_name}”？`, "删除"))) return;
    try {
      await api.deleteEvidence(item.evidence_id);
      await props.onChanged();
    } catch (error) {
      props.onProblem(messageOf(error));
    }
  };

  const show = async (item: EvidenceView) => {
    try {
      setPreview(await api.evidenceContent(item.evidence_id));
    } catch (error) {
      props.onProblem(messageOf(error));
    }
  };

  return (
    <>
      <h2>佐证材料</h2>
      {editor.evidence.length === 0 ? (
        <p class="subtle">尚未附加。成绩中的数据最好附上会议记录、统计表或照片。</p>
      ) : (
        <ul class="evidence-list" data-testid="evidence-list">
          {editor.evidence.map((item) => (
            <li key={item.evidence_id} data-evidence-id={item.evidence_id}>
              <div>
                {item.preview !== "none" && item.has_content ? (
                  <button class="link file-name" onClick={() => void show(item)}>
                    {item.file_name}
                  </button>
                ) : (
                  <span class="file-name">{item.file_name}</span>
                )}
                <span class="subtle"> · {size(item.size_bytes)}</span>
                {editor.editable && (
                  <button class="link" onClick={() => void remove(item)}>
                    删除
                  </button>
                )}
              </div>
              <div class="subtle">
                支撑：{item.supports}
                {item.description && ` · ${item.description}`}
                {!item.has_content && " · 本机只有描述，无文件内容"}
              </div>
            </li>
          ))}
        </ul>
      )}
      {editor.editable && (
        <div class="attach-form">
          <select value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)} data-testid="evidence-target">
            {editor.sections.map((s) => (
              <option value={s.focus_point_id} key={s.focus_point_id}>
                {s.title}
              </option>
            ))}
            {editor.problem_items.map((p, i) => (
              <option value={`problem:${p.problem_id}`} key={p.problem_id}>
                问题 {i + 1}：{p.description.slice(0, 16)}
              </option>
            ))}
          </select>
          <FileChooser
            inputRef={input}
            testid="evidence-file"
            accept="image/*,.pdf,.ofd,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et"
          />
          <input
            type="text"
            placeholder="说明（可不填）"
            value={description}
            onInput={(e) => setDescription((e.target as HTMLInputElement).value)}
          />
          <button data-testid="attach-evidence" disabled={busy} onClick={() => void attach()}>
            {busy ? "正在附加……" : "附加文件"}
          </button>
          <p class="subtle">图片、PDF、OFD 或 Office / WPS 文档，每个不超过 20 MB。</p>
        </div>
      )}
      {preview && <Preview content={preview} close={() => setPreview(null)} />}
    </>
  );
}

/** The preview over the whole window: drawn into the page's body, so the narrow side
 * panel it was opened from (which scrolls on its own) cannot clip it. */
function Preview({ content, close }: { content: EvidenceContent; close: () => void }) {
  return createPortal(<PreviewBox content={content} close={close} />, document.body);
}

function PreviewBox({ content, close }: { content: EvidenceContent; close: () => void }) {
  return (
    <div class="overlay" role="dialog" aria-label={content.file_name} onClick={close}>
      <div class="overlay-box" onClick={(e) => e.stopPropagation()}>
        <header>
          <span class="strong">{content.file_name}</span>
          <button onClick={close}>关闭</button>
        </header>
        {content.media_type.startsWith("image/") ? (
          <img data-testid="preview-image" src={`data:${content.media_type};base64,${content.base64}`} alt={content.file_name} />
        ) : (
          <PdfPages base64={content.base64} />
        )}
      </div>
    </div>
  );
}

/** Renders the pages of a PDF with pdf.js (bundled; nothing is fetched). */
function PdfPages({ base64 }: { base64: string }) {
  const holder = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const pdfjs = await import("pdfjs-dist");
      pdfjs.GlobalWorkerOptions.workerSrc = new URL("pdfjs-dist/build/pdf.worker.min.mjs", import.meta.url).toString();
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const pdf = await pdfjs.getDocument({ data: bytes, isEvalSupported: false }).promise;
      for (let number = 1; number <= Math.min(pdf.numPages, 20) && !cancelled; number += 1) {
        const page = await pdf.getPage(number);
        const viewport = page.getViewport({ scale: 1.3 });
        const canvas = document.createElement("canvas");
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        canvas.dataset.testid = "preview-page";
        holder.current?.appendChild(canvas);
        await page.render({ canvas, viewport }).promise;
      }
    })().catch((error) => setProblem(`无法显示该 PDF：${error instanceof Error ? error.message : String(error)}`));
    return () => {
      cancelled = true;
    };
  }, [base64]);
  return (
    <div class="pdf-pages" ref={holder}>
      {problem && <p class="failure">{problem}</p>}
    </div>
  );
}
