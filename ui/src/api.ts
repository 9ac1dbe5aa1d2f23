// The window's one door to the core. It unwraps the generated bindings' results so
// views can `await` a value and show a failure's Chinese message as it is.
import {
  commands,
  type CommandError,
  type EvidenceTarget,
  type InspectionKind,
  type ListKind,
  type RectificationStatus,
  type MeasureInput,
  type ProblemInput,
  type ReviewInput,
  type Section,
} from "./bindings";

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: CommandError };

/** A failure the core reported; `message` is written for people. */
export class CoreError extends Error {
  readonly kind: CommandError["kind"];
  constructor(error: CommandError) {
    super(error.message);
    this.kind = error.kind;
  }
}

async function unwrap<T>(pending: Promise<Outcome<T>>): Promise<T> {
  const outcome = await pending;
  if (outcome.status === "error") {
    throw new CoreError(outcome.error);
  }
  return outcome.data;
}

export const api = {
  listCampaigns: () => unwrap(commands.listCampaigns()),
  campaignDashboard: (campaignId: string) => unwrap(commands.campaignDashboard(campaignId)),
  secretaryPage: (secretaryId: string) => unwrap(commands.secretaryPage(secretaryId)),
  checkDatabase: () => unwrap(commands.checkDatabase()),
  startReport: (secretaryId: string, actor: string) => unwrap(commands.startReport(secretaryId, actor)),
  reportEditor: (reportId: string) => unwrap(commands.reportEditor(reportId)),
  saveSection: (reportId: string, focusPointId: string, body: string) =>
    unwrap(commands.saveSection(reportId, focusPointId, body)),
  checkDraft: (reportId: string, sections: Section[]) => unwrap(commands.checkDraft(reportId, sections)),
  saveRevision: (reportId: string, author: string, note: string) =>
    unwrap(commands.saveRevision(reportId, author, note)),
  submitReport: (reportId: string, actor: string) => unwrap(commands.submitReport(reportId, actor)),
  reviewReport: (reportId: string, input: ReviewInput) => unwrap(commands.reviewReport(reportId, input)),
  compareRevisions: (older: string, newer: string) => unwrap(commands.compareRevisions(older, newer)),
  exportReportPdf: (reportId: string) => unwrap(commands.exportReportPdf(reportId)),
  campaignCliches: (campaignId: string) => unwrap(commands.campaignCliches(campaignId)),
  buildLists: (campaignId: string, secretaryId: string | null) => unwrap(commands.buildLists(campaignId, secretaryId)),
  reviewMeasures: (campaignId: string, secretaryId: string | null) =>
    unwrap(commands.reviewMeasures(campaignId, secretaryId)),
  setRectificationStatus: (id: string, status: RectificationStatus, actor: string) =>
    unwrap(commands.setRectificationStatus(id, status, actor)),
  signOffRectification: (id: string, date: string, verifier: string, evidence: string, actor: string) =>
    unwrap(commands.signOffRectification(id, date, verifier, evidence, actor)),
  addInspection: (id: string, kind: InspectionKind, date: string, inspector: string, findings: string) =>
    unwrap(commands.addInspection(id, kind, date, inspector, findings)),
  exportListsPdf: (campaignId: string, secretaryId: string | null, kinds: ListKind[]) =>
    unwrap(commands.exportListsPdf(campaignId, secretaryId, kinds)),
  setCampaignCliches: (campaignId: string, phrases: string[] | null, actor: string) =>
    unwrap(commands.setCampaignCliches(campaignId, phrases, actor)),
  addProblem: (secretaryId: string, input: ProblemInput, actor: string) =>
    unwrap(commands.addProblem(secretaryId, input, actor)),
  updateProblem: (problemId: string, input: ProblemInput, actor: string) =>
    unwrap(commands.updateProblem(problemId, input, actor)),
  deleteProblem: (problemId: string, actor: string) => unwrap(commands.deleteProblem(problemId, actor)),
  addMeasure: (problemId: string, input: MeasureInput, actor: string) =>
    unwrap(commands.addMeasure(problemId, input, actor)),
  updateMeasure: (rectificationId: string, input: MeasureInput, actor: string) =>
    unwrap(commands.updateMeasure(rectificationId, input, actor)),
  deleteMeasure: (rectificationId: string, actor: string) => unwrap(commands.deleteMeasure(rectificationId, actor)),
  attachEvidence: (
    reportId: string,
    target: EvidenceTarget,
    fileName: string,
    contentBase64: string,
    description: string,
    actor: string,
  ) => unwrap(commands.attachEvidence(reportId, target, fileName, contentBase64, description, actor)),
  evidenceContent: (evidenceId: string) => unwrap(commands.evidenceContent(evidenceId)),
  deleteEvidence: (evidenceId: string, actor: string) => unwrap(commands.deleteEvidence(evidenceId, actor)),
};

/** The message to show for anything thrown while talking to the core. */
export function messageOf(error: unknown): string {
  if (error instanceof CoreError) return error.message;
  if (error instanceof Error) return `程序内部错误：${error.message}。请重启述职评议助手；若问题仍在，请联系管理员。`;
  return `程序内部错误：${String(error)}。请重启述职评议助手；若问题仍在，请联系管理员。`;
}
