// The panel of raters and the scoring rules.
import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../../api";
import type { BallotChannel, CategoryInput, GoodQuota, Grade, QuorumScope, RulesPreset, ScoringRules } from "../../bindings";
import { choicesOf, labelOf } from "../../labels";
import { savedAs } from "../common";
import { GRADES, useAction, type TabProps } from "./shared";

export function PanelTab({ view, refresh }: TabProps) {
  const { run, messages } = useAction(refresh);
  const [rows, setRows] = useState<CategoryInput[]>(() =>
    view.categories.map((c) => ({
      id: c.category.id,
      name: c.category.name,
      weight_percent: c.category.weight_percent,
      planned_size: c.category.planned_size,
      ballot_channel: c.category.ballot_channel,
    })),
  );
  const set = (i: number, change: Partial<CategoryInput>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const total = rows.reduce((sum, r) => sum + (Number(r.weight_percent) || 0), 0);
  const closed = view.closure !== null;
  // What is typed here and not yet saved: the sheets are printed from the saved panel.
  const unsaved =
    rows.length !== view.categories.length ||
    rows.some((r, i) => {
      const c = view.categories[i]?.category;
      return (
        !c ||
        r.id !== c.id ||
        r.name !== c.name ||
        Number(r.weight_percent) !== c.weight_percent ||
        Number(r.planned_size) !== c.planned_size ||
        (r.ballot_channel ?? "paper") !== (c.ballot_channel ?? "paper")
      );
    });
  const threshold = view.rules.anonymity_threshold;
  const small = rows.filter((r) => Number(r.planned_size) > 0 && Number(r.planned_size) < threshold).map((r) => r.name);
  return (
    <div>
      <div class="section">
        <h2>评议人类别</h2>
        {messages}
        <table class="grid" data-testid="panel">
          <thead>
            <tr>
              <th>类别</th>
              <th>权重（%）</th>
              <th>人数</th>
              <th title="每位评议人只发纸质测评表或只发手机测评码，不会一人两票">测评方式</th>
              <th>已发出</th>
              <th>已录入</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const known = view.categories.find((c) => c.category.id === r.id);
              return (
                <tr key={r.id ?? `new-${i}`}>
                  <td>
                    <input value={r.name} onInput={(e) => set(i, { name: (e.target as HTMLInputElement).value })} />
                  </td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      max={100}
                      value={r.weight_percent}
                      onInput={(e) => set(i, { weight_percent: Number((e.target as HTMLInputElement).value) || 0 })}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      value={r.planned_size}
                      onInput={(e) => set(i, { planned_size: Number((e.target as HTMLInputElement).value) || 0 })}
                    />
                  </td>
                  <td>
                    <select
                      data-testid="ballot-channel"
                      value={r.ballot_channel}
                      onChange={(e) => set(i, { ballot_channel: (e.target as HTMLSelectElement).value as BallotChannel })}
                    >
                      {choicesOf("ballot_channel").map((c) => (
                        <option key={c.value} value={c.value}>
                          {c.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{known ? (known.category.ballot_channel === "phone" ? `测评码 ${known.codes} 个` : `测评表 ${known.sheets} 张`) : "—"}</td>
                  <td>{known?.ballots ?? 0}</td>
                  <td>
                    <button onClick={() => setRows(rows.filter((_, j) => j !== i))}>删除</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p class="subtle">每位评议人只持一种票：用“纸质测评表”的类别打印测评表，用“手机扫码”的类别生成测评码。改变测评方式时，该类已发出的另一种票作废。</p>
        <p class={total === 100 ? "subtle" : "warning-text"}>权重合计 {total}%{total === 100 ? "" : "（通常为 100%；计分时按实际合计折算）"}</p>
        <div class="actions">
          <button onClick={() => setRows([...rows, { id: null, name: "", weight_percent: 0, planned_size: 0, ballot_channel: "paper" }])}>＋ 添加类别</button>
          <button class="primary" disabled={closed} onClick={() => void run(() => api.savePanel(view.campaign_id, rows), () => "评议人类别已保存。")}>
            保存评议人类别
          </button>
          <button
            data-testid="print-sheets"
            disabled={unsaved}
            title={unsaved ? "请先保存评议人类别：测评表按保存的人数印制" : undefined}
            onClick={() =>
              void run(() => api.exportBallotSheets(view.campaign_id), (path) => savedAs("已生成测评表（每张一个票号）", path))
            }
          >
            打印测评表（PDF）
          </button>
        </div>
        {unsaved && (
          <p class="warning-text" data-testid="panel-unsaved">
            改动尚未保存：请先点“保存评议人类别”，再打印测评表（测评表按保存的人数和测评方式印制）。
          </p>
        )}
        {small.length > 0 && (
          <p class="warning-text" data-testid="panel-small">
            {small.join("、")}少于 {threshold} 人：按匿名保护规则，测评结果将不公开各类明细{view.rules.method === "weighted_score" ? "，加权计分法下也不公开票数和得分" : ""}
            （组织方也看不到，以免推算出个人的评价）。需要公布这些数字的，请增加人数或与其他类别合并。
          </p>
        )}
      </div>
      <RulesEditor view={view} refresh={refresh} />
    </div>
  );
}

function RulesEditor({ view, refresh }: TabProps) {
  const { run, messages } = useAction(refresh);
  const [rules, setRules] = useState<ScoringRules>(view.rules);
  const [presets, setPresets] = useState<RulesPreset[]>([]);
  const [described, setDescribed] = useState<{ ok: boolean; text: string }>({ ok: true, text: "" });
  useEffect(() => {
    void api.rulesPresets().then(setPresets);
  }, []);
  useEffect(() => {
    api.describeRules(rules).then(
      (text) => setDescribed({ ok: true, text }),
      (error) => setDescribed({ ok: false, text: messageOf(error) }),
    );
  }, [rules]);
  const update = (change: Partial<ScoringRules>) => setRules({ ...rules, ...change });
  const num = (e: Event) => Number((e.target as HTMLInputElement).value) || 0;
  const gradeSelect = (value: Grade, onChange: (g: Grade) => void) => (
    <select value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as Grade)}>
      {GRADES.map((g) => (
        <option key={g} value={g}>
          {labelOf("grade", g)}
        </option>
      ))}
    </select>
  );
  return (
    <div class="section" data-testid="rules-editor">
      <h2>计分规则（当前第 {view.rules_version} 版）</h2>
      {messages}
      <div class="actions">
        {presets.map((p) => (
          <button key={p.key} title={p.description} onClick={() => setRules(p.rules)} data-testid={`preset-${p.key}`}>
            套用：{p.name}
          </button>
        ))}
      </div>
      <div class="rules-grid">
        <label class="field">
          计分方法
          <select
            value={rules.method}
            onChange={(e) => update({ method: (e.target as HTMLSelectElement).value as ScoringRules["method"] })}
          >
            {choicesOf("scoring_method").map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <div class="field">
          各等次分值
          <div class="inline-inputs">
            {GRADES.map((g) => (
              <label key={g}>
                {labelOf("grade", g)}
                <input type="number" value={rules.points[g]} onInput={(e) => update({ points: { ...rules.points, [g]: num(e) } })} />
              </label>
            ))}
          </div>
        </div>
        {rules.method === "weighted_score" ? (
          <div class="field">
            分数段（从高到低，得分达到起点即得该等次，都达不到为差）
            {rules.bands.map((b, i) => (
              <div class="inline-inputs" key={i}>
                <input
                  type="number"
                  value={b.min_score}
                  onInput={(e) => update({ bands: rules.bands.map((x, j) => (j === i ? { ...x, min_score: num(e) } : x)) })}
                />
                分及以上为
                {gradeSelect(b.grade, (g) => update({ bands: rules.bands.map((x, j) => (j === i ? { ...x, grade: g } : x)) }))}
                <button onClick={() => update({ bands: rules.bands.filter((_, j) => j !== i) })}>删除</button>
              </div>
            ))}
            <button onClick={() => update({ bands: [...rules.bands, { min_score: 0, grade: "poor" }] })}>＋ 分数段</button>
          </div>
        ) : (
          <div class="field">
            票率段（从好到差，所选票种占有效票达到比例即得该等次）
            {rules.share_bands.map((b, i) => (
              <div class="inline-inputs" key={i}>
                {GRADES.map((g) => (
                  <label key={g} class="check">
                    <input
                      type="checkbox"
                      checked={b.counted.includes(g)}
                      onChange={(e) => {
                        const on = (e.target as HTMLInputElement).checked;
                        const counted = GRADES.filter((x) => (x === g ? on : b.counted.includes(x)));
                        update({ share_bands: rules.share_bands.map((x, j) => (j === i ? { ...x, counted } : x)) });
                      }}
                    />
                    {labelOf("grade", g)}
                  </label>
                ))}
                票达到
                <input
                  type="number"
                  value={b.min_percent}
                  onInput={(e) =>
                    update({ share_bands: rules.share_bands.map((x, j) => (j === i ? { ...x, min_percent: num(e) } : x)) })
                  }
                />
                % 为
                {gradeSelect(b.grade, (g) =>
                  update({ share_bands: rules.share_bands.map((x, j) => (j === i ? { ...x, grade: g } : x)) }),
                )}
                <button onClick={() => update({ share_bands: rules.share_bands.filter((_, j) => j !== i) })}>删除</button>
              </div>
            ))}
            <button
              onClick={() =>
                update({ share_bands: [...rules.share_bands, { counted: ["good"], min_percent: 50, grade: "fair" }] })
              }
            >
              ＋ 票率段
            </button>
          </div>
        )}
        <div class="field">
          否决条件
          {rules.vetoes.map((v, i) => (
            <div class="inline-inputs" key={i}>
              {gradeSelect(v.grade, (g) => update({ vetoes: rules.vetoes.map((x, j) => (j === i ? { ...x, grade: g } : x)) }))}
              票，连同
              <select
                data-testid={`veto-also-${i}`}
                value={v.also?.[0] ?? ""}
                onChange={(e) => {
                  const also = (e.target as HTMLSelectElement).value as Grade | "";
                  update({ vetoes: rules.vetoes.map((x, j) => (j === i ? { ...x, also: also ? [also] : [] } : x)) });
                }}
              >
                <option value="">（不合计）</option>
                {GRADES.filter((g) => g !== v.grade).map((g) => (
                  <option key={g} value={g}>
                    {labelOf("grade", g)}
                  </option>
                ))}
              </select>
              票合计，达到有效票的
              <input
                type="number"
                value={v.numerator}
                onInput={(e) => update({ vetoes: rules.vetoes.map((x, j) => (j === i ? { ...x, numerator: num(e) } : x)) })}
              />
              /
              <input
                type="number"
                value={v.denominator}
                onInput={(e) => update({ vetoes: rules.vetoes.map((x, j) => (j === i ? { ...x, denominator: num(e) } : x)) })}
              />
              ，等次最高为
              {gradeSelect(v.result, (g) => update({ vetoes: rules.vetoes.map((x, j) => (j === i ? { ...x, result: g } : x)) }))}
              <button onClick={() => update({ vetoes: rules.vetoes.filter((_, j) => j !== i) })}>删除</button>
            </div>
          ))}
          <button
            onClick={() => update({ vetoes: [...rules.vetoes, { grade: "poor", numerator: 1, denominator: 3, result: "poor" }] })}
          >
            ＋ 否决条件
          </button>
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={rules.excellent_requires_good}
            onChange={(e) => update({ excellent_requires_good: (e.target as HTMLInputElement).checked })}
          />
          等次低于“好”的，年度考核不得确定为优秀
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={rules.invalid_if_all_same}
            onChange={(e) => update({ invalid_if_all_same: (e.target as HTMLInputElement).checked })}
          />
          对所有人评同一等次的票作废
        </label>
        <OptionalCount
          label="每张票评为“好”的最多几人（超过的整票无效；不限则留空）"
          testid="max-good-per-ballot"
          value={rules.max_good_per_ballot}
          set={(n) => update({ max_good_per_ballot: n })}
        />
        <OptionalCount
          label="每张票评为“一般”或“差”的至少几人（不足的整票无效；不要求则留空）"
          testid="min-low-per-ballot"
          value={rules.min_low_per_ballot}
          set={(n) => update({ min_low_per_ballot: n })}
        />
        {rules.method === "weighted_score" && (
          <OptionalCount
            label="某类评议人对一人的有效评价多于几个时，去掉一个最高分和一个最低分（不去掉则留空）"
            testid="trim-extremes-above"
            value={rules.trim_extremes_above}
            set={(n) => update({ trim_extremes_above: n })}
          />
        )}
        <label class="check">
          <input
            type="checkbox"
            data-testid="shares-weighted"
            checked={rules.shares_weighted_by_category ?? false}
            onChange={(e) => update({ shares_weighted_by_category: (e.target as HTMLInputElement).checked })}
          />
          票率和否决按各类评议人分别计算，再按类别权重加权（不勾选则全体有效票合计）
        </label>
        <GoodQuotaField value={rules.good_quota ?? null} set={(q) => update({ good_quota: q })} />
        {view.quota_places && rules.good_quota && (
          <p class="subtle" data-testid="quota-places">
            {view.quota_places}
          </p>
        )}
        <label class="field">
          到会过半（交回的测评票须超过应到人数的一半，否则不评定等次）
          <select
            data-testid="quorum"
            value={rules.quorum ?? ""}
            onChange={(e) => {
              const scope = (e.target as HTMLSelectElement).value;
              update({ quorum: scope === "" ? null : (scope as QuorumScope) });
            }}
          >
            <option value="">不要求</option>
            {choicesOf("quorum_scope").map((q) => (
              <option key={q.value} value={q.value}>
                {q.label}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            data-testid="void-over-collected"
            checked={rules.void_if_over_collected ?? false}
            onChange={(e) => update({ void_if_over_collected: (e.target as HTMLInputElement).checked })}
          />
          某类评议人收回的测评票多于发出的，本次测评无效、须重新测评（不勾选则可写明原因后结束测评）
        </label>
        <label class="field">
          某类评议人有效票少于此数时，不公开该类明细
          <input type="number" value={rules.anonymity_threshold} onInput={(e) => update({ anonymity_threshold: num(e) })} />
        </label>
      </div>
      <p class={described.ok ? "formula" : "warning-text"} data-testid="rules-description">
        {described.text}
      </p>
      <button
        class="primary"
        disabled={!described.ok || view.closure !== null}
        data-testid="save-rules"
        onClick={() =>
          void run(() => api.saveRules(view.campaign_id, rules), (version) => `已保存为计分规则第 ${version} 版。`)
        }
      >
        保存为新版本
      </button>
      {view.rules_versions.length > 1 && (
        <details>
          <summary>历次版本</summary>
          <ul>
            {view.rules_versions.map((v) => (
              <li key={v.version}>
                第 {v.version} 版 · {v.created_at.slice(0, 16).replace("T", " ")} · {v.actor}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** The quota on 好 across the secretaries: none, a share of those graded, or a number. */
function GoodQuotaField(props: { value: GoodQuota | null; set: (q: GoodQuota | null) => void }) {
  const kind = props.value === null ? "" : "percent" in props.value ? "percent" : "count";
  const amount = props.value === null ? "" : "percent" in props.value ? props.value.percent : props.value.count;
  const make = (k: string, n: number): GoodQuota | null =>
    k === "percent" ? { percent: n } : k === "count" ? { count: n } : null;
  return (
    <div class="field">
      “好”等次的比例或名额（超出的按名次降为较好；名次相同争最后名额时由您决定）
      <div class="inline-inputs">
        <select
          data-testid="good-quota-kind"
          value={kind}
          onChange={(e) => props.set(make((e.target as HTMLSelectElement).value, kind === "" ? 30 : Number(amount) || 1))}
        >
          <option value="">不限</option>
          <option value="percent">按评定等次人数的比例</option>
          <option value="count">按人数</option>
        </select>
        {kind !== "" && (
          <>
            <input
              type="number"
              min={1}
              data-testid="good-quota-amount"
              value={amount}
              onInput={(e) => props.set(make(kind, Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value)) || 0)))}
            />
            {kind === "percent" ? "%（向下取整）" : "人"}
          </>
        )}
      </div>
    </div>
  );
}

/** A count a rule may leave unset: the field left empty means "no such rule". */
function OptionalCount(props: { label: string; testid: string; value?: number | null; set: (n: number | null) => void }) {
  const read = (e: Event) => {
    const text = (e.target as HTMLInputElement).value.trim();
    return text === "" ? null : Math.max(0, Math.floor(Number(text)) || 0);
  };
  return (
    <label class="field">
      {props.label}
      <input type="number" min={1} data-testid={props.testid} value={props.value ?? ""} onInput={(e) => props.set(read(e))} />
    </label>
  );
}
