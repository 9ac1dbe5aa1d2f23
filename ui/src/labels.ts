// The words for the core's values (a report's or a measure's state, a problem's source, a
// role, a grade, a way of voting…), loaded from the core once when the window starts. The
// page holds no Chinese label of its own for these values: it looks each one up here, so
// one thing reads the same in the window, the command line and every file the core writes.
import { api } from "./api";
import type { Labels } from "./bindings";

let current: Labels | null = null;

/** Loads the words from the core; the window shows nothing that needs them before. */
export async function loadLabels(): Promise<Labels> {
  current = await api.labels();
  return current;
}

type Kind = keyof Labels;
type ValueOf<K extends Kind> = Labels[K][number]["value"];

function table(): Labels {
  if (!current) throw new Error("labels used before they were loaded");
  return current;
}

/** The same value: a name (`"done"`), or a tagged one (`{ kind: "grade", grade: "good" }`). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key])
  );
}

/** The words for `value`, e.g. `labelOf("rectification_status", "done")` → 已完成. */
export function labelOf<K extends Kind>(kind: K, value: ValueOf<K>): string {
  const entries: { value: unknown; label: string }[] = table()[kind];
  return entries.find((entry) => same(entry.value, value))?.label ?? String(value);
}

/** Every value of `kind` in the core's order with its words, for a choice or a heading row. */
export function choicesOf<K extends Kind>(kind: K): { value: ValueOf<K>; label: string }[] {
  return table()[kind] as { value: ValueOf<K>; label: string }[];
}
