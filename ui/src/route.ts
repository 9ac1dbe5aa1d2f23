// Where the window is, kept in the URL hash so the back button works.
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { view: "dashboard"; campaignId: string | null }
  | { view: "secretary"; secretaryId: string }
  | { view: "history"; secretaryId: string }
  | { view: "years"; campaignId: string }
  | { view: "paper-year"; campaignId: string }
  | { view: "report"; reportId: string }
  | { view: "cliches"; campaignId: string }
  | { view: "lists"; campaignId: string; secretaryId: string | null }
  | { view: "meeting"; campaignId: string; tab: MeetingTab }
  | { view: "presenter"; campaignId: string }
  | { view: "projector"; campaignId: string }
  | { view: "planning"; campaignId: string }
  | { view: "new-campaign" }
  | { view: "database" }
  | { view: "welcome" }
  | { view: "import-year" };

export type MeetingTab = "agenda" | "comments" | "panel" | "entry" | "results" | "assessment";
const MEETING_TABS: MeetingTab[] = ["agenda", "comments", "panel", "entry", "results", "assessment"];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  if (parts[0] === "secretary" && parts[1]) return { view: "secretary", secretaryId: parts[1] };
  if (parts[0] === "history" && parts[1]) return { view: "history", secretaryId: parts[1] };
  if (parts[0] === "years" && parts[1]) return { view: "years", campaignId: parts[1] };
  if (parts[0] === "paper-year" && parts[1]) return { view: "paper-year", campaignId: parts[1] };
  if (parts[0] === "database") return { view: "database" };
  if (parts[0] === "welcome") return { view: "welcome" };
  if (parts[0] === "import-year") return { view: "import-year" };
  if (parts[0] === "report" && parts[1]) return { view: "report", reportId: parts[1] };
  if (parts[0] === "cliches" && parts[1]) return { view: "cliches", campaignId: parts[1] };
  if (parts[0] === "lists" && parts[1]) return { view: "lists", campaignId: parts[1], secretaryId: parts[2] || null };
  if (parts[0] === "meeting" && parts[1]) {
    const tab = MEETING_TABS.find((t) => t === parts[2]) ?? "agenda";
    return { view: "meeting", campaignId: parts[1], tab };
  }
  if (parts[0] === "planning" && parts[1]) return { view: "planning", campaignId: parts[1] };
  if (parts[0] === "new-campaign") return { view: "new-campaign" };
  if (parts[0] === "projector" && parts[1]) return { view: "projector", campaignId: parts[1] };
  if (parts[0] === "presenter" && parts[1]) return { view: "presenter", campaignId: parts[1] };
  if (parts[0] === "campaign" && parts[1]) return { view: "dashboard", campaignId: parts[1] };
  return { view: "dashboard", campaignId: null };
}

export function hrefOf(route: Route): string {
  if (route.view === "secretary") return `#/secretary/${encodeURIComponent(route.secretaryId)}`;
  if (route.view === "history") return `#/history/${encodeURIComponent(route.secretaryId)}`;
  if (route.view === "years") return `#/years/${encodeURIComponent(route.campaignId)}`;
  if (route.view === "paper-year") return `#/paper-year/${encodeURIComponent(route.campaignId)}`;
  if (route.view === "database") return "#/database";
  if (route.view === "welcome") return "#/welcome";
  if (route.view === "import-year") return "#/import-year";
  if (route.view === "report") return `#/report/${encodeURIComponent(route.reportId)}`;
  if (route.view === "cliches") return `#/cliches/${encodeURIComponent(route.campaignId)}`;
  if (route.view === "lists") {
    const scope = route.secretaryId ? `/${encodeURIComponent(route.secretaryId)}` : "";
    return `#/lists/${encodeURIComponent(route.campaignId)}${scope}`;
  }
  if (route.view === "meeting") return `#/meeting/${encodeURIComponent(route.campaignId)}/${route.tab}`;
  if (route.view === "planning") return `#/planning/${encodeURIComponent(route.campaignId)}`;
  if (route.view === "new-campaign") return "#/new-campaign";
  if (route.view === "projector") return `#/projector/${encodeURIComponent(route.campaignId)}`;
  if (route.view === "presenter") return `#/presenter/${encodeURIComponent(route.campaignId)}`;
  return route.campaignId ? `#/campaign/${encodeURIComponent(route.campaignId)}` : "#/";
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

export function navigate(route: Route): void {
  location.hash = hrefOf(route);
}
