// The guided report editor: one box per 述职重点 with its guidance, the reviewers'
// comments beside the text, live checks from the core, autosave within a second of
// the last keystroke, revisions and their comparison, submission and the review.
// Every save names the version of the text it was written from; when the core answers
// that the section was changed elsewhere (another window or tab), the other text has
// been kept as a revision and is shown here beside the section, to compare or take.
import { confirmInPage } from "../confirm";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type {
  CheckReport,
  EditorSection,
  Finding,
  ReportEditor,
  ReviewCommentInput,
  RevisionComparison,
  SectionConflict,
} from "../bindings";
import { chineseDate, statusTone } from "../format";
import { labelOf } from "../labels";
import { operatorName, operatorSaved, setOperatorName } from "../operator";
import { onSecretaryComputer, workstationNow } from "../workstation";
import { hrefOf } from "../route";
import { Failure, Loading, OpenExported, SectionDiffs, savedAs } from "./common";
import { EvidencePanel } from "./evidence";
import { ProblemItemsPanel } from "./problems";

/** Milliseconds after the last keystroke before a section is saved. */
const SAVE_DELAY = 600;
/** While typing goes on without a pause, a save still happens at least this often. */
const SAVE_MAX_WAIT = 1500;
/** Milliseconds after the last keystroke before the checks run again. */
const CHECK_DELAY = 300;

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "failed"; message: string };

export function EditorView({ reportId }: { reportId: string }) {
  const [editor, setEditor] = useState<ReportEditor | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // What the last action did; kept here because the editor below starts afresh after each action.
  const [notice, setNotice] = useState<string | null>(null);
  const reload = async (done?: string) => {
    try {
      setEditor(await api.reportEditor(reportId));
      setFailure(null);
      setNotice(done ?? null);
    } catch (error) {
      setFailure(messageOf(error));
    }
  };
  useEffect(() => {
    setEditor(null);
    reload();
  }, [reportId]);
  if (failure && !editor) {
    return (
      <section>
        <a class="back" href="#/">← 返回总览</a>
        <Failure message={failure} />
      </section>
    );
  }
  if (!editor) return <Loading />;
  return (
    <Editor
      key={`${editor.report_id}-${editor.status}-${editor.revisions.length}-${editor.history.length}`}
      editor={editor}
      notice={notice}
      reload={reload}
    />
  );
}

function Editor(props: { editor: ReportEditor; notice: string | null; reload: (done?: string) => Promise<void> }) {
  const { editor, reload } = props;
  const [bodies, setBodies] = useState<Record<string, string>>(() =>
    Object.fromEntries(editor.sections.map((s) => [s.focus_point_id, s.body])),
  );
  const [check, setCheck] = useState<CheckReport>(editor.check);
  const [saveState, setSaveState] = useState<SaveState>({ kind: "idle" });
  const [problem, setProblem] = useState<string | null>(null);
  const [operator, setOperator] = useState(operatorName());
  const [comparison, setComparison] = useState<RevisionComparison | null>(null);
  // Sections whose last save found them changed elsewhere, with the other text.
  const [conflicts, setConflicts] = useState<Record<string, SectionConflict>>({});

  // The latest texts and the sections waiting to be saved, outside render, so timers see them.
  const latest = useRef(bodies);
  // The version of each section's text as stored, which the next save of it is based on:
  // the one loaded, then the one each save answers with.
  const bases = useRef<Record<string, string>>(
    Object.fromEntries(editor.sections.map((s) => [s.focus_point_id, s.version])),
  );
  const dirty = useRef(new Set<string>());
  const saveTimer = useRef<number | undefined>(undefined);
  const maxWaitTimer = useRef<number | undefined>(undefined);
  const checkTimer = useRef<number | undefined>(undefined);
  const saving = useRef<Promise<void>>(Promise.resolve());

  const flush = (): Promise<void> => {
    window.clearTimeout(saveTimer.current);
    window.clearTimeout(maxWaitTimer.current);
    maxWaitTimer.current = undefined;
    const waiting = [...dirty.current];
    dirty.current.clear();
    if (waiting.length === 0) return saving.current;
    setSaveState({ kind: "saving" });
    // Saves run one after another, in the order they were typed.
    saving.current = saving.current.then(async () => {
      try {
        let at = "";
        for (const id of waiting) {
          const saved = await api.saveSection(editor.report_id, id, bases.current[id] ?? "", latest.current[id] ?? "");
          bases.current[id] = saved.version;
          at = saved.saved_at;
          const conflict = saved.conflict;
          if (conflict) setConflicts((shown) => ({ ...shown, [id]: conflict }));
        }
        setSaveState({ kind: "saved", at });
      } catch (error) {
        waiting.forEach((id) => dirty.current.add(id));
        setSaveState({ kind: "failed", message: messageOf(error) });
      }
    });
    return saving.current;
  };

  const runChecks = () => {
    const sections = Object.entries(latest.current).map(([focus_point_id, body]) => ({ focus_point_id, body }));
    api.checkDraft(editor.report_id, sections).then(setCheck, (error) => setProblem(messageOf(error)));
  };

  const onType = (focusPointId: string, value: string) => {
    latest.current = { ...latest.current, [focusPointId]: value };
    setBodies(latest.current);
    dirty.current.add(focusPointId);
    window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(flush, SAVE_DELAY);
    if (maxWaitTimer.current === undefined) {
      maxWaitTimer.current = window.setTimeout(flush, SAVE_MAX_WAIT);
    }
    window.clearTimeout(checkTimer.current);
    checkTimer.current = window.setTimeout(runChecks, CHECK_DELAY);
  };

  // After the problem items change, the core has rewritten the generated sections.
  useEffect(() => {
    const generated = editor.sections.filter((s) => s.generated);
    if (generated.length > 0) {
      latest.current = { ...latest.current, ...Object.fromEntries(generated.map((s) => [s.focus_point_id, s.body])) };
      generated.forEach((s) => (bases.current[s.focus_point_id] = s.version));
      setBodies(latest.current);
    }
    setCheck(editor.check);
  }, [editor]);

  // Leaving the editor (another page, closing the window) saves what is pending.
  useEffect(() => {
    const onLeave = () => void flush();
    window.addEventListener("beforeunload", onLeave);
    window.addEventListener("hashchange", onLeave);
    return () => {
      window.removeEventListener("beforeunload", onLeave);
      window.removeEventListener("hashchange", onLeave);
      void flush();
    };
  }, []);

  const requireOperator = (): string | null => {
    const name = operator.trim();
    if (!name) {
      setProblem("请先在右侧填写您的姓名，系统会把它记入审核日志。");
      return null;
    }
    setOperatorName(name);
    return name;
  };

  /** Saves what is pending, runs an action, reloads; `done` (or the action's own text) is shown. */
  const act = async (what: () => Promise<unknown>, done?: string) => {
    setProblem(null);
    try {
      await flush();
      await operatorSaved();
      const result = await what();
      await reload(done ?? (typeof result === "string" ? result : undefined));
    } catch (error) {
      setProblem(messageOf(error));
    }
  };

  const errors = check.findings.filter((f) => f.severity === "error").length;
  const submit = () => {
    const name = requireOperator();
    if (!name) return;
    // On her own computer nothing has left it yet: the next step is the package.
    const submitted = onSecretaryComputer()
      ? "已在本机提交审核，报告还在这台电脑上：请点右侧“导出交换包”，把文件（U 盘或内部邮件）交给组织方，由组织方导入审核。"
      : "已提交审核。";
    const go = () => void act(() => api.submitReport(editor.report_id), submitted);
    if (errors === 0) return go();
    void confirmInPage(`检查发现 ${errors} 个错误，审核时很可能被退回。仍要提交吗？`, "仍要提交").then((yes) => yes && go());
  };
  const saveRevision = () => {
    const name = requireOperator();
    if (!name) return;
    void act(() => api.saveRevision(editor.report_id, "手动保存"), "已另存为新版本。");
  };
  /** Takes the text saved elsewhere for a section; the text here is kept as a revision first. */
  const takeOtherText = (focusPointId: string, conflict: SectionConflict) => {
    const name = requireOperator();
    if (!name) return;
    void act(async () => {
      await api.saveRevision(editor.report_id, "改用另一处的文字前的正文");
      await api.saveSection(editor.report_id, focusPointId, bases.current[focusPointId] ?? "", conflict.other_text);
    }, "已改用另一处的文字；这里原来的文字已另存为一个版本，可在“版本”中比较。");
  };

  return (
    <section class="editor">
      <a class="back" href={hrefOf({ view: "secretary", secretaryId: editor.secretary_id })}>
        {/* On her own computer the page is hers, not "details of" someone. */}
        {onSecretaryComputer() ? "← 返回我的详情（报告、点评与整改）" : `← 返回 ${editor.secretary_name} 的详情`}
      </a>
      <div class="page-head">
        <div>
          <h1 data-testid="editor-heading">
            {editor.secretary_name}的述职报告
            <span class="heading-note">{editor.organization_name}</span>
          </h1>
          <p class="subtle">{editor.campaign_title}</p>
        </div>
        <div class="head-status">
          <span class={`badge big ${statusTone(editor.status)}`} data-testid="editor-status">
            {editor.status_text}
          </span>
          <div class="subtle" data-testid="totals">
            全文 {check.total_chars}/{editor.report_char_budget} 字 · 预计述职 {minutes(check.total_speaking_seconds)}
            （限 {editor.speaking_minutes} 分钟）
          </div>
          <SaveStatus state={saveState} editable={editor.editable} />
        </div>
      </div>
      {/* Stays in view while the page scrolls: a message about the 添加问题 at the bottom
          of the report must not appear only at the top, out of sight. */}
      <div class="notice-bar">
        {props.notice && (
          <p class="notice" data-testid="notice">
            {props.notice}
          </p>
        )}
        <OpenExported message={props.notice} />
        {problem && (
          <div class="problem-row">
            <Failure message={problem} />
            <button class="link dismiss" aria-label="关闭提示" onClick={() => setProblem(null)}>
              ×
            </button>
          </div>
        )}
      </div>
      {workstationNow()?.role === "organizer" && (editor.status === "returned" || editor.status === "approved") && (
        <ReturnToSecretary editor={editor} />
      )}
      {!editor.editable && (
        <p class="notice" data-testid="locked">
          {workstationNow()?.role === "organizer"
            ? "这是书记本人的报告：只能在她的电脑上修改和提交，本机只审核。"
            : editor.status === "approved"
              ? "报告已审核通过，不能再修改。"
              : `报告${editor.status_text}，暂时不能修改；审核人退回后即可修改。`}
        </p>
      )}
      {comparison && <ComparisonPanel comparison={comparison} close={() => setComparison(null)} />}
      <div class="columns">
        <div class="report">
          {editor.sections.map((section, index) => (
            <SectionBox
              key={section.focus_point_id}
              section={section}
              body={bodies[section.focus_point_id] ?? ""}
              figures={check.sections[index]}
              findings={check.findings.filter((f) => f.section === section.title)}
              editable={editor.editable && !section.generated}
              onLockedPaste={
                editor.editable && section.generated && section.role === "problems"
                  ? async (text) => {
                      const actor = requireOperator();
                      if (!actor) throw new Error("请先在页面右上角填写您的姓名。");
                      await flush();
                      const ids = await api.addProblemsFromText(editor.secretary_id, text);
                      await reload(`粘贴的文字已按条添加为 ${ids.length} 个问题条目，本节正文随之重写。请在下方补上每个问题的原因和整改措施。`);
                    }
                  : undefined
              }
              onType={(value) => onType(section.focus_point_id, value)}
              onBlur={() => void flush()}
              conflict={conflicts[section.focus_point_id]}
              onTakeOther={(conflict) => takeOtherText(section.focus_point_id, conflict)}
              onDismissConflict={() =>
                setConflicts((shown) => {
                  const { [section.focus_point_id]: _, ...rest } = shown;
                  return rest;
                })
              }
              onRewriteFromItems={
                editor.editable && section.differs_from_items
                  ? () => {
                      const actor = requireOperator();
                      if (!actor) return;
                      void flush()
                        .then(() => api.rewriteSectionsFromItems(editor.report_id))
                        .then(
                          () => reload("已按问题条目重写第二、三部分；原来的文字已另存为一个版本，可在“版本”中查看和恢复。"),
                          (error) => setProblem(messageOf(error)),
                        );
                    }
                  : undefined
              }
            >
              {section.role === "problems" && (
                <ProblemItemsPanel
                  secretaryId={editor.secretary_id}
                  items={editor.problem_items}
                  editable={editor.editable}
                  actor={requireOperator}
                  onChanged={() => reload()}
                  onProblem={setProblem}
                  saveFirst={flush}
                />
              )}
              {section.role === "measures" && <ProblemsAndMeasures check={check} sections={editor.sections} />}
            </SectionBox>
          ))}
        </div>
        <aside class="side sticky">
          <label class="field">
            您的姓名
            <input
              data-testid="operator"
              value={operator}
              placeholder="提交和审核时记入日志"
              onInput={(e) => setOperator((e.target as HTMLInputElement).value)}
              onBlur={() => operator.trim() && setOperatorName(operator)}
            />
          </label>
          <div class="actions">
            {editor.editable && (
              <>
                <button class="primary" data-testid="submit" onClick={submit}>
                  提交审核
                </button>
                <button onClick={saveRevision}>另存为版本</button>
              </>
            )}
            <button
              data-testid="export-pdf"
              onClick={() => void act(async () => savedAs("已导出 PDF", await api.exportReportPdf(editor.report_id)))}
            >
              导出 PDF
            </button>
            <button
              data-testid="export-docx"
              onClick={() => void act(async () => savedAs("已导出 Word", await api.exportReportDocx(editor.report_id)))}
            >
              导出 Word
            </button>
            {/* The report package goes from her computer to the organizer's; the organizer
                sends a return package (offered above after a decision) instead. */}
            {workstationNow()?.role !== "organizer" && (
              <button
                data-testid="export-package"
                title="交换包含报告、各版本和佐证材料，交给组织方导入"
                onClick={() => void act(async () => savedAs("已导出交换包", await api.exportReportPackage(editor.report_id)))}
              >
                导出交换包
              </button>
            )}
          </div>
          {editor.status === "submitted" && !onSecretaryComputer() && (
            <ReviewPanel
              editor={editor}
              reviewer={operator}
              onDecide={(decision, comments) => {
                const name = requireOperator();
                if (!name) return;
                const last = editor.review_level + 1 >= editor.review_levels.length;
                void act(
                  () => api.reviewReport(editor.report_id, { decision, reviewer: name, comments, level: editor.review_level }),
                  decision === "returned"
                    ? `已退回修改。下一步：导出回执包交给${editor.secretary_name}，她导入后才能看到意见并修改。`
                    : last
                      ? `已记录：审核通过。下一步：导出回执包交给${editor.secretary_name}，她的电脑上才会显示“审核通过”。`
                      : "已记录：通过，转下一级审核。",
                );
              }}
            />
          )}
          <Findings findings={check.findings} sections={editor.sections} />
          <EvidencePanel editor={editor} actor={requireOperator} onChanged={() => reload()} onProblem={setProblem} />
          <Revisions
            editor={editor}
            onCompare={async (older, newer) => {
              try {
                setComparison(await api.compareRevisions(older, newer));
              } catch (error) {
                setProblem(messageOf(error));
              }
            }}
          />
          <h2>审核记录</h2>
          {editor.history.length === 0 ? (
            <p class="subtle">尚未提交。</p>
          ) : (
            <ol class="timeline" data-testid="history">
              {editor.history.map((step, index) => (
                <li key={index}>
                  <div class="strong">{step.what}</div>
                  <div class="subtle">
                    {step.actor} · {chineseDate(step.at)}
                  </div>
                  {step.general_comments.map((comment, i) => (
                    <p class="comment" key={i}>
                      {comment}
                    </p>
                  ))}
                </li>
              ))}
            </ol>
          )}
        </aside>
      </div>
    </section>
  );
}

function minutes(seconds: number): string {
  return `${Math.floor(seconds / 60)} 分 ${seconds % 60} 秒`;
}

function SaveStatus({ state, editable }: { state: SaveState; editable: boolean }) {
  if (!editable) return null;
  const text =
    state.kind === "idle"
      ? "修改会自动保存"
      : state.kind === "saving"
        ? "正在保存……"
        : state.kind === "saved"
          ? `已自动保存 ${state.at.slice(11, 19)}`
          : `保存失败：${state.message}`;
  return (
    <div class={`save-state ${state.kind}`} data-testid="save-state" data-state={state.kind}>
      {text}
    </div>
  );
}

function SectionBox(props: {
  children?: preact.ComponentChildren;
  section: EditorSection;
  body: string;
  figures: CheckReport["sections"][number] | undefined;
  findings: Finding[];
  editable: boolean;
  onType: (value: string) => void;
  onBlur: () => void;
  onRewriteFromItems?: () => void;
  /** For a section written from the items: turns a paste into items instead of dropping it. */
  onLockedPaste?: (text: string) => Promise<void>;
  conflict?: SectionConflict;
  onTakeOther: (conflict: SectionConflict) => void;
  onDismissConflict: () => void;
}) {
  const { section, figures } = props;
  const area = useRef<HTMLTextAreaElement>(null);
  // A paste into a section written from the items, kept until she says what to do with it.
  const [held, setHeld] = useState<string | null>(null);
  const [heldProblem, setHeldProblem] = useState<string | null>(null);
  const [typedHere, setTypedHere] = useState(false);
  // The box grows with its text so the whole report reads as one page.
  useEffect(() => {
    const element = area.current;
    if (element) {
      element.style.height = "auto";
      element.style.height = `${element.scrollHeight + 4}px`;
    }
  }, [props.body]);
  const over = figures !== undefined && figures.char_budget > 0 && figures.chars > figures.char_budget;
  return (
    <article class="section" id={`section-${section.focus_point_id}`}>
      <header>
        <h3>{section.title}</h3>
        <span class={over ? "count over" : "count"} data-testid={`count-${section.focus_point_id}`}>
          {figures ? `${figures.chars}/${figures.char_budget} 字 · 约 ${minutes(figures.speaking_seconds)}` : ""}
        </span>
      </header>
      <p class="guidance">{section.guidance}</p>
      {section.comments.map((comment, index) => (
        <div class="review-comment" key={index}>
          <span class="strong">
            {comment.level_name} · {comment.reviewer}
          </span>
          <span class="subtle"> {chineseDate(comment.at)}</span>
          <div>{comment.text}</div>
        </div>
      ))}
      {props.onRewriteFromItems && (
        <div class="generated-note" data-testid="own-text-kept">
          已有问题条目，但本节是您自己写的文字，添加或修改条目没有改动它。问题清单和整改清单以条目为准；
          需要本节与条目一致时，请点
          <button data-testid="rewrite-from-items" onClick={props.onRewriteFromItems}>
            按问题条目重写第二、三部分
          </button>
          （您现在的文字会先另存为一个版本）。
        </div>
      )}
      {section.generated && (
        <p class="generated-note">
          {section.role === "problems"
            ? "本节正文由下方问题条目自动生成。"
            : "本节正文由“问题条目”中的整改措施自动生成。"}
        </p>
      )}
      {props.conflict && (
        <div class="section-conflict notice" data-testid="section-conflict" role="alert">
          <p>{props.conflict.message}</p>
          <details>
            <summary>查看另一处的文字（第 {props.conflict.revision_number} 版）</summary>
            <p class="other-text" style={{ whiteSpace: "pre-wrap" }}>
              {props.conflict.other_text}
            </p>
          </details>
          <div class="actions">
            <button data-testid="take-other-text" onClick={() => props.conflict && props.onTakeOther(props.conflict)}>
              改用另一处的文字
            </button>
            <button class="link" onClick={props.onDismissConflict}>
              保留这里的文字
            </button>
          </div>
        </div>
      )}
      <textarea
        ref={area}
        data-focus-point={section.focus_point_id}
        value={props.body}
        readOnly={!props.editable}
        placeholder={props.editable ? "在此输入本节内容……" : ""}
        onInput={(e) => props.onType((e.target as HTMLTextAreaElement).value)}
        onBlur={props.onBlur}
        onPaste={(e) => {
          if (props.editable || !props.onLockedPaste) return;
          const text = e.clipboardData?.getData("text/plain") ?? "";
          if (!text.trim()) return;
          e.preventDefault();
          setHeld(text);
          setHeldProblem(null);
        }}
        onKeyDown={(e) => {
          if (!props.editable && props.onLockedPaste && e.key.length === 1 && !e.ctrlKey && !e.metaKey) setTypedHere(true);
        }}
      />
      {typedHere && !held && (
        <p class="notice" data-testid="locked-section-typed">
          本节由下方问题条目自动生成，不能直接输入：请在下方“问题条目”中添加或修改；也可以把写好的文字粘贴到本节，程序会按条变成问题条目。
        </p>
      )}
      {held !== null && props.onLockedPaste && (
        <div class="next-step held-paste" data-testid="held-paste">
          <p>
            本节正文由下方问题条目自动生成，不能直接粘贴。您粘贴的文字没有丢，在这里（可修改）：
          </p>
          <textarea
            data-testid="held-paste-text"
            value={held}
            onInput={(e) => setHeld((e.target as HTMLTextAreaElement).value)}
          />
          <div class="actions">
            <button
              class="primary"
              data-testid="held-paste-to-items"
              onClick={() => {
                const onPaste = props.onLockedPaste;
                if (!onPaste || held === null) return;
                onPaste(held).then(
                  () => setHeld(null),
                  (error) => setHeldProblem(messageOf(error)),
                );
              }}
            >
              按条添加为问题条目
            </button>
            <button class="link" data-testid="held-paste-drop" onClick={() => setHeld(null)}>
              不要这段文字
            </button>
          </div>
          {heldProblem && <Failure message={heldProblem} />}
        </div>
      )}
      {props.children}
      {props.findings.length > 0 && (
        <ul class="inline-findings">
          {props.findings.map((finding, index) => (
            <li key={index} class={finding.severity}>
              {finding.message}
              {finding.quote && props.body.includes(finding.quote) && (
                <button
                  class="link"
                  data-testid="select-quote"
                  onClick={() => {
                    const element = area.current;
                    if (!element || !finding.quote) return;
                    const at = quoteIn(element.value, finding.quote, finding.quote_at);
                    element.focus();
                    element.setSelectionRange(at, at + finding.quote.length);
                  }}
                >
                  {" "}选中原句
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

/**
 * Selects a quoted sentence in its section's box and brings it into view; a quote that is
 * not in the text (a 点评 point, last year's item) brings the section into view.
 */
function locate(sections: EditorSection[], sectionTitle: string | null, quote: string, quoteAt: number | null = null) {
  const candidates = sections.filter((s) => sectionTitle === null || s.title === sectionTitle);
  for (const section of [...candidates, ...sections]) {
    const area = document.querySelector<HTMLTextAreaElement>(`textarea[data-focus-point="${section.focus_point_id}"]`);
    if (!area) continue;
    const at = quoteIn(area.value, quote, section.title === sectionTitle ? quoteAt : null);
    if (at < 0) continue;
    area.focus({ preventScroll: true });
    area.setSelectionRange(at, at + quote.length);
    // The box grows with its text, so the page scrolls, not the box: to where the quote stands.
    const top = area.getBoundingClientRect().top + window.scrollY;
    const share = area.value.length > 0 ? at / area.value.length : 0;
    window.scrollTo({ top: Math.max(0, top + share * area.scrollHeight - 160) });
    return;
  }
  const section = sections.find((s) => s.title === sectionTitle);
  if (section) document.getElementById(`section-${section.focus_point_id}`)?.scrollIntoView({ block: "start" });
}

/**
 * Where a quote stands in a text: at the place the check gave when it is still there (the
 * same sentence may stand twice), else its first occurrence; -1 when it is not there.
 */
function quoteIn(text: string, quote: string, at: number | null): number {
  if (at !== null && text.substring(at, at + quote.length) === quote) return at;
  return text.indexOf(quote);
}

/** A quoted sentence that selects itself in the report when clicked. */
function Quote(props: { sections: EditorSection[]; section: string | null; quote: string; at?: number | null }) {
  return (
    <button
      class="link quote"
      data-testid="finding-quote"
      data-quote={props.quote}
      title="在报告中选中这句"
      onClick={() => locate(props.sections, props.section, props.quote, props.at ?? null)}
    >
      “{props.quote.length > 60 ? `${props.quote.slice(0, 60)}……` : props.quote}”
    </button>
  );
}

function Findings({ findings, sections }: { findings: Finding[]; sections: EditorSection[] }) {
  return (
    <>
      <h2>检查结果</h2>
      {findings.length === 0 ? (
        <p class="ok-line" data-testid="no-findings">
          未发现问题。
        </p>
      ) : (
        <ul class="findings" data-testid="findings">
          {findings.map((finding, index) => (
            <li key={index} class={finding.severity} data-rule={finding.rule}>
              <span class={`badge ${finding.severity === "error" ? "tone-error" : "tone-warn"}`}>
                {labelOf("severity", finding.severity)}
              </span>
              {finding.section && <span class="subtle"> {finding.section}</span>}
              {finding.quote && (
                <Quote sections={sections} section={finding.section} quote={finding.quote} at={finding.quote_at} />
              )}
              <div>{finding.message}</div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Each problem of the text with the measures that answer it, and the measures that answer none. */
function ProblemsAndMeasures({ check, sections }: { check: CheckReport; sections: EditorSection[] }) {
  if (check.answers.length === 0) return null;
  const problems = sections.find((s) => s.role === "problems")?.title ?? null;
  const measures = sections.find((s) => s.role === "measures")?.title ?? null;
  return (
    <>
      <h4>问题与措施对应</h4>
      <p class="subtle">
        每个问题下是回应它的措施：问题由“问题条目”生成时按条目记录，否则按文字比对。点一句即在报告中选中它。
      </p>
      <ul class="answers" data-testid="problems-and-measures">
        {check.answers.map((pair, index) => (
          <li key={index} data-answered={pair.problem !== null && pair.measures.length > 0 ? "yes" : "no"}>
            {pair.problem !== null ? (
              <>
                <span class="badge">问题</span>
                <Quote sections={sections} section={problems} quote={pair.problem} />
              </>
            ) : (
              <span class="strong">不对应任何问题的措施：</span>
            )}
            {pair.problem !== null && pair.measures.length === 0 && <div class="missing">没有对应的措施</div>}
            <ul>
              {pair.measures.map((measure, m) => (
                <li key={m}>
                  <span class="subtle">回应它的措施</span>
                  <Quote sections={sections} section={measures} quote={measure} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}

function ReviewPanel(props: {
  editor: ReportEditor;
  reviewer: string;
  onDecide: (decision: "passed" | "returned", comments: ReviewCommentInput[]) => void;
}) {
  const [comments, setComments] = useState<ReviewCommentInput[]>([]);
  const [target, setTarget] = useState<string>("");
  const [text, setText] = useState("");
  const level = props.editor.review_levels[props.editor.review_level] ?? "审核";
  const titleOf = (id: string | null) =>
    props.editor.sections.find((s) => s.focus_point_id === id)?.title ?? "全文";
  const add = () => {
    if (!text.trim()) return;
    setComments([...comments, { focus_point_id: target === "" ? null : target, text: text.trim() }]);
    setText("");
  };
  // A comment typed but not yet added goes with the decision: the reviewer wrote it for this one.
  const decide = (decision: "passed" | "returned") => {
    const typed = text.trim() ? [{ focus_point_id: target === "" ? null : target, text: text.trim() }] : [];
    props.onDecide(decision, [...comments, ...typed]);
  };
  return (
    <div class="review-panel" data-testid="review-panel">
      <h2>审核：{level}</h2>
      <label class="field">
        意见针对
        <select value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)} data-testid="comment-target">
          <option value="">全文</option>
          {props.editor.sections.map((s) => (
            <option value={s.focus_point_id} key={s.focus_point_id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <textarea
        class="comment-box"
        data-testid="comment-text"
        value={text}
        placeholder="写下需要修改的地方……"
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <button onClick={add} data-testid="add-comment">
        添加意见
      </button>
      {comments.length > 0 && (
        <ul class="pending-comments">
          {comments.map((comment, index) => (
            <li key={index}>
              <span class="subtle">{titleOf(comment.focus_point_id)}：</span>
              {comment.text}
              <button class="link" onClick={() => setComments(comments.filter((_, i) => i !== index))}>
                删除
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button class="primary" data-testid="pass" onClick={() => decide("passed")}>
          {labelOf("approval_decision", "passed")}
        </button>
        <button class="danger" data-testid="return" onClick={() => decide("returned")}>
          {labelOf("approval_decision", "returned")}
        </button>
      </div>
    </div>
  );
}

function Revisions(props: { editor: ReportEditor; onCompare: (older: string, newer: string) => void }) {
  const revisions = props.editor.revisions;
  const [older, setOlder] = useState(revisions.length >= 2 ? revisions[revisions.length - 2].revision_id : "");
  const [newer, setNewer] = useState(revisions.length >= 1 ? revisions[revisions.length - 1].revision_id : "");
  if (revisions.length === 0) return null;
  const options = revisions.map((r) => (
    <option value={r.revision_id} key={r.revision_id}>
      第 {r.number} 版 · {r.note} · {chineseDate(r.created_at)}
    </option>
  ));
  return (
    <>
      <h2>版本</h2>
      {revisions.length < 2 ? (
        <p class="subtle">已有 1 个版本；再保存一个版本后即可比较。</p>
      ) : (
        <div class="compare-form">
          <select value={older} onChange={(e) => setOlder((e.target as HTMLSelectElement).value)}>
            {options}
          </select>
          <select value={newer} onChange={(e) => setNewer((e.target as HTMLSelectElement).value)}>
            {options}
          </select>
          <button data-testid="compare" onClick={() => props.onCompare(older, newer)}>
            比较这两个版本
          </button>
        </div>
      )}
    </>
  );
}

function ComparisonPanel({ comparison, close }: { comparison: RevisionComparison; close: () => void }) {
  const changed = comparison.sections.filter((s) => s.changed);
  return (
    <div class="comparison" data-testid="comparison">
      <header>
        <h2>
          第 {comparison.older.number} 版 → 第 {comparison.newer.number} 版
        </h2>
        <span class="subtle">
          <del>删去的文字</del> <ins>新增的文字</ins>
        </span>
        <button onClick={close}>关闭比较</button>
      </header>
      {changed.length === 0 && <p>两个版本内容相同。</p>}
      <SectionDiffs
        sections={changed}
        olderLabel={`第 ${comparison.older.number} 版`}
        newerLabel={`第 ${comparison.newer.number} 版`}
      />
    </div>
  );
}

/** On the organizer's computer, after a report was returned or approved: the secretary
 * sees it only once she imports the return package, which is offered here. */
function ReturnToSecretary({ editor }: { editor: ReportEditor }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const send = async () => {
    setProblem(null);
    try {
      setSaved(savedAs("已导出回执包", await api.exportReturnPackage(editor.secretary_id)));
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <div class="next-step" data-testid="return-next-step">
      <p>
        {editor.status === "returned" ? "报告已退回修改" : "报告已审核通过"}：{editor.secretary_name}
        的电脑上要导入回执包才会看到。导出后用 U 盘或内部邮件交给她。
      </p>
      <button class="primary" data-testid="export-return-here" onClick={() => void send()}>
        导出回执包（交给{editor.secretary_name}）
      </button>
      {saved && (
        <span class="ok-line" data-testid="return-exported">
          {saved}
        </span>
      )}
      <OpenExported message={saved} />
      {problem && <Failure message={problem} />}
    </div>
  );
}
