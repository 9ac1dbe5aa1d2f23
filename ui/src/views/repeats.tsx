// 反复出现: a problem of this year beside the earlier year's wording it repeats, with the
// organizer's word on each pair — confirm it is the same problem named again, or dismiss a
// likeness of words only (no longer flagged anywhere), or take the decision back. On a
// secretary's computer the pairs are shown and not decided.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { RepeatDecision, RepeatedProblem } from "../bindings";
import { labelOf } from "../labels";
import { onSecretaryComputer } from "../workstation";
import { Failure } from "./common";

/** The pairs of `repeats`, each this year's words beside the earlier year's. */
export function RepeatList({
  repeats,
  onChanged,
  showYear,
}: {
  repeats: RepeatedProblem[];
  onChanged: () => void;
  showYear?: boolean;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [pendingOnly, setPendingOnly] = useState(false);
  const decide = async (repeated: RepeatedProblem, earlierId: string, decision: RepeatDecision | null) => {
    setProblem(null);
    try {
      await api.decideRepeat(repeated.problem_id, earlierId, decision);
      onChanged();
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  if (repeats.length === 0) {
    return <p class="subtle">没有与往年相同或相近的问题。</p>;
  }
  const deciding = !onSecretaryComputer();
  const pairs = repeats.reduce((n, r) => n + r.earlier.length, 0);
  const pending = repeats.reduce((n, r) => n + r.earlier.filter((e) => e.decision === null).length, 0);
  const shown = pendingOnly
    ? repeats
        .map((r) => ({ ...r, earlier: r.earlier.filter((e) => e.decision === null) }))
        .filter((r) => r.earlier.length > 0)
    : repeats;
  return (
    <div class="repeats" data-testid="repeats">
      {problem && <Failure message={problem} />}
      {repeats.length > 1 && (
        <p class="subtle">
          共 {pairs} 对，其中 {pending} 对待确认。{" "}
          <label>
            <input
              type="checkbox"
              data-testid="repeats-pending-only"
              checked={pendingOnly}
              onChange={(e) => setPendingOnly((e.target as HTMLInputElement).checked)}
            />{" "}
            只看待确认的
          </label>
        </p>
      )}
      <table class="history-table repeat-table">
        <thead>
          <tr>
            {showYear && <th>年度</th>}
            <th>书记</th>
            <th class="col-text">今年的问题</th>
            <th class="col-text">往年的问题</th>
            <th>判断</th>
          </tr>
        </thead>
        <tbody>
          {shown.flatMap((repeated) =>
            repeated.earlier.map((earlier, index) => (
              <tr
                key={`${repeated.problem_id}/${earlier.problem_id}`}
                data-problem-id={repeated.problem_id}
                data-earlier-id={earlier.problem_id}
                class={earlier.decision === "dismissed" ? "dismissed" : ""}
              >
                {showYear && <td>{index === 0 ? repeated.year : ""}</td>}
                <td class="nowrap">{index === 0 ? repeated.secretary_name : ""}</td>
                <td class="col-text">{index === 0 ? repeated.description : "〃"}</td>
                <td class="col-text">
                  <span class="subtle">{earlier.year} 年：</span>
                  {earlier.description}
                </td>
                <td class="repeat-decision">
                  <span data-testid="repeat-decision">
                    {earlier.decision ? labelOf("repeat_decision", earlier.decision) : "文字相近，待确认"}
                  </span>
                  {deciding && (
                    <span class="row-actions">
                      {earlier.decision !== "confirmed" && (
                        <button
                          class="link"
                          data-testid="repeat-confirm"
                          onClick={() => void decide(repeated, earlier.problem_id, "confirmed")}
                        >
                          确是反复出现
                        </button>
                      )}
                      {earlier.decision !== "dismissed" && (
                        <button
                          class="link"
                          data-testid="repeat-dismiss"
                          onClick={() => void decide(repeated, earlier.problem_id, "dismissed")}
                        >
                          不是
                        </button>
                      )}
                      {earlier.decision && (
                        <button
                          class="link"
                          data-testid="repeat-undo"
                          onClick={() => void decide(repeated, earlier.problem_id, null)}
                        >
                          撤销
                        </button>
                      )}
                    </span>
                  )}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
