// One secretary: the report section by section, the review history, and the
// problems with their measures.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { SecretaryPage } from "../bindings";
import { chineseDate, rectificationLabel, sourceLabel, statusTone } from "../format";
import { useLoad } from "../load";
import { operatorName } from "../operator";
import { hrefOf, navigate } from "../route";
import { Failure, Loading } from "./common";

export function SecretaryView({ secretaryId }: { secretaryId: string }) {
  const page = useLoad(() => api.secretaryPage(secretaryId), [secretaryId]);
  return (
    <section class="secretary">
      {page.state === "loading" && <Loading />}
      {page.state === "failed" && (
        <>
          <a class="back" href="#/">← 返回总览</a>
          <Failure message={page.message} />
        </>
      )}
      {page.state === "ready" && <PageBody page={page.value} />}
    </section>
  );
}

function PageBody({ page }: { page: SecretaryPage }) {
  return (
    <>
      <a class="back" href={hrefOf({ view: "dashboard", campaignId: page.campaign_id })}>
        ← 返回总览
      </a>
      <div class="page-head">
        <div>
          <h1 data-testid="secretary-heading">
            {page.name}
            <span class="heading-note">{page.title}</span>
          </h1>
          <p class="subtle">{page.organization_path.join(" › ")}</p>
        </div>
        <div class="head-status">
          <span class={`badge big ${statusTone(page.report_status)}`}>{page.report_status_text}</span>
          <div class="subtle">
            全文 {page.report_chars}/{page.report_char_budget} 字 · {page.revisions} 个已保存版本
          </div>
          <OpenReport page={page} />
        </div>
      </div>

      <div class="columns">
        <div class="report">
          <h2>述职报告</h2>
          {page.sections.map((section) => (
            <article class="section" key={section.focus_point_id}>
              <header>
                <h3>{section.title}</h3>
                <span class={section.chars > section.char_budget ? "count over" : "count"}>
                  {section.chars}/{section.char_budget} 字
                </span>
              </header>
              <p class="guidance">{section.guidance}</p>
              {section.body.trim() === "" ? (
                <p class="blank">尚未填写</p>
              ) : (
                <div class="body">{section.body}</div>
              )}
            </article>
          ))}
        </div>
        <aside class="side">
          <h2>审核记录</h2>
          {page.review_history.length === 0 ? (
            <p class="subtle">尚无审核记录。</p>
          ) : (
            <ol class="timeline">
              {page.review_history.map((step, index) => (
                <li key={index} class={step.decision === "passed" ? "passed" : "returned"}>
                  <div class="strong">
                    {step.level_name}：{step.decision === "passed" ? "通过" : "退回修改"}
                  </div>
                  <div class="subtle">
                    {step.reviewer} · {chineseDate(step.at)}
                  </div>
                  {step.comments.map((comment, i) => (
                    <p class="comment" key={i}>
                      {comment}
                    </p>
                  ))}
                </li>
              ))}
            </ol>
          )}
          <h2>
            问题与整改{" "}
            <a
              class="small-link"
              href={hrefOf({ view: "lists", campaignId: page.campaign_id, secretaryId: page.secretary_id })}
            >
              查看清单
            </a>
          </h2>
          {page.problems.length === 0 ? (
            <p class="subtle">尚无问题清单条目。</p>
          ) : (
            page.problems.map((problem) => (
              <div class="problem" key={problem.problem_id}>
                <div>
                  <span class="badge tone-neutral">{sourceLabel[problem.source]}</span> {problem.description}
                </div>
                <p class="subtle">原因：{problem.cause}</p>
                <ul>
                  {problem.measures.map((measure) => (
                    <li key={measure.rectification_id}>
                      {measure.measure}
                      <div class="subtle">
                        {measure.owner} · 时限 {chineseDate(measure.due)} · {rectificationLabel[measure.status]}
                        {measure.overdue && <span class="badge tone-warn">逾期</span>}
                      </div>
                    </li>
                  ))}
                </ul>
              </div>
            ))
          )}
        </aside>
      </div>
    </>
  );
}

/** Opens the report in the editor, starting it first when the secretary has none. */
function OpenReport({ page }: { page: SecretaryPage }) {
  const [problem, setProblem] = useState<string | null>(null);
  if (page.report_id) {
    return (
      <a class="button-link primary-link" data-testid="open-report" href={hrefOf({ view: "report", reportId: page.report_id })}>
        {page.report_status === "draft" || page.report_status === "returned" ? "编辑述职报告" : "打开述职报告"}
      </a>
    );
  }
  const start = async () => {
    try {
      const reportId = await api.startReport(page.secretary_id, operatorName() || page.name);
      navigate({ view: "report", reportId });
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <>
      <button class="primary" data-testid="start-report" onClick={start}>
        开始起草述职报告
      </button>
      {problem && <Failure message={problem} />}
    </>
  );
}
