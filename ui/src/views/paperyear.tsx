// 导入往年纸质记录: the 评议结果汇总表 and 整改清单 an organizer kept in Excel before this
// program, read row by row and shown whole — every row with what it gives or what is wrong
// with it — before anything is written; imported as a year of hers, so 历年对比 starts with
// her past. Nothing is imported while any row is wrong.
import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { PaperYearImported, PaperYearInput, PaperYearPreview } from "../bindings";
import { readAsBase64 } from "../files";
import { labelOf } from "../labels";
import { hrefOf } from "../route";
import { Failure, FileChooser } from "./common";

export function PaperYearView({ campaignId }: { campaignId: string }) {
  // None until the suggested year is known: the field appears with it, so nothing typed
  // early is joined to a suggestion that arrives late (2022 + 2021 → 20222021).
  const [year, setYear] = useState<string | null>(null);
  const [done, setDone] = useState<PaperYearImported | null>(null);
  // The year before the organizer's earliest here: the one a paper record would start with.
  useEffect(() => {
    api
      .listCampaigns()
      .then((campaigns) => {
        const mine = campaigns.find((c) => c.id === campaignId);
        const years = campaigns.filter((c) => c.organizer === mine?.organizer).map((c) => c.year);
        setYear((current) => current ?? String(Math.min(...years, new Date().getFullYear()) - 1));
      })
      .catch(() => setYear((current) => current ?? ""));
  }, [campaignId]);
  const [results, setResults] = useState<File | null>(null);
  const [lists, setLists] = useState<File | null>(null);
  const [preview, setPreview] = useState<PaperYearPreview | null>(null);
  const [input, setInput] = useState<PaperYearInput | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const read = async () => {
    if (!results) return;
    setProblem(null);
    setPreview(null);
    setBusy(true);
    try {
      const chosen: PaperYearInput = {
        year: Number(year ?? ""),
        results: { file_name: results.name, content_base64: await readAsBase64(results, "paper_records") },
        lists: lists ? { file_name: lists.name, content_base64: await readAsBase64(lists, "paper_records") } : null,
      };
      setPreview(await api.previewPaperYear(campaignId, chosen));
      setInput(chosen);
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  const importNow = async () => {
    if (!input) return;
    setProblem(null);
    setBusy(true);
    try {
      setDone(await api.importPaperYear(campaignId, input));
      setPreview(null);
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  const canImport = preview !== null && preview.wrong_rows === 0 && preview.refused === null;
  return (
    <section class="history paper-year" data-testid="paper-year">
      <a class="back" href={hrefOf({ view: "years", campaignId })}>
        ← 返回历年对比
      </a>
      <h1>导入往年的纸质记录</h1>
      <p class="subtle">
        用本程序以前各年度的《评议结果汇总表》和《{labelOf("list_kind", "rectifications")}》（Excel 或 CSV），历年对比就从那一年看起。先逐行检查、全部列出，
        确认无误才导入；有一行不对就不导入任何内容。导入后的年度没有述职报告和测评票，等次、票数、得分、名次按表中所记。
      </p>
      <div class="paper-year-form">
        <label>
          年度{" "}
          {year === null ? (
            <span class="subtle">正在读取…</span>
          ) : (
            <input
              type="number"
              data-testid="paper-year-year"
              value={year}
              min={2000}
              onInput={(e) => {
                setYear((e.target as HTMLInputElement).value);
                setPreview(null);
              }}
            />
          )}
        </label>
        <div>
          <strong>评议结果汇总表</strong>（必选）：表头写明 单位、党组织、书记姓名、等次，可有 职务、好、较好、一般、差（票数）、得分、名次；
          表头之上可以有标题行。
          <FileChooser
            accept=".xlsx,.csv"
            testid="paper-results-file"
            onFile={(file) => {
              setResults(file);
              setPreview(null);
            }}
          />
        </div>
        <div>
          <strong>{labelOf("list_kind", "rectifications")}</strong>（可选）：表头写明 党组织、问题，可有 单位、问题来源、类别、整改措施、责任人、完成时限、整改状态、销号日期；
          一个问题有几条措施时，每条一行、问题照写。
          <FileChooser
            accept=".xlsx,.csv"
            testid="paper-lists-file"
            onFile={(file) => {
              setLists(file);
              setPreview(null);
            }}
          />
        </div>
        <div class="actions">
          <button class="primary" data-testid="paper-preview" disabled={!results || busy} onClick={() => void read()}>
            逐行检查
          </button>
        </div>
      </div>
      {problem && <Failure message={problem} />}
      {done && (
        <p class="notice" data-testid="paper-done">
          已导入 {done.year} 年度的纸质记录：{done.secretaries} 位书记、{done.problems} 个问题、{done.measures} 条整改措施。{" "}
          <a href={hrefOf({ view: "years", campaignId })} data-testid="paper-done-years">
            查看历年对比
          </a>
        </p>
      )}
      {preview && (
        <div data-testid="paper-preview-result">
          <h2>{preview.title}</h2>
          <p data-testid="paper-summary">
            {preview.wrong_rows > 0 ? "可导入的有 " : ""}
            {preview.secretaries} 位书记（{labelOf("grade", "good")} {preview.grades[0]}、{labelOf("grade", "fairly_good")}{" "}
            {preview.grades[1]}、{labelOf("grade", "fair")} {preview.grades[2]}、{labelOf("grade", "poor")} {preview.grades[3]}），
            {preview.problems} 个问题、{preview.measures} 条整改措施。
            {preview.wrong_rows > 0 && <strong class="warn-line"> 有 {preview.wrong_rows} 行需要改正（见“问题”一栏），改正 Excel 后重新选择文件。</strong>}
          </p>
          {preview.refused && <Failure message={preview.refused} />}
          {preview.notes.map((note) => (
            <p class="subtle" key={note} data-testid="paper-note">
              {note}
            </p>
          ))}
          <div class="table-wrap">
            <table class="history-table repeat-table" data-testid="paper-rows">
              <thead>
                <tr>
                  <th>表</th>
                  <th>行</th>
                  <th>单位</th>
                  <th>党组织</th>
                  <th>书记 / 问题</th>
                  <th>内容</th>
                  <th>问题</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={`${row.sheet}/${row.line}`} class={row.problem ? "wrong" : ""} data-wrong={row.problem ? "1" : "0"}>
                    <td class="nowrap">{row.sheet}</td>
                    <td class="nowrap">{row.line}</td>
                    <td>{row.unit}</td>
                    <td>{row.organization}</td>
                    <td>{row.subject}</td>
                    <td>{row.detail}</td>
                    <td class={row.problem ? "warn" : ""}>{row.problem ?? "✓"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            <button class="primary" data-testid="paper-import" disabled={!canImport || busy} onClick={() => void importNow()}>
              导入 {preview.year} 年度
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
