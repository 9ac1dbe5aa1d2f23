// The window's one door to the core. It unwraps the generated bindings' results so
// views can `await` a value and show a failure's Chinese message as it is.
import {
  commands,
  type CommandError,
  type BallotInput,
  type CampaignInput,
  type CampaignSettings,
  type OrganizationInput,
  type SecretaryInput,
  type RosterRow,
  type CategoryInput,
  type CommentInput,
  type EvidenceTarget,
  type KeepEntry,
  type MeetingSettings,
  type ScoringRules,
  type InspectionKind,
  type ListKind,
  type RectificationStatus,
  type RestoreSource,
  type MeasureInput,
  type ProblemInput,
  type ReviewInput,
  type Section,
  type Role,
  type OwnReportInput,
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
  saveSection: (reportId: string, focusPointId: string, baseVersion: string, body: string) =>
    unwrap(commands.saveSection(reportId, focusPointId, baseVersion, body)),
  checkDraft: (reportId: string, sections: Section[]) => unwrap(commands.checkDraft(reportId, sections)),
  saveRevision: (reportId: string, author: string, note: string) =>
    unwrap(commands.saveRevision(reportId, author, note)),
  submitReport: (reportId: string, actor: string) => unwrap(commands.submitReport(reportId, actor)),
  reviewReport: (reportId: string, input: ReviewInput) => unwrap(commands.reviewReport(reportId, input)),
  compareRevisions: (older: string, newer: string) => unwrap(commands.compareRevisions(older, newer)),
  exportReportPdf: (reportId: string) => unwrap(commands.exportReportPdf(reportId)),
  exportReportDocx: (reportId: string) => unwrap(commands.exportReportDocx(reportId)),
  exportReportPackage: (reportId: string) => unwrap(commands.exportReportPackage(reportId)),
  exportReturnPackage: (secretaryId: string) => unwrap(commands.exportReturnPackage(secretaryId)),
  exportCampaignFile: (campaignId: string) => unwrap(commands.exportCampaignFile(campaignId)),
  myYears: () => unwrap(commands.myYears()),
  exportSecretaryFiles: (campaignId: string) => unwrap(commands.exportSecretaryFiles(campaignId)),
  comparePackage: (fileName: string, contentBase64: string) => unwrap(commands.comparePackage(fileName, contentBase64)),
  importPackage: (fileName: string, contentBase64: string, replace: boolean, actor: string) =>
    unwrap(commands.importPackage(fileName, contentBase64, replace, actor)),
  exportListsXlsx: (campaignId: string, secretaryId: string | null) =>
    unwrap(commands.exportListsXlsx(campaignId, secretaryId)),
  exportResultsXlsx: (campaignId: string) => unwrap(commands.exportResultsXlsx(campaignId)),
  openExported: (path: string) => unwrap(commands.openExported(path)),
  openExportFolder: (path: string) => unwrap(commands.openExportFolder(path)),
  saveExportedAs: (path: string) => unwrap(commands.saveExportedAs(path)),
  backupNow: () => unwrap(commands.backupNow()),
  backupToChosenFile: () => unwrap(commands.backupToChosenFile()),
  chooseBackupFile: () => unwrap(commands.chooseBackupFile()),
  listBackups: () => unwrap(commands.listBackups()),
  writesStopped: () => unwrap(commands.writesStopped()),
  checkFileSize: (kind: string, fileName: string, size: number) => unwrap(commands.checkFileSize(kind, fileName, size)),
  checkBackup: (fileName: string) => unwrap(commands.checkBackup(fileName)),
  restoreBackup: (source: RestoreSource) => unwrap(commands.restoreBackup(source)),
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
  addProblemsFromText: (secretaryId: string, text: string, actor: string) =>
    unwrap(commands.addProblemsFromText(secretaryId, text, actor)),
  rewriteSectionsFromItems: (reportId: string, actor: string) =>
    unwrap(commands.rewriteSectionsFromItems(reportId, actor)),
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
  addProgress: (id: string, date: string, note: string, evidence: string, actor: string) =>
    unwrap(commands.addProgress(id, date, note, evidence, actor)),
  mergeProblems: (keepId: string, duplicateId: string, actor: string) =>
    unwrap(commands.mergeProblems(keepId, duplicateId, actor)),
  moveProblem: (problemId: string, up: boolean, actor: string) => unwrap(commands.moveProblem(problemId, up, actor)),
  signOffLists: (campaignId: string, secretaryId: string | null, reviewer: string, note: string, actor: string) =>
    unwrap(commands.signOffLists(campaignId, secretaryId, reviewer, note, actor)),
  createCampaign: (input: CampaignInput, copyFrom: string | null, actor: string) =>
    unwrap(commands.createCampaign(input, copyFrom, actor)),
  renameCampaign: (campaignId: string, year: number, title: string, actor: string) =>
    unwrap(commands.renameCampaign(campaignId, year, title, actor)),
  deleteCampaign: (campaignId: string, confirmYear: number, actor: string) =>
    unwrap(commands.deleteCampaign(campaignId, confirmYear, actor)),
  campaignCoverage: (campaignId: string) => unwrap(commands.campaignCoverage(campaignId)),
  readRoster: (fileName: string, contentBase64: string) => unwrap(commands.readRoster(fileName, contentBase64)),
  exportRosterTemplate: () => unwrap(commands.exportRosterTemplate()),
  previewRoster: (campaignId: string, rows: RosterRow[]) => unwrap(commands.previewRoster(campaignId, rows)),
  importRoster: (campaignId: string, rows: RosterRow[], actor: string) =>
    unwrap(commands.importRoster(campaignId, rows, actor)),
  campaignDetails: (campaignId: string) => unwrap(commands.campaignDetails(campaignId)),
  saveCampaignSettings: (campaignId: string, settings: CampaignSettings, actor: string) =>
    unwrap(commands.saveCampaignSettings(campaignId, settings, actor)),
  organizationTree: (campaignId: string) => unwrap(commands.organizationTree(campaignId)),
  updateOrganization: (id: string, input: OrganizationInput, actor: string) =>
    unwrap(commands.updateOrganization(id, input, actor)),
  deleteOrganization: (id: string, actor: string) => unwrap(commands.deleteOrganization(id, actor)),
  updateSecretary: (id: string, input: SecretaryInput, actor: string) => unwrap(commands.updateSecretary(id, input, actor)),
  deleteSecretary: (id: string, actor: string) => unwrap(commands.deleteSecretary(id, actor)),
  meetingView: (campaignId: string) => unwrap(commands.meetingView(campaignId)),
  setAgenda: (campaignId: string, ids: string[], actor: string) => unwrap(commands.setAgenda(campaignId, ids, actor)),
  saveMeetingSettings: (campaignId: string, settings: MeetingSettings, actor: string) =>
    unwrap(commands.saveMeetingSettings(campaignId, settings, actor)),
  savePanel: (campaignId: string, categories: CategoryInput[], actor: string) =>
    unwrap(commands.savePanel(campaignId, categories, actor)),
  rulesPresets: () => unwrap(commands.rulesPresets()),
  describeRules: (rules: ScoringRules) => unwrap(commands.describeRules(rules)),
  saveRules: (campaignId: string, rules: ScoringRules, actor: string) =>
    unwrap(commands.saveRules(campaignId, rules, actor)),
  saveComment: (secretaryId: string, input: CommentInput, actor: string) =>
    unwrap(commands.saveComment(secretaryId, input, actor)),
  commentPointToProblem: (commentId: string, point: number, category: string, actor: string) =>
    unwrap(commands.commentPointToProblem(commentId, point, category, actor)),
  suggestionToProblem: (ballotId: string, secretaryId: string, text: string, actor: string) =>
    unwrap(commands.suggestionToProblem(ballotId, secretaryId, text, actor)),
  enterBallot: (campaignId: string, input: BallotInput, actor: string) =>
    unwrap(commands.enterBallot(campaignId, input, actor)),
  updateBallot: (campaignId: string, ballotId: string, input: BallotInput, actor: string) =>
    unwrap(commands.updateBallot(campaignId, ballotId, input, actor)),
  deleteBallot: (campaignId: string, ballotId: string, actor: string) =>
    unwrap(commands.deleteBallot(campaignId, ballotId, actor)),
  enterCheck: (campaignId: string, input: BallotInput, actor: string) =>
    unwrap(commands.enterCheck(campaignId, input, actor)),
  settleCheck: (campaignId: string, serial: string, keep: KeepEntry, actor: string) =>
    unwrap(commands.settleCheck(campaignId, serial, keep, actor)),
  closeVote: (campaignId: string, actor: string, overVoteReason: string | null) =>
    unwrap(commands.closeVote(campaignId, actor, overVoteReason)),
  ballotReconciliation: (campaignId: string) => unwrap(commands.ballotReconciliation(campaignId)),
  reopenVote: (campaignId: string, reason: string, actor: string) =>
    unwrap(commands.reopenVote(campaignId, reason, actor)),
  meetingResults: (campaignId: string) => unwrap(commands.meetingResults(campaignId)),
  exportBallotSheets: (campaignId: string, actor: string) => unwrap(commands.exportBallotSheets(campaignId, actor)),
  exportResultsPdf: (campaignId: string, summary: boolean, secretaryId: string | null) =>
    unwrap(commands.exportResultsPdf(campaignId, summary, secretaryId)),
  exportRecount: (campaignId: string) => unwrap(commands.exportRecount(campaignId)),
  startPhoneVote: (campaignId: string, bind: string, actor: string) =>
    unwrap(commands.startPhoneVote(campaignId, bind, actor)),
  stopPhoneVote: (campaignId: string) => unwrap(commands.stopPhoneVote(campaignId)),
  phoneVoteStatus: (campaignId: string) => unwrap(commands.phoneVoteStatus(campaignId)),
  exportCodeSlips: (campaignId: string, url: string, actor: string) =>
    unwrap(commands.exportCodeSlips(campaignId, url, actor)),
  evidenceContent: (evidenceId: string) => unwrap(commands.evidenceContent(evidenceId)),
  openProjector: (campaignId: string) => unwrap(commands.openProjector(campaignId)),
  closeProjector: () => unwrap(commands.closeProjector()),
  signOffWithFile: (
    id: string,
    date: string,
    verifier: string,
    evidence: string,
    fileName: string,
    contentBase64: string,
    actor: string,
  ) => unwrap(commands.signOffWithFile(id, date, verifier, evidence, fileName, contentBase64, actor)),
  undoStatusChange: (id: string, actor: string) => unwrap(commands.undoStatusChange(id, actor)),
  labels: () => unwrap(commands.labels()),
  workstation: () => unwrap(commands.workstation()),
  chooseRole: (role: Role, name: string, removeSample: boolean) => unwrap(commands.chooseRole(role, name, removeSample)),
  setMyName: (name: string) => unwrap(commands.setMyName(name)),
  removeSample: (actor: string) => unwrap(commands.removeSample(actor)),
  readCampaignFile: (fileName: string, contentBase64: string) => unwrap(commands.readCampaignFile(fileName, contentBase64)),
  importCampaignFile: (fileName: string, contentBase64: string, me: string | null, actor: string) =>
    unwrap(commands.importCampaignFile(fileName, contentBase64, me, actor)),
  startOwnReport: (input: OwnReportInput, actor: string) => unwrap(commands.startOwnReport(input, actor)),
  deleteEvidence: (evidenceId: string, actor: string) => unwrap(commands.deleteEvidence(evidenceId, actor)),
};

/** The message to show for anything thrown while talking to the core. */
export function messageOf(error: unknown): string {
  if (error instanceof CoreError) return error.message;
  if (error instanceof Error) return `程序内部错误：${error.message}。请重启述职评议助手；若问题仍在，请联系管理员。`;
  return `程序内部错误：${String(error)}。请重启述职评议助手；若问题仍在，请联系管理员。`;
}
