// How dates, grades and states read on screen. Pure presentation: every value
// shown here was decided by the core.
import type { Grade, OrgKind, ProblemSource, RectificationStatus, ReportStatus } from "./bindings";

/** 2023-05-22 → 2023年5月22日, as documents write dates. */
export function chineseDate(iso: string | null | undefined): string {
  if (!iso) return "未定";
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

export const orgKindLabel: Record<OrgKind, string> = {
  committee: "党委",
  general_branch: "党总支",
  branch: "党支部",
};

export const gradeLabel: Record<Grade, string> = { good: "好", fairly_good: "较好", fair: "一般", poor: "差" };

export const sourceLabel: Record<ProblemSource, string> = {
  self_review: "自查",
  superior_comment: "上级点评",
  panel_review: "群众评议",
  review_comment: "审核意见",
};

export const rectificationLabel: Record<RectificationStatus, string> = {
  not_started: "未开始",
  in_progress: "整改中",
  done: "已完成",
  ongoing: "长期坚持",
};

/** The colour class of a report state's badge. */
export function statusTone(status: ReportStatus | null): string {
  switch (status) {
    case null:
      return "tone-muted";
    case "draft":
      return "tone-neutral";
    case "returned":
      return "tone-warn";
    case "submitted":
      return "tone-info";
    case "approved":
      return "tone-ok";
  }
}

/** The year a 述职 is about, by the calendar: from October on, this year's (the meetings are
 * held at the year's end or early in the next); before, last year's. */
export function reportingYear(now: Date = new Date()): number {
  return now.getMonth() >= 9 ? now.getFullYear() : now.getFullYear() - 1;
}
