// 一述一评: the superior's 点评 on each secretary, and problems made from them.
import { useRef, useState } from "preact/hooks";
import { confirmInPage } from "../../confirm";
import { api } from "../../api";
import type { AgendaItem } from "../../bindings";
import { labelOf } from "../../labels";
import { useAction, type TabProps } from "./shared";

export function CommentsTab({ view, refresh }: TabProps) {
  const [chosen, setChosen] = useState(view.agenda[0]?.secretary_id ?? "");
  const person = view.agenda.find((a) => a.secretary_id === chosen);
  // Whether the form on screen holds words not saved yet: picking another person asks first.
  const unsaved = useRef(false);
  const pick = async (secretaryId: string) => {
    if (secretaryId === chosen) return;
    if (
      unsaved.current &&
      !(await confirmInPage(
        `${person?.name ?? ""}的点评还没有保存，换成另一位会丢掉刚写的内容。要放弃这些内容吗？（要留下，请点“取消”，再点“保存点评”。）`,
        "放弃并换人",
      ))
    ) {
      return;
    }
    unsaved.current = false;
    setChosen(secretaryId);
  };
  return (
    <div>
      <div class="two-columns wide-right">
        <ul class="picker-list" data-testid="comment-people">
          {view.agenda.map((a, i) => (
            <li key={a.secretary_id}>
              <button class={a.secretary_id === chosen ? "active" : ""} onClick={() => void pick(a.secretary_id)}>
                {i + 1}. {a.label} {a.has_comment ? "✓" : ""}
              </button>
            </li>
          ))}
        </ul>
        {person ? (
          <CommentForm
            key={person.secretary_id}
            view={view}
            person={person}
            refresh={refresh}
            onUnsaved={(yes) => (unsaved.current = yes)}
          />
        ) : (
          <p>议程为空。</p>
        )}
      </div>
      <Suggestions view={view} refresh={refresh} />
    </div>
  );
}

function CommentForm({
  view,
  person,
  refresh,
  onUnsaved,
}: TabProps & { person: AgendaItem; onUnsaved: (unsaved: boolean) => void }) {
  const index = view.comments.findIndex((c) => c.secretary_id === person.secretary_id);
  const existing = index >= 0 ? view.comments[index] : null;
  const done = index >= 0 ? view.comment_points_done[index] : [];
  const [commenter, setCommenter] = useState(existing?.commenter ?? "");
  const [points, setPoints] = useState<string[]>(existing ? [...existing.shortcomings] : [""]);
  const [direction, setDirection] = useState(existing?.direction ?? "");
  const [responsibility, setResponsibility] = useState(existing?.responsibility ?? "");
  const { run, messages } = useAction(refresh);
  const saved = {
    commenter: existing?.commenter ?? "",
    points: existing ? existing.shortcomings : [""],
    direction: existing?.direction ?? "",
    responsibility: existing?.responsibility ?? "",
  };
  onUnsaved(
    commenter.trim() !== saved.commenter.trim() ||
      direction.trim() !== saved.direction.trim() ||
      responsibility.trim() !== saved.responsibility.trim() ||
      points.filter((p) => p.trim()).join("\n") !== saved.points.filter((p) => p.trim()).join("\n"),
  );
  return (
    <div class="section" data-testid="comment-form">
      <h2>
        {person.label} · {person.post}
      </h2>
      <p class="subtle">一述一评：上级党组织书记现场点评——点不足、指方向、明责任。每条不足可一键转为问题，进入问题清单。</p>
      {messages}
      <label class="field">
        点评人
        <input value={commenter} placeholder="如：市卫健委党委书记 林振华" onInput={(e) => setCommenter((e.target as HTMLInputElement).value)} />
      </label>
      <div class="field">
        点不足（每条一项）
        {points.map((point, i) => (
          <div class="point-row" key={i}>
            <span class="agenda-index">{i + 1}</span>
            <input
              value={point}
              disabled={done[i] === true}
              data-testid={`comment-point-${i}`}
              onInput={(e) => setPoints(points.map((p, j) => (j === i ? (e.target as HTMLInputElement).value : p)))}
            />
            {existing && done[i] === true && <span class="tag ok">已转为问题</span>}
            {existing && done[i] === false && existing.shortcomings[i] === point && (
              <button
                data-testid={`point-to-problem-${i}`}
                onClick={() =>
                  void run(
                    () => api.commentPointToProblem(existing.id, i, labelOf("problem_source", "superior_comment")),
                    () => `已把“${point}”列入${person.name}的问题清单（来源：${labelOf("problem_source", "superior_comment")}）。`,
                  )
                }
              >
                转为问题
              </button>
            )}
            {!done[i] && points.length > 1 && (
              <button aria-label="删除这一条" onClick={() => setPoints(points.filter((_, j) => j !== i))}>
                ×
              </button>
            )}
          </div>
        ))}
        <button onClick={() => setPoints([...points, ""])}>＋ 再加一条</button>
      </div>
      <label class="field">
        指方向
        <textarea rows={2} value={direction} onInput={(e) => setDirection((e.target as HTMLTextAreaElement).value)} />
      </label>
      <label class="field">
        明责任
        <textarea rows={2} value={responsibility} onInput={(e) => setResponsibility((e.target as HTMLTextAreaElement).value)} />
      </label>
      <button
        class="primary"
        data-testid="save-comment"
        onClick={() =>
          void run(
            () =>
              api.saveComment(
                person.secretary_id,
                { commenter, shortcomings: points, direction, responsibility },
              ),
            () => "点评已保存。",
          )
        }
      >
        保存点评
      </button>
    </div>
  );
}

function Suggestions({ view, refresh }: TabProps) {
  const { run, messages } = useAction(refresh);
  const [target, setTarget] = useState<Record<string, string>>({});
  const [texts, setTexts] = useState<Record<string, string>>({});
  if (view.suggestions.length === 0) return null;
  return (
    <div class="section">
      <h2>测评票上的意见建议</h2>
      <p class="subtle">选出针对某位书记的意见，转为其问题（来源：群众评议）。</p>
      {messages}
      <table class="grid">
        <thead>
          <tr>
            <th>票号</th>
            <th>类别</th>
            <th>意见建议</th>
            <th>转为哪位书记的问题</th>
          </tr>
        </thead>
        <tbody>
          {view.suggestions.map((s) => (
            <tr key={s.ballot_id}>
              <td>{s.serial}</td>
              <td>{s.category}</td>
              <td class="text-cell">{s.text}</td>
              <td>
                <select
                  value={target[s.ballot_id] ?? ""}
                  onChange={(e) => setTarget({ ...target, [s.ballot_id]: (e.target as HTMLSelectElement).value })}
                >
                  <option value="">选择书记</option>
                  {view.agenda.map((a) => (
                    <option key={a.secretary_id} value={a.secretary_id}>
                      {a.label}
                    </option>
                  ))}
                </select>
                <input
                  placeholder="问题表述（可摘录或概括）"
                  value={texts[s.ballot_id] ?? s.text}
                  onInput={(e) => setTexts({ ...texts, [s.ballot_id]: (e.target as HTMLInputElement).value })}
                />
                <button
                  disabled={!target[s.ballot_id]}
                  onClick={() =>
                    void run(
                      () => api.suggestionToProblem(s.ballot_id, target[s.ballot_id], texts[s.ballot_id] ?? s.text),
                      () => "已转为问题（来源：群众评议）。",
                    )
                  }
                >
                  转为问题
                </button>
                {s.problems > 0 && <span class="tag ok">已转 {s.problems} 条</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
