// The problems of a report as items: 问题 + 原因 + 措施 (责任人、完成时限). Each item is a
// record of the 问题/责任/整改清单; the core writes the report's problems and measures
// sections from them. Fields save when the cursor leaves them.
import { normalDate } from "./common";
import { confirmInPage } from "../confirm";
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { MeasureItem, ProblemItem } from "../bindings";
import { labelOf } from "../labels";

type Props = {
  secretaryId: string;
  items: ProblemItem[];
  editable: boolean;
  actor: () => string | null;
  onChanged: () => Promise<void>;
  /** Shows a failure, or (`null`) takes the last one away once an action went through. */
  onProblem: (message: string | null) => void;
  /** Saves what is being typed in the report, so that a change of items never races it. */
  saveFirst: () => Promise<void>;
};

export function ProblemItemsPanel(props: Props) {
  const [description, setDescription] = useState("");
  const [cause, setCause] = useState("");
  const run = async (action: () => Promise<unknown>) => {
    // A failure shown for an earlier try goes once she tries again.
    props.onProblem(null);
    try {
      await props.saveFirst();
      await action();
      await props.onChanged();
    } catch (error) {
      props.onProblem(messageOf(error));
    }
  };
  const add = () => {
    const actor = props.actor();
    if (!actor) return;
    // Nothing to confirm: the items never replace words she wrote in the report (the
    // editor offers that, keeping them as a revision).
    void run(async () => {
      await api.addProblem(props.secretaryId, { category: "", description, cause });
      setDescription("");
      setCause("");
    });
  };
  return (
    <div class="items" data-testid="problem-items">
      <h4>问题条目 <span class="subtle">（即问题清单、整改清单的记录）</span></h4>
      {props.items.length === 0 && (
        <p class="subtle">
          逐条填写问题、原因和整改措施，系统会据此写出本节和“下一步工作思路和措施”的正文，并形成问题清单和整改清单。
        </p>
      )}
      {props.items.map((item, index) => (
        <ProblemCard
          key={item.problem_id}
          item={item}
          index={index}
          editable={props.editable && item.source === "self_review"}
          run={run}
          actor={props.actor}
        />
      ))}
      {props.editable && (
        <div class="item-card new-item">
          <textarea
            data-testid="new-problem-description"
            placeholder="问题：具体表现，见人见事"
            value={description}
            onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)}
          />
          <textarea
            data-testid="new-problem-cause"
            placeholder="原因：从本人主观上找"
            value={cause}
            onInput={(e) => setCause((e.target as HTMLTextAreaElement).value)}
          />
          <button data-testid="add-problem" onClick={add}>
            ＋ 添加问题
          </button>
        </div>
      )}
    </div>
  );
}

function ProblemCard(props: {
  item: ProblemItem;
  index: number;
  editable: boolean;
  run: (action: () => Promise<unknown>) => Promise<void>;
  actor: () => string | null;
}) {
  const { item } = props;
  const [description, setDescription] = useState(item.description);
  const [cause, setCause] = useState(item.cause);
  const save = () => {
    if (description === item.description && cause === item.cause) return;
    const actor = props.actor();
    if (!actor) return;
    void props.run(() => api.updateProblem(item.problem_id, { category: item.category, description, cause }));
  };
  const remove = () => {
    const actor = props.actor();
    if (!actor) return;
    void confirmInPage(`删除第 ${props.index + 1} 个问题及其 ${item.measures.length} 条措施？`, "删除").then(
      (yes) => void (yes && props.run(() => api.deleteProblem(item.problem_id))),
    );
  };
  return (
    <div class="item-card" data-problem-id={item.problem_id}>
      <div class="item-head">
        <span class="strong">问题 {props.index + 1}</span>
        <span class="badge tone-neutral">{labelOf("problem_source", item.source)}</span>
        {props.editable && (
          <button class="link" onClick={remove}>
            删除
          </button>
        )}
      </div>
      {props.editable ? (
        <>
          <textarea value={description} onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)} onBlur={save} />
          <textarea
            value={cause}
            placeholder="原因"
            onInput={(e) => setCause((e.target as HTMLTextAreaElement).value)}
            onBlur={save}
          />
        </>
      ) : (
        <>
          <div>{item.description}</div>
          {item.cause && <div class="subtle">原因：{item.cause}</div>}
        </>
      )}
      <div class="measures">
        {item.measures.map((measure, index) => (
          <MeasureRow
            key={measure.rectification_id}
            measure={measure}
            index={index}
            editable={props.editable}
            run={props.run}
            actor={props.actor}
          />
        ))}
        {props.editable && <NewMeasure problemId={item.problem_id} run={props.run} actor={props.actor} />}
      </div>
    </div>
  );
}

function MeasureRow(props: {
  measure: MeasureItem;
  index: number;
  editable: boolean;
  run: (action: () => Promise<unknown>) => Promise<void>;
  actor: () => string | null;
}) {
  const { measure } = props;
  const [fields, setFields] = useState({
    measure: measure.measure,
    target: measure.target,
    owner: measure.owner,
    due: measure.due ?? "",
  });
  const save = (fields: { measure: string; target: string; owner: string; due: string }) => {
    const same =
      fields.measure === measure.measure &&
      fields.target === measure.target &&
      fields.owner === measure.owner &&
      fields.due === (measure.due ?? "");
    if (same) return;
    const actor = props.actor();
    if (!actor) return;
    void props.run(() => api.updateMeasure(measure.rectification_id, fields));
  };
  const remove = () => {
    const actor = props.actor();
    if (!actor) return;
    void confirmInPage("删除这条措施？", "删除").then(
      (yes) => void (yes && props.run(() => api.deleteMeasure(measure.rectification_id))),
    );
  };
  if (!props.editable) {
    return (
      <div class="measure-row read">
        措施 {props.index + 1}：{measure.measure}
        <span class="subtle">
          {" "}
          · 目标：{measure.target || "未写"} · 责任人：{measure.owner || "未写"} · 时限：{measure.due ?? "未定"}
        </span>
      </div>
    );
  }
  // A date is typed like any text (the system's date box here takes only its calendar)
  // and tidied to 2024-06-30 when the person leaves the box.
  const field = (key: keyof typeof fields, placeholder: string, type = "text") => (
    <input
      type="text"
      inputMode={type === "date" ? "numeric" : undefined}
      placeholder={type === "date" ? `${placeholder}，如 2024-06-30` : placeholder}
      value={fields[key]}
      onInput={(e) => setFields({ ...fields, [key]: (e.target as HTMLInputElement).value })}
      onBlur={(e) => {
        const typed = (e.target as HTMLInputElement).value;
        const next = type === "date" ? { ...fields, [key]: normalDate(typed) } : fields;
        setFields(next);
        save(next);
      }}
    />
  );
  return (
    <div class="measure-row">
      <span class="subtle">措施 {props.index + 1}</span>
      {field("measure", "整改措施")}
      {field("target", "整改目标（可衡量）")}
      {field("owner", "责任人")}
      {field("due", "完成时限", "date")}
      <button class="link" onClick={remove}>
        删除
      </button>
    </div>
  );
}

function NewMeasure(props: {
  problemId: string;
  run: (action: () => Promise<unknown>) => Promise<void>;
  actor: () => string | null;
}) {
  const empty = { measure: "", target: "", owner: "", due: "" };
  // What she typed before adding is kept on this computer until it is added: a reload
  // or a crash does not take it.
  const draftKey = `shuzhi.new-measure.${props.problemId}`;
  const [fields, setFieldsNow] = useState<typeof empty>(() => {
    try {
      return { ...empty, ...JSON.parse(localStorage.getItem(draftKey) ?? "{}") };
    } catch {
      return empty;
    }
  });
  const setFields = (next: typeof empty) => {
    setFieldsNow(next);
    try {
      if (Object.values(next).some((v) => v.trim() !== "")) localStorage.setItem(draftKey, JSON.stringify(next));
      else localStorage.removeItem(draftKey);
    } catch {
      // Storage unavailable: the form still works, only without the draft.
    }
  };
  const typed = Object.values(fields).some((v) => v.trim() !== "");
  const add = () => {
    const actor = props.actor();
    if (!actor) return;
    void props.run(async () => {
      await api.addMeasure(props.problemId, fields);
      setFields(empty);
    });
  };
  const field = (key: keyof typeof fields, placeholder: string, type = "text") => (
    <input
      type="text"
      inputMode={type === "date" ? "numeric" : undefined}
      placeholder={type === "date" ? `${placeholder}，如 2024-06-30` : placeholder}
      data-testid={`new-measure-${key}`}
      value={fields[key]}
      onInput={(e) => setFields({ ...fields, [key]: (e.target as HTMLInputElement).value })}
      onBlur={(e) =>
        type === "date" && setFields({ ...fields, [key]: normalDate((e.target as HTMLInputElement).value) })
      }
    />
  );
  return (
    <div class="measure-row new">
      <span class="subtle">新措施</span>
      {field("measure", "整改措施")}
      {field("target", "整改目标（可衡量）")}
      {field("owner", "责任人")}
      {field("due", "完成时限", "date")}
      <button data-testid="add-measure" onClick={add}>
        ＋ 添加措施
      </button>
      {typed && (
        <span class="subtle" data-testid="new-measure-unsaved">
          填好后点“＋ 添加措施”才记入整改清单
        </span>
      )}
    </div>
  );
}
