// How dates read on screen and the colours of states. Pure presentation: every value shown
// here was decided by the core, and the words for a value come from the core (`labels.ts`).
import type { ReportStatus } from "./bindings";

/** 2023-05-22 → 2023年5月22日, as documents write dates. */
export function chineseDate(iso: string | null | undefined): string {
  if (!iso) return "未定";
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

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

/** A percentage to one decimal where it has one (37.5%, 50%): the same rate reads the same
 * on every page; or — where there is none (withheld, not rated). */
export function percentText(value: number | null): string {
  return value === null ? "—" : `${Number(value.toFixed(1))}%`;
}
