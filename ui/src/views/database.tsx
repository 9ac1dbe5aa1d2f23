// The database check: where the file is and whether SQLite finds it sound.
import { api } from "../api";
import { useLoad } from "../load";
import { Failure, Loading } from "./common";

export function DatabaseView() {
  const health = useLoad(() => api.checkDatabase(), []);
  return (
    <section class="database">
      <a class="back" href="#/">← 返回总览</a>
      <h1>检查数据库</h1>
      {health.state === "loading" && <Loading />}
      {health.state === "failed" && <Failure message={health.message} />}
      {health.state === "ready" && (
        <div class="section">
          <p>
            数据文件：<code>{health.value.path}</code>（结构版本 {health.value.schema_version}）
          </p>
          {health.value.problems.length === 0 ? (
            <p class="ok-line" data-testid="database-ok">
              检查完成，数据库完好。
            </p>
          ) : (
            <>
              <p class="failure">发现 {health.value.problems.length} 处问题。请先复制保存该文件，再从最近的备份恢复。</p>
              <ul>
                {health.value.problems.map((problem, index) => (
                  <li key={index}>{problem}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
