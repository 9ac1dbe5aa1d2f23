// One secretary: the report section by section, the review history, and the
// problems with their measures.
import { useState } from "preact/hooks";
import { api, messageOf } from "../api";
import type { PersonalResult, SecretaryPage } from "../bindings";
import { chineseDate, statusTone } from "../format";
import { choicesOf, labelOf } from "../labels";
import { useLoadKeeping } from "../load";
import { hrefOf, navigate } from "../route";
import { Failure, Loading, SampleBadge, savedAs } from "./common";
import { PackageImport } from "./package";
import { onSecretaryComputer, workstationNow } from "../workstation";

export function SecretaryView({ secretaryId }: { secretaryId: string }) {
  const [version, setVersion] = useState(0);
  const page = useLoadKeeping(() => api.secretaryPage(secretaryId), [secretaryId, version]);
  return (
    <section class="secretary">
      {page.state === "loading" && <Loading />}
      {page.state === "failed" && (
        <>
          <a class="back" href="#/">← 返回总览</a>
          <Failure message={page.message} />
        </>
      )}
      {page.state === "ready" && <PageBody page={page.value} reload={() => setVersion((v) => v + 1)} />}
    </section>
  );
}

/** On her own computer: her years (the one shown, and the others to switch to) and the way
 * to take next year's file from the organizer. */
function MyYears({ page }: { page: SecretaryPage }) {
  const years = useLoadKeeping(() => api.myYears(), [page.secretary_id]);
  const list = years.state === "ready" ? years.value : [];
  return (
    <div class="my-years" data-testid="my-years">
      {list.length > 1 && (
        <label class="picker">
          年度
          <select
            data-testid="my-year"
            value={page.secretary_id}
            onChange={(e) => navigate({ view: "secretary", secretaryId: (e.target as HTMLSelectElement).value })}
          >
            {list.map((y) => (
              <option key={y.secretary_id} value={y.secretary_id}>
                {y.year}年度 · {y.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <a class="button" href={hrefOf({ view: "import-year" })} data-testid="import-year">
        导入新年度数据
      </a>
    </div>
  );
}

function PageBody({ page, reload }: { page: SecretaryPage; reload: () => void }) {
  // On a secretary's computer this page is her home: there is no overview to go back to.
  return (
    <>
      {onSecretaryComputer() && <MyYears page={page} />}
      {!onSecretaryComputer() && (
        <a class="back" href={hrefOf({ view: "dashboard", campaignId: page.campaign_id })}>
          ← 返回总览
        </a>
      )}
      <div class="page-head">
        <div>
          <h1 data-testid="secretary-heading">
            {page.name}
            <span class="heading-note">{page.title}</span>
          </h1>
          <p class="subtle">
            {page.organization_path.join(" › ")}
            <SampleBadge campaignId={page.campaign_id} />
          </p>
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
          <ResultBox result={page.result} />
          <h2>审核记录</h2>
          {page.review_history.length === 0 ? (
            <p class="subtle">尚无审核记录。</p>
          ) : (
            <ol class="timeline">
              {page.review_history.map((step, index) => (
                <li key={index} class={step.decision === "passed" ? "passed" : "returned"}>
                  <div class="strong">
                    {step.level_name}：{labelOf("approval_decision", step.decision)}
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
          <h2>上级点评</h2>
          {page.superior_comments.length === 0 ? (
            <p class="subtle">尚无点评。</p>
          ) : (
            page.superior_comments.map((comment) => (
              <div class="superior-comment" key={comment.id} data-testid="superior-comment">
                <div class="subtle">
                  {comment.commenter} · {chineseDate(comment.created_at)}
                </div>
                <div class="strong">点不足</div>
                <ol>
                  {comment.shortcomings.map((point, i) => (
                    <li key={i}>{point}</li>
                  ))}
                </ol>
                <div class="strong">指方向</div>
                <p>{comment.direction}</p>
                <div class="strong">明责任</div>
                <p>{comment.responsibility}</p>
              </div>
            ))
          )}
          <h2>
            问题与整改{" "}
            <a
              class="small-link"
              href={hrefOf({ view: "lists", campaignId: page.campaign_id, secretaryId: page.secretary_id })}
            >
              查看清单
            </a>{" "}
            <a
              class="small-link"
              data-testid="open-history"
              href={hrefOf({ view: "history", secretaryId: page.secretary_id })}
            >
              历年对比
            </a>
          </h2>
          {page.problems.length === 0 ? (
            <p class="subtle">尚无问题清单条目。</p>
          ) : (
            page.problems.map((problem) => (
              <div class="problem" key={problem.problem_id}>
                <div>
                  <span class="badge tone-neutral">{labelOf("problem_source", problem.source)}</span> {problem.description}
                </div>
                <p class="subtle">原因：{problem.cause}</p>
                <ul>
                  {problem.measures.map((measure) => (
                    <li key={measure.rectification_id}>
                      {measure.measure}
                      <div class="subtle">
                        {measure.owner} · 时限 {chineseDate(measure.due)} · {labelOf("rectification_status", measure.status)}
                        {measure.overdue && <span class="badge tone-warn">逾期</span>}
                      </div>
                    </li>
                  ))}
                </ul>
              </div>
            ))
          )}
          <Exchange page={page} reload={reload} />
        </aside>
      </div>
    </>
  );
}

/** The published result: worked out here, or received from the organizer. */
function ResultBox({ result }: { result: PersonalResult | null }) {
  const [open, setOpen] = useState(false);
  if (!result) return null;
  // The percents are in the core's order of the grades: 好, 较好, 一般, 差.
  const labels = choicesOf("grade").map((grade) => grade.label);
  return (
    <div class="result-box" data-testid="personal-result">
      <h2>测评结果</h2>
      <div class="result-grade">
        <span class="grade-text">{result.grade_text}</span>
        {result.score !== null && <span class="subtle">综合得分 {result.score.toFixed(2)}</span>}
        {result.rank !== null && (
          <span class="subtle">
            第 {result.rank} 名（共 {result.rated} 人）
          </span>
        )}
      </div>
      <p class="subtle">
        {result.percents.length === 0
          ? `有效票 ${result.valid} 张`
          : `有效票 ${result.valid} 张：${labels.map((label, i) => `${label} ${result.percents[i]?.toFixed(1) ?? "0.0"}%`).join("，")}`}
      </p>
      {result.anonymity && <p class="subtle" data-testid="personal-anonymity">{result.anonymity}</p>}
      {result.veto && <p class="warn-line">{result.veto}</p>}
      {!result.excellent_allowed && <p class="warn-line">按规则，年度考核不得评为“优秀”。</p>}
      <p class="subtle">
        {result.received_at
          ? `来自组织方回执（${chineseDate(result.received_at)}导入）；测评于${chineseDate(result.closed_at)}关闭。`
          : `测评于${chineseDate(result.closed_at)}关闭。`}
      </p>
      <button class="small" onClick={() => setOpen(!open)}>
        {open ? "收起计算过程" : "查看计算过程"}
      </button>
      {open && (
        <ol class="calculation">
          {result.calculation.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** Packages between the secretary's computer and the organizer's. */
function Exchange({ page, reload }: { page: SecretaryPage; reload: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const exportReturn = async () => {
    setProblem(null);
    try {
      setMessage(savedAs("已导出回执包", await api.exportReturnPackage(page.secretary_id)));
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <div class="exchange">
      <h2>与另一台电脑交换</h2>
      {onSecretaryComputer() ? (
        <p class="subtle">
          写好后，在报告编辑页点“导出交换包”，把文件交给组织方；组织方审核、测评后会发回回执包，在这里导入即可看到审核意见、测评结果和整改清单。
        </p>
      ) : (
        <>
          <p class="subtle">
            书记在报告编辑页“导出交换包”发给组织方；组织方审核、点评、测评后，在这里导出回执包发回，书记在这里导入。
          </p>
          <button data-testid="export-return" onClick={() => void exportReturn()}>
            导出回执包（组织方发回书记）
          </button>
        </>
      )}
      {message && (
        <p class="ok-line" data-testid="exchange-message">
          {message}
        </p>
      )}
      {problem && <Failure message={problem} />}
      {/* A return package comes in only on a secretary's computer; the organizer takes reports. */}
      {onSecretaryComputer() ? (
        <PackageImport
          title="导入回执包"
          hint="选择组织方发回的 .szpkg 文件：报告状态、审核意见、点评、测评结果和三张清单以组织方为准；本机的修改会先询问，并另存为版本。"
          done={async (summary) => {
            setMessage(summary);
            reload();
          }}
        />
      ) : (
        <PackageImport
          title="导入述职报告交换包"
          hint="选择书记发来的 .szpkg 文件：报告文字、问题条目、佐证材料和整改进展作为书记的提议导入；报告状态、审核、测评结果和销号以本机为准。"
          done={async (summary) => {
            setMessage(summary);
            reload();
          }}
        />
      )}
    </div>
  );
}

/** Opens the report in the editor, starting it first when the secretary has none. */
function OpenReport({ page }: { page: SecretaryPage }) {
  const [problem, setProblem] = useState<string | null>(null);
  if (page.report_id) {
    return (
      <a class="button-link primary-link" data-testid="open-report" href={hrefOf({ view: "report", reportId: page.report_id })}>
        {page.report_editable ? "编辑述职报告" : "打开述职报告"}
      </a>
    );
  }
  // On the organizer's computer the report is hers to start, on her own computer.
  if (workstationNow()?.role === "organizer") {
    return <p class="subtle">尚未收到述职报告：书记在她的电脑上起草，导出交换包后在这里导入。</p>;
  }
  const start = async () => {
    try {
      const reportId = await api.startReport(page.secretary_id);
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
