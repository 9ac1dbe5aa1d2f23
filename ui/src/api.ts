// The window's one door to the core. It unwraps the generated bindings' results so
// views can `await` a value and show a failure's Chinese message as it is.
import {
  commands as generated,
  type AssessmentRules,
  type DailyScoreRow,
  type DailyItemInput,
  type DecisionInput,
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
  type RepeatDecision,
  type PaperYearInput,
} from "./bindings";

import { wellFormed } from "./transport";

/**
 * The generated commands, each with its arguments made well-formed first: a lone half of
 * a surrogate pair (a broken paste, a script) becomes the replacement character instead of
 * making the whole request invalid JSON, so the words around it are saved.
 */
const commands = new Proxy(generated, {
  get(target, key) {
    const command = Reflect.get(target, key) as unknown;
    return typeof command === "function"
      ? (...args: unknown[]) => (command as (...a: unknown[]) => unknown)(...args.map(wellFormed))
      : command;
  },
}) as typeof generated;

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
  secretaryHistory: (secretaryId: string) => unwrap(commands.secretaryHistory(secretaryId)),
  campaignsHistory: (campaignId: string) => unwrap(commands.campaignsHistory(campaignId)),
  repeatedProblems: (campaignId: string) => unwrap(commands.repeatedProblems(campaignId)),
  decideRepeat: (problemId: string, earlierProblemId: string, decision: RepeatDecision | null) =>
    unwrap(commands.decideRepeat(problemId, earlierProblemId, decision)),
  postLinks: (organizationId: string) => unwrap(commands.postLinks(organizationId)),
  linkPost: (organizationId: string, earlierName: string, earlierUnit: string) =>
    unwrap(commands.linkPost(organizationId, earlierName, earlierUnit)),
  unlinkPost: (linkId: string) => unwrap(commands.unlinkPost(linkId)),
  previewPaperYear: (campaignId: string, input: PaperYearInput) => unwrap(commands.previewPaperYear(campaignId, input)),
  importPaperYear: (campaignId: string, input: PaperYearInput) => unwrap(commands.importPaperYear(campaignId, input)),
  exportCampaignsHistoryPdf: (campaignId: string) => unwrap(commands.exportCampaignsHistoryPdf(campaignId)),
  exportCampaignsHistoryXlsx: (campaignId: string) => unwrap(commands.exportCampaignsHistoryXlsx(campaignId)),
  checkDatabase: () => unwrap(commands.checkDatabase()),
  startReport: (secretaryId: string) => unwrap(commands.startReport(secretaryId)),
  reportEditor: (reportId: string) => unwrap(commands.reportEditor(reportId)),
  saveSection: (reportId: string, focusPointId: string, baseVersion: string, body: string) =>
    unwrap(commands.saveSection(reportId, focusPointId, baseVersion, body)),
  checkDraft: (reportId: string, sections: Section[]) => unwrap(commands.checkDraft(reportId, sections)),
  saveRevision: (reportId: string, note: string) => unwrap(commands.saveRevision(reportId, note)),
  submitReport: (reportId: string) => unwrap(commands.submitReport(reportId)),
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
  importPackage: (fileName: string, contentBase64: string, replace: boolean) =>
    unwrap(commands.importPackage(fileName, contentBase64, replace)),
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
  setRectificationStatus: (id: string, status: RectificationStatus) =>
    unwrap(commands.setRectificationStatus(id, status)),
  signOffRectification: (id: string, date: string, verifier: string, evidence: string) =>
    unwrap(commands.signOffRectification(id, date, verifier, evidence)),
  addInspection: (id: string, kind: InspectionKind, date: string, inspector: string, findings: string) =>
    unwrap(commands.addInspection(id, kind, date, inspector, findings)),
  exportListsPdf: (campaignId: string, secretaryId: string | null, kinds: ListKind[]) =>
    unwrap(commands.exportListsPdf(campaignId, secretaryId, kinds)),
  setCampaignCliches: (campaignId: string, phrases: string[] | null) =>
    unwrap(commands.setCampaignCliches(campaignId, phrases)),
  addProblem: (secretaryId: string, input: ProblemInput) =>
    unwrap(commands.addProblem(secretaryId, input)),
  addProblemsFromText: (secretaryId: string, text: string) =>
    unwrap(commands.addProblemsFromText(secretaryId, text)),
  rewriteSectionsFromItems: (reportId: string) =>
    unwrap(commands.rewriteSectionsFromItems(reportId)),
  updateProblem: (problemId: string, input: ProblemInput) =>
    unwrap(commands.updateProblem(problemId, input)),
  deleteProblem: (problemId: string) => unwrap(commands.deleteProblem(problemId)),
  addMeasure: (problemId: string, input: MeasureInput) =>
    unwrap(commands.addMeasure(problemId, input)),
  updateMeasure: (rectificationId: string, input: MeasureInput) =>
    unwrap(commands.updateMeasure(rectificationId, input)),
  deleteMeasure: (rectificationId: string) => unwrap(commands.deleteMeasure(rectificationId)),
  attachEvidence: (
    reportId: string,
    target: EvidenceTarget,
    fileName: string,
    contentBase64: string,
    description: string,
  ) => unwrap(commands.attachEvidence(reportId, target, fileName, contentBase64, description)),
  addProgress: (id: string, date: string, note: string, evidence: string) =>
    unwrap(commands.addProgress(id, date, note, evidence)),
  mergeProblems: (keepId: string, duplicateId: string) =>
    unwrap(commands.mergeProblems(keepId, duplicateId)),
  moveProblem: (problemId: string, up: boolean) => unwrap(commands.moveProblem(problemId, up)),
  signOffLists: (campaignId: string, secretaryId: string | null, reviewer: string, note: string) =>
    unwrap(commands.signOffLists(campaignId, secretaryId, reviewer, note)),
  createCampaign: (input: CampaignInput, copyFrom: string | null) =>
    unwrap(commands.createCampaign(input, copyFrom)),
  renameCampaign: (campaignId: string, year: number, title: string) =>
    unwrap(commands.renameCampaign(campaignId, year, title)),
  deleteCampaign: (campaignId: string, confirmYear: number) =>
    unwrap(commands.deleteCampaign(campaignId, confirmYear)),
  campaignCoverage: (campaignId: string) => unwrap(commands.campaignCoverage(campaignId)),
  readRoster: (fileName: string, contentBase64: string) => unwrap(commands.readRoster(fileName, contentBase64)),
  exportRosterTemplate: () => unwrap(commands.exportRosterTemplate()),
  previewRoster: (campaignId: string, rows: RosterRow[]) => unwrap(commands.previewRoster(campaignId, rows)),
  importRoster: (campaignId: string, rows: RosterRow[]) =>
    unwrap(commands.importRoster(campaignId, rows)),
  campaignDetails: (campaignId: string) => unwrap(commands.campaignDetails(campaignId)),
  saveCampaignSettings: (campaignId: string, settings: CampaignSettings) =>
    unwrap(commands.saveCampaignSettings(campaignId, settings)),
  organizationTree: (campaignId: string) => unwrap(commands.organizationTree(campaignId)),
  updateOrganization: (id: string, input: OrganizationInput) =>
    unwrap(commands.updateOrganization(id, input)),
  deleteOrganization: (id: string) => unwrap(commands.deleteOrganization(id)),
  updateSecretary: (id: string, input: SecretaryInput) => unwrap(commands.updateSecretary(id, input)),
  deleteSecretary: (id: string) => unwrap(commands.deleteSecretary(id)),
  meetingView: (campaignId: string) => unwrap(commands.meetingView(campaignId)),
  setAgenda: (campaignId: string, ids: string[]) => unwrap(commands.setAgenda(campaignId, ids)),
  saveMeetingSettings: (campaignId: string, settings: MeetingSettings) =>
    unwrap(commands.saveMeetingSettings(campaignId, settings)),
  savePanel: (campaignId: string, categories: CategoryInput[]) =>
    unwrap(commands.savePanel(campaignId, categories)),
  rulesPresets: () => unwrap(commands.rulesPresets()),
  describeRules: (rules: ScoringRules) => unwrap(commands.describeRules(rules)),
  saveRules: (campaignId: string, rules: ScoringRules) =>
    unwrap(commands.saveRules(campaignId, rules)),
  saveComment: (secretaryId: string, input: CommentInput) =>
    unwrap(commands.saveComment(secretaryId, input)),
  commentPointToProblem: (commentId: string, point: number, category: string) =>
    unwrap(commands.commentPointToProblem(commentId, point, category)),
  suggestionToProblem: (ballotId: string, secretaryId: string, text: string) =>
    unwrap(commands.suggestionToProblem(ballotId, secretaryId, text)),
  enterBallot: (campaignId: string, input: BallotInput) =>
    unwrap(commands.enterBallot(campaignId, input)),
  updateBallot: (campaignId: string, ballotId: string, input: BallotInput) =>
    unwrap(commands.updateBallot(campaignId, ballotId, input)),
  deleteBallot: (campaignId: string, ballotId: string) =>
    unwrap(commands.deleteBallot(campaignId, ballotId)),
  enterCheck: (campaignId: string, input: BallotInput) =>
    unwrap(commands.enterCheck(campaignId, input)),
  settleCheck: (campaignId: string, serial: string, keep: KeepEntry) =>
    unwrap(commands.settleCheck(campaignId, serial, keep)),
  closeVote: (campaignId: string, overVoteReason: string | null) =>
    unwrap(commands.closeVote(campaignId, overVoteReason)),
  ballotReconciliation: (campaignId: string) => unwrap(commands.ballotReconciliation(campaignId)),
  startNewRound: (campaignId: string, reason: string) => unwrap(commands.startNewRound(campaignId, reason)),
  reopenVote: (campaignId: string, reason: string) =>
    unwrap(commands.reopenVote(campaignId, reason)),
  meetingResults: (campaignId: string) => unwrap(commands.meetingResults(campaignId)),
  setReportingMode: (campaignId: string, secretaryIds: string[], written: boolean) =>
    unwrap(commands.setReportingMode(campaignId, secretaryIds, written)),
  assessmentView: (campaignId: string) => unwrap(commands.assessmentView(campaignId)),
  saveAssessmentRules: (campaignId: string, rules: AssessmentRules) =>
    unwrap(commands.saveAssessmentRules(campaignId, rules)),
  readDailyScores: (fileName: string, contentBase64: string) =>
    unwrap(commands.readDailyScores(fileName, contentBase64)),
  exportDailyScoresTemplate: (campaignId: string) => unwrap(commands.exportDailyScoresTemplate(campaignId)),
  previewDailyScores: (campaignId: string, rows: DailyScoreRow[]) =>
    unwrap(commands.previewDailyScores(campaignId, rows)),
  importDailyScores: (campaignId: string, rows: DailyScoreRow[]) =>
    unwrap(commands.importDailyScores(campaignId, rows)),
  saveDailyScores: (campaignId: string, organizationId: string, items: DailyItemInput[]) =>
    unwrap(commands.saveDailyScores(campaignId, organizationId, items)),
  decideAssessment: (campaignId: string, input: DecisionInput) => unwrap(commands.decideAssessment(campaignId, input)),
  exportAssessmentPdf: (campaignId: string) => unwrap(commands.exportAssessmentPdf(campaignId)),
  exportAssessmentXlsx: (campaignId: string) => unwrap(commands.exportAssessmentXlsx(campaignId)),
  exportAssessmentFiles: (campaignId: string) => unwrap(commands.exportAssessmentFiles(campaignId)),
  decideQuotaTie: (campaignId: string, kept: string[], reason: string) =>
    unwrap(commands.decideQuotaTie(campaignId, kept, reason)),
  exportBallotSheets: (campaignId: string) => unwrap(commands.exportBallotSheets(campaignId)),
  exportResultsPdf: (campaignId: string, summary: boolean, secretaryId: string | null) =>
    unwrap(commands.exportResultsPdf(campaignId, summary, secretaryId)),
  exportRecount: (campaignId: string) => unwrap(commands.exportRecount(campaignId)),
  startPhoneVote: (campaignId: string, bind: string) =>
    unwrap(commands.startPhoneVote(campaignId, bind)),
  stopPhoneVote: (campaignId: string) => unwrap(commands.stopPhoneVote(campaignId)),
  phoneVoteStatus: (campaignId: string) => unwrap(commands.phoneVoteStatus(campaignId)),
  exportCodeSlips: (campaignId: string, url: string) =>
    unwrap(commands.exportCodeSlips(campaignId, url)),
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
  ) => unwrap(commands.signOffWithFile(id, date, verifier, evidence, fileName, contentBase64)),
  undoStatusChange: (id: string) => unwrap(commands.undoStatusChange(id)),
  labels: () => unwrap(commands.labels()),
  workstation: () => unwrap(commands.workstation()),
  chooseRole: (role: Role, name: string, removeSample: boolean) => unwrap(commands.chooseRole(role, name, removeSample)),
  setMyName: (name: string) => unwrap(commands.setMyName(name)),
  removeSample: () => unwrap(commands.removeSample()),
  readCampaignFile: (fileName: string, contentBase64: string) => unwrap(commands.readCampaignFile(fileName, contentBase64)),
  importCampaignFile: (fileName: string, contentBase64: string, me: string | null) =>
    unwrap(commands.importCampaignFile(fileName, contentBase64, me)),
  startOwnReport: (input: OwnReportInput) => unwrap(commands.startOwnReport(input)),
  deleteEvidence: (evidenceId: string) => unwrap(commands.deleteEvidence(evidenceId)),
};

/** The message to show for anything thrown while talking to the core. */
/** A failure of the page itself that a person can put right, said in words for them. */
export class PageError extends Error {}

export function messageOf(error: unknown): string {
  if (error instanceof CoreError || error instanceof PageError) return error.message;
  if (error instanceof Error) return `程序内部错误：${error.message}。请重启述职评议助手；若问题仍在，请联系管理员。`;
  return `程序内部错误：${String(error)}。请重启述职评议助手；若问题仍在，请联系管理员。`;
}
