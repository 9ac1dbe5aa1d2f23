// The agenda: who speaks, in what order (drag to reorder).
import { useState } from "preact/hooks";
import { api } from "../../api";
import { hrefOf } from "../../route";
import { useAction, type TabProps } from "./shared";

export function AgendaTab({ view, refresh }: TabProps) {
  const { run, messages } = useAction(refresh);
  const [dragged, setDragged] = useState<number | null>(null);
  const ids = view.agenda.map((a) => a.secretary_id);
  const save = (order: string[]) => run(() => api.setAgenda(view.campaign_id, order));
  const move = (from: number, to: number) => {
    if (to < 0 || to >= ids.length || from === to) return;
    const order = [...ids];
    const [item] = order.splice(from, 1);
    order.splice(to, 0, item);
    void save(order);
  };
  const [minutes, setMinutes] = useState(String(view.speaking_minutes));
  const [dimensions, setDimensions] = useState(view.dimensions.join("、"));
  const [double, setDouble] = useState(view.double_entry);
  const [writtenRated, setWrittenRated] = useState(view.written_rated);
  const [every, setEvery] = useState(view.on_site_every_years === null ? "" : String(view.on_site_every_years));
  const setMode = (ids: string[], written: boolean) => run(() => api.setReportingMode(view.campaign_id, ids, written));
  return (
    <div class="two-columns">
      <div class="section">
        <h2>述职顺序</h2>
        <p class="subtle">拖动一行或用 ↑↓ 调整顺序，改动立即保存。测评票按此顺序录入。点“现场/书面”切换述职方式。</p>
        {messages}
        {view.rotation.length > 0 && (
          <div class="warning-box" data-testid="rotation">
            <strong>现场述职轮换提醒：</strong>
            <ul>
              {view.rotation.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        )}
        {view.off_agenda.filter((item) => item.written).length > 0 && (
          <div class="notice" data-testid="written-off-ballot">
            <strong>书面述职（按本年度设置不参加测评）：</strong>
            {view.off_agenda
              .filter((item) => item.written)
              .map((item) => (
                <span key={item.secretary_id} class="chip">
                  {item.name}（{item.organization || item.unit}）
                  <button onClick={() => void setMode([item.secretary_id], false)}>改为现场述职</button>
                </span>
              ))}
          </div>
        )}
        <ol class="agenda" data-testid="agenda">
          {view.agenda.map((item, index) => (
            <li
              key={item.secretary_id}
              draggable
              class={dragged === index ? "dragging" : ""}
              data-secretary-id={item.secretary_id}
              onDragStart={() => setDragged(index)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                if (dragged !== null) move(dragged, index);
                setDragged(null);
              }}
              onDragEnd={() => setDragged(null)}
            >
              <span class="handle" aria-hidden="true">
                ⋮⋮
              </span>
              <span class="agenda-index">{index + 1}</span>
              <span class="agenda-who">
                <span>
                  <span class="agenda-name">{item.label}</span>
                  {/* The 党组织 tells apart secretaries of one unit whose posts read alike. */}
                  <span class="agenda-organization" data-testid="agenda-organization">
                    {item.organization}
                  </span>
                </span>
                <span class="subtle">{item.post}</span>
              </span>
              <span class="agenda-actions">
                <button
                  class={item.written ? "mode written" : "mode"}
                  data-testid={`mode-${item.secretary_id}`}
                  title={item.written ? "改为现场述职" : "改为书面述职（按书面报告参加测评）"}
                  onClick={() => void setMode([item.secretary_id], !item.written)}
                >
                  {item.written ? "书面" : "现场"}
                </button>
                <button aria-label={`上移 ${item.name}`} disabled={index === 0} onClick={() => move(index, index - 1)}>
                  ↑
                </button>
                <button
                  aria-label={`下移 ${item.name}`}
                  disabled={index === ids.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  ↓
                </button>
                <button onClick={() => void save(ids.filter((id) => id !== item.secretary_id))}>移出</button>
              </span>
            </li>
          ))}
        </ol>
        {view.off_agenda.filter((item) => !item.written).length > 0 && (
          <div class="warning-box" data-testid="off-agenda">
            <strong>未列入议程（不述职、不参加测评）：</strong>
            {view.off_agenda
              .filter((item) => !item.written)
              .map((item) => (
                <span key={item.secretary_id} class="chip">
                  {item.name}（{item.organization || item.unit}）
                  <button onClick={() => void save([...ids, item.secretary_id])}>加入</button>
                </span>
              ))}
          </div>
        )}
      </div>
      <div class="section">
        <h2>会议设置</h2>
        <label class="field">
          每人述职时间（分钟）
          <input type="number" min={1} max={60} value={minutes} onInput={(e) => setMinutes((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          分项评价（可选，用“、”分隔，如：党建工作全面性、重点工作针对性）
          <input value={dimensions} onInput={(e) => setDimensions((e.target as HTMLInputElement).value)} />
        </label>
        <label class="check">
          <input type="checkbox" checked={double} onChange={(e) => setDouble((e.target as HTMLInputElement).checked)} />
          纸质票双人录入（每张票录两遍，两遍一致才能结束测评）
        </label>
        <label class="check">
          <input
            type="checkbox"
            data-testid="written-rated"
            checked={writtenRated}
            onChange={(e) => setWrittenRated((e.target as HTMLInputElement).checked)}
          />
          书面述职的书记也参加测评（按书面报告评价；不勾选则不列入测评表）
        </label>
        <label class="field">
          每个党组织几年内至少现场述职一次（会前提醒；不检查则留空）
          <input
            type="number"
            min={1}
            max={10}
            data-testid="on-site-every"
            value={every}
            onInput={(e) => setEvery((e.target as HTMLInputElement).value)}
          />
        </label>
        <div class="actions">
          <button
            class="primary"
            onClick={() =>
              void run(
                () =>
                  api.saveMeetingSettings(
                    view.campaign_id,
                    {
                      speaking_minutes: Number(minutes) || 0,
                      dimensions: dimensions.split(/[、,，;；\n]/).map((d) => d.trim()).filter(Boolean),
                      double_entry: double,
                      written_rated: writtenRated,
                      on_site_every_years: every.trim() === "" ? null : Number(every) || 0,
                    },
                  ),
                () => "会议设置已保存。",
              )
            }
          >
            保存设置
          </button>
          <a class="button" href={hrefOf({ view: "presenter", campaignId: view.campaign_id })} data-testid="open-presenter">
            打开主持视图（计时）
          </a>
        </div>
      </div>
    </div>
  );
}
