// The campaign's stock-phrase list (套话清单): what the “套话较多” check counts.
// One phrase per line; the core cleans and checks the list.
import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { ClicheList } from "../bindings";
import { hrefOf } from "../route";
import { Failure, Loading } from "./common";

export function ClichesView({ campaignId }: { campaignId: string }) {
  const [list, setList] = useState<ClicheList | null>(null);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const show = (loaded: ClicheList) => {
    setList(loaded);
    setText(loaded.phrases.join("\n"));
  };
  useEffect(() => {
    api.campaignCliches(campaignId).then(show, (error) => setProblem(messageOf(error)));
  }, [campaignId]);
  const save = async (phrases: string[] | null) => {
    setProblem(null);
    try {
      const saved = await api.setCampaignCliches(campaignId, phrases);
      show(saved);
      setNotice(saved.built_in ? "已恢复内置清单。" : `已保存，共 ${saved.phrases.length} 条。`);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <section class="cliches">
      <a class="back" href={hrefOf({ view: "dashboard", campaignId })}>
        ← 返回总览
      </a>
      <h1>套话清单</h1>
      <p class="subtle">
        报告检查会统计这些说法出现的密度，过多时提示“套话较多”。每行写一个说法；本清单只对本年度述职评议生效。
      </p>
      {notice && <p class="notice">{notice}</p>}
      {problem && <Failure message={problem} />}
      {!list && !problem && <Loading />}
      {list && (
        <div class="section">
          <p class="subtle" data-testid="cliche-state">
            {list.built_in ? "当前使用内置清单" : "当前使用本年度自定义清单"}，共 {list.phrases.length} 条。
          </p>
          <textarea
            class="comment-box tall"
            data-testid="cliche-text"
            value={text}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
          <div class="actions">
            <button class="primary" data-testid="save-cliches" onClick={() => void save(text.split("\n"))}>
              保存
            </button>
            <button onClick={() => void save(null)}>恢复内置清单</button>
          </div>
        </div>
      )}
    </section>
  );
}
