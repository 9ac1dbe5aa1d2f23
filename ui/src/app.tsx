// The frame of the window: the title bar and whichever view the route names. Until this
// computer's role is chosen, the first-start page stands in for every view; until the core's
// words for its values have come, nothing is shown.
import { api, messageOf } from "./api";
import { useLoad } from "./load";
import { type Route, useRoute } from "./route";
import { inBrowserApp, quitBrowserApp } from "./transport";
import { useEffect, useState } from "preact/hooks";
import { ConfirmHost, confirmInPage } from "./confirm";
import { lazy, Suspense } from "preact/compat";
import { DashboardView } from "./views/dashboard";
import { Failure, Loading } from "./views/common";
import { SecretaryView } from "./views/secretary";
import { HistoryView } from "./views/history";
import { YearsView } from "./views/years";
import { PaperYearView } from "./views/paperyear";
import { ImportYearView, WelcomeView } from "./views/welcome";
import { labelOf, loadLabels } from "./labels";
import { loadWorkstation, useWorkstation } from "./workstation";

// The first screens (welcome, overview, a secretary's page) load with the window; the
// others load when first opened, so the window holds less it may never use.
const ClichesView = lazy(() => import("./views/cliches").then((m) => m.ClichesView));
const DatabaseView = lazy(() => import("./views/database").then((m) => m.DatabaseView));
const EditorView = lazy(() => import("./views/editor").then((m) => m.EditorView));
const ListsView = lazy(() => import("./views/lists").then((m) => m.ListsView));
const MeetingScreen = lazy(() => import("./views/meeting").then((m) => m.MeetingScreen));
const NewCampaignView = lazy(() => import("./views/planning").then((m) => m.NewCampaignView));
const PlanningView = lazy(() => import("./views/planning").then((m) => m.PlanningView));
const PresenterView = lazy(() => import("./views/presenter").then((m) => m.PresenterView));
const ProjectorView = lazy(() => import("./views/projector").then((m) => m.ProjectorView));

export function App() {
  const route = useRoute();
  // Asked again on every move between pages, so a check that found damage shows at once.
  const stopped = useLoad(() => api.writesStopped(), [route]);
  const labels = useLoad(() => loadLabels(), []);
  const [ended, setEnded] = useState(false);
  const station = useWorkstation();
  const [stationProblem, setStationProblem] = useState<string | null>(null);
  useEffect(() => {
    loadWorkstation().catch((error) => setStationProblem(messageOf(error)));
  }, []);
  if (ended) {
    return (
      <main class="content ended" data-testid="app-ended">
        <h1>述职评议助手已退出</h1>
        <p>所有修改都已保存。现在可以关闭这个浏览器页面；下次使用时，请重新启动述职评议助手。</p>
      </main>
    );
  }
  if (labels.state !== "ready") {
    return <main class="content">{labels.state === "failed" ? <Failure message={labels.message} /> : <Loading />}</main>;
  }
  // The projector's own window shows the projector alone, without the title bar.
  if (route.view === "projector") {
    return (
      <main class="content projector-only">
        <Suspense fallback={<Loading />}>
          <ProjectorView campaignId={route.campaignId} />
        </Suspense>
      </main>
    );
  }
  const firstStart = station !== null && !station.role && route.view !== "database";
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="#/">
          <span class="brand-mark" aria-hidden="true">述</span>
          述职评议助手
        </a>
        <span class="topbar-note">党组织书记抓基层党建述职评议考核</span>
        {station?.role && (
          <a class="topbar-role" href="#/welcome" data-testid="topbar-role" title="更改本机用途或姓名">
            本机用途：{labelOf("role", station.role)}
            {station.name && ` · ${station.name}`}
          </a>
        )}
        <a class="topbar-link" href="#/database">
          检查数据库
        </a>
        {inBrowserApp && (
          <button
            class="topbar-quit"
            data-testid="quit"
            onClick={async () => {
              if (!(await confirmInPage("退出述职评议助手吗？所有修改都已保存。", "退出"))) return;
              void quitBrowserApp().then(() => setEnded(true));
            }}
          >
            退出
          </button>
        )}
      </header>
      {stopped.state === "ready" && stopped.value && (
        <p class="failure writes-stopped" role="alert" data-testid="writes-stopped">
          数据库检查发现了损坏，为保护现有数据，程序已停止保存任何修改。请到
          <a href="#/database">检查数据库</a>
          页查看问题，然后从最近的备份恢复。
        </p>
      )}
      <main class="content">
        {stationProblem ? (
          <Failure message={stationProblem} />
        ) : !station ? (
          <Loading />
        ) : route.view === "welcome" || firstStart ? (
          <WelcomeView key={station.role ?? "first"} />
        ) : (
          <Routed
            route={route}
            secretaryHome={station.role === "secretary" ? (station.me?.secretary_id ?? null) : undefined}
          />
        )}
      </main>
      <ConfirmHost />
    </div>
  );
}

/** The view the route names. On a secretary's computer the home page is her own page
 * (`secretaryHome`; `null` before she said who she is, when her start page is shown). */
function Routed({ route, secretaryHome }: { route: Route; secretaryHome: string | null | undefined }) {
  if (route.view === "dashboard" && secretaryHome !== undefined) {
    return secretaryHome ? <SecretaryView secretaryId={secretaryHome} /> : <WelcomeView />;
  }
  return (
    <Suspense fallback={<Loading />}>
      {route.view === "secretary" && <SecretaryView secretaryId={route.secretaryId} />}
      {route.view === "history" && <HistoryView secretaryId={route.secretaryId} />}
      {route.view === "years" && <YearsView campaignId={route.campaignId} />}
      {route.view === "paper-year" && <PaperYearView campaignId={route.campaignId} />}
      {route.view === "import-year" && <ImportYearView />}
      {route.view === "database" && <DatabaseView />}
      {route.view === "report" && <EditorView reportId={route.reportId} />}
      {route.view === "cliches" && <ClichesView campaignId={route.campaignId} />}
      {route.view === "lists" && <ListsView campaignId={route.campaignId} secretaryId={route.secretaryId} />}
      {route.view === "meeting" && <MeetingScreen campaignId={route.campaignId} tab={route.tab} />}
      {route.view === "planning" && <PlanningView campaignId={route.campaignId} />}
      {route.view === "new-campaign" && <NewCampaignView />}
      {route.view === "presenter" && <PresenterView campaignId={route.campaignId} />}
      {route.view === "dashboard" && <DashboardView campaignId={route.campaignId} />}
    </Suspense>
  );
}
