// Who is using this window: the name recorded with submissions and review decisions.
// Each role of this computer keeps its own name in the core (an organizer's name must
// never sign a secretary's submission); the core records it in the audit log.
import { api } from "./api";
import { setWorkstation, workstationNow } from "./workstation";

let saveTimer: number | undefined;

export function operatorName(): string {
  return workstationNow()?.name ?? "";
}

/** Takes the name at once for what the window does next, and keeps it in the core a
 * moment after the person stops typing. */
export function setOperatorName(name: string): void {
  const trimmed = name.trim();
  const station = workstationNow();
  if (!station || !trimmed || trimmed === station.name) return;
  setWorkstation({ ...station, name: trimmed });
  window.clearTimeout(saveTimer);
  saveTimer = window.setTimeout(() => {
    api.setMyName(trimmed).then(setWorkstation, () => {
      // A refused name (too long) stays on screen; the action that uses it says why.
    });
  }, 500);
}
